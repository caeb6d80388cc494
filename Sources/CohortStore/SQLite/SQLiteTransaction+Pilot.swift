import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// Pilot sign-ups and where each stands, and the capacity a selection last used.
    static let pilot = Migration(name: "2026-11-29-pilot") { db in
        try db.create(table: "pilot_signup") { table in
            table.primaryKey("username", .text)
            table.column("email", .text).notNull()
            table.column("signed_up_at", .text).notNull()
            table.column("use_case", .text).notNull()
            table.column("use_case_applicable", .boolean).notNull()
            table.column("available", .boolean).notNull()
            table.column("nda", .text).notNull()
            table.column("time_zone", .text).notNull()
            table.column("languages", .text).notNull()
            table.column("standing", .text).notNull()
            table.column("offer_expires_at", .text)
            table.column("withdraw_reason", .text)
        }
        try db.create(table: "pilot_setting") { table in
            table.primaryKey("key", .text)
            table.column("value", .text).notNull()
        }
    }
}

extension Migrations {
    /// What a talk-page sign-up has not answered yet, and whether staff judged its use case
    /// (`SignupAnswer` names, space-separated; empty for a complete sign-up).
    static let pilotUnanswered = Migration(name: "2026-12-07-pilot-unanswered") { db in
        try db.alter(table: "pilot_signup") { table in
            table.add(column: "unanswered", .text).notNull().defaults(to: "")
        }
    }
}

extension SQLiteTransaction: PilotRecords {
    func signups() throws -> [Signup] {
        // Read by column position, not through Codable: a hundred thousand rows decode in a blink.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT username, email, signed_up_at, use_case, use_case_applicable, available, nda, time_zone,
                  languages, standing, offer_expires_at, withdraw_reason, unanswered FROM pilot_signup
                """)
        var signups: [Signup] = []
        while let row = try rows.next() {
            signups.append(
                SignupRow(
                    username: row[0], email: row[1], signedUpAt: row[2], useCase: row[3], useCaseApplicable: row[4],
                    available: row[5], nda: row[6], timeZone: row[7], languages: row[8], standing: row[9],
                    offerExpiresAt: row[10], withdrawReason: row[11], unanswered: row[12]
                ).signup)
        }
        return signups.sorted(by: PilotCohort.inLine)
    }

    func save(_ signup: Signup) throws {
        let row = SignupRow(signup)
        try run(
            """
            INSERT INTO pilot_signup (username, email, signed_up_at, use_case, use_case_applicable, available, nda,
              time_zone, languages, standing, offer_expires_at, withdraw_reason, unanswered)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(username) DO UPDATE SET email = excluded.email, signed_up_at = excluded.signed_up_at,
              use_case = excluded.use_case, use_case_applicable = excluded.use_case_applicable,
              available = excluded.available, nda = excluded.nda, time_zone = excluded.time_zone,
              languages = excluded.languages, standing = excluded.standing,
              offer_expires_at = excluded.offer_expires_at, withdraw_reason = excluded.withdraw_reason,
              unanswered = excluded.unanswered
            """,
            [
                row.username, row.email, row.signedUpAt, row.useCase, row.useCaseApplicable, row.available, row.nda,
                row.timeZone, row.languages, row.standing, row.offerExpiresAt, row.withdrawReason, row.unanswered,
            ])
    }

    func pilotCapacity() throws -> Int? {
        try String.fetchOne(db, sql: "SELECT value FROM pilot_setting WHERE key = 'capacity'").flatMap { Int($0) }
    }

    func setPilotCapacity(_ capacity: Int) throws {
        try db.execute(
            sql:
                "INSERT INTO pilot_setting (key, value) VALUES ('capacity', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [String(capacity)])
    }
}

/// One row of `pilot_signup`; instants as ISO 8601 UTC text.
struct SignupRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    static let databaseTableName = "pilot_signup"

    var username: String
    var email: String
    var signedUpAt: String
    var useCase: String
    var useCaseApplicable: Bool
    var available: Bool
    var nda: String
    var timeZone: String
    var languages: String
    var standing: String
    var offerExpiresAt: String?
    var withdrawReason: String?
    /// `SignupAnswer` names, space-separated.
    var unanswered: String

    init(
        username: String, email: String, signedUpAt: String, useCase: String, useCaseApplicable: Bool,
        available: Bool, nda: String, timeZone: String, languages: String, standing: String,
        offerExpiresAt: String?, withdrawReason: String?, unanswered: String
    ) {
        self.username = username
        self.email = email
        self.signedUpAt = signedUpAt
        self.useCase = useCase
        self.useCaseApplicable = useCaseApplicable
        self.available = available
        self.nda = nda
        self.timeZone = timeZone
        self.languages = languages
        self.standing = standing
        self.offerExpiresAt = offerExpiresAt
        self.withdrawReason = withdrawReason
        self.unanswered = unanswered
    }

    init(_ signup: Signup) {
        username = signup.username
        email = signup.email
        signedUpAt = Instant.format(signup.signedUpAt)
        useCase = signup.useCase
        useCaseApplicable = signup.useCaseApplicable
        available = signup.available
        nda = signup.nda.rawValue
        timeZone = signup.timeZone
        languages = signup.languages.joined(separator: " ")
        standing = signup.standing.name
        offerExpiresAt = nil
        withdrawReason = nil
        unanswered = signup.unanswered.sorted().map(\.rawValue).joined(separator: " ")
        switch signup.standing {
        case .offered(let expires): offerExpiresAt = Instant.format(expires)
        case .withdrawn(let reason): withdrawReason = reason
        default: break
        }
    }

    var signup: Signup {
        let standing: Standing =
            switch self.standing {
            case "enrolled": .enrolled
            case "waitlisted": .waitlisted
            case "offered": .offered(expires: offerExpiresAt.flatMap(Instant.parse) ?? .distantPast)
            case "withdrawn": .withdrawn(reason: withdrawReason ?? "")
            case "lapsed": .lapsed
            default: .pending
            }
        return Signup(
            username: username, email: email, signedUpAt: Instant.parse(signedUpAt) ?? .distantPast,
            useCase: useCase, useCaseApplicable: useCaseApplicable, available: available,
            nda: NDAStatus(rawValue: nda) ?? .none, timeZone: timeZone,
            languages: languages.split(separator: " ").map(String.init), standing: standing,
            unanswered: Self.answers(unanswered))
    }

    /// `SignupAnswer`s from their space-separated names.
    static func answers(_ text: String) -> Set<SignupAnswer> {
        Set(text.split(separator: " ").compactMap { SignupAnswer(rawValue: String($0)) })
    }
}
