import CohortCore
import Foundation

extension PostgresMigrations {
    /// Pilot sign-ups and where each stands, and the capacity a selection last used.
    static let pilot = PostgresMigration(
        name: "2026-11-29-pilot",
        statements: [
            """
            CREATE TABLE pilot_signup (
              username text PRIMARY KEY, email text NOT NULL, signed_up_at text NOT NULL, use_case text NOT NULL,
              use_case_applicable boolean NOT NULL, available boolean NOT NULL, nda text NOT NULL,
              time_zone text NOT NULL, languages text NOT NULL, standing text NOT NULL, offer_expires_at text,
              withdraw_reason text)
            """,
            "CREATE TABLE pilot_setting (key text PRIMARY KEY, value text NOT NULL)",
        ])
}

extension PostgresMigrations {
    /// What a talk-page sign-up has not answered yet (`SignupAnswer` names, space-separated).
    static let pilotUnanswered = PostgresMigration(
        name: "2026-12-07-pilot-unanswered",
        statements: ["ALTER TABLE pilot_signup ADD COLUMN unanswered text NOT NULL DEFAULT ''"])
}

extension PostgresTransaction: PilotRecords {
    func signups() throws -> [Signup] {
        try rows("SELECT * FROM pilot_signup").map { row in
            let standing: Standing =
                switch row.text("standing") {
                case "enrolled": .enrolled
                case "waitlisted": .waitlisted
                case "offered": .offered(expires: row["offer_expires_at"].flatMap(Instant.parse) ?? .distantPast)
                case "withdrawn": .withdrawn(reason: row["withdraw_reason"] ?? "")
                case "lapsed": .lapsed
                default: .pending
                }
            return Signup(
                username: row.text("username"), email: row.text("email"),
                signedUpAt: Instant.parse(row.text("signed_up_at")) ?? .distantPast, useCase: row.text("use_case"),
                useCaseApplicable: row.bool("use_case_applicable"), available: row.bool("available"),
                nda: NDAStatus(rawValue: row.text("nda")) ?? .none, timeZone: row.text("time_zone"),
                languages: row.text("languages").split(separator: " ").map(String.init), standing: standing,
                unanswered: SignupRow.answers(row.text("unanswered")))
        }.sorted(by: PilotCohort.inLine)
    }

    func save(_ signup: Signup) throws {
        let row = SignupRow(signup)
        try later(
            """
            INSERT INTO pilot_signup (username, email, signed_up_at, use_case, use_case_applicable, available, nda,
              time_zone, languages, standing, offer_expires_at, withdraw_reason, unanswered)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (username) DO UPDATE SET email = excluded.email, signed_up_at = excluded.signed_up_at,
              use_case = excluded.use_case, use_case_applicable = excluded.use_case_applicable,
              available = excluded.available, nda = excluded.nda, time_zone = excluded.time_zone,
              languages = excluded.languages, standing = excluded.standing,
              offer_expires_at = excluded.offer_expires_at, withdraw_reason = excluded.withdraw_reason,
              unanswered = excluded.unanswered
            """,
            [
                row.username, row.email, row.signedUpAt, row.useCase, Self.flag(row.useCaseApplicable),
                Self.flag(row.available), row.nda, row.timeZone, row.languages, row.standing, row.offerExpiresAt,
                row.withdrawReason, row.unanswered,
            ])
    }

    func pilotCapacity() throws -> Int? {
        try rows("SELECT value FROM pilot_setting WHERE key = 'capacity'").first.flatMap { Int($0.text("value")) }
    }

    func setPilotCapacity(_ capacity: Int) throws {
        try execute(
            "INSERT INTO pilot_setting (key, value) VALUES ('capacity', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [String(capacity)])
    }

    /// A boolean as PostgreSQL reads it.
    static func flag(_ value: Bool) -> String { value ? "true" : "false" }
}
