import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// Notices to people: one row per outbox batch `notice:<kind>:<key>`.
    static let notices = Migration(name: "2026-12-06-notices") { db in
        try db.create(table: "notice") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("batch", .text).notNull().unique()
            table.column("kind", .text).notNull()
            table.column("subject", .text).notNull()
            table.column("person", .text).notNull()
            table.column("language", .text).notNull()
            table.column("fact", .text).notNull()
            table.column("state", .text).notNull()
            table.column("reason", .text).notNull()
            table.column("queued_at", .text).notNull()
            table.column("updated_at", .text).notNull()
        }
    }
}

extension SQLiteTransaction: NoticeRecords {
    func notices() throws -> [Notice] {
        try Row.fetchAll(db, sql: "SELECT * FROM notice ORDER BY id").compactMap { row in
            guard let kind = NoticeKind(rawValue: row["kind"]), let state = Notice.State(rawValue: row["state"])
            else { return nil }
            return Notice(
                batch: row["batch"], kind: kind, subject: row["subject"], person: row["person"],
                language: row["language"], fact: row["fact"], state: state, reason: row["reason"],
                queuedAt: Instant.parse(row["queued_at"]) ?? .distantPast,
                updatedAt: Instant.parse(row["updated_at"]) ?? .distantPast)
        }
    }

    func save(_ notice: Notice) throws {
        // Prepared once per connection: a selection queues a notice for each of thousands.
        try db.cachedStatement(
            sql: """
                INSERT INTO notice (batch, kind, subject, person, language, fact, state, reason, queued_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(batch) DO UPDATE SET kind = excluded.kind, subject = excluded.subject,
                  person = excluded.person, language = excluded.language, fact = excluded.fact,
                  state = excluded.state, reason = excluded.reason, updated_at = excluded.updated_at
                """
        ).execute(
            arguments: [
                notice.batch, notice.kind.rawValue, notice.subject, notice.person, notice.language, notice.fact,
                notice.state.rawValue, notice.reason, Instant.format(notice.queuedAt), Instant.format(notice.updatedAt),
            ])
    }
}
