import Foundation

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

    public init(
        id: String, title: String, start: Date, duration: Int, capacity: Int, link: String,
        status: Status = .scheduled, sequence: Int = 0, uid: String, cancelReason: String? = nil
    ) {
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
    public var session: String
    public var username: String
    public var registeredAt: Date
    public var attended: Bool

    public init(session: String, username: String, registeredAt: Date, attended: Bool = false) {
        self.session = session
        self.username = username
        self.registeredAt = registeredAt
        self.attended = attended
    }
}

/// Why a workshop command refused; nothing was changed.
public enum WorkshopError: Error, Equatable, CategorizedError, CustomStringConvertible {
    case unknownSession(String, suggestion: String)
    case full(session: String, capacity: Int)
    case cancelled(String)
    case notRegistered(session: String, usernames: [String])
    case noPoll
    case badDuration(String)

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
        case .noPoll:
            "no availability poll has been imported; run `cohort workshop poll import FILE.csv` first"
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
