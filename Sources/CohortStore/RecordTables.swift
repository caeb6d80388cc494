import Foundation
import GRDB

/// One table of the records as `records copy` moves it: its columns, the order that makes two
/// copies comparable row by row, and which columns need care (booleans, generated ids).
struct RecordTable: Sendable {
    let name: String
    let columns: [String]
    /// `ORDER BY` in SQLite, and in PostgreSQL (where text keys sort in byte order, as SQLite's do).
    let sqliteOrder: String
    let postgresOrder: String
    /// Columns SQLite stores as 0/1 and PostgreSQL as boolean: both are read as `0`/`1`.
    var booleans: Set<String> = []
    /// Generated ids whose sequence must move past the copied rows in PostgreSQL.
    var identities: [String] = []

    /// A table whose rows have an `id` the database generates.
    static func logged(_ name: String, _ columns: [String], booleans: Set<String> = []) -> RecordTable {
        RecordTable(
            name: name, columns: ["id"] + columns, sqliteOrder: "id", postgresOrder: "id", booleans: booleans,
            identities: ["id"])
    }

    /// A table keyed by text columns, compared in byte order.
    static func keyed(_ name: String, _ columns: [String], by keys: [String], booleans: Set<String> = []) -> RecordTable
    {
        RecordTable(
            name: name, columns: columns, sqliteOrder: keys.joined(separator: ", "),
            postgresOrder: keys.map { #"\#($0) COLLATE "C""# }.joined(separator: ", "), booleans: booleans)
    }
}

/// Every table of the records, parents before children. A test fails when a migration adds a
/// table that is not here, so `records copy` never leaves one behind.
enum RecordTables {
    static let all: [RecordTable] = [
        .logged("audit_log", ["at", "actor", "command", "action", "subject", "reason", "details", "recorded_at"]),
        .logged(
            "outbox",
            [
                "batch", "recipient", "sender", "message_id", "hash", "payload", "state", "attempts", "next_attempt_at",
                "last_reply", "updated_at",
            ]),
        // Import order: SQLite keeps it in the rowid, PostgreSQL in `position` (filled as rows arrive).
        RecordTable(
            name: "feedback_item",
            columns: ["id", "source", "received_at", "author", "text", "themes", "section", "late"],
            sqliteOrder: "rowid", postgresOrder: "position", booleans: ["late"], identities: ["position"]),
        .logged("feedback_code", ["item_id", "round", "judge", "category", "themes", "coded_at", "codebook_version"]),
        .logged("feedback_reconciliation", ["item_id", "round", "category", "note", "agreed_by", "at"]),
        .logged("feedback_clarification", ["item_id", "round", "note", "clarified_by", "at"]),
        .keyed(
            "pilot_signup",
            [
                "username", "email", "signed_up_at", "use_case", "use_case_applicable", "available", "nda", "time_zone",
                "languages", "standing", "offer_expires_at", "withdraw_reason", "unanswered",
            ], by: ["username"], booleans: ["use_case_applicable", "available"]),
        .keyed("pilot_setting", ["key", "value"], by: ["key"]),
        .logged("feedback_visibility", ["item_id", "hidden", "reason", "decided_by", "at"], booleans: ["hidden"]),
        .logged("feedback_clarification_request", ["item_id", "round", "question", "channel", "asked_by", "at"]),
        .keyed("workshop_poll_slot", ["audience", "start"], by: ["audience", "start"]),
        RecordTable(
            name: "workshop_poll_participant", columns: ["audience", "name", "position", "time_zone", "answers"],
            sqliteOrder: "audience, position", postgresOrder: #"audience COLLATE "C", position"#),
        .keyed(
            "workshop_session",
            [
                "id", "title", "start", "duration_minutes", "capacity", "link", "status", "sequence", "uid",
                "cancel_reason", "audience",
            ], by: ["id"]),
        // Registration order at one instant: SQLite's rowid, PostgreSQL's `position`.
        RecordTable(
            name: "workshop_registration",
            columns: [
                "session_id", "username", "registered_at", "attended", "attendee", "name", "email", "time_zone",
                "waitlisted",
            ], sqliteOrder: "rowid", postgresOrder: "position", booleans: ["attended", "waitlisted"],
            identities: ["position"]),
        .logged("timeline_shift", ["item", "from_date", "to_date", "reason", "actor", "at"]),
        .logged("release_event", ["wave", "action", "actor", "at", "reason"]),
        .logged("milestone_completion", ["milestone", "at", "actor", "note"]),
        .keyed("calendar_item", ["uid", "fingerprint", "sequence"], by: ["uid"]),
        RecordTable(
            name: "partner",
            columns: [
                "id", "position", "name", "kind", "region", "contact_name", "contact_email", "time_zone", "wave",
            ],
            sqliteOrder: "position", postgresOrder: "position"),
        .logged(
            "partner_step", ["partner", "from_stage", "to_stage", "move", "forced", "at", "actor", "note"],
            booleans: ["forced"]),
        .keyed("partner_tick", ["partner", "item", "at", "actor"], by: ["partner", "item"]),
        .logged("partner_reminder", ["partner", "item", "at"]),
        .logged(
            "notice",
            ["batch", "kind", "subject", "person", "language", "fact", "state", "reason", "queued_at", "updated_at"]),
        .logged("announcement_channel", ["announcement", "channel", "state", "at", "actor", "hash", "details"]),
        .logged("talk_reading", ["page", "revision", "read_at", "unanswered", "overdue"]),
    ]
}

/// Whole tables, read and written as text: what `records copy` needs from each backend.
protocol TableAccess {
    func count(_ table: RecordTable) throws -> Int
    /// Every row, in the table's order, each value as text (booleans `0`/`1`), nil for NULL.
    func rows(_ table: RecordTable) throws -> [[String?]]
    func insert(_ table: RecordTable, _ rows: [[String?]]) throws
    /// The names of every table the migrations made.
    func tableNames() throws -> [String]
}

extension SQLiteTransaction: TableAccess {
    func count(_ table: RecordTable) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0
    }

    func rows(_ table: RecordTable) throws -> [[String?]] {
        let columns = table.columns.map { "CAST(\($0) AS TEXT)" }.joined(separator: ", ")
        return try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.name) ORDER BY \(table.sqliteOrder)").map {
            row in (0..<row.count).map { row[$0] as String? }
        }
    }

