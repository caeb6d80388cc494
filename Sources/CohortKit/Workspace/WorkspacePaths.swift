import CohortCore
import Foundation

/// Paths inside a workspace, with every symbolic link along them followed: a link under
/// `announcements/`, `templates/` or `calendar/` may point elsewhere in the workspace, but never
/// out of it, so no template reads a system file into a public page and no rendering writes
/// outside the folder. `.cohort/` (the records, the credentials) counts as outside: no template
/// reads a password from it and no rendering writes over the records.
extension Workspace {
    /// The folders read and written by path, where links are followed and held to the workspace.
    public static let linkedFolders = ["announcements", "templates", "calendar"]

    /// `relative` as it really is on disk: each component that is a symbolic link is followed
    /// (links to links too). Refuses, naming the link, a path that leaves the workspace.
    public func contained(_ relative: String) throws(WorkspaceError) -> URL {
        URL(fileURLWithPath: try containedPath(relative))
    }

    /// `contained` as a path: one `readlink` per component, no URL arithmetic.
    func containedPath(_ relative: String) throws(WorkspaceError) -> String {
        let top = resolvedRoot
        let records = top + "/.cohort"
        var current = top
        var walked: [Substring] = []
        for component in relative.split(separator: "/") where component != "." {
            walked.append(component)
            let next = current + "/" + component
            guard let destination = Self.linkDestination(next) else {
                current = component == ".." ? (current as NSString).deletingLastPathComponent : next
                guard Self.isInside(current, top), !Self.isInside(current, records) else {
                    throw .leavesWorkspace(path: walked.joined(separator: "/"), target: current)
                }
                continue
            }
            let resolved = URL(fileURLWithPath: destination, relativeTo: URL(fileURLWithPath: current + "/"))
                .standardizedFileURL.resolvingSymlinksInPath().path
            guard Self.isInside(resolved, top), !Self.isInside(resolved, records) else {
                throw .leavesWorkspace(path: walked.joined(separator: "/"), target: destination)
            }
            current = resolved
        }
        return current
    }

    /// `containedPath` of each of `relatives`, in order, each folder resolved once: a thousand
    /// announcements' outputs share a few folders, and only their last component is looked at
    /// again (followed in full when it is a link).
    func containedPaths(_ relatives: [String]) throws(WorkspaceError) -> [String] {
        var folders: [Substring: String] = [:]
        var paths: [String] = []
        paths.reserveCapacity(relatives.count)
        for relative in relatives {
            guard let slash = relative.lastIndex(of: "/") else {
                paths.append(try containedPath(relative))
                continue
            }
            let folder = relative[..<slash]
            let name = relative[relative.index(after: slash)...]
            guard !name.isEmpty, name != ".", name != ".." else {
                paths.append(try containedPath(relative))
                continue
            }
            let base: String
            if let known = folders[folder] {
                base = known
            } else {
                base = try containedPath(String(folder))
                folders[folder] = base
            }
            let path = base + "/" + name
            paths.append(Self.linkDestination(path) == nil ? path : try containedPath(relative))
        }
        return paths
    }

    /// Where the symbolic link at `path` points, or nil when `path` is no link (or does not exist).
    static func linkDestination(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isInside(_ path: String, _ top: String) -> Bool { path == top || path.hasPrefix(top + "/") }

    /// Every symbolic link under the linked folders that leads out of the workspace, into `.cohort/`
    /// (or nowhere),
    /// by path relative to the workspace, with where it points: what `cohort check` reports.
    public func escapingLinks() -> [(link: String, target: String)] {
        var found: [(String, String)] = []
        let manager = FileManager.default
        for folder in Self.linkedFolders {
            var pending = [folder]
            while let relative = pending.popLast() {
                let path = root.appendingPathComponent(relative).path
                if let destination = try? manager.destinationOfSymbolicLink(atPath: path) {
                    if (try? contained(relative)) == nil || !manager.fileExists(atPath: path) {
                        found.append((relative, destination))
                    }
                    continue
                }
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                    let names = try? manager.contentsOfDirectory(atPath: path)
                else { continue }
                pending += names.sorted().reversed().map { "\(relative)/\($0)" }
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }
}
