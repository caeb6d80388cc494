import Foundation

/// A fresh folder for one test, removed when the value is released. Tests never touch the
/// repository's example workspace except through `Repository.root` read-only.
public final class TemporaryFolder: @unchecked Sendable {
    // @unchecked: `url` is immutable after init; the class exists only so deinit can clean up.
    /// The folder.
    public let url: URL

    /// Creates an empty folder under the system's temporary directory.
    public init(prefix: String = "cohort-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `relative` inside the folder.
    public func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// Writes text to `relative`, creating folders as needed.
    public func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Reads text from `relative`.
    public func read(_ relative: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }

    /// True when `relative` exists.
    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    /// A workspace: `cohort.yaml` with `configuration` (the example program's by default) and the folders.
    public static func workspace(configuration: String? = nil) throws -> TemporaryFolder {
        let folder = try TemporaryFolder(prefix: "cohort-workspace")
        try folder.write("cohort.yaml", configuration ?? Repository.exampleConfiguration())
        for name in ["templates", "announcements", "calendar"] {
            try folder.write("\(name)/README.md", "\(name)\n")
        }
        return folder
    }
}

/// The repository the tests run from.
public enum Repository {
    /// The repository root (this file is `Sources/CohortTestSupport/TemporaryWorkspace.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The example program's `cohort.yaml` at the repository root.
    public static func exampleConfiguration() throws -> String {
        try String(contentsOf: root.appendingPathComponent("cohort.yaml"), encoding: .utf8)
    }
}