    func insert(_ table: RecordTable, _ rows: [[String?]]) throws {
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let statement = try db.makeStatement(
            sql: "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES (\(marks))")
        for row in rows {
            // Text into INTEGER and BOOLEAN columns: SQLite's affinity stores it as the number it spells.
            try statement.execute(arguments: StatementArguments(row.map(\.databaseValue)))
        }
    }

    func tableNames() throws -> [String] {
        try String.fetchAll(
            db,
            sql:
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"
        )
    }
}

extension PostgresTransaction: TableAccess {
    func count(_ table: RecordTable) throws -> Int {
        try rows("SELECT count(*) AS n FROM \(table.name)").first?.int("n") ?? 0
    }

    func rows(_ table: RecordTable) throws -> [[String?]] {
        // Aliased, so ORDER BY names the table's columns, not the text made of them.
        let columns = table.columns.enumerated().map { index, column in
            (table.booleans.contains(column) ? "(\(column)::int)::text" : "\(column)::text") + " AS c\(index)"
        }
        return try connection.run(
            "SELECT \(columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.postgresOrder)"
        ).rows
    }

    func insert(_ table: RecordTable, _ rows: [[String?]]) throws {
        let marks = table.columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES (\(marks))"
        for row in rows { try connection.run(sql, row) }
        for column in table.identities {
            try connection.run(
                "SELECT setval(pg_get_serial_sequence('\(table.name)', '\(column)'), COALESCE(MAX(\(column)), 0) + 1, false) FROM \(table.name)"
            )
        }
    }

    func tableNames() throws -> [String] {
        try rows(
            """
            SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'cohort_migrations'
            ORDER BY table_name COLLATE "C"
            """
        ).map { $0.text("name") }
    }
}

extension RecordStore {
    /// Runs `body` with whole-table access, reading or writing in one transaction.
    func tables<T>(writing: Bool, _ body: (any TableAccess) throws -> T) throws -> T {
        switch self {
        case let store as SQLiteRecordStore:
            writing
                ? try store.pool.write { try body(SQLiteTransaction(db: $0)) }
                : try store.pool.read { try body(SQLiteTransaction(db: $0)) }
        case let store as PostgresRecordStore:
            try store.transaction(writing ? .serializable : .snapshot, durable: writing, body)
        default:
            throw StoreError.database(path: "records", reason: "this store cannot be copied")
        }
    }
}
