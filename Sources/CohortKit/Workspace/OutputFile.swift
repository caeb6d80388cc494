import CohortCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files the user names with `--out` (a chart, a report): written whole or not at all, never over
/// the records or `cohort.yaml`, and over an existing file only if Cohort wrote it (and it has not
/// changed since) or `--force` says so. What Cohort wrote is remembered in `.cohort/outputs.json`
/// (path → hash of the text), so an unrelated file of the same name is never taken for ours.
/// Every command that writes where the user says (`report`, `timeline --format svg`) goes through here.
extension ProgramSession {
    /// Writes `text` to `out` (relative to where the command runs); returns `out`.
    @discardableResult
    func writeUserFile(_ text: String, to out: String, force: Bool = false) throws(WorkspaceError) -> String {
        try writeUserFile(Data(text.utf8), to: out, force: force)
    }

    /// Writes `data` (a text's UTF-8, or an archive) to `out`; returns `out`.
    @discardableResult
    func writeUserFile(_ data: Data, to out: String, force: Bool = false) throws(WorkspaceError) -> String {
        let text = String(decoding: data, as: UTF8.self)
        let url = URL(fileURLWithPath: out, relativeTo: currentDirectory).standardizedFileURL
        // The file that would really be replaced: links followed, its folders' too, even when it
        // does not exist yet (a link to a folder, then a new name in it).
        let target = URL(fileURLWithPath: NoFollowPath.resolved(url.path))
        let manager = FileManager.default
        try refuseProtected(target, as: out)
        var manifest = OutputManifest.load(workspace)
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: target.path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw .protectedOutput(path: out, what: "a folder") }
            if !force {
                guard let recorded = manifest.hashes[target.path] else {
                    throw .foreignOutput(path: out, changed: false)
                }
                let current = (try? Data(contentsOf: target)).map {
                    StableHash.hex(String(decoding: $0, as: UTF8.self))
                }
                if current != recorded { throw .foreignOutput(path: out, changed: true) }
            }
        }
        try Self.replace(target, with: data, as: out)
        manifest.hashes[target.path] = StableHash.hex(text)
        try manifest.save(workspace)
        return out
    }

    /// The records folder and `cohort.yaml` are never an output, `--force` or not.
    private func refuseProtected(_ target: URL, as out: String) throws(WorkspaceError) {
        let path = target.path
        let state = NoFollowPath.resolved(workspace.stateFolderURL.path)
        if path == state || path.hasPrefix(state + "/") {
            throw .protectedOutput(
                path: out, what: "inside the records folder \(workspace.displayPath(workspace.stateFolderURL))/")
        }
        if path == NoFollowPath.resolved(workspace.configurationURL.path) {
            throw .protectedOutput(path: out, what: "the program itself")
        }
    }

    /// Writes `data` beside `target` and renames it into place: a reader sees the old file or the
    /// new one, never half of it; no folder on the way is followed if it became a link since.
    static func replace(_ target: URL, with data: Data, as name: String) throws(WorkspaceError) {
        // --out names a file in a folder that exists: none is made for it, as before.
        guard let failure = NoFollowPath.replace(target.path, with: Array(data), createFolders: false) else { return }
        throw .cannotWrite(path: name, reason: NoFollowPath.reason(failure, at: target.path))
    }
}

/// What Cohort wrote with `--out`: each file's real path and the hash of the text it wrote.
struct OutputManifest: Codable {
    var hashes: [String: String] = [:]

    static func url(_ workspace: Workspace) -> URL { workspace.stateFolderURL.appendingPathComponent("outputs.json") }

    static func load(_ workspace: Workspace) -> OutputManifest {
        guard let data = try? Data(contentsOf: url(workspace)),
            let manifest = try? JSONDecoder().decode(OutputManifest.self, from: data)
        else { return OutputManifest() }
        return manifest
    }

    func save(_ workspace: Workspace) throws(WorkspaceError) {
        let folder = workspace.stateFolderURL
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try ProgramSession.replace(
                Self.url(workspace), with: try encoder.encode(self), as: workspace.displayPath(Self.url(workspace)))
        } catch let error as WorkspaceError {
            throw error
        } catch {
            throw .cannotWrite(path: workspace.displayPath(folder), reason: FileProblem.writeReason(error, at: folder))
        }
    }
}
