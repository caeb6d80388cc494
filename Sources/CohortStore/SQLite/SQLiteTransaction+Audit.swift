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

extension SQLiteTransaction: AuditRecords {
    func auditEntries(limit: Int?) throws -> [AuditEntry] {
        var request = AuditRow.order(Column("id").desc)
        if let limit { request = request.limit(limit) }
        return try request.fetchAll(db).reversed().map(\.entry)
    }

    func auditCount() throws -> Int { try AuditRow.fetchCount(db) }

    func append(_ entry: AuditEntry) throws -> AuditEntry {
        var row = AuditRow(entry)
        if let latest = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT at, command FROM audit_log ORDER BY id DESC LIMIT 1")),
            let at = latest[0] as String?, at > row.at
        {
            throw StoreError.clockBehind(clock: entry.at, latest: Instant.parse(at) ?? entry.at, command: latest[1])
        }
        try run(
            "INSERT INTO audit_log (at, actor, command, action, subject, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [row.at, row.actor, row.command, row.action, row.subject, row.reason, row.details])
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

    init(_ entry: AuditEntry) {
        id = entry.id
        at = Instant.format(entry.at)
        actor = entry.actor
        command = entry.command
        action = entry.action
        subject = entry.subject
        reason = entry.reason
        details = entry.details
    }

    var entry: AuditEntry {
        AuditEntry(
            id: id, at: Instant.parse(at) ?? .distantPast, actor: actor, command: command, action: action,
            subject: subject, reason: reason, details: details)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
