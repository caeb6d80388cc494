import CLibPQ
import Foundation

/// What went wrong talking to PostgreSQL. `message` is libpq's or the server's text: it never holds
/// the password (the password never travels inside the URL), but it may name a host, a port or a
/// user, so it is shown on stderr and never logged with the connection string.
struct PostgresFailure: Error, CustomStringConvertible {
    enum Stage: Sendable { case connect, query }
    let stage: Stage
    /// Five characters from the server; nil for libpq's own errors (refused, no route, lost).
    let sqlstate: String?
    let message: String
    /// The constraint a class 23 error names, if any.
    var constraint: String?
    /// True when the connection is unusable after this error.
    let connectionLost: Bool
    /// Connect errors only: the server asked for a password and none was given, or the one sent was refused.
    var needsPassword = false
    var passwordRefused = false

    var description: String { message }

    /// Another transaction won: roll back and run the whole transaction again (bounded).
    var isSerializationFailure: Bool { sqlstate == "40001" || sqlstate == "40P01" }
    /// Someone holds the rows longer than the lock timeout, or a statement ran out of time.
    var isLockTimeout: Bool { sqlstate == "55P03" || sqlstate == "57014" }
    /// The database cannot be reached right now: worth retrying later (exit 75).
    var isUnreachable: Bool {
        if stage == .connect { return !needsPassword && !passwordRefused && !Self.isPermanentConnect(message) }
        if let state = sqlstate {
            return state.hasPrefix("08") || state.hasPrefix("53") || ["57P01", "57P02", "57P03"].contains(state)
        }
        return connectionLost
    }

    /// Connect errors carry no SQLSTATE; these two arrive that way but will not go away by waiting.
    static func isPermanentConnect(_ message: String) -> Bool {
        message.contains("does not exist") || message.contains("invalid ") || message.contains("SSL was required")
    }
}

/// Rows copied out of a PGresult, which is cleared at once: no C memory outlives the call.
struct PostgresRows {
    let columns: [String]
    let rows: [[String?]]
    /// The number of rows an INSERT, UPDATE or DELETE touched.
    let affected: Int

    /// The value of `column` in `row`; nil for SQL NULL.
    subscript(row: Int, column: String) -> String? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return rows[row][index]
    }

    /// Each row as a dictionary by column name, for readable decoding.
    var records: [PostgresRecord] {
        let positions = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        return rows.map { PostgresRecord(positions: positions, values: $0) }
    }
}

/// One row of a result, read by column name.
struct PostgresRecord {
    let positions: [String: Int]
    let values: [String?]

    subscript(column: String) -> String? { positions[column].flatMap { values[$0] } }
    func text(_ column: String) -> String { self[column] ?? "" }
    func int(_ column: String) -> Int { Int(self[column] ?? "") ?? 0 }
    func bool(_ column: String) -> Bool { self[column] == "t" }
}

/// One libpq connection. Not Sendable on purpose: a PGconn must never be used by two threads at
/// once. `PostgresRecordStore` keeps it behind a lock and lends it to one transaction at a time.
final class PostgresConnection {
    private let raw: OpaquePointer
    /// Statements prepared on this connection, by SQL text.
    private var prepared: [String: String] = [:]
    /// Writes whose results nobody waits for, sent together (libpq's pipeline mode) before the
    /// next statement that is waited for, or by `flush`.
    private var deferred: [(sql: String, parameters: [String?])] = []
    /// NOTICEs and WARNINGs the server sent: kept here instead of libpq printing them on stderr.
    private(set) var notices: [String] = []

