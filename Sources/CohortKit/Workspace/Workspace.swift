import CohortCore
internal import CohortStore
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
    /// The folder with its own symbolic links resolved (`/tmp/x` may really be `/private/tmp/x`):
    /// what paths inside it are held to.
    let resolvedRoot: String

    /// A workspace at `root` (not checked).
    public init(root: URL) {
        self.root = root.standardizedFileURL
        resolvedRoot = self.root.resolvingSymlinksInPath().path
    }

    public static func == (lhs: Workspace, rhs: Workspace) -> Bool { lhs.root == rhs.root }

    public var configurationURL: URL { root.appendingPathComponent(Self.configurationName) }
    /// The private folder for records: mode 0700, never committed.
    public var stateFolderURL: URL { root.appendingPathComponent(".cohort", isDirectory: true) }
    public var databaseURL: URL { stateFolderURL.appendingPathComponent("state.sqlite") }
    /// Where the records live: the SQLite file in `.cohort/`.
    var records: RecordStoreLocation { .sqlite(databaseURL) }

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
    /// `channels`: the registry whose channels' sections `cohort.yaml` may hold; each section's
    /// problems are the configuration's problems too.
    public func loadProgram(channels: ChannelRegistry = .standard) throws(WorkspaceError) -> Program {
        let text = try TextFile.read(configurationURL, as: displayPath(configurationURL))
        let file = displayPath(configurationURL)
        switch ProgramDecoder.decode(text, file: file, channels: channels.sectionNames) {
        case .success(let program):
            let problems = channels.settingsProblems(program)
            guard problems.isEmpty else { throw .invalidConfiguration(ConfigurationProblems(problems)) }
            return program
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
        try Self.readContained(try containedPath(relative), as: relative)
    }

    /// The text at `path` (judged already, so it holds no link), opened without following one: a
    /// link planted since the judging (into `.cohort/`, out of the workspace) is refused, not read.
    static func readContained(_ path: String, as relative: String) throws(WorkspaceError) -> String {
        if let data = NoFollowPath.contents(path) { return try TextFile.text(data, as: relative) }
        if let link = NoFollowPath.linkOnTheWay(path) {
            throw .leavesWorkspace(path: relative, target: linkDestination(link) ?? link)
        }
        // Missing, a folder, no permission: said as every other unreadable file is.
        return try TextFile.read(URL(fileURLWithPath: path), as: relative)
    }

    /// The paths of `files` whose contents on disk differ from the given text (or that are
    /// missing or unreadable), sorted; read on every core.
    public func differing(_ files: [String: String]) -> [String] {
        let relatives = files.keys.sorted()
        guard let paths = try? containedPaths(relatives) else {
            return relatives.filter { (try? readText($0)) != files[$0] }
        }
        let same = Concurrently.map(Array(zip(relatives, paths))) { relative, path in
            (try? Self.readContained(path, as: relative)) == files[relative]
        }
        return zip(relatives, same).filter { !$0.1 }.map(\.0)
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
    /// beside it first, and only when all are written are they moved into place; on a failure the
    /// temporary files and the folders made for them are removed again.
    /// Plain system calls, a folder's files on one core and the folders spread over the cores:
    /// rendering a thousand announcements writes thousands of files in a thousand folders, and
    /// Foundation's URL and file calls cost more than the writing.
    public func writeAll(_ files: [String: String]) throws(WorkspaceError) {
        let suffix = ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        typealias Step = (temporary: String, final: String, contents: String)
        var groups: [(folder: String, steps: [Step])] = []
        var groupOf: [String: Int] = [:]
        let sorted = files.sorted(by: { $0.key < $1.key })
        for ((_, contents), final) in zip(sorted, try containedPaths(sorted.map(\.key))) {
            let slash = final.lastIndex(of: "/") ?? final.startIndex
            let folder = String(final[..<slash])
            let step = (folder + "/." + final[final.index(after: slash)...] + suffix, final, contents)
            if let index = groupOf[folder] {
                groups[index].steps.append(step)
            } else {
                groupOf[folder] = groups.count
                groups.append((folder, [step]))
            }
        }
        // What went wrong in a folder: the path, and errno. Each folder is opened component by
        // component without following a link (NoFollowPath), and its files are made and renamed
        // relative to it: a link planted after the paths were judged makes the write fail.
        typealias Failure = (path: String, error: Int32)
        let made = Concurrently.map(groups) { group -> (created: [String], failure: Failure?) in
            var created: [String] = []
            let folder = NoFollowPath.openFolder(group.folder, created: &created)
            guard folder >= 0 else { return (created, (group.steps.first?.final ?? group.folder, errno)) }
            defer { close(folder) }
            for step in group.steps
            where !NoFollowPath.writeNew(Array(step.contents.utf8), named: Self.name(step.temporary), in: folder) {
                return (created, (step.final, errno))
            }
            return (created, nil)
        }
        func failed(_ failure: Failure) -> WorkspaceError {
            for group in groups { for step in group.steps { unlink(step.temporary) } }
            for folder in made.flatMap(\.created).reversed() { rmdir(folder) }
            let url = URL(fileURLWithPath: failure.path)
            let reason = NoFollowPath.reason(failure.error, at: failure.path) { displayPath(URL(fileURLWithPath: $0)) }
            return .cannotWrite(path: displayPath(url), reason: reason)
        }
        if let failure = made.lazy.compactMap(\.failure).first { throw failed(failure) }
        // Only now that every file is written is each renamed into place: rename(2) replaces the
        // old file atomically, so a reader sees the old or the new text.
        let renamed = Concurrently.map(groups) { group -> Failure? in
            var none: [String] = []
            let folder = NoFollowPath.openFolder(group.folder, created: &none)
            guard folder >= 0 else { return (group.folder, errno) }
            defer { close(folder) }
            for step in group.steps
            where renameat(folder, Self.name(step.temporary), folder, Self.name(step.final)) != 0 {
                return (step.final, errno)
            }
            return nil
        }
        if let failure = renamed.lazy.compactMap({ $0 }).first { throw failed(failure) }
    }

    /// The last component of a path.
    static func name(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}
