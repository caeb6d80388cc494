import Foundation

/// Who a workshop session is for. The plan's NDA pilot path, and (May 2022) workshops "in addition
/// to the NDA pilot path" and onboarding for partners.
public enum WorkshopAudience: String, Sendable, Codable, CaseIterable {
    /// Enrolled pilot participants with a signed NDA only; its link is never published.
    case pilot
    /// Partner contacts (by partner id); its link is never published.
    case partners
    /// Anyone who registers by email, up to the capacity, then on a wait-list.
    case community

    /// True when the session's link may appear in a public calendar: only community sessions,
    /// since the others show data under NDA.
    public var publishesLink: Bool { self == .community }
}

/// A workshop or office hour: when, how long, how many seats, where to join, and its calendar
/// identity (a UID that never changes and a SEQUENCE raised by every reschedule or cancellation).
public struct WorkshopSession: Sendable, Equatable {
    /// Whether the session still takes place.
    public enum Status: String, Sendable, Codable {
        case scheduled, cancelled
    }

    /// A short id commands name it by (`1`, `2`, …).
    public var id: String
    public var title: String
    public var start: Date
    /// Minutes.
    public var duration: Int
    public var capacity: Int
    /// Where to join (a video-call URL).
    public var link: String
    public var status: Status
    /// The iCalendar SEQUENCE: 0 when added, raised by each reschedule and by a cancellation.
    public var sequence: Int
    /// The iCalendar UID, fixed when the session is added.
    public var uid: String
    public var cancelReason: String?
    /// Who it is for; decides who may register.
    public var audience: WorkshopAudience

    public init(
        id: String, title: String, start: Date, duration: Int, capacity: Int, link: String,
        status: Status = .scheduled, sequence: Int = 0, uid: String, cancelReason: String? = nil,
        audience: WorkshopAudience = .pilot
    ) {
        self.audience = audience
        self.id = id
        self.title = title
        self.start = start
        self.duration = duration
        self.capacity = capacity
        self.link = link
        self.status = status
        self.sequence = sequence
        self.uid = uid
        self.cancelReason = cancelReason
    }

    public var end: Date { start.addingTimeInterval(TimeInterval(duration) * 60) }

    /// Where the session stands at `now`, with `attended` recorded: `cancelled`, `scheduled`
    /// (not started), `under way`, then `held` when anyone's attendance is recorded, else `not held`.
    public func standing(at now: Date, attended: Int) -> String {
        if status == .cancelled { return "cancelled" }
        if now < start { return "scheduled" }
        if attended > 0 { return "held" }
        return now < end ? "under way" : "not held"
    }

    /// A UID unique to this program and session and stable for its life:
    /// `workshop-1-20220201T120000Z.equity-landscape-2022@example.org`.
    public static func uid(id: String, created: Date, program: Program) -> String {
        let stamp = Instant.format(created).replacingOccurrences(of: "-", with: "").replacingOccurrences(
            of: ":", with: "")
        let domain = program.contact.email.split(separator: "@").last.map(String.init) ?? "cohort.invalid"
        return "workshop-\(id)-\(stamp).\(program.slug)@\(domain)"
    }

    /// The next session after `now` that is still scheduled.
    public static func next(after now: Date, in sessions: [WorkshopSession]) -> WorkshopSession? {
        sessions.filter { $0.status == .scheduled && $0.start > now }.min { ($0.start, $0.id) < ($1.start, $1.id) }
    }
}

/// Someone registered for a session, and whether they came.
public struct Registration: Sendable, Equatable {
    /// Who registered: a pilot participant, a partner's contact, or anyone by email.
    public enum Attendee: String, Sendable, Codable {
        case participant, partner, community
    }

    public var session: String
    /// How commands name them: a username, a partner id, or (community) the address, lowercased.
    public var username: String
    public var registeredAt: Date
    public var attended: Bool
    public var attendee: Attendee
    /// A community registrant's name as they gave it (may be empty).
    public var name: String
    /// A community registrant's address (personal data); participants' and partners' come from their records.
    public var email: String?
    /// A community registrant's IANA zone, for invitations in their local time.
    public var timeZone: String?
    /// True while they wait for a seat (community sessions only), in registration order.
    public var waitlisted: Bool

    public init(
        session: String, username: String, registeredAt: Date, attended: Bool = false,
        attendee: Attendee = .participant, name: String = "", email: String? = nil, timeZone: String? = nil,
        waitlisted: Bool = false
    ) {
        self.session = session
        self.username = username
        self.registeredAt = registeredAt
        self.attended = attended
        self.attendee = attendee
        self.name = name
        self.email = email
        self.timeZone = timeZone
        self.waitlisted = waitlisted
    }

