import CLibPQ
import Foundation

/// What went wrong talking to PostgreSQL. `message` is libpq's or the server's text; it never
/// holds the password (checked in main.swift), but it may hold a host, a port, a user or a value
/// of a bad conninfo option, so it is shown, not logged with the connection string.
struct PGError: Error, CustomStringConvertible {
    enum Kind: Sendable { case connect, query }
    let kind: Kind
    /// Five characters from the server (CLIBPQ_DIAG_SQLSTATE); nil for libpq's own errors
    /// (no route, refused, bad conninfo, connection lost before the server said why).
    let sqlstate: String?
    let message: String
    /// True when the connection is unusable after this error (PQstatus == CONNECTION_BAD).
    let connectionLost: Bool
    /// Connect errors only (libpq gives them no SQLSTATE): the server asked for a password and none
    /// was given (PQconnectionNeedsPassword), or one was sent and refused (PQconnectionUsedPassword).
    var needsPassword = false
    var passwordRefused = false

    var description: String { "[\(sqlstate ?? "no sqlstate")] \(message)" }

    /// Retry the whole transaction, a bounded number of times.
    var isRetryable: Bool { sqlstate == "40001" || sqlstate == "40P01" }
    /// Class 08, libpq's own connection errors, or a server that went away (57P01-57P03):
    /// the database is unreachable right now (exit 75, EX_TEMPFAIL).
    var isUnreachable: Bool {
        if kind == .connect { return !needsPassword && !passwordRefused }
        if let s = sqlstate { return s.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(s) }
        return connectionLost
    }
}

/// Rows copied out of a PGresult, which is cleared at once: no C memory outlives the call.
struct PGRows: Sendable {
    let columns: [String]
    let rows: [[String?]]
    let commandTuples: String
    subscript(row: Int, column: String) -> String? { rows[row][columns.firstIndex(of: column)!] }
}

/// One libpq connection. Deliberately NOT Sendable: a PGconn must not be used by two threads at
/// once, and OpaquePointer is not Sendable either, so Swift 6 refuses to send one into a Task or
/// a @Sendable closure. A store would keep its connections behind a lock and lend one to a
/// synchronous closure (`write { db in ... }`), the way GRDB lends a `Database`.
final class PGConnection {
    private let raw: OpaquePointer

    /// Connects with a URL or key/value conninfo, as it is (a password in it may be echoed by a
    /// parse error: see `init(url:password:)`).
    convenience init(_ conninfo: String) throws {
        try self.init(connecting: PQconnectdb(conninfo))
    }

    /// Connects with a URL that carries no password, and the password (if any) beside it, through
    /// PQconnectdbParams: libpq never parses the password as part of a URL, so no error about the
    /// URL can quote it; PGPASSWORD and PGPASSFILE still apply when `password` is nil.
    convenience init(url: String, password: String?) throws {
        var keywords = ["dbname"]
        var values = [url]
        if let password {
            keywords.append("password")
            values.append(password)
        }
        let cKeywords = keywords.map { strdup($0) } + [nil]
        let cValues = values.map { strdup($0) } + [nil]
        defer {
            cKeywords.forEach { free($0) }
            cValues.forEach { free($0) }
        }
        let conn = cKeywords.withUnsafeBufferPointer { k in
            cValues.withUnsafeBufferPointer { v in
                k.withMemoryRebound(to: UnsafePointer<CChar>?.self) { k in
                    v.withMemoryRebound(to: UnsafePointer<CChar>?.self) { v in
                        // expand_dbname = 1: the "dbname" value is parsed as a URL / conninfo; the
                        // keywords after it (password) override what it says.
                        PQconnectdbParams(k.baseAddress, v.baseAddress, 1)
                    }
                }
            }
        }
        try self.init(connecting: conn)
    }

    /// The options a URL or conninfo sets, parsed by libpq without connecting (PQconninfoParse);
    /// nil if libpq cannot parse it (its message may quote a token of the URL, so it is not shown).
    static func parse(_ conninfo: String) -> [String: String]? {
        var errmsg: UnsafeMutablePointer<CChar>?
        guard let opts = PQconninfoParse(conninfo, &errmsg) else {
            if let errmsg { PQfreemem(errmsg) }
            return nil
        }
        defer { PQconninfoFree(opts) }
        var out: [String: String] = [:]
        var p = opts
        while let key = p.pointee.keyword {
            if let val = p.pointee.val { out[String(cString: key)] = String(cString: val) }
            p += 1
        }
        return out
    }

