import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// Readings of the talk page's questions: one row per `talk digest --send`.
    static let talkReadings = Migration(name: "2026-12-07-talk-readings") { db in
        try db.create(table: "talk_reading") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("page", .text).notNull()
            table.column("revision", .integer).notNull()
            table.column("read_at", .text).notNull()
            table.column("unanswered", .integer).notNull()
            table.column("overdue", .integer).notNull()
        }
    }
}

extension SQLiteTransaction: TalkRecords {
    func latestTalkReading(asOf now: Date) throws -> TalkReading? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM talk_reading WHERE read_at <= ? ORDER BY read_at DESC, id DESC LIMIT 1",
            arguments: [Instant.format(now)]
        ).map { row in
            TalkReading(
                page: row["page"], revision: row["revision"], readAt: Instant.parse(row["read_at"]) ?? .distantPast,
                unanswered: row["unanswered"], overdue: row["overdue"])
        }
    }

    func save(_ reading: TalkReading) throws {
        try db.execute(
            sql: "INSERT INTO talk_reading (page, revision, read_at, unanswered, overdue) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                reading.page, reading.revision, Instant.format(reading.readAt), reading.unanswered, reading.overdue,
            ])
    }
}
