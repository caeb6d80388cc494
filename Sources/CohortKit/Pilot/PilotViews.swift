import CohortCore
internal import CohortRender
import Foundation

/// `pilot list --json`: the capacity and everyone's standing; addresses only when asked for.
public struct PilotListing: Sendable, Encodable {
    public var capacity: Int
    /// Everyone as they stand at the clock; those whose standing only time decided (not recorded
    /// yet) carry `"projected": true`.
    public var participants: [SignupLine]
    /// What time decided and no command has recorded yet, each `"projected": true`.
    public var projected: [PilotProjection.Entry]
    /// The places behind the listing, for the table.
    let places: [PilotPlace]
    let showEmail: Bool

    enum CodingKeys: String, CodingKey { case capacity, participants, projected }

    public var text: String {
        PilotText.list(places, capacity: capacity, showEmail: showEmail, projected: Set(projected.map(\.username)))
            + projectedText
    }

    var projectedText: String {
        guard !projected.isEmpty else { return "" }
        return "\n\nProjected, not recorded (the next deciding pilot command records it at its deadline):\n"
            + projected.compactMap(\.line).map { "  \($0)" }.joined(separator: "\n")
    }
}

/// What time has decided in the pilot by the clock and nobody has recorded yet: lapsed offers and
/// the seats they pass on, as a view shows them.
public struct PilotProjection: Sendable {
    /// One projected decision.
    public struct Entry: Sendable, Encodable {
        public var action: String
        public var username: String
        /// When it took effect (the offer's deadline), ISO 8601 UTC.
        public var at: String
        public var reason: String
        let projected = true
        /// For people: `offer to jo.b lapses 2027-09-03 07:00 (America/Santiago); the seat would pass to kai`.
        let line: String?

        enum CodingKeys: String, CodingKey { case action, username, at, reason, projected }
    }

    public var entries: [Entry]

    init(_ decisions: [PilotDecision], in cohort: PilotCohort) {
        let zones = Dictionary(
            cohort.signups.map { ($0.username, $0.timeZone) }, uniquingKeysWith: { first, _ in first })
        entries = decisions.enumerated().map { index, decision in
            var line: String?
            if decision.action == "expire", let at = decision.at {
                let zoneName = zones[decision.username] ?? "UTC"
                let zone = TimeZone(identifier: zoneName) ?? .gmt
                let next = decisions.indices.contains(index + 1) ? decisions[index + 1] : nil
                let seat =
                    next?.action == "offer"
                    ? "the seat would pass to \(next?.username ?? "")" : "nobody eligible is waiting for the seat"
                line =
                    "offer to \(decision.username) lapses \(CivilDate(at, in: zone)) \(LocalTime.clock(at, in: zone)) (\(zoneName)); \(seat)"
            }
            return Entry(
                action: decision.action, username: decision.username, at: decision.at.map(Instant.format) ?? "",
                reason: decision.reason, line: line)
        }
    }
}

/// One sign-up in JSON; the address only when asked for.
public struct SignupLine: Sendable, Encodable {
    var username: String
    var standing: String
    var place: Int?
    var eligible: Bool
    var reasons: [IneligibilityReason]
    var signedUpAt: String
    var timeZone: String
    var nda: String
    var offerExpiresAt: String?
    /// A talk-page sign-up without its answers (availability, the NDA).
    var incomplete: Bool?
    /// What is not known yet: answers not given, `use_case_applicable` until staff judge it.
    var unanswered: [String]?
    var email: String?
    /// True when the standing is what time decided and nobody has recorded yet.
    var projected: Bool?
    /// What `pilot set` decided with it (a declined NDA ends an enrolment), and who was told.
    var decisions: PilotDecisions?
    let signup: Signup

    enum CodingKeys: String, CodingKey {
        case username, standing, place, eligible, reasons, nda, email, projected, decisions, incomplete, unanswered,
            signedUpAt, timeZone, offerExpiresAt
    }

    init(_ signup: Signup, reasons: [IneligibilityReason], place: Int? = nil, expires: Date? = nil, showEmail: Bool) {
        self.signup = signup
        username = signup.username
        standing = signup.standing.name
        self.place = place
        eligible = reasons.isEmpty
        self.reasons = reasons
        signedUpAt = Instant.format(signup.signedUpAt)
        timeZone = signup.timeZone
        nda = signup.nda.rawValue
        offerExpiresAt = expires.map(Instant.format)
        email = showEmail ? signup.email : nil
        if !signup.unanswered.isEmpty {
            unanswered = signup.unanswered.sorted().map(\.rawValue)
            incomplete = reasons.contains(.answersMissing)
        }
    }