    private init(connecting conn: OpaquePointer?) throws {
        // PQconnectdb blocks until connected or failed; connect_timeout in the conninfo bounds it.
        guard let conn else {
            throw PGError(kind: .connect, sqlstate: nil, message: "out of memory", connectionLost: true)
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            var error = PGError(
                kind: .connect, sqlstate: nil,
                message: String(cString: PQerrorMessage(conn)).trimmingTrailingNewlines(),
                connectionLost: true)
            error.needsPassword = PQconnectionNeedsPassword(conn) == 1
            error.passwordRefused = PQconnectionUsedPassword(conn) == 1
            PQfinish(conn)
            throw error
        }
        raw = conn
        // libpq's default notice processor prints NOTICE/WARNING lines on stderr; a CLI whose
        // stderr is its one-line error channel routes them to its logger instead (here: kept).
        PQsetNoticeReceiver(
            raw,
            { context, result in
                guard let context, let result else { return }
                let me = Unmanaged<PGConnection>.fromOpaque(context).takeUnretainedValue()
                let state = PQresultErrorField(result, CLIBPQ_DIAG_SQLSTATE).map { String(cString: $0) } ?? "?"
                let text = PQresultErrorField(result, CLIBPQ_DIAG_MESSAGE_PRIMARY).map { String(cString: $0) } ?? ""
                me.notices.append("\(state) \(text)")
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// NOTICEs and WARNINGs the server sent (SQLSTATE and message), instead of stderr.
    private(set) var notices: [String] = []

    deinit { PQfinish(raw) }

    var isOK: Bool { PQstatus(raw) == CONNECTION_OK }
    var backendPID: Int32 { PQbackendPID(raw) }
    var serverVersion: Int32 { PQserverVersion(raw) }
    var sslInUse: Bool { PQsslInUse(raw) == 1 }
    /// A handle that cancels the statement this connection is running, from any thread.
    func cancelToken() -> PGCancelToken? { PQgetCancel(raw).map(PGCancelToken.init) }
    /// What the server would say in `SHOW`: read from the connection's ParameterStatus.
    func parameter(_ name: String) -> String? { PQparameterStatus(raw, name).map { String(cString: $0) } }
    /// Every conninfo option with its value, the password included: never print this.
    func conninfoKeys() -> [String: String] {
        var out: [String: String] = [:]
        guard let opts = PQconninfo(raw) else { return out }
        defer { PQconninfoFree(opts) }
        var p = opts
        while let key = p.pointee.keyword {
            if let val = p.pointee.val { out[String(cString: key)] = String(cString: val) }
            p += 1
        }
        return out
    }

    /// PQexecParams with text parameters ($1, $2, ...; nil is SQL NULL) and text results.
    @discardableResult
    func exec(_ sql: String, _ params: [String?] = []) throws -> PGRows {
        let cParams: [UnsafeMutablePointer<CChar>?] = params.map { $0.flatMap { strdup($0) } }
        defer { cParams.forEach { free($0) } }
        let result: OpaquePointer? = cParams.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                // paramTypes nil: the server infers each type from the statement, as for literals.
                PQexecParams(raw, sql, Int32(params.count), nil, values.baseAddress, nil, nil, 0)
            }
        }
        guard let res = result else {
            throw PGError(
                kind: .query, sqlstate: nil,
                message: String(cString: PQerrorMessage(raw)).trimmingTrailingNewlines(),
                connectionLost: PQstatus(raw) == CONNECTION_BAD)
        }
        defer { PQclear(res) }
        switch PQresultStatus(res) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            let nFields = PQnfields(res), nTuples = PQntuples(res)
            let columns = (0..<nFields).map { String(cString: PQfname(res, $0)) }
            let rows = (0..<nTuples).map { r in
                (0..<nFields).map { c -> String? in
                    PQgetisnull(res, r, c) == 1 ? nil : String(cString: PQgetvalue(res, r, c))
                }
            }
            return PGRows(columns: columns, rows: rows, commandTuples: String(cString: PQcmdTuples(res)))
        default:
            let sqlstate = PQresultErrorField(res, CLIBPQ_DIAG_SQLSTATE).map { String(cString: $0) }
            let primary = PQresultErrorField(res, CLIBPQ_DIAG_MESSAGE_PRIMARY).map { String(cString: $0) }
            throw PGError(
                kind: .query, sqlstate: sqlstate,
                message: primary ?? String(cString: PQresultErrorMessage(res)).trimmingTrailingNewlines(),
                connectionLost: PQstatus(raw) == CONNECTION_BAD)
        }
    }

    /// One transaction; on 40001/40P01 roll back and run the body again, at most `attempts` times.
    func transaction<T>(
        _ begin: String = "BEGIN ISOLATION LEVEL SERIALIZABLE", attempts: Int = 5,
        _ body: (PGConnection) throws -> T
    ) throws -> (value: T, tries: Int) {
        var tries = 0
        while true {
            tries += 1
            do {
                try exec(begin)
                let value = try body(self)
                try exec("COMMIT")
                return (value, tries)
            } catch let error as PGError {
                if isOK { _ = try? exec("ROLLBACK") }
                if error.isRetryable && tries < attempts { continue }
                throw error
            }
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}

/// PQcancel is documented as safe to call from another thread (even a signal handler) while the
/// connection is busy, so this one wrapper may be @unchecked Sendable.
final class PGCancelToken: @unchecked Sendable {
    private let raw: OpaquePointer
    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { PQfreeCancel(raw) }
    /// nil on success, else libpq's reason.
    func cancel() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        if PQcancel(raw, &buffer, Int32(buffer.count)) == 1 { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Error {
    /// Every error thrown by PGConnection is a PGError; Swift 6 closures infer `any Error`.
    var pg: PGError {
        self as? PGError ?? PGError(kind: .query, sqlstate: nil, message: "\(self)", connectionLost: false)
    }
}