    /// Connects with `options` (libpq keywords; `dbname` may be a whole URL, expanded by libpq).
    /// The password travels as its own keyword, so no error about the URL can quote it.
    init(options: [(String, String)]) throws(PostgresFailure) {
        let keywords = options.map { strdup($0.0) } + [nil]
        let values = options.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connection = keywords.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                keys.withMemoryRebound(to: UnsafePointer<CChar>?.self) { keys in
                    values.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                        PQconnectdbParams(keys.baseAddress, values.baseAddress, 1)
                    }
                }
            }
        }
        guard let connection else {
            throw PostgresFailure(stage: .connect, sqlstate: nil, message: "out of memory", connectionLost: true)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            var failure = PostgresFailure(
                stage: .connect, sqlstate: nil, message: Self.trimmed(String(cString: PQerrorMessage(connection))),
                connectionLost: true)
            failure.needsPassword = PQconnectionNeedsPassword(connection) == 1
            failure.passwordRefused = PQconnectionUsedPassword(connection) == 1
            PQfinish(connection)
            throw failure
        }
        raw = connection
        PQsetNoticeReceiver(
            raw,
            { context, result in
                guard let context, let result else { return }
                let connection = Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue()
                let text = PQresultErrorField(result, CLIBPQ_DIAG_MESSAGE_PRIMARY).map { String(cString: $0) } ?? ""
                connection.notices.append(text)
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { PQfinish(raw) }

    /// The options `conninfo` (a URL or key/value string) sets, parsed by libpq without connecting;
    /// nil when libpq cannot parse it. Its message is dropped: it can quote a token of the URL.
    static func parse(_ conninfo: String) -> [String: String]? {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &message) else {
            if let message { PQfreemem(message) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var found: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { found[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return found
    }

    /// True while the connection is usable.
    var isOK: Bool { PQstatus(raw) == CONNECTION_OK }
    /// The server's version as a number (150018 for 15.18).
    var serverVersion: Int { Int(PQserverVersion(raw)) }

    /// Runs one statement with text parameters (`$1`, `$2`, …; nil is NULL) and returns its rows as
    /// text. Statements with parameters are prepared once per connection and reused.
    @discardableResult
    func run(_ sql: String, _ parameters: [String?] = []) throws(PostgresFailure) -> PostgresRows {
        try flush()
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let name = parameters.isEmpty ? nil : try statement(sql, parameters: parameters.count)
        let result: OpaquePointer? = copies.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                if let name {
                    PQexecPrepared(raw, name, Int32(parameters.count), values.baseAddress, nil, nil, 0)
                } else {
                    PQexecParams(raw, sql, 0, nil, nil, nil, nil, 0)
                }
            }
        }
        return try check(result)
    }

    /// The name of `sql` prepared on this connection, preparing it the first time.
    private func statement(_ sql: String, parameters: Int) throws(PostgresFailure) -> String {
        if let known = prepared[sql] { return known }
        let fresh = "cohort_\(prepared.count + 1)"
        try check(PQprepare(raw, fresh, sql, Int32(parameters), nil))
        prepared[sql] = fresh
        return fresh
    }

    /// Queues a write whose result is not needed (a row saved, an entry appended): it is sent
    /// with the others in one round trip before the next statement that is waited for, and its
    /// error, if any, is thrown from there (still inside the same transaction).
    func later(_ sql: String, _ parameters: [String?]) throws(PostgresFailure) {
        deferred.append((sql, parameters))
        if deferred.count >= 2_000 { try flush() }
    }

    /// Drops the queued writes (a transaction rolled back), then rolls back.
    func rollback() {
        deferred = []
        _ = try? run("ROLLBACK")
    }

    /// Sends every queued write in one pipeline and waits for all of their results: the first
    /// error among them is thrown (the server skips the rest of the pipeline after one).
    func flush() throws(PostgresFailure) {
        guard !deferred.isEmpty else { return }
        let batch = deferred
        deferred = []
        _ = try pipeline(batch)
    }

    /// Runs `statements` (each with parameters) in one round trip, after the queued writes, and
    /// returns their rows in order; the first error among them is thrown.
    func run(all statements: [(sql: String, parameters: [String?])]) throws(PostgresFailure) -> [PostgresRows] {
        try flush()
        return try pipeline(statements)
    }

    private func pipeline(_ batch: [(sql: String, parameters: [String?])]) throws(PostgresFailure) -> [PostgresRows] {
        guard !batch.isEmpty else { return [] }
        let names = try batch.map { write throws(PostgresFailure) in
            try statement(write.sql, parameters: write.parameters.count)
        }
        guard PQenterPipelineMode(raw) == 1 else { throw lost("could not start a pipeline") }
        defer { _ = PQexitPipelineMode(raw) }
        for (write, name) in zip(batch, names) {
            let copies: [UnsafeMutablePointer<CChar>?] = write.parameters.map { $0.flatMap { strdup($0) } }
            defer { copies.forEach { free($0) } }
            let sent = copies.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                    PQsendQueryPrepared(raw, name, Int32(write.parameters.count), values.baseAddress, nil, nil, 0)
                }
            }
            guard sent == 1 else { throw lost(String(cString: PQerrorMessage(raw))) }
        }
        guard PQpipelineSync(raw) == 1 else { throw lost(String(cString: PQerrorMessage(raw))) }
        var failure: PostgresFailure?
        var results: [PostgresRows] = []
        results.reserveCapacity(batch.count)
        var ends = 0
        // Each statement's result is followed by a NULL; the pipeline ends with its sync result.
        while true {
            guard let result = PQgetResult(raw) else {
                ends += 1
                if ends > batch.count || PQstatus(raw) == CONNECTION_BAD {
                    throw failure ?? lost(String(cString: PQerrorMessage(raw)))
                }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            if status == PGRES_PIPELINE_ABORTED {
                PQclear(result)
                continue
            }
            do { results.append(try check(result)) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        return results
    }

    private func lost(_ message: String) -> PostgresFailure {
        PostgresFailure(
            stage: .query, sqlstate: nil, message: Self.trimmed(message),
            connectionLost: PQstatus(raw) == CONNECTION_BAD)
    }

    /// The rows of a finished statement, or its error; the result is cleared either way.
    @discardableResult
    private func check(_ result: OpaquePointer?) throws(PostgresFailure) -> PostgresRows {
        guard let result else {
            throw PostgresFailure(
                stage: .query, sqlstate: nil, message: Self.trimmed(String(cString: PQerrorMessage(raw))),
                connectionLost: PQstatus(raw) == CONNECTION_BAD)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            let fields = PQnfields(result)
            let count = PQntuples(result)
            let columns = (0..<fields).map { String(cString: PQfname(result, $0)) }
            var rows: [[String?]] = []
            rows.reserveCapacity(Int(count))
            for row in 0..<count {
                rows.append(
                    (0..<fields).map { column in
                        PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                    })
            }
            return PostgresRows(columns: columns, rows: rows, affected: Int(String(cString: PQcmdTuples(result))) ?? 0)
        default:
            let field = { (code: Int32) in PQresultErrorField(result, code).map { String(cString: $0) } }
            var failure = PostgresFailure(
                stage: .query, sqlstate: field(CLIBPQ_DIAG_SQLSTATE),
                message: field(CLIBPQ_DIAG_MESSAGE_PRIMARY)
                    ?? Self.trimmed(String(cString: PQresultErrorMessage(result))),
                connectionLost: PQstatus(raw) == CONNECTION_BAD)
            failure.constraint = field(CLIBPQ_DIAG_CONSTRAINT_NAME)
            throw failure
        }
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n\t", with: " ")
            .replacingOccurrences(of: "\n", with: "; ")
    }
}
