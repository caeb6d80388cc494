import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// Partners, their stage history, ticked checklist items and the reminders sent about them.
    static let partners = Migration(name: "2026-11-29-partners") { db in
        try db.create(table: "partner") { table in
            table.primaryKey("id", .text)
            table.column("position", .integer).notNull()
            table.column("name", .text).notNull()
            table.column("kind", .text).notNull()
            table.column("region", .text).notNull()
            table.column("contact_name", .text).notNull()
            table.column("contact_email", .text).notNull()
            table.column("time_zone", .text).notNull()
            table.column("wave", .text).notNull()
        }
        try db.create(table: "partner_step") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("partner", .text).notNull().references("partner", onDelete: .cascade)
            table.column("from_stage", .text)
            table.column("to_stage", .text).notNull()
            table.column("move", .text).notNull()
            table.column("forced", .boolean).notNull()
            table.column("at", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("note", .text).notNull()
        }
        try db.create(table: "partner_tick") { table in
            table.column("partner", .text).notNull().references("partner", onDelete: .cascade)
            table.column("item", .text).notNull()
            table.column("at", .text).notNull()
            table.column("actor", .text).notNull()
            table.primaryKey(["partner", "item"])
        }
        try db.create(table: "partner_reminder") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("partner", .text).notNull().references("partner", onDelete: .cascade)
            table.column("item", .text).notNull()
            table.column("at", .text).notNull()
        }
    }
}

extension SQLiteTransaction: PartnerRecords {
    func partners() throws -> [Partner] {
        try Row.fetchAll(db, sql: "SELECT * FROM partner ORDER BY position").map { row in
            Partner(
                id: row["id"], name: row["name"], kind: Partner.Kind(rawValue: row["kind"]) ?? .organisation,
                region: row["region"], contactName: row["contact_name"], contactEmail: row["contact_email"],
                timeZone: row["time_zone"], wave: row["wave"])
        }
    }

    func save(_ partner: Partner) throws {
        // The next position is the next rowid (MAX(rowid) is a lookup; MAX(position) would scan
        // every partner for each one imported). Partners are never deleted, so the two agree.
        try run(
            """
            INSERT INTO partner (id, position, name, kind, region, contact_name, contact_email, time_zone, wave)
            VALUES (?, (SELECT COALESCE(MAX(rowid), 0) + 1 FROM partner), ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, region = excluded.region,
              contact_name = excluded.contact_name, contact_email = excluded.contact_email,
              time_zone = excluded.time_zone, wave = excluded.wave
            """,
            [
                partner.id, partner.name, partner.kind.rawValue, partner.region, partner.contactName,
                partner.contactEmail, partner.timeZone, partner.wave,
            ])
    }

    func stageSteps() throws -> [StageStep] {
        try Row.fetchAll(db, sql: "SELECT * FROM partner_step ORDER BY id").map { row in
            StageStep(
                partner: row["partner"], from: row["from_stage"], to: row["to_stage"],
                move: StageStep.Move(rawValue: row["move"]) ?? .advance, forced: row["forced"],
                at: Instant.parse(row["at"]) ?? .distantPast, by: row["actor"], note: row["note"])
        }
    }

    func append(_ step: StageStep) throws {
        try run(
            """
            INSERT INTO partner_step (partner, from_stage, to_stage, move, forced, at, actor, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                step.partner, step.from, step.to, step.move.rawValue, step.forced, Instant.format(step.at), step.by,
                step.note,
            ])
    }

    func checklistTicks() throws -> [ChecklistTick] {
        try Row.fetchAll(db, sql: "SELECT * FROM partner_tick ORDER BY at, partner, item").map { row in
            ChecklistTick(
                partner: row["partner"], item: row["item"], at: Instant.parse(row["at"]) ?? .distantPast,
                by: row["actor"])
        }
    }

    func append(_ tick: ChecklistTick) throws {
        try db.execute(
            sql: "INSERT INTO partner_tick (partner, item, at, actor) VALUES (?, ?, ?, ?)",
            arguments: [tick.partner, tick.item, Instant.format(tick.at), tick.by])
    }

    func reminders() throws -> [ReminderRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM partner_reminder ORDER BY id").map { row in
            ReminderRecord(partner: row["partner"], item: row["item"], at: Instant.parse(row["at"]) ?? .distantPast)
        }
    }

    func append(_ reminder: ReminderRecord) throws {
        try db.execute(
            sql: "INSERT INTO partner_reminder (partner, item, at) VALUES (?, ?, ?)",
            arguments: [reminder.partner, reminder.item, Instant.format(reminder.at)])
    }
}
