import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// The availability poll, workshop sessions and registrations.
    static let workshop = Migration(name: "2026-11-29-workshop") { db in
        try db.create(table: "poll_slot") { table in
            table.primaryKey("start", .text)
        }
        try db.create(table: "poll_participant") { table in
            table.primaryKey("name", .text)
            table.column("position", .integer).notNull()
            table.column("time_zone", .text).notNull()
            // One letter per slot in time order: y (yes), i (if need be), n (no).
            table.column("answers", .text).notNull()
        }
        try db.create(table: "workshop_session") { table in
            table.primaryKey("id", .text)
            table.column("title", .text).notNull()
            table.column("start", .text).notNull()
            table.column("duration_minutes", .integer).notNull()
            table.column("capacity", .integer).notNull()
            table.column("link", .text).notNull()
            table.column("status", .text).notNull()
            table.column("sequence", .integer).notNull()
            table.column("uid", .text).notNull().unique()
            table.column("cancel_reason", .text)
        }
        try db.create(table: "workshop_registration") { table in
            table.column("session_id", .text).notNull().references("workshop_session", onDelete: .cascade)
            table.column("username", .text).notNull()
            table.column("registered_at", .text).notNull()
            table.column("attended", .boolean).notNull()
            table.primaryKey(["session_id", "username"])
        }
    }
}

extension Migrations {
    /// Sessions for an audience (pilot, partners, community), registrations of partners and of
    /// anyone by email with a wait-list, and one poll per audience.
    static let workshopAudiences = Migration(name: "2026-12-06-workshop-audiences") { db in
        try db.alter(table: "workshop_session") { table in
            table.add(column: "audience", .text).notNull().defaults(to: WorkshopAudience.pilot.rawValue)
        }
        try db.alter(table: "workshop_registration") { table in
            table.add(column: "attendee", .text).notNull().defaults(to: Registration.Attendee.participant.rawValue)
            table.add(column: "name", .text).notNull().defaults(to: "")
            table.add(column: "email", .text)
            table.add(column: "time_zone", .text)
            table.add(column: "waitlisted", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "workshop_poll_slot") { table in
            table.column("audience", .text).notNull()
            table.column("start", .text).notNull()
            table.primaryKey(["audience", "start"])
        }
        try db.create(table: "workshop_poll_participant") { table in
            table.column("audience", .text).notNull()
            table.column("name", .text).notNull()
            table.column("position", .integer).notNull()
            table.column("time_zone", .text).notNull()
            table.column("answers", .text).notNull()
            table.primaryKey(["audience", "name"])
        }
        try db.execute(sql: "INSERT INTO workshop_poll_slot (audience, start) SELECT 'pilot', start FROM poll_slot")
        try db.execute(
            sql: """
                INSERT INTO workshop_poll_participant (audience, name, position, time_zone, answers)
                SELECT 'pilot', name, position, time_zone, answers FROM poll_participant
                """)
        try db.drop(table: "poll_participant")
        try db.drop(table: "poll_slot")
    }
}

extension SQLiteTransaction: WorkshopRecords {
    func poll(audience: WorkshopAudience) throws -> Poll? {
        let slots = try String.fetchAll(
            db, sql: "SELECT start FROM workshop_poll_slot WHERE audience = ? ORDER BY start",
            arguments: [audience.rawValue]
        ).compactMap(Instant.parse)
        guard !slots.isEmpty else { return nil }
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT name, time_zone, answers FROM workshop_poll_participant WHERE audience = ? ORDER BY position",
            arguments: [audience.rawValue])
        let participants = rows.map { row in
            let letters: String = row["answers"]
            return Poll.Participant(
                name: row["name"], timeZone: row["time_zone"],
                answers: letters.map { $0 == "y" ? .yes : ($0 == "i" ? .ifneedbe : .no) })
        }
        return Poll(slots: slots, participants: participants)
    }

    func replacePoll(_ poll: Poll, audience: WorkshopAudience) throws {
        try db.execute(sql: "DELETE FROM workshop_poll_participant WHERE audience = ?", arguments: [audience.rawValue])
        try db.execute(sql: "DELETE FROM workshop_poll_slot WHERE audience = ?", arguments: [audience.rawValue])
        for slot in poll.slots {
            try run(
                "INSERT INTO workshop_poll_slot (audience, start) VALUES (?, ?)",
                [audience.rawValue, Instant.format(slot)])
        }
        for (position, participant) in poll.participants.enumerated() {
            let letters = String(participant.answers.map { $0 == .yes ? "y" : ($0 == .ifneedbe ? "i" : "n") })
            try run(
                """
                INSERT INTO workshop_poll_participant (audience, name, position, time_zone, answers)
                VALUES (?, ?, ?, ?, ?)
                """,
                [audience.rawValue, participant.name, position, participant.timeZone, letters])
        }
    }

    func sessions() throws -> [WorkshopSession] {
        try SessionRow.order(sql: "CAST(id AS INTEGER), id").fetchAll(db).map(\.session)
    }

    func save(_ session: WorkshopSession) throws { try SessionRow(session).save(db) }

    func registrations(session: String?) throws -> [Registration] {
        var request = RegistrationRow.order(Column("registered_at"), Column.rowID)
        if let session { request = request.filter(Column("session_id") == session) }
        return try request.fetchAll(db).map(\.registration)
    }

    func save(_ registration: Registration) throws { try RegistrationRow(registration).save(db) }

    func deleteRegistration(session: String, username: String) throws {
        try db.execute(
            sql: "DELETE FROM workshop_registration WHERE session_id = ? AND username = ?",
            arguments: [session, username])
    }
}

struct SessionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    static let databaseTableName = "workshop_session"

    var id: String
    var title: String
    var start: String
    var durationMinutes: Int
    var capacity: Int
    var link: String
    var status: String
    var sequence: Int
    var uid: String
    var cancelReason: String?
    var audience: String

    init(_ session: WorkshopSession) {
        audience = session.audience.rawValue
        id = session.id
        title = session.title
        start = Instant.format(session.start)
        durationMinutes = session.duration
        capacity = session.capacity
        link = session.link
        status = session.status.rawValue
        sequence = session.sequence
        uid = session.uid
        cancelReason = session.cancelReason
    }

    var session: WorkshopSession {
        WorkshopSession(
            id: id, title: title, start: Instant.parse(start) ?? .distantPast, duration: durationMinutes,
            capacity: capacity, link: link, status: WorkshopSession.Status(rawValue: status) ?? .scheduled,
            sequence: sequence, uid: uid, cancelReason: cancelReason,
            audience: WorkshopAudience(rawValue: audience) ?? .pilot)
    }
}

struct RegistrationRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    static let databaseTableName = "workshop_registration"

    var sessionId: String
    var username: String
    var registeredAt: String
    var attended: Bool
    var attendee: String
    var name: String
    var email: String?
    var timeZone: String?
    var waitlisted: Bool

    init(_ registration: Registration) {
        sessionId = registration.session
        username = registration.username
        registeredAt = Instant.format(registration.registeredAt)
        attended = registration.attended
        attendee = registration.attendee.rawValue
        name = registration.name
        email = registration.email
        timeZone = registration.timeZone
        waitlisted = registration.waitlisted
    }

    var registration: Registration {
        Registration(
            session: sessionId, username: username, registeredAt: Instant.parse(registeredAt) ?? .distantPast,
            attended: attended, attendee: Registration.Attendee(rawValue: attendee) ?? .participant, name: name,
            email: email, timeZone: timeZone, waitlisted: waitlisted)
    }
}
