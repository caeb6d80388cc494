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

extension SQLiteTransaction: PilotRecords {
    func signups() throws -> [Signup] {
        try SignupRow.fetchAll(db).map(\.signup).sorted(by: PilotCohort.inLine)
    }

    func save(_ signup: Signup) throws { try SignupRow(signup).save(db) }

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
            languages: languages.split(separator: " ").map(String.init), standing: standing)
    }
}
