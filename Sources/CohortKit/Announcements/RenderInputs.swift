import CohortCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What each announcement was last rendered from, so `announce render` and `build` render only
/// where something changed. An announcement is skipped when the hash of its inputs (the Cohort
/// binary, `cohort.yaml`, every template and partial, the recorded timeline shifts, its source and
/// its committed record context) is the one recorded at its last render, and every output it wrote
/// is still the file written then (size and modification time). Kept in `.cohort/render-inputs`,
/// per working copy: a fresh clone renders everything once. An announcement whose channels went
/// out, or whose context is missing or asked to be refreshed, is always rendered.
struct RenderInputs: Sendable, Equatable {
    /// One announcement's last render.
    struct Entry: Sendable, Equatable {
        var inputs: String
        /// Path → "size:seconds.nanoseconds" of each output as written.
        var outputs: [String: String]
    }

    var announcements: [String: Entry] = [:]

    static let name = "render-inputs"
    /// The first line of the file; another means another format, read as nothing known.
    static let header = "cohort render-inputs 1"

    /// A line per announcement, tab-separated: slug, inputs hash, then `path=stamp` per output.
    /// Read and written on every render of a thousand announcements, so plain lines, not JSON.
    var text: String {
        var lines = [Self.header]
        for slug in announcements.keys.sorted() {
            guard let entry = announcements[slug] else { continue }
            let outputs = entry.outputs.keys.sorted().map { "\($0)=\(entry.outputs[$0] ?? "")" }
            lines.append(([slug, entry.inputs] + outputs).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    init() {}

    /// What `text` holds; nothing at all when it is not this format, and a line that does not
    /// read is left out (its announcement is rendered again).
    init(text: String) {
        var lines = text.split(separator: "\n")
        guard lines.first == Substring(Self.header) else { return }
        lines.removeFirst()
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, fields[1].count == 64 else { continue }
            var outputs: [String: String] = [:]
            for field in fields.dropFirst(2) {
                guard let equals = field.firstIndex(of: "=") else { continue }
                outputs[String(field[..<equals])] = String(field[field.index(after: equals)...])
            }
            announcements[String(fields[0])] = Entry(inputs: String(fields[1]), outputs: outputs)
        }
    }

    static func load(_ workspace: Workspace) -> RenderInputs {
        let url = workspace.stateFolderURL.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else { return RenderInputs() }
        return RenderInputs(text: String(decoding: data, as: UTF8.self))
    }

    /// Saved where the records live; a failure to save costs only a full render next time.
    func save(_ workspace: Workspace) {
        let folder = workspace.stateFolderURL
        guard
            (try? FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
        else { return }
        let url = folder.appendingPathComponent(Self.name)
        try? ProgramSession.replace(url, with: Data(text.utf8), as: workspace.displayPath(url))
        // It names the workspace's files only, but lives beside the records: private like them.
        chmod(url.path, 0o600)
    }

    /// The size and modification time of `path`, or nil when it is not a regular file.
    static func stamp(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}

extension AnnouncementBuild {
    /// What every announcement of this run shares: the binary, `cohort.yaml`, the templates and
    /// partials, the recorded shifts. Nil when one of them cannot be read (then nothing is skipped).
    func sharedInputs() -> String? {
        var parts: [String] = []
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard let identity = RenderInputs.stamp(binary) else { return nil }
        parts.append("binary \(binary) \(identity)")
        guard let configuration = try? workspace.readText(Workspace.configurationName) else { return nil }
        parts.append(configuration)
        let root = workspace.root.appendingPathComponent("templates")
        guard let found = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return nil }
        var templates: [String] = []
        for case let url as URL in found where url.pathExtension == "mustache" {
            templates.append(String(url.path.dropFirst(workspace.root.path.count + 1)))
        }
        for relative in templates.sorted() {
            guard let text = try? workspace.readText(relative) else { return nil }
            parts.append("\(relative)\n\(text)")
        }
        parts.append(shifts.map { "\($0)" }.joined(separator: "\n"))
        parts.append(blogLinks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "\n"))
        return ContentDigest.sha256(parts.joined(separator: "\u{1F}"))
    }

    /// The hash of one announcement's inputs given the shared ones: nil when it must be rendered
    /// anyway (its channels went out, it has no committed context, or contexts are refreshed).
    func inputs(of slug: String, shared: String, context: String? = nil) -> String? {
        guard !refresh, wentOut[slug] == nil,
            let source = try? workspace.readText("announcements/\(slug).md"),
            let context = context ?? (try? workspace.readText(RecordContextFile.path(slug)))
        else { return nil }
        return ContentDigest.sha256([shared, slug, source, context].joined(separator: "\u{1F}"))
    }

    /// The announcements of `chosen` whose inputs and outputs are as their last render left them.
    func unchanged(_ chosen: [String], shared: String, recorded: RenderInputs) -> Set<String> {
        let root = workspace.root.path
        let same = Concurrently.map(chosen) { slug -> Bool in
            guard let entry = recorded.announcements[slug], !entry.outputs.isEmpty,
                entry.inputs == inputs(of: slug, shared: shared)
            else { return false }
            return entry.outputs.allSatisfy { RenderInputs.stamp(root + "/" + $0.key) == $0.value }
        }
        return Set(zip(chosen, same).filter(\.1).map(\.0))
    }

    /// Records what `prepared` was rendered from and the outputs as they now are.
    func remember(_ prepared: [Prepared], shared: String, in recorded: inout RenderInputs) {
        let root = workspace.root.path
        let files = outputFiles(prepared)
        for announcement in prepared {
            let slug = announcement.source.slug
            guard let key = inputs(of: slug, shared: shared, context: announcement.contextText) else {
                recorded.announcements[slug] = nil
                continue
            }
            var outputs: [String: String] = [:]
            for path in files.keys where path.hasPrefix("announcements/\(slug)/") {
                outputs[path] = RenderInputs.stamp(root + "/" + path)
            }
            recorded.announcements[slug] = RenderInputs.Entry(inputs: key, outputs: outputs)
        }
    }
}
