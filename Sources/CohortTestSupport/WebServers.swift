import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real MediaWiki or WordPress on 127.0.0.1 (`Tests/Support/servers/*.sh`), started once per test
/// run on first use, shared by every test (each uses its own page titles or post slugs), and
/// stopped by process id when the test process exits.
public final class WebServer: Sendable {
    /// What `start` printed: URLs, credentials, pids.
    public let info: [String: String]
    /// The server's folder.
    public let folder: String
    let script: String

    /// The wiki (`mediawiki.sh start`): `api`, `bot_user`, `bot_password`, `maxlag_file`, ….
    public static let mediaWiki: Result<WebServer, WebServerError> = start("mediawiki")
    /// A second wiki for the tests that make it lag (`maxlag_file`), so the others never see it.
    public static let laggingMediaWiki: Result<WebServer, WebServerError> = start("mediawiki", instance: "lag")
    /// The blog (`wordpress.sh start`): `site`, `user`, `app_password`, ….
    public static let wordPress: Result<WebServer, WebServerError> = start("wordpress")

    init(info: [String: String], folder: String, script: String) {
        self.info = info
        self.folder = folder
        self.script = script
    }

    public subscript(key: String) -> String { info[key] ?? "" }

    static func start(_ name: String, instance: String = "") -> Result<WebServer, WebServerError> {
        let script = Repository.root.appendingPathComponent("Tests/Support/servers/\(name).sh").path
        // Short: MariaDB's socket path must stay under 107 bytes.
        let folder = "/tmp/cohort-\(name)\(instance)-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        // The server outlives the script: it is run with its output in files and waited for with
        // waitpid, not through pipes (a pipe a detached child inherited would never close).
        let result = Spawn.run("/bin/bash", [script, "start", folder], outputIn: folder + ".out")
        guard result.status == 0, let line = result.stdoutLines.last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            return .failure(WebServerError(message: "\(name).sh start failed (\(result.status)): \(result.stderr)"))
        }
        var info: [String: String] = [:]
        for (key, value) in object {
            if let text = value as? String {
                info[key] = text
            } else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
                info[key] = String(decoding: data, as: UTF8.self)
            }
        }
        let server = WebServer(info: info, folder: folder, script: script)
        Stopper.register(script: script, folder: folder)
        return .success(server)
    }

    /// Runs the script's other verbs (`edit DIR TITLE …` with `input`, `eval DIR CODE`).
    public func run(_ verb: String, _ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try Processes.run(URL(fileURLWithPath: "/bin/bash"), [script, verb, folder] + arguments, input: input)
    }
}

/// Runs a program to its end with posix_spawn and waitpid, stdin from /dev/null and stdout and
/// stderr in files (`path.stdout`, `path.stderr`).
enum Spawn {
    static func run(_ executable: String, _ arguments: [String], outputIn path: String) -> ProcessResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path + ".stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, path + ".stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else the test process has open (another test's pipes) reaches the server: a
        // long-lived server holding a pipe's write end would keep that test waiting forever.
        let inherited = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in inherited.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            return ProcessResult(
                status: -1, stdout: "", stderr: "posix_spawn failed: \(String(cString: strerror(errno)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        defer {
            unlink(path + ".stdout")
            unlink(path + ".stderr")
        }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(
            status: exit, stdout: (try? String(contentsOfFile: path + ".stdout", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: path + ".stderr", encoding: .utf8)) ?? "")
    }
}

/// A server that could not start.
public struct WebServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Stops the servers this process started, by pid (the scripts' `stop`), when the process exits.
enum Stopper {
    // nonisolated(unsafe): written under `lock` only; read once at exit.
    nonisolated(unsafe) static var started: [(script: String, folder: String)] = []
    static let lock = NSLock()

    static func register(script: String, folder: String) {
        lock.lock()
        defer { lock.unlock() }
        if started.isEmpty { atexit { Stopper.stopAll() } }
        started.append((script, folder))
    }

    static func stopAll() {
        lock.lock()
        let servers = started
        started = []
        lock.unlock()
        for server in servers {
            _ = Spawn.run("/bin/bash", [server.script, "stop", server.folder], outputIn: server.folder + ".stop")
            try? FileManager.default.removeItem(atPath: server.folder)
        }
    }
}
