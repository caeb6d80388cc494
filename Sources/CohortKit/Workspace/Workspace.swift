import CohortCore
import CohortStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder holding `cohort.yaml`, `templates/`, `announcements/`, `calendar/` and the records
/// database in `.cohort/`. Found like git finds a repository.
public struct Workspace: Sendable, Equatable {
    /// The configuration file's name.
    public static let configurationName = "cohort.yaml"
    /// The folders every workspace has.
    public static let folders = ["templates", "announcements", "calendar"]

    /// The workspace folder.
    public let root: URL

    /// A workspace at `root` (not checked).
    public init(root: URL) { self.root = root.standardizedFileURL }

    public var configurationURL: URL { root.appendingPathComponent(Self.configurationName) }
    /// The private folder for records: mode 0700, never committed.
    public var stateFolderURL: URL { root.appendingPathComponent(".cohort", isDirectory: true) }
    public var databaseURL: URL { stateFolderURL.appendingPathComponent("state.sqlite") }
    /// Where the records live: the SQLite file in `.cohort/`.
    public var records: RecordStoreLocation { .sqlite(databaseURL) }

    /// The workspace named by `--workspace`, or else the nearest folder from `start` upwards that
    /// holds `cohort.yaml`.
    public static func locate(explicit: String?, from start: URL) throws(WorkspaceError) -> Workspace {
        let files = FileManager.default
        if let explicit {
            let url = URL(fileURLWithPath: explicit, relativeTo: start).standardizedFileURL
            guard files.fileExists(atPath: url.appendingPathComponent(configurationName).path) else {
                throw .notAWorkspace(explicit)
            }
            return Workspace(root: url)
        }
        var folder = start.standardizedFileURL
        while true {
            if files.fileExists(atPath: folder.appendingPathComponent(configurationName).path) {
                return Workspace(root: folder)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { throw .workspaceNotFound(searchedFrom: start.path) }
            folder = parent
        }
    }

    /// Reads and validates `cohort.yaml`. Invalid files throw every problem at once.
    public func loadProgram() throws(WorkspaceError) -> Program {
        let text = try TextFile.read(configurationURL, as: displayPath(configurationURL))
        switch ProgramDecoder.decode(text, file: displayPath(configurationURL)) {
        case .success(let program): return program
        case .failure(let problems): throw .invalidConfiguration(problems)
        }
    }

    /// A path as the user should see it: relative to the current folder when inside it.
    public func displayPath(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }

    /// Creates a new workspace at `root` from `files` (paths relative to `root`). Refuses, changing
    /// nothing, if any of them exists already.
    public static func create(at root: URL, files: [String: String]) throws(WorkspaceError) -> Workspace {
        let workspace = Workspace(root: root)
        let manager = FileManager.default
        let existing = files.keys.sorted().filter {
            manager.fileExists(atPath: workspace.root.appendingPathComponent($0).path)
        }
        guard existing.isEmpty else { throw .wouldOverwrite(existing) }
        for (relative, contents) in files.sorted(by: { $0.key < $1.key }) {
            let url = workspace.root.appendingPathComponent(relative)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                throw .cannotWrite(path: url.path, reason: FileProblem.writeReason(error, at: url))
            }
        }
        return workspace
    }
}

extension Workspace {
    /// The text of a file in the workspace, by path relative to its root.
    /// Symbolic links are followed only within the workspace; text that is not UTF-8 is bad input
    /// located at its first bad byte.
    public func readText(_ relative: String) throws(WorkspaceError) -> String {
        let url = try contained(relative)
        return try TextFile.read(url, as: relative)
    }

    /// True when a file exists at `relative`.
    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    /// The names of the files in a workspace folder ending in `suffix`, sorted; none if it is missing.
    public func files(in folder: String, endingWith suffix: String) -> [String] {
        guard let url = try? contained(folder) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted()
    }

    /// Writes every file (relative path → contents) or none: each is written to a temporary file
    /// beside it first, and only when all are written are they moved into place.
    public func writeAll(_ files: [String: String]) throws(WorkspaceError) {
        let manager = FileManager.default
        var staged: [(temporary: URL, final: URL)] = []
        var current = root
        do {
            for (relative, contents) in files.sorted(by: { $0.key < $1.key }) {
                let final = try contained(relative)
                current = final
                try manager.createDirectory(at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
                let temporary = final.deletingLastPathComponent()
                    .appendingPathComponent(
                        ".\(final.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
                try Data(contents.utf8).write(to: temporary)
                staged.append((temporary, final))
            }
            for (temporary, final) in staged {
                // rename(2) replaces the old file atomically: a reader sees the old or the new text.
                guard rename(temporary.path, final.path) == 0 else {
                    throw WorkspaceError.cannotWrite(
                        path: displayPath(final), reason: String(cString: strerror(errno)).lowercased())
                }
            }
        } catch let error as WorkspaceError {
            for (temporary, _) in staged { try? manager.removeItem(at: temporary) }
            throw error
        } catch {
            for (temporary, _) in staged { try? manager.removeItem(at: temporary) }
            throw .cannotWrite(path: displayPath(current), reason: FileProblem.writeReason(error, at: current))
        }
    }
}
