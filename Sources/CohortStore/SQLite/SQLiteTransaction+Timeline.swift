import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// Timeline shifts, release-wave events, and what the program calendar last said about each item.
    static let timeline = Migration(name: "2026-11-29-timeline") { db in
        try db.create(table: "timeline_shift") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("item", .text).notNull()
            table.column("from_date", .text)
            table.column("to_date", .text).notNull()
            table.column("reason", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("at", .text).notNull()
        }
        try db.create(table: "release_event") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("wave", .text).notNull()
            table.column("action", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("at", .text).notNull()
            table.column("reason", .text).notNull()
        }
        try db.create(table: "calendar_item") { table in
            table.primaryKey("uid", .text)
            table.column("fingerprint", .text).notNull()
            table.column("sequence", .integer).notNull()
        }
    }
}
extension Migrations {
    /// Whether a shift moved the item itself or recorded a dependant moving with it (a cascade,
    /// which keeps a relative item relative). Earlier cascades are found by their audit entries.
    static let timelineCascades = Migration(name: "2026-12-01-timeline-cascades") { db in
        try db.alter(table: "timeline_shift") { table in
            table.add(column: "cascaded", .boolean).notNull().defaults(to: false)
        }
        try db.execute(
            sql: """
                UPDATE timeline_shift SET cascaded = 1 WHERE EXISTS (
                  SELECT 1 FROM audit_log WHERE audit_log.action = 'cascade' AND audit_log.at = timeline_shift.at
                    AND audit_log.subject LIKE '%:' || timeline_shift.item)
                """)
    }
}

extension Migrations {
    /// Milestones recorded as reached (`cohort timeline done`), so a past one without is overdue.
    static let milestoneCompletions = Migration(name: "2026-12-07-milestone-completions") { db in
        try db.create(table: "milestone_completion") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("milestone", .text).notNull()
            table.column("at", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("note", .text).notNull()
        }
    }
}

extension SQLiteTransaction: TimelineRecords {
    func completions() throws -> [MilestoneCompletion] {
        try Row.fetchAll(db, sql: "SELECT * FROM milestone_completion ORDER BY id").map { row in
            MilestoneCompletion(
                milestone: row["milestone"], at: Instant.parse(row["at"]) ?? .distantPast, by: row["actor"],
                note: row["note"])
        }
    }

    func append(_ completion: MilestoneCompletion) throws {
        try db.execute(
            sql: "INSERT INTO milestone_completion (milestone, at, actor, note) VALUES (?, ?, ?, ?)",
            arguments: [completion.milestone, Instant.format(completion.at), completion.by, completion.note])
    }

    func shifts() throws -> [TimelineShift] {
        try Row.fetchAll(db, sql: "SELECT * FROM timeline_shift ORDER BY id").compactMap { row in
            guard case .success(let to) = PlannedDate.parse(row["to_date"]) else { return nil }
            let from: PlannedDate? = (row["from_date"] as String?).flatMap { try? PlannedDate.parse($0).get() }
            return TimelineShift(
                item: row["item"], from: from, to: to, reason: row["reason"], by: row["actor"],
                at: Instant.parse(row["at"]) ?? .distantPast, cascaded: row["cascaded"])
        }
    }

    func append(_ shift: TimelineShift) throws {
        try db.execute(
            sql: """
                INSERT INTO timeline_shift (item, from_date, to_date, reason, actor, at, cascaded)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                shift.item, shift.from?.description, shift.to.description, shift.reason, shift.by,
                Instant.format(shift.at), shift.cascaded,
            ])
    }

    func releaseEvents() throws -> [ReleaseEvent] {
        try Row.fetchAll(db, sql: "SELECT * FROM release_event ORDER BY id").compactMap { row in
            guard let action = ReleaseEvent.Action(rawValue: row["action"]) else { return nil }
            return ReleaseEvent(
                wave: row["wave"], action: action, by: row["actor"], at: Instant.parse(row["at"]) ?? .distantPast,
                reason: row["reason"])
        }
    }

    func append(_ event: ReleaseEvent) throws {
        try db.execute(
            sql: "INSERT INTO release_event (wave, action, actor, at, reason) VALUES (?, ?, ?, ?, ?)",
            arguments: [event.wave, event.action.rawValue, event.by, Instant.format(event.at), event.reason])
    }

    func calendarItems() throws -> [String: CalendarItemState] {
        var items: [String: CalendarItemState] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT uid, fingerprint, sequence FROM calendar_item") {
            items[row["uid"]] = CalendarItemState(fingerprint: row["fingerprint"], sequence: row["sequence"])
        }
        return items
    }

    func saveCalendarItem(uid: String, _ state: CalendarItemState) throws {
        try db.execute(
            sql: """
                INSERT INTO calendar_item (uid, fingerprint, sequence) VALUES (?, ?, ?)
                ON CONFLICT(uid) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence
                """,
            arguments: [uid, state.fingerprint, state.sequence])
    }
}
