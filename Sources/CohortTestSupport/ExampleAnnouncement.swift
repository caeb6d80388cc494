import Foundation

extension TemporaryFolder {
    /// Copies the example's committed templates (`templates/**.mustache`: English, Spanish and
    /// the partials) into this folder, at the same paths.
    public func copyExampleTemplates() throws {
        let templates = Repository.root.appendingPathComponent("templates")
        let files = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "mustache" else { continue }
            let relative = String(url.path.dropFirst(Repository.root.path.count + 1))
            try write(relative, try String(contentsOf: url, encoding: .utf8))
        }
    }

    /// A workspace with `configuration`, the example's templates, and the example's announcement
    /// `slug` as committed: its source, its record context and its renderings.
    public static func example(announcement slug: String, configuration: String) throws -> TemporaryFolder {
        let folder = try workspace(configuration: configuration)
        let root = Repository.root
        let files =
            try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("templates").path)
            .filter { $0.hasSuffix(".mustache") }.map { "templates/\($0)" }
            + ["announcements/\(slug).md"]
            + FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("announcements/\(slug)").path)
            .map { "announcements/\(slug)/\($0)" }
        for file in files {
            try folder.write(file, try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8))
        }
        return folder
    }

    /// The example program's `cohort.yaml` with a social channel on the Mastodon instance at `instance`.
    public static func socialConfiguration(instance: String, visibility: String? = nil) throws -> String {
        let social = "  social:\n    mastodon: \(instance)\n" + (visibility.map { "    visibility: \($0)\n" } ?? "")
        return try Repository.exampleConfiguration().replacingOccurrences(
            of: "\nchannels:\n", with: "\nchannels:\n" + social)
    }
}
