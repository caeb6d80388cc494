import CohortCore
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
    /// Where libpq will connect, as judged; passed to libpq as they are, so it goes nowhere else.
    let judged: [Target]
    /// How long a statement waits for rows another command holds before giving up (exit 75).
    public var lockTimeout: TimeInterval = 10
    /// `user@host:port/database`, as messages name the store.
    public let summary: String

    /// TLS modes that refuse a connection without TLS.
    static let secureModes: Set<String> = ["require", "verify-ca", "verify-full"]

    /// Checks `url` the way libpq will read it: the URL's `host` and `hostaddr`, else `PGHOST` and
    /// `PGHOSTADDR`, and `sslmode` else `PGSSLMODE`; a service (`service=`, `PGSERVICE`) is refused,
    /// its file being beyond checking. `loopback` is the one test of "this machine" (Cohort passes
    /// `NetworkAddress.isLoopback`, which resolves `localhost`; the default knows literals only).
    /// `environment` also supplies `COHORT_DATABASE_PASSWORD`; `passwordFile` (from `cohort.yaml`)
    /// must be readable by its owner alone.
    public init(
        url: String, source: String, environment: [String: String], passwordFile: URL? = nil,
        loopback: (String) -> Bool = { Loopback.isLiteral($0) }
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
        if let service = options["service"] ?? environment["PGSERVICE"], !service.isEmpty {
            throw .refused(
                store: place,
                reason:
                    "libpq would take the host and sslmode from the service \"\(service)\" in a service file (service=, PGSERVICE), which Cohort cannot check before the password goes; write the host and sslmode in the URL instead"
            )
        }
        let targets = Self.targets(options, environment: environment)
        let remote = targets.filter { !$0.isLocal(loopback) }.map(\.address)
        let mode = Self.sslmode(options, environment: environment)
        var forced: String?
        if !remote.isEmpty {
            if let mode {
                guard Self.secureModes.contains(mode) else {
                    throw .refused(
                        store: place,
                        reason:
                            "sslmode=\(mode) would let the records (personal data under NDA) and the password cross the network to \(remote.joined(separator: ", ")) unencrypted; use sslmode=require or verify-full"
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
        judged = targets
        let user = options["user"] ?? environment["PGUSER"] ?? ""
        let host = targets.map(\.address).joined(separator: ",")
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
        // What was judged is what libpq uses, whatever its own environment says.
        let hosts = judged.map(\.host)
        let addresses = judged.map(\.hostaddr)
        if hosts.contains(where: { !$0.isEmpty }) { options.append(("host", hosts.joined(separator: ","))) }
        if addresses.contains(where: { !$0.isEmpty }) { options.append(("hostaddr", addresses.joined(separator: ","))) }
        if PostgresConnection.parse(url)?["connect_timeout"] == nil { options.append(("connect_timeout", "10")) }
        return options
    }

    /// One address libpq will try: `hostaddr` when given (libpq connects there and uses `host` only to
    /// check the certificate and find a password), else `host`; empty is the default unix socket.
    struct Target: Sendable, Equatable {
        var host: String
        var hostaddr: String
        var address: String { hostaddr.isEmpty ? (host.isEmpty ? "local socket" : host) : hostaddr }

        /// A unix socket folder, or this machine by address: nothing crosses a network.
        func isLocal(_ loopback: (String) -> Bool) -> Bool {
            if hostaddr.isEmpty, host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") { return true }
            return loopback(address)
        }
    }

    /// The addresses libpq would try, pairing the comma lists of `host` and `hostaddr` as libpq does;
    /// each comes from the URL, else the environment (`PGHOST`, `PGHOSTADDR`).
    static func targets(_ options: [String: String], environment: [String: String]) -> [Target] {
        let hosts = (options["host"] ?? environment["PGHOST"] ?? "").split(
            separator: ",", omittingEmptySubsequences: false)
        let addresses = (options["hostaddr"] ?? environment["PGHOSTADDR"] ?? "").split(
            separator: ",", omittingEmptySubsequences: false)
        let count = max(hosts.count, addresses.count)
        return (0..<count).map { index in
            Target(
                host: index < hosts.count ? String(hosts[index]) : (hosts.count == 1 ? String(hosts[0]) : ""),
                hostaddr: index < addresses.count ? String(addresses[index]) : "")
        }
    }

    /// The sslmode libpq will use: the URL's, else `PGSSLMODE`, else the old `requiressl=1`/`PGREQUIRESSL`.
    static func sslmode(_ options: [String: String], environment: [String: String]) -> String? {
        if let mode = options["sslmode"] ?? environment["PGSSLMODE"], !mode.isEmpty { return mode }
        if (options["requiressl"] ?? environment["PGREQUIRESSL"]) == "1" { return "require" }
        return nil
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
            && a.judged == b.judged
            && a.lockTimeout == b.lockTimeout
    }
}
