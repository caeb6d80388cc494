import Foundation

/// Where someone stands with the data NDA. The plan asks participants to "agree to sign" it to be
/// eligible; access to the data (pilot sessions, the pilot wave) needs it signed.
public enum NDAStatus: String, Sendable, Codable, CaseIterable {
    /// Not agreed (yet): not eligible while the program requires the NDA.
    case none
    /// Agreed to sign: eligible, but no access until signed.
    case agreed
    /// The agreement was sent for signature: eligible, no access yet.
    case sent
    /// Signed: eligible, and access to the data.
    case signed
    /// Refused to sign: not eligible, and never offered a seat.
    case declined

    /// True from `agreed` on (agreed, sent or signed): what eligibility asks for.
    public var isAgreed: Bool { self == .agreed || self == .sent || self == .signed }

    /// Reads a sign-up sheet's value: the five states, plus the sheet's own words for two of them
    /// (`yes` or `agree` for agreed, `no` for none, `refused` for declined), in any case.
    public init?(sheetValue text: String) {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let state = NDAStatus(rawValue: word) {
            self = state
            return
        }
        switch word {
        case "yes", "agree", "agrees": self = .agreed
        case "no": self = .none
        case "refused", "decline": self = .declined
        default: return nil
        }
    }

    /// `none, agreed, sent, signed or declined`, for messages.
    public static var spelledList: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

/// Someone who asked to join the pilot, as the sign-ups CSV describes them.
public struct Signup: Sendable, Equatable, Codable {
    /// The wiki username: unique, and how every command names the person.
    public var username: String
    /// Personal data: never printed in public outputs. Empty when they gave none (a talk-page sign-up).
    public var email: String
    /// When they signed up: the instant that decides their place in line.
    public var signedUpAt: Date
    /// Their use case, in their words.
    public var useCase: String
    public var useCaseApplicable: Bool
    public var available: Bool
    public var nda: NDAStatus
    /// Their IANA time zone, for showing times in their local time.
    public var timeZone: String
    public var languages: [String]
    /// Where they stand now.
    public var standing: Standing
    /// What is not known yet: answers a talk-page sign-up did not give, and whether the use case
    /// is applicable until staff judge it. The matching values above mean nothing while unknown.
    public var unanswered: Set<SignupAnswer>

    public init(
        username: String, email: String, signedUpAt: Date, useCase: String = "", useCaseApplicable: Bool = true,
        available: Bool = true, nda: NDAStatus = .signed, timeZone: String = "UTC", languages: [String] = [],
        standing: Standing = .pending, unanswered: Set<SignupAnswer> = []
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
        self.unanswered = unanswered
    }

    /// True while the person's own answers (availability, and the NDA when it is required) are
    /// missing: a talk-page entry without the sign-up template's answers.
    public func isIncomplete(ndaRequired: Bool = true) -> Bool {
        unanswered.contains(.available) || (ndaRequired && unanswered.contains(.nda))
    }

    /// The same sign-up with the facts of `other` (from a re-import), keeping where it stands.
    public func updating(with other: Signup) -> Signup {
        var copy = other
        copy.standing = standing
        // The name as first written: "alice" and "Alice" are one wiki user.
        copy.username = username
        return copy
    }

    /// The fields a re-import would change, by their CSV column names.
    public func changedColumns(comparedWith other: Signup) -> [String] {
        var changed: [String] = []
        if email != other.email { changed.append("email") }
        if signedUpAt != other.signedUpAt { changed.append("signed_up_at") }
        if useCase != other.useCase { changed.append("use_case") }
        for answer in SignupAnswer.allCases {
            let known = (unanswered.contains(answer), other.unanswered.contains(answer))
            if known.0 != known.1 || (!known.0 && value(of: answer) != other.value(of: answer)) {
                changed.append(answer.rawValue)
            }
        }
        if timeZone != other.timeZone { changed.append("time_zone") }
        if languages != other.languages { changed.append("languages") }
        return changed
    }
}

/// An answer a sign-up may lack, by its CSV column's name.
public enum SignupAnswer: String, Sendable, Codable, CaseIterable, Comparable {
    /// Staff's judgement, unless the sign-up template asks it.
    case useCaseApplicable = "use_case_applicable"
    case available
    case nda

