import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program started with posix_spawn, its output going to files, waited for with waitpid. Many
/// can run at once from one test thread (the concurrency tests start several `cohort` processes
/// together); unlike Foundation's Process it needs no other thread to notice an exit.
public final class Spawned: @unchecked Sendable {
    // @unchecked: `pid` and the paths are immutable after init; `wait()` is called once, by the owner.
    public let pid: pid_t
    private let out: String
    private let err: String

    /// Starts `path` with `arguments` in `folder` (through bash, which changes into it), with the
    /// test's environment plus `environment`, the zone fixed to Pacific/Chatham and colour off.
    public init(_ path: String, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:])
        throws
    {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-spawn-\(UUID().uuidString)")
        out = scratch.path + ".out"
        err = scratch.path + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of this process goes with it: another test's pipes, inherited by a long-lived
        // child (the PostgreSQL server), would never reach end of file, and that test would wait
        // forever. The shell closes every descriptor above 2 before it runs the program.
        let script =
            #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done; "#
            + #"cd "$0" && exec "$@""#
        let command = ["/bin/bash", "-c", script, folder?.path ?? ".", path] + arguments
        var merged = ProcessInfo.processInfo.environment
        merged["TZ"] = "Pacific/Chatham"
        merged["NO_COLOR"] = "1"
        merged.merge(environment) { $1 }
        let argv = command.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/bash", &actions, nil, argv, envp)
        guard status == 0 else { throw SpawnError(reason: String(cString: strerror(status))) }
        self.pid = pid
    }

    /// Waits for the program to end and returns what it printed and its exit status (128 + N when
    /// killed by signal N).
    public func wait() -> ProcessResult {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        defer {
            unlink(out)
            unlink(err)
        }
        let read = { (file: String) in (try? String(contentsOfFile: file, encoding: .utf8)) ?? "" }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: code, stdout: read(out), stderr: read(err))
    }

    struct SpawnError: Error { var reason: String }
}
