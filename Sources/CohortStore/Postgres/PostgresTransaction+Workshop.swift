import CohortCore
import Foundation

extension PostgresMigrations {
    /// The availability poll, workshop sessions and registrations.
    static let workshop = PostgresMigration(
        name: "2026-11-29-workshop",
        statements: [
            "CREATE TABLE poll_slot (start text PRIMARY KEY)",
            """
            CREATE TABLE poll_participant (
              name text PRIMARY KEY, position integer NOT NULL, time_zone text NOT NULL, answers text NOT NULL)
            """,
            """
            CREATE TABLE workshop_session (
              id text PRIMARY KEY, title text NOT NULL, start text NOT NULL, duration_minutes integer NOT NULL,
              capacity integer NOT NULL, link text NOT NULL, status text NOT NULL, sequence integer NOT NULL,
              uid text NOT NULL UNIQUE, cancel_reason text)
            """,
            """
            CREATE TABLE workshop_registration (
              session_id text NOT NULL REFERENCES workshop_session ON DELETE CASCADE, username text NOT NULL,
              registered_at text NOT NULL, attended boolean NOT NULL, PRIMARY KEY (session_id, username))
            """,
        ])
}

extension PostgresTransaction: WorkshopRecords {
    func poll() throws -> Poll? {
        let slots = try rows(#"SELECT start FROM poll_slot ORDER BY start COLLATE "C""#).compactMap {
            Instant.parse($0.text("start"))
        }
        guard !slots.isEmpty else { return nil }
        let participants = try rows("SELECT name, time_zone, answers FROM poll_participant ORDER BY position").map {
            row in
            Poll.Participant(
                name: row.text("name"), timeZone: row.text("time_zone"),
                answers: row.text("answers").map { $0 == "y" ? .yes : ($0 == "i" ? .ifneedbe : .no) })
        }
        return Poll(slots: slots, participants: participants)
    }

    func replacePoll(_ poll: Poll) throws {
        try execute("DELETE FROM poll_participant")
        try execute("DELETE FROM poll_slot")
        for slot in poll.slots { try execute("INSERT INTO poll_slot (start) VALUES ($1)", [Instant.format(slot)]) }
        for (position, participant) in poll.participants.enumerated() {
            let letters = String(participant.answers.map { $0 == .yes ? "y" : ($0 == .ifneedbe ? "i" : "n") })
            try execute(
                "INSERT INTO poll_participant (name, position, time_zone, answers) VALUES ($1, $2, $3, $4)",
                [participant.name, String(position), participant.timeZone, letters])
        }
    }

    func sessions() throws -> [WorkshopSession] {
        // SQLite's CAST(id AS INTEGER) reads the leading digits (0 when there are none): the same order.
        try rows(
            #"SELECT * FROM workshop_session ORDER BY COALESCE(substring(id from '^[0-9]+')::numeric, 0), id COLLATE "C""#
        ).map { row in
            WorkshopSession(
                id: row.text("id"), title: row.text("title"), start: Instant.parse(row.text("start")) ?? .distantPast,
                duration: row.int("duration_minutes"), capacity: row.int("capacity"), link: row.text("link"),
                status: WorkshopSession.Status(rawValue: row.text("status")) ?? .scheduled,
                sequence: row.int("sequence"), uid: row.text("uid"), cancelReason: row["cancel_reason"])
        }
    }

    func save(_ session: WorkshopSession) throws {
        try execute(
            """
            INSERT INTO workshop_session (id, title, start, duration_minutes, capacity, link, status, sequence, uid,
              cancel_reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, start = excluded.start,
              duration_minutes = excluded.duration_minutes, capacity = excluded.capacity, link = excluded.link,
              status = excluded.status, sequence = excluded.sequence, uid = excluded.uid,
              cancel_reason = excluded.cancel_reason
            """,
            [
                session.id, session.title, Instant.format(session.start), String(session.duration),
                String(session.capacity), session.link, session.status.rawValue, String(session.sequence), session.uid,
                session.cancelReason,
            ])
    }

    func registrations(session: String?) throws -> [Registration] {
        let order = #"ORDER BY registered_at COLLATE "C", username COLLATE "C""#
        let found =
            if let session {
                try rows("SELECT * FROM workshop_registration WHERE session_id = $1 \(order)", [session])
            } else {
                try rows("SELECT * FROM workshop_registration \(order)")
            }
        return found.map { row in
            Registration(
                session: row.text("session_id"), username: row.text("username"),
                registeredAt: Instant.parse(row.text("registered_at")) ?? .distantPast, attended: row.bool("attended"))
        }
    }

    func save(_ registration: Registration) throws {
        try execute(
            """
            INSERT INTO workshop_registration (session_id, username, registered_at, attended) VALUES ($1, $2, $3, $4)
            ON CONFLICT (session_id, username) DO UPDATE SET registered_at = excluded.registered_at,
              attended = excluded.attended
            """,
            [
                registration.session, registration.username, Instant.format(registration.registeredAt),
                Self.flag(registration.attended),
            ])
    }
}