    public static func < (lhs: SignupAnswer, rhs: SignupAnswer) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension Signup {
    /// The answer's value as the CSV writes it.
    public func value(of answer: SignupAnswer) -> String {
        switch answer {
        case .useCaseApplicable: useCaseApplicable ? "yes" : "no"
        case .available: available ? "yes" : "no"
        case .nda: nda.rawValue
        }
    }
}

/// Where a sign-up stands in the pilot.
public enum Standing: Sendable, Equatable, Codable {
    /// Signed up; no selection has placed them yet.
    case pending
    /// Has a seat. Never displaced by a later import or selection.
    case enrolled
    /// Eligible, waiting for a seat in first-come-first-served order.
    case waitlisted
    /// A freed seat is offered to them until `expires`.
    case offered(expires: Date)
    /// Left the pilot (or the wait-list); they are not offered seats again.
    case withdrawn(reason: String)
    /// Let an offer expire; they are not offered seats again.
    case lapsed

    /// The standing's name in records and JSON.
    public var name: String {
        switch self {
        case .pending: "pending"
        case .enrolled: "enrolled"
        case .waitlisted: "waitlisted"
        case .offered: "offered"
        case .withdrawn: "withdrawn"
        case .lapsed: "lapsed"
        }
    }

    /// True while the person holds a seat or a standing offer of one.
    public var holdsSeat: Bool {
        switch self {
        case .enrolled, .offered: true
        default: false
        }
    }
}

extension Signup {
    /// The sign-ups CSV's columns, in order (see DESIGN.md); `use_case` and `languages` may be empty.
    public static let columns = CSVColumns(
        [
            "username", "email", "signed_up_at", "use_case", "use_case_applicable", "available", "nda", "time_zone",
            "languages",
        ], text: ["username": .key, "use_case": .multiline])

    /// Reads every row of a sign-ups CSV. Returns the good sign-ups and a problem for each bad row
    /// (each located by row and column, with the fix), so a caller can refuse all or keep the good.
    public static func read(_ table: CSVTable) -> (signups: [(row: CSVLocation, signup: Signup)], problems: CSVProblems)
    {
        var signups: [(row: CSVLocation, signup: Signup)] = []
        var problems = table.rejected
        var firstRow: [String: Int] = [:]
        for row in table.rows {
            var found = CSVProblems(file: table.file)
            let username = row["username"]
            let earlier = username.isEmpty ? nil : firstRow[WikiUsername.key(username)]
            let signup = read(row, &found, earlierRow: earlier)
            if firstRow[WikiUsername.key(username)] == nil, !username.isEmpty {
                firstRow[WikiUsername.key(username)] = row.location.row
            }
            guard let signup else {
                problems.add(contentsOf: found)
                continue
            }
            signups.append((row.location, signup))
        }
        return (signups, problems)
    }

