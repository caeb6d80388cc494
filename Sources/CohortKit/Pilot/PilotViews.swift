import CohortCore
internal import CohortRender
import Foundation

/// `pilot list --json`: the capacity and everyone's standing; addresses only when asked for.
public struct PilotListing: Sendable, Encodable {
    public var capacity: Int
    public var participants: [SignupLine]
    /// The places behind the listing, for the table.
    let places: [PilotPlace]
    let showEmail: Bool

    enum CodingKeys: String, CodingKey { case capacity, participants }

    public var text: String { PilotText.list(places, capacity: capacity, showEmail: showEmail) }
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
    var email: String?
    let signup: Signup

    enum CodingKeys: String, CodingKey {
        case username, standing, place, eligible, reasons, nda, email
        case signedUpAt = "signed_up_at"
        case timeZone = "time_zone"
        case offerExpiresAt = "offer_expires_at"
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
    }

    init(_ signup: Signup, place: PilotPlace, showEmail: Bool) {
        self.init(
            signup, reasons: place.reasons, place: place.place, expires: place.offerExpires, showEmail: showEmail)
    }

    /// `pilot set` for people.
    public var text: String {
        "\(username): nda \(nda), use case \(signup.useCaseApplicable ? "applicable" : "not applicable"), \(signup.available ? "available" : "not available")"
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
                + (skipped.isEmpty ? "" : ", \(Plural.count(skipped.count, "row")) skipped")
        ]
        lines += updated.map { "  \($0.username): \($0.columns.joined(separator: ", ")) changed" }
        return lines.joined(separator: "\n")
    }
}

extension PilotOutcome {
    /// `pilot select` for people.
    public func text(bold: (String) -> String = { $0 }) -> String { PilotText.outcome(self, bold: bold) }
}

/// The hint every import adds to its CSV problems when it imported nothing.
let skipInvalidHint = "fix them, or pass --skip-invalid to import the good rows and list the others"

extension ProgramSession {
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

    /// Runs an import; CSV problems it throws say how to import the good rows when `skipInvalid` is off.
    func withSkipHint<T>(_ skipInvalid: Bool, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var problems as CSVProblems {
            // Only bad rows can be skipped; a file that cannot be read (quoting, encoding) cannot.
            if !skipInvalid, problems.problems.contains(where: { ($0.location?.row ?? 0) > 1 }) {
                problems.hint = skipInvalidHint
            }
            throw problems
        }
    }

    /// Records a change to one sign-up; see `updateSignup(_:nda:useCaseApplicable:available:audit:)`.
    public func setSignup(
        _ username: String, nda: NDAStatus?, useCaseApplicable: Bool?, available: Bool?, audit: AuditContext
    ) throws -> SignupLine {
        SignupLine(
            try updateSignup(
                username, nda: nda, useCaseApplicable: useCaseApplicable, available: available, audit: audit),
            reasons: [], showEmail: false)
    }

    /// Everyone's standing and place, for `pilot list`.
    public func pilotListing(showEmail: Bool, audit: AuditContext) throws -> PilotListing {
        let (capacity, places) = try pilotPlaces(audit: audit)
        return PilotListing(
            capacity: capacity, participants: places.map { SignupLine($0.signup, place: $0, showEmail: showEmail) },
            places: places, showEmail: showEmail)
    }
}
