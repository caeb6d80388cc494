import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real PostgreSQL 15 on this machine (Debian's server, `Tests/Support/servers/postgres.sh`):
/// started once per test run in a short folder under /tmp, reached through its unix socket, and
/// stopped by its process id when the test process exits. Each test takes a database of its own.
public final class PostgresServer: Sendable {
    /// What `postgres.sh start` printed.
    struct Started: Decodable {
        var socketDir: String
        var port: Int
        var pid: Int32
        var password: String
        var passfile: String
        var url: String
        var socketURL: String

        enum CodingKeys: String, CodingKey {
            case port, pid, password, passfile, url
            case socketDir = "socket_dir"
            case socketURL = "socket_url"
        }
    }

    /// The folder holding the cluster and its socket.
    public let folder: String
    /// The server's process id.
    public let pid: Int32
    public let port: Int
    /// The `cohort` role's password (for TCP logins; the socket needs none).
    public let password: String
    /// A passfile (mode 0600) holding that password.
    public let passfile: String
    private let socketURL: String
    private let tcpURL: String

    /// The server for this test run, started on first use.
    public static var shared: PostgresServer {
        get throws {
            switch sharedResult {
            case .success(let server): return server
            case .failure(let error): throw error
            }
        }
    }

    private static let sharedResult: Result<PostgresServer, PostgresServerError> = {
        do {
            let server = try PostgresServer()
            atexit { PostgresServer.stopShared() }
            return .success(server)
        } catch let error as PostgresServerError {
            return .failure(error)
        } catch {
            return .failure(.didNotStart("\(error)"))
        }
    }()

    private static func stopShared() {
        if case .success(let server) = sharedResult { server.stop() }
    }

    private init() throws {
        Self.stopAbandoned()
        // A unix socket path holds at most 107 bytes: a short folder, never the test's temporary one.
        let folder = "/tmp/cpg-\(UUID().uuidString.prefix(8).lowercased())"
        let result = try Self.script(["start", folder])
        try? String(getpid()).write(toFile: folder + "/owner", atomically: true, encoding: .utf8)
        guard result.status == 0, let line = result.stdoutLines.last,
            let started = try? JSONDecoder().decode(Started.self, from: Data(line.utf8))
        else {
            throw PostgresServerError.didNotStart(
                "postgres.sh start exited \(result.status): \(result.stderr.suffix(2_000)); run Scripts/setup --test to install PostgreSQL 15"
            )
        }
        self.folder = started.socketDir
        pid = started.pid
        port = started.port
        password = started.password
        passfile = started.passfile
        socketURL = started.socketURL
        tcpURL = started.url
    }

    /// Servers left by test runs that died before they could stop theirs (their `owner` is gone):
    /// stopped by their pid and removed.
    static func stopAbandoned() {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for name in folders where name.hasPrefix("cpg-") {
            let folder = "/tmp/\(name)"
            guard let owner = (try? String(contentsOfFile: folder + "/owner", encoding: .utf8)).flatMap({ Int32($0) }),
                kill(owner, 0) != 0, errno == ESRCH,
                let data = FileManager.default.contents(atPath: folder + "/server.json"),
                let started = try? JSONDecoder().decode(Started.self, from: data)
            else { continue }
            // Only a postgres process: the pid may have been reused since.
            let command = (try? String(contentsOfFile: "/proc/\(started.pid)/comm", encoding: .utf8)) ?? ""
            if command.hasPrefix("postgres") { kill(started.pid, SIGINT) }
            for _ in 0..<50 where kill(started.pid, 0) == 0 { usleep(100_000) }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Stops the server by its process id (a fast shutdown, then SIGKILL after 10 s) and removes its folder.
    func stop() {
        kill(pid, SIGINT)
        for _ in 0..<100 where kill(pid, 0) == 0 { usleep(100_000) }
        if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Creates an empty database owned by the `cohort` role and returns its name.
    public func newDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        let result = try psql("CREATE DATABASE \(name) OWNER cohort TEMPLATE template0", database: "postgres")
        guard result.status == 0 else { throw PostgresServerError.command("newdb \(name): \(result.stderr)") }
        return name
    }

    /// The unix-socket URL of `database` (no password needed).
    public func socketURL(database: String) -> String {
        socketURL.replacingOccurrences(of: "postgres:///cohort?", with: "postgres:///\(database)?")
    }

    /// The TCP URL of `database` on 127.0.0.1 (scram-sha-256: give the password beside it).
    public func tcpURL(database: String) -> String {
        tcpURL.replacingOccurrences(of: ":\(port)/cohort", with: ":\(port)/\(database)")
    }

    /// Runs SQL as the superuser in `database` and returns psql's unaligned output.
    public func psql(_ sql: String, database: String) throws -> ProcessResult {
        try Self.spawn(
            "/usr/lib/postgresql/15/bin/psql",
            [
                "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", folder, "-p", String(port), "-U", "postgres",
                "-d", database, "-c", sql,
            ])
    }

    static func script(_ arguments: [String]) throws -> ProcessResult {
        let script = Repository.root.appendingPathComponent("Tests/Support/servers/postgres.sh")
        return try spawn("/bin/bash", [script.path] + arguments)
    }

    static func spawn(_ path: String, _ arguments: [String]) throws -> ProcessResult {
        try Spawned(path, arguments).wait()
    }
}

/// Why the test PostgreSQL server could not be used.
public enum PostgresServerError: Error, CustomStringConvertible {
    case didNotStart(String)
    case command(String)

    public var description: String {
        switch self {
        case .didNotStart(let reason): "the test PostgreSQL server did not start: \(reason)"
        case .command(let reason): "postgres.sh \(reason)"
        }
    }
}