    /// Reads one sign-up from `row` (the sign-ups CSV's columns), adding a problem for each bad
    /// value, located by its column, to `found`; nil when there was one. The CSV import and the
    /// talk-page import (each entry's answers written as a row) share it.
    /// `earlierRow`: the row that holds the same username already, in a CSV file.
    public static func read(_ row: CSVRow, _ found: inout CSVProblems, earlierRow: Int? = nil) -> Signup? {
        let before = found.problems.count
        let username = row["username"]
        if username.isEmpty {
            found.add(row.location("username"), "missing username; write the participant's wiki username")
        } else if username.contains(where: { $0.isNewline || $0 == "\t" }) {
            found.add(row.location("username"), "contains a line break or tab; write the username on one line")
        } else if username.utf8.count > Self.longestUsername {
            found.add(
                row.location("username"),
                "is \(username.utf8.count) bytes long; a wiki username has at most \(Self.longestUsername) bytes (MediaWiki's limit); write the participant's wiki username"
            )
        } else if let earlierRow {
            found.add(
                row.location("username"),
                "\"\(username)\" already appears in row \(earlierRow); keep one row per person")
        } else if let problem = WikiUsername.problem(username) {
            found.add(row.location("username"), "\"\(username)\" \(problem)")
        }
        // A sign-up on the talk page may come without an address: notices to them are reported
        // undeliverable. An address that is written must be one.
        let email = row["email"].trimmingCharacters(in: .whitespaces)
        if !email.isEmpty, !Self.isMailAddress(email) {
            found.add(
                row.location("email"), "\"\(email)\" is not a mail address; write it like name@example.org")
        }
        let signedText = row["signed_up_at"]
        let signedUpAt = Self.instantWithOffset(signedText)
        if signedUpAt == nil {
            found.add(
                row.location("signed_up_at"),
                Instant.problem(
                    signedText,
                    expected:
                        "an ISO 8601 instant with an offset; write it like 2022-02-01T09:30:00+01:00 or 2022-02-01T08:30:00Z"
                ))
        }
        let applicable = yesNo(row, "use_case_applicable", &found)
        let available = yesNo(row, "available", &found)
        let nda = NDAStatus(sheetValue: row["nda"])
        if nda == nil {
            let states = NDAStatus.allCases.map(\.rawValue)
            found.add(
                row.location("nda"),
                "\"\(row["nda"])\" is not an NDA state\(Suggestion.didYouMean(row["nda"].lowercased(), in: states)); write \(NDAStatus.spelledList)"
            )
        }
        let zone = row["time_zone"]
        if let problem = row.zoneProblem("time_zone") { found.add(row.location("time_zone"), problem) }
        guard found.problems.count == before, let signedUpAt, let applicable, let available, let nda else { return nil }
        let languages = row["languages"].split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "," })
            .map(String.init)
        return Signup(
            username: username, email: email, signedUpAt: signedUpAt, useCase: row["use_case"],
            useCaseApplicable: applicable, available: available, nda: nda, timeZone: zone, languages: languages)
    }

    /// `isMailAddress` for ASCII text, byte by byte (the same rule, at import speed).
    static func isASCIIMailAddress(_ text: String) -> Bool {
        let forbidden = Set("<>()[],;:\"\\ \t\r\n\u{B}\u{C}".utf8)
        var at: Int?
        for (index, byte) in text.utf8.enumerated() {
            if forbidden.contains(byte) { return false }
            if byte == UInt8(ascii: "@") {
                guard at == nil else { return false }
                at = index
            }
        }
        guard let at, at > 0 else { return false }
        let domain = text.utf8.dropFirst(at + 1)
        guard let first = domain.first, let last = domain.last else { return false }
        return domain.contains(UInt8(ascii: ".")) && first != UInt8(ascii: ".") && last != UInt8(ascii: ".")
    }

    /// `yes` or `no` (any case) in `column`; records a problem otherwise.
    private static func yesNo(_ row: CSVRow, _ column: String, _ problems: inout CSVProblems) -> Bool? {
        switch row[column].lowercased() {
        case "yes": return true
        case "no": return false
        default:
            problems.add(row.location(column), "\"\(row[column])\" is not yes or no; write yes or no")
            return nil
        }
    }

    /// An ISO 8601 instant that states its offset (`Z` or `+01:00`): a bare local time would make
    /// someone's place in line depend on a guess.
    /// MediaWiki's limit on a username, in UTF-8 bytes (`$wgMaxNameChars` is 255).
    public static let longestUsername = WikiUsername.maximumBytes

    static func instantWithOffset(_ text: String) -> Date? {
        guard text.count > 10, text.contains("T") else { return nil }
        return Instant.parse(text)
    }

    /// A plausible single mail address: one `@`, something before it, a dotted domain after it, no spaces.
    public static func isMailAddress(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return isASCIIMailAddress(text) }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else { return false }
        return !text.contains { $0.isWhitespace || "<>()[],;:\"\\".contains($0) }
    }
}