    /// How the registrant is named to people: a username or partner id, or a community registrant's
    /// name (never their address).
    public var displayName: String {
        attendee == .community ? (name.isEmpty ? "a community registrant" : name) : username
    }
}

/// Why a workshop command refused; nothing was changed.
public enum WorkshopError: Error, Equatable, CategorizedError, CustomStringConvertible {
    case unknownSession(String, suggestion: String)
    case full(session: String, capacity: Int)
    case cancelled(String)
    case notRegistered(session: String, usernames: [String])
    case noPoll(WorkshopAudience)
    case badDuration(String)
    case wrongAudience(session: String, audience: WorkshopAudience, who: String)
    case notEnrolled(session: String, username: String, standing: String)
    case ndaNotSigned(session: String, username: String, nda: NDAStatus)
    case notAMailAddress(session: String, String)
    case notRegisteredAt(session: String, who: String)
    case sameTitleAndStart(existing: String, differences: [String])
    /// Attendance recorded before the session starts.
    case notStarted(session: String, start: Date, at: Date)
    /// A change to a session that has already started.
    case alreadyHeld(session: String, start: Date)

    public var description: String {
        switch self {
        case .unknownSession(let id, let suggestion):
            "no workshop session \"\(id)\"\(suggestion); `cohort workshop list` shows them"
        case .full(let session, let capacity):
            "session \(session) is full (\(capacity) seats); raise its capacity or register them for another session"
        case .cancelled(let id):
            "session \(id) is cancelled; add a new session instead"
        case .notRegistered(let session, let usernames):
            "\(usernames.joined(separator: ", ")) \(usernames.count == 1 ? "is" : "are") not registered for session \(session); register them first (cohort workshop register \(session) USER)"
        case .noPoll(let audience):
            audience == .pilot
                ? "no availability poll has been imported; run `cohort workshop poll import FILE.csv` first"
                : "no \(audience.rawValue) availability poll has been imported; run `cohort workshop poll import FILE.csv --audience \(audience.rawValue)` first"
        case .wrongAudience(let session, let audience, let who):
            switch audience {
            case .pilot:
                "session \(session) is a pilot session; it takes enrolled pilot participants by username, and \(who) is none"
            case .partners:
                "session \(session) is a partner session; it takes partners by id (`cohort partner list`), and \(who) is none"
            case .community:
                "session \(session) is a community session; register people by address with --email"
            }
        case .notEnrolled(let session, let username, let standing):
            "\(username) is not enrolled (they are \(standing)); pilot session \(session) takes enrolled participants only"
        case .ndaNotSigned(let session, let username, let nda):
            "\(username) has not signed the NDA (it is \(nda.rawValue)); pilot session \(session) shows data under NDA, so record the signature first (cohort pilot set \(username) --nda signed)"
        case .notAMailAddress(let session, let text):
            "\"\(text)\" is not a mail address; community session \(session) takes people by address, like name@example.org"
        case .notRegisteredAt(let session, let who):
            "\(who) is not registered for session \(session); `cohort workshop list` shows who is"
        case .sameTitleAndStart(let existing, let differences):
            "session \(existing) has this title and start already, with \(differences.joined(separator: ", ")); it was not added again (reschedule or cancel session \(existing) to change it)"
        case .notStarted(let session, let start, let at):
            "session \(session) starts at \(Instant.format(start)); attendance cannot be recorded at \(Instant.format(at)), before it starts; record it with a --now (or --at) at or after the start"
        case .alreadyHeld(let session, let start):
            "session \(session) started at \(Instant.format(start)); a session already held is neither cancelled nor moved (add a new session instead)"
        case .badDuration(let text):
            "--duration \"\(text)\" is not a duration; write minutes or hours like 60m, 90m or 1h30m"
        }
    }

    public var kind: FailureKind { .badInput }
}

/// Durations as commands take them: `60m`, `1h`, `1h30m`, or plain minutes.
public enum Minutes {
    /// Minutes in `text`, or nil; at least 1 and at most a day.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit) { return Int(trimmed).flatMap(valid) }
        guard let match = trimmed.wholeMatch(of: shape) else { return nil }
        let hours = match.hours.flatMap { Int($0) } ?? 0
        let minutes = match.minutes.flatMap { Int($0) } ?? 0
        guard match.hours != nil || match.minutes != nil else { return nil }
        return valid(hours * 60 + minutes)
    }

    private static func valid(_ minutes: Int) -> Int? { (1...1440).contains(minutes) ? minutes : nil }

    // nonisolated(unsafe): an immutable Regex literal, only ever matched against.
    private nonisolated(unsafe) static let shape = /(?:(?<hours>\d{1,2})h)?(?:(?<minutes>\d{1,4})m(?:in)?)?/
}