    init(_ signup: Signup, place: PilotPlace, showEmail: Bool) {
        self.init(
            signup, reasons: place.reasons, place: place.place, expires: place.offerExpires, showEmail: showEmail)
    }

    /// `pilot set` for people.
    public var text: String {
        let unknown = signup.unanswered
        let ndaText = unknown.contains(.nda) ? "nda unanswered" : "nda \(nda)"
        let useCase =
            unknown.contains(.useCaseApplicable)
            ? "use case not reviewed" : "use case \(signup.useCaseApplicable ? "applicable" : "not applicable")"
        let available =
            unknown.contains(.available) ? "availability unanswered" : signup.available ? "available" : "not available"
        let line = "\(username): \(ndaText), \(useCase), \(available)"
        guard let decisions, !decisions.decisions.isEmpty else { return line }
        return line + "\n" + decisions.text
    }
}

/// Pilot decisions, as `{"decisions":[{"action","username","reason"}],"notices":{…}}` or a table.
public struct PilotDecisions: Sendable, Encodable {
    public var decisions: [PilotDecision]
    /// Who was told, and what could not be.
    public var notices: NoticeSummary

    public init(decisions: [PilotDecision], notices: NoticeSummary = NoticeSummary()) {
        self.decisions = decisions
        self.notices = notices
    }

    public init(_ told: Told<[PilotDecision]>) { self.init(decisions: told.value, notices: told.notices) }

    public var text: String {
        ([PilotText.decisions(decisions)] + [notices.text].compactMap { $0 }).joined(separator: "\n")
    }
}

extension SignupImport {
    /// `pilot import` for people.
    public func text(file: String) -> String {
        var lines = [
            "Imported \(file): \(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
                + (skipped.isEmpty
                    ? ""
                    : ", \(Plural.count(skippedRows, "row")) skipped"
                        + (skipped.count == skippedRows ? "" : " (\(Plural.count(skipped.count, "problem")))"))
        ]
        lines += updated.map { "  \($0.username): \($0.columns.joined(separator: ", ")) changed" }
        return lines.joined(separator: "\n")
    }
}

extension PilotOutcome {
    /// `pilot select` for people.
    public func text(bold: (String) -> String = { $0 }) -> String { PilotText.outcome(self, bold: bold) }
}

extension PilotEnrolment {
    /// Imports sign-ups from the CSV file at `path` (see `importSignups(_:skipInvalid:acceptChanges:audit:)`).
    public func importSignups(file path: String, skipInvalid: Bool, acceptChanges: Bool, audit: AuditContext) throws
        -> SignupImport
    {
        try withSkipHint(skipInvalid) {
            try importSignups(
                try readCSV(path, columns: Signup.columns), skipInvalid: skipInvalid, acceptChanges: acceptChanges,
                audit: audit)
        }
    }

    /// Records a change to one sign-up; see `updateSignup(_:nda:useCaseApplicable:available:audit:)`.
    public func setSignup(
        _ username: String, nda: NDAStatus?, useCaseApplicable: Bool?, available: Bool?, audit: AuditContext
    ) throws -> SignupLine {
        let told = try updateSignup(
            username, nda: nda, useCaseApplicable: useCaseApplicable, available: available, audit: audit)
        let signup = told.value.signup
        var line = SignupLine(signup, reasons: Eligibility.reasons(signup, rules: program.pilot), showEmail: false)
        line.decisions = PilotDecisions(decisions: told.value.decisions, notices: told.notices)
        return line
    }

    /// Everyone's standing and place at `now`, for `pilot list`; records nothing.
    public func pilotListing(showEmail: Bool, now: Date) throws -> PilotListing {
        let (capacity, places, projection) = try pilotPlaces(now: now)
        let moved = Set(projection.entries.map(\.username))
        return PilotListing(
            capacity: capacity,
            participants: places.map {
                var line = SignupLine($0.signup, place: $0, showEmail: showEmail)
                if moved.contains(line.username) { line.projected = true }
                return line
            },
            projected: projection.entries, places: places, showEmail: showEmail)
    }
}
