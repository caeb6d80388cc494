import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// The audit log: every decision a command makes.
    static let auditLog = Migration(name: "2026-11-29-audit-log") { db in
        try db.create(table: "audit_log") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("at", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("command", .text).notNull()
            table.column("action", .text).notNull()
            table.column("subject", .text).notNull()
            table.column("reason", .text).notNull()
            table.column("details", .text)
        }
        try db.create(index: "audit_log_subject", on: "audit_log", columns: ["subject"])
    }
}

extension Migrations {
    /// When each decision was recorded, beside when it happened (`at`): a decision recorded late
    /// (`--at`, a lapse at its deadline) keeps both.
    static let auditRecordedAt = Migration(name: "2026-12-07-audit-recorded-at") { db in
        try db.alter(table: "audit_log") { table in table.add(column: "recorded_at", .text) }
    }
}

extension SQLiteTransaction: AuditRecords {
    func auditEntries(limit: Int?) throws -> [AuditEntry] {
        var request = AuditRow.order(Column("id").desc)
        if let limit { request = request.limit(limit) }
        return try request.fetchAll(db).reversed().map(\.entry)
    }

    func auditCount() throws -> Int { try AuditRow.fetchCount(db) }

    func append(_ entry: AuditEntry) throws -> AuditEntry {
        var row = AuditRow(entry)
        // Notices queued about a subject tell of its decisions; they are not decisions themselves.
        if !entry.isNotice,
            let latest = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT at, command, action FROM audit_log WHERE subject = ? AND action NOT LIKE 'notice%'
                        ORDER BY id DESC LIMIT 1
                        """),
                arguments: [row.subject]),
            let at = latest[0] as String?, at > row.at
        {
            throw StoreError.clockBehind(
                clock: entry.at, latest: Instant.parse(at) ?? entry.at, command: latest[1], subject: row.subject,
                action: latest[2])
        }
        try run(
            """
            INSERT INTO audit_log (at, actor, command, action, subject, reason, details, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [row.at, row.actor, row.command, row.action, row.subject, row.reason, row.details, row.recordedAt])
        row.id = db.lastInsertedRowID
        return row.entry
    }
}

/// One row of `audit_log`. Instants are stored as ISO 8601 UTC text so any tool can read them.
struct AuditRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit_log"

    var id: Int64?
    var at: String
    var actor: String
    var command: String
    var action: String
    var subject: String
    var reason: String
    var details: String?
    var recordedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, at, actor, command, action, subject, reason, details
        case recordedAt = "recorded_at"
    }

    init(_ entry: AuditEntry) {
        id = entry.id
        at = Instant.format(entry.at)
        actor = entry.actor
        command = entry.command
        action = entry.action
        subject = entry.subject
        reason = entry.reason
        details = entry.details
        recordedAt = entry.recordedAt.map(Instant.format)
    }

    var entry: AuditEntry {
        AuditEntry(
            id: id, at: Instant.parse(at) ?? .distantPast, actor: actor, command: command, action: action,
            subject: subject, reason: reason, details: details, recordedAt: recordedAt.flatMap(Instant.parse))
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
