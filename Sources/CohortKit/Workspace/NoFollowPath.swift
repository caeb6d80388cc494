import CohortCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing without following links: a folder is opened one component at a time with
/// `openat(…, O_NOFOLLOW)`, and files are made and renamed relative to that descriptor, so a link
/// planted after Cohort judged a path (into `.cohort/`, out of the workspace) makes the write fail
/// instead of going through it. Paths given here are already resolved (they hold no link).
enum NoFollowPath {
    /// The folder at absolute `path`, opened component by component from `/` without following a
    /// link; missing folders are made (mode `mode`) and added to `created`, outermost first, unless
    /// `create` is false. -1 with `errno` set (`ELOOP` or `ENOTDIR` where a link is met) on failure.
    static func openFolder(_ path: String, mode: mode_t = 0o755, create: Bool = true, created: inout [String]) -> Int32
    {
        var descriptor = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        var walked = ""
        for component in path.split(separator: "/") where component != "." {
            guard descriptor >= 0 else { return -1 }
            walked += "/" + component
            let name = String(component)
            var next = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT, create {
                if mkdirat(descriptor, name, mode) == 0 {
                    created.append(walked)
                } else if errno != EEXIST {
                    return fail(descriptor)
                }
                next = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if next < 0 { return fail(descriptor) }
            close(descriptor)
            descriptor = next
        }
        return descriptor
    }

    /// The bytes of the file at absolute `path`, every component opened without following a link;
    /// nil with `errno` set when it cannot be (`ELOOP` or `ENOTDIR` where a link is met).
    static func contents(_ path: String) -> Data? {
        var none: [String] = []
        let folder = openFolder((path as NSString).deletingLastPathComponent, create: false, created: &none)
        guard folder >= 0 else { return nil }
        defer { close(folder) }
        let descriptor = openat(folder, (path as NSString).lastPathComponent, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
        }
    }

    /// Writes `bytes` to a new file `name` in the folder `folder` (never through a link; whatever
    /// was left at that name is removed first); false with `errno` set.
    static func writeNew(_ bytes: [UInt8], named name: String, in folder: Int32, mode: mode_t = 0o644) -> Bool {
        unlinkat(folder, name, 0)
        let descriptor = openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return false }
        var offset = 0
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }  // nothing to write
            while offset < buffer.count {
                let count = write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        let saved = errno
        close(descriptor)
        if !written {
            unlinkat(folder, name, 0)
            errno = saved
        }
        return written
    }

    /// Writes `bytes` at absolute `path` whole or not at all: a new file beside it, renamed over it
    /// in the same opened folder (rename replaces a link at `path` itself, never its target).
    /// Missing folders are made unless `createFolders` is false. Nil on success, else errno.
    static func replace(
        _ path: String, with bytes: [UInt8], mode: mode_t = 0o644, folderMode: mode_t = 0o755,
        createFolders: Bool = true
    ) -> Int32? {
        let folderPath = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var created: [String] = []
        let folder = openFolder(folderPath, mode: folderMode, create: createFolders, created: &created)
        guard folder >= 0 else { return errno }
        defer { close(folder) }
        let temporary = ".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard writeNew(bytes, named: temporary, in: folder, mode: mode) else { return errno }
        guard renameat(folder, temporary, folder, name) == 0 else {
            let saved = errno
            unlinkat(folder, temporary, 0)
            return saved
        }
        return nil
    }

    /// `path` with every symbolic link in it followed, the last component too, even when the file
    /// (or the link's target) does not exist yet: what a write to `path` would really replace.
    static func resolved(_ path: String, depth: Int = 0) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let parent = (path as NSString).deletingLastPathComponent
        guard parent != path, !parent.isEmpty, depth < 40 else { return path }
        let base = resolved(parent, depth: depth + 1)
        let joined = (base == "/" ? "" : base) + "/" + (path as NSString).lastPathComponent
        if let destination = Workspace.linkDestination(joined) {
            let next = destination.hasPrefix("/") ? destination : base + "/" + destination
            return resolved((next as NSString).standardizingPath, depth: depth + 1)
        }
        return joined
    }

    /// Why a write to `path` failed with `error`, in words: a folder on the way that became a link
    /// (named by `shown`), a file in the way, or the system's reason.
    static func reason(_ error: Int32, at path: String, shown: (String) -> String = { $0 }) -> String {
        if error == ELOOP || error == ENOTDIR {
            if let link = linkOnTheWay(path) {
                return
                    "\(shown(link)) is a symbolic link, which cohort does not write through; nothing was written; run cohort check"
            }
            return FileProblem.writeReason(CocoaError(.fileWriteUnknown), at: URL(fileURLWithPath: path))
        }
        return String(cString: strerror(error)).lowercased()
    }

    /// The first component of `path` that is a symbolic link, if any: what made a write refuse.
    static func linkOnTheWay(_ path: String) -> String? {
        var walked = ""
        for component in path.split(separator: "/") {
            walked += "/" + component
            var info = stat()
            guard lstat(walked, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT == S_IFLNK { return walked }
        }
        return nil
    }

    private static func fail(_ descriptor: Int32) -> Int32 {
        let saved = errno
        close(descriptor)
        errno = saved
        return -1
    }
}
