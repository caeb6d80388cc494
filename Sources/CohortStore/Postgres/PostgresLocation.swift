import Foundation

/// A PostgreSQL database named by a URL (`postgres://user@host/db?sslmode=require`), checked before
/// anything connects: no password inside it (it would end up in shell history, `ps` and error
/// messages), TLS (`sslmode=require` at least) for any host that is not this machine.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// The URL as given; it holds no password.
    public let url: String
    /// Where the URL came from, for messages: `--database-url`, `COHORT_DATABASE_URL`, `cohort.yaml:12:8`.
    public let source: String
    /// The password when Cohort read it itself (`COHORT_DATABASE_PASSWORD`, a password file); nil
    /// lets libpq find one (`PGPASSWORD`, `PGPASSFILE`, `~/.pgpass`). Never printed.
    let password: String?
    /// `require` when the URL named a remote host without saying; nil otherwise.
    let sslmode: String?
    /// How long a statement waits for rows another command holds before giving up (exit 75).
    public var lockTimeout: TimeInterval = 10
    /// `user@host:port/database`, as messages name the store.
    public let summary: String

    /// TLS modes that refuse a connection without TLS.
    static let secureModes: Set<String> = ["require", "verify-ca", "verify-full"]

    /// Checks `url`; `environment` supplies `COHORT_DATABASE_PASSWORD` and libpq's `PGHOST`/`PGSSLMODE`;
    /// `passwordFile` (from `cohort.yaml`) must be readable by its owner alone.
    public init(
        url: String, source: String, environment: [String: String], passwordFile: URL? = nil
    ) throws(StoreError) {
        // The URL itself is never echoed: a malformed one may hold a password anywhere.
        let place = source
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw .refused(
                store: place,
                reason: "not a PostgreSQL URL; write it like postgres://user@host/database?sslmode=require")
        }
        guard let options = PostgresConnection.parse(url) else {
            throw .refused(
                store: place,
                reason:
                    "libpq cannot read this URL (check the %-escapes, the port and the ?key=value options); write it like postgres://user@host/database?sslmode=require"
            )
        }
        if let password = options["password"], !password.isEmpty {
            throw .refused(
                store: place,
                reason:
                    "the URL carries a password; take it out and set PGPASSWORD or COHORT_DATABASE_PASSWORD, or put it in ~/.pgpass"
            )
        }
        let hosts = Self.hosts(options, environment: environment)
        let remote = hosts.filter { !Self.isLocal($0) }
        let mode = options["sslmode"] ?? environment["PGSSLMODE"]
        var forced: String?
        if !remote.isEmpty {
            if let mode {
                guard Self.secureModes.contains(mode) else {
                    throw .refused(
                        store: place,
                        reason:
                            "sslmode=\(mode) would let the records (personal data under NDA) cross the network to \(remote.joined(separator: ", ")) unencrypted; use sslmode=require or verify-full"
                    )
                }
            } else {
                forced = "require"
            }
        }
        var password = environment["COHORT_DATABASE_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if password == nil, let passwordFile { password = try Self.readPasswordFile(passwordFile) }
        self.url = url
        self.source = source
        self.password = password
        self.sslmode = forced
        let user = options["user"] ?? environment["PGUSER"] ?? ""
        let host = hosts.joined(separator: ",")
        let port = options["port"] ?? environment["PGPORT"] ?? "5432"
        let database = options["dbname"] ?? environment["PGDATABASE"] ?? user
        summary = "\(user.isEmpty ? "" : user + "@")\(host):\(port)/\(database)"
    }

    public var description: String { "PostgreSQL \(summary) (from \(source))" }

    /// The libpq keywords to connect with: the URL expanded, then what overrides it.
    var connectOptions: [(String, String)] {
        var options = [("dbname", url), ("fallback_application_name", "cohort")]
        if let password { options.append(("password", password)) }
        if let sslmode { options.append(("sslmode", sslmode)) }
        if PostgresConnection.parse(url)?["connect_timeout"] == nil { options.append(("connect_timeout", "10")) }
        return options
    }

    /// The hosts libpq would try: the URL's, else `PGHOST`, else the default unix socket.
    static func hosts(_ options: [String: String], environment: [String: String]) -> [String] {
        let named = options["host"] ?? options["hostaddr"] ?? environment["PGHOST"] ?? ""
        let hosts = named.split(separator: ",").map { String($0) }
        return hosts.isEmpty ? ["local socket"] : hosts
    }

    /// A unix socket folder or this machine's loopback: nothing crosses a network.
    static func isLocal(_ host: String) -> Bool {
        host == "local socket" || host.hasPrefix("/") || host.hasPrefix("@") || host == "localhost"
            || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The first line of a file only its owner may read.
    static func readPasswordFile(_ file: URL) throws(StoreError) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { throw .refused(store: file.path, reason: "the password file cannot be read") }
        guard mode & 0o077 == 0 else {
            throw .refused(
                store: file.path,
                reason:
                    "the password file is readable by others (mode \(String(mode & 0o777, radix: 8))); run chmod 600 on it"
            )
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let line = text.split(whereSeparator: \.isNewline).first, !line.isEmpty
        else { throw .refused(store: file.path, reason: "the password file is empty or not UTF-8 text") }
        return String(line)
    }

    public static func == (a: PostgresLocation, b: PostgresLocation) -> Bool {
        a.url == b.url && a.source == b.source && a.password == b.password && a.sslmode == b.sslmode
            && a.lockTimeout == b.lockTimeout
    }
}
