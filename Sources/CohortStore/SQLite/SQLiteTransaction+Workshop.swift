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

extension SQLiteTransaction: WorkshopRecords {
    func poll() throws -> Poll? {
        let slots = try String.fetchAll(db, sql: "SELECT start FROM poll_slot ORDER BY start").compactMap(
            Instant.parse)
        guard !slots.isEmpty else { return nil }
        let rows = try Row.fetchAll(
            db, sql: "SELECT name, time_zone, answers FROM poll_participant ORDER BY position")
        let participants = rows.map { row in
            let letters: String = row["answers"]
            return Poll.Participant(
                name: row["name"], timeZone: row["time_zone"],
                answers: letters.map { $0 == "y" ? .yes : ($0 == "i" ? .ifneedbe : .no) })
        }
        return Poll(slots: slots, participants: participants)
    }

    func replacePoll(_ poll: Poll) throws {
        try db.execute(sql: "DELETE FROM poll_participant")
        try db.execute(sql: "DELETE FROM poll_slot")
        for slot in poll.slots {
            try run("INSERT INTO poll_slot (start) VALUES (?)", [Instant.format(slot)])
        }
        for (position, participant) in poll.participants.enumerated() {
            let letters = String(participant.answers.map { $0 == .yes ? "y" : ($0 == .ifneedbe ? "i" : "n") })
            try run(
                "INSERT INTO poll_participant (name, position, time_zone, answers) VALUES (?, ?, ?, ?)",
                [participant.name, position, participant.timeZone, letters])
        }
    }

    func sessions() throws -> [WorkshopSession] {
        try SessionRow.order(sql: "CAST(id AS INTEGER), id").fetchAll(db).map(\.session)
    }

    func save(_ session: WorkshopSession) throws { try SessionRow(session).save(db) }

    func registrations(session: String?) throws -> [Registration] {
        var request = RegistrationRow.order(Column("registered_at"), Column("username"))
        if let session { request = request.filter(Column("session_id") == session) }
        return try request.fetchAll(db).map(\.registration)
    }

    func save(_ registration: Registration) throws { try RegistrationRow(registration).save(db) }
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

    init(_ session: WorkshopSession) {
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
            sequence: sequence, uid: uid, cancelReason: cancelReason)
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

    init(_ registration: Registration) {
        sessionId = registration.session
        username = registration.username
        registeredAt = Instant.format(registration.registeredAt)
        attended = registration.attended
    }

    var registration: Registration {
        Registration(
            session: sessionId, username: username, registeredAt: Instant.parse(registeredAt) ?? .distantPast,
            attended: attended)
    }
}
