import CohortCore
internal import CohortRender
import Foundation

/// The workshop use cases with the inputs the command line gives: file paths, instants and
/// durations as text. Each checks them, decides through the session, and returns what to print.
extension WorkshopPlanning {
    /// Imports (replaces) the poll of `audience` from the CSV file at `path`.
    public func importPoll(file path: String, audience: WorkshopAudience, skipInvalid: Bool, audit: AuditContext)
        throws -> PollImported
    {
        let (poll, skipped) = try withSkipHint(skipInvalid) {
            try importPoll(
                try readCSV(path, columns: Poll.columns), audience: audience, skipInvalid: skipInvalid, audit: audit)
        }
        return PollImported(
            file: path, participants: poll.participants.count, slots: poll.slots.count, skipped: skipped)
    }

    /// Chooses `count` slots from the imported poll of `audience` (as its people stand now), or
    /// from the CSV at `pollFile` (not stored, taken as it is). The search stops after `timeLimit`
    /// seconds with the best choice found and the bound it proved; `progress` hears how it goes
    /// (nodes, best coverage, time so far) every few thousand nodes.
    public func chooseSlots(
        count: Int, pollFile: String?, duration: String, audience: WorkshopAudience = .pilot, timeLimit: Double = 30,
        progress: (SearchProgress, Duration) -> Void = { _, _ in }
    ) throws -> SlotsChosen {
        guard count >= 1 else { throw WorkshopInputError.badCount(count) }
        guard timeLimit > 0, timeLimit.isFinite else { throw WorkshopInputError.badTimeLimit(timeLimit) }
        guard let minutes = Minutes.parse(duration) else { throw WorkshopError.badDuration(duration) }
        let (poll, unanswered) =
            try pollFile.map { (try Poll.read(try readCSV($0, columns: Poll.columns)), []) }
            ?? storedPoll(audience: audience)
        let hours = SociableHours(duration: minutes)
        let started = ContinuousClock.now
        let limit = Duration.milliseconds(Int((timeLimit * 1000).rounded()))
        let choice = SlotChooser(poll: poll, hours: hours).choose(
            count: count, shouldStop: { ContinuousClock.now - started >= limit },
            progress: { progress($0, ContinuousClock.now - started) })
        var report = SlotReport(poll: poll, choice: choice, count: count, hours: hours)
        report.audience = audience.rawValue
        report.unanswered = unanswered
        return SlotsChosen(
            report: report, nodes: choice.nodes, elapsed: ContinuousClock.now - started, timeLimit: timeLimit)
    }

    /// Adds a session from command-line values; the same title and start twice adds it once.
    public func addSession(
        title: String, start: String, duration: String, capacity: Int, link: String,
        audience: WorkshopAudience = .pilot, audit: AuditContext
    ) throws -> WorkshopAdded {
        let start = try WorkshopInputError.instant(start, option: "--start")
        guard let minutes = Minutes.parse(duration) else { throw WorkshopError.badDuration(duration) }
        guard capacity >= 1 else { throw WorkshopInputError.badCapacity(capacity) }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw WorkshopInputError.emptyTitle }
        if !link.isEmpty, let problem = WebLink.problem(link) { throw WorkshopInputError.badLink(problem) }
        let (session, added) = try addSession(
            title: title, start: start, duration: minutes, capacity: capacity, link: link, audience: audience,
            audit: audit)
        let when = "\(LocalTime.span(session.start, session.end, in: .gmt)) UTC"
        return WorkshopAdded(
            line: WorkshopText.Line(session, registered: 0, attended: 0, now: audit.now),
            text: added
                ? "Added session \(session.id) (\(session.audience.rawValue)): \(session.title), \(when)"
                : "Session \(session.id) is \(session.title), \(when) already; nothing was added")
    }

    /// Every session with its registrations and attendance at `now`, for `workshop list`: a past
    /// session shows as held (with its attendance) or not held.
    public func workshopListing(now: Date) throws -> WorkshopListing {
        WorkshopListing(
            sessions: try sessionLines().map {
                WorkshopText.Line(
                    $0.session, registered: $0.registered, attended: $0.attended, waitlisted: $0.waitlisted, now: now)
            })
    }

    /// Registers someone for session `id`: a username, a partner id or a mail address, by its audience.
    public func registerForWorkshop(_ registrant: Registrant, session id: String, audit: AuditContext) throws
        -> WorkshopRegistered
    {
        if let zone = registrant.timeZone, TimeZone(identifier: zone) == nil {
            throw WorkshopInputError.badTimeZone(zone)
        }
        let (registration, added) = try register(registrant, for: id, audit: audit)
        return WorkshopRegistered(
            session: registration.session, username: registration.displayName, waitlisted: registration.waitlisted,
            added: added)
    }

    /// Takes someone off session `id` (see `unregister(_:from:reason:audit:)`).
    public func leaveWorkshop(_ who: String, session id: String, reason: String, audit: AuditContext) throws
        -> WorkshopLeft
    {
        let promoted = try unregister(who, from: id, reason: reason, audit: audit)
        return WorkshopLeft(session: id, promoted: promoted)
    }

    /// Records who attended session `id`.
    public func recordAttendance(_ usernames: [String], session id: String, audit: AuditContext) throws
        -> WorkshopAttended
    {
        WorkshopAttended(
            session: id, attended: try markAttendance(usernames, at: id, audit: audit).map(\.username))
    }

    /// What to do with a session's invitations.
    public enum InvitationChange: Sendable {
        case invite
        case reschedule(start: String)
        case cancel(reason: String)
    }

    /// Queues the session's invitations (after moving or cancelling it) and writes a private copy
    /// of each to `.cohort/invitations/workshop-ID/`.
    public func changeInvitations(_ change: InvitationChange, session id: String, audit: AuditContext) throws
        -> InvitationsWritten
    {
        let replyTo = program.channels.mail?.replyTo
        let mail: InvitationMail = { try WorkshopMail.outboxItem($0, replyTo: replyTo) }
        let queued: [QueuedInvitation]
        switch change {
        case .invite: queued = try invite(id, audit: audit, mail: mail)
        case .reschedule(let start):
            queued = try reschedule(
                id, to: try WorkshopInputError.instant(start, option: "--start"), audit: audit, mail: mail)
        case .cancel(let reason): queued = try cancelSession(id, reason: reason, audit: audit, mail: mail)
        }
        let files = queued.map { (WorkshopMail.copyPath($0.invitation), $0.message.payload) }
        let written = try workspace.write(files, under: workspace.invitationsURL, private: true)
        let fresh = queued.count { $0.queued != .alreadySent && $0.queued != .unchanged(.sent) }
        return InvitationsWritten(
            session: id, method: queued.first.map { WorkshopCalendar.method($0.invitation.kind).rawValue },
            sequence: queued.first?.invitation.session.sequence, batch: queued.first?.message.batch, queued: fresh,
            alreadySent: queued.count - fresh, files: written, total: queued.count)
    }
}

/// What `workshop poll import` read.
public struct PollImported: Sendable, Encodable {
    public var file: String
    public var participants: Int
    public var slots: Int
    /// Rows left out by `--skip-invalid`, each located.
    public var skipped: [String]

    enum CodingKeys: String, CodingKey { case participants, slots, skipped }

    public var text: String {
        "Imported \(file): \(Plural.count(participants, "participant")), \(Plural.count(slots, "slot"))"
            + (skipped.isEmpty ? "" : ", \(Plural.count(skipped.count, "problem")) skipped")
    }
}

/// What `workshop slots` chose, and how long the search took.
public struct SlotsChosen: Sendable {
    public var report: SlotReport
    public var nodes: Int
    public var elapsed: Duration
    /// The `--time-limit` the search ran under, in seconds.
    public var timeLimit: Double = 30

    /// What the command says on stderr when the limit stopped the search.
    public var stoppedNote: String? {
        guard !report.optimal else { return nil }
        return
            "cohort: note: --time-limit \(Figures.seconds(timeLimit)) s stopped the search after \(nodes) nodes; the slots shown are the best found, and no \(report.count) slots cover more than \(report.coverageBound) of \(report.participants); allow more time for the proven optimum"
    }

    /// One progress line for a terminal.
    public static func progressLine(_ progress: SearchProgress, elapsed: Duration) -> String {
        "searching: \(progress.nodes) nodes, best so far covers \(progress.covered) of \(progress.participants) (\(elapsed.components.seconds) s)"
    }

    public var timing: String {
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return String(format: "search: %d nodes, %.3f ms", nodes, milliseconds)
    }
}

/// What `workshop add` added: the session as `workshop list --json` shows it.
public struct WorkshopAdded: Sendable, Encodable {
    public var line: WorkshopText.Line
    public var text: String

    /// By hand: the session exactly as `workshop list --json` shows it, the text for people left out.
    public func encode(to encoder: any Encoder) throws { try line.encode(to: encoder) }
}

/// `workshop list --json`.
public struct WorkshopListing: Sendable, Encodable {
    public var sessions: [WorkshopText.Line]

    public var text: String { WorkshopText.list(sessions) }
}

/// What `workshop register` did.
public struct WorkshopRegistered: Sendable, Encodable {
    public var session: String
    /// The username or partner id, or a community registrant's name (never their address).
    public var username: String
    /// True when the seats are taken and they wait in line (community sessions).
    public var waitlisted: Bool
    let added: Bool

    enum CodingKeys: String, CodingKey { case session, username, waitlisted }

    public var text: String {
        let state = waitlisted ? "wait-listed for" : "registered for"
        return added ? "\(username) \(state) session \(session)" : "\(username) was already \(state) session \(session)"
    }
}

/// What `workshop unregister` did: who took the freed seat, if anyone.
public struct WorkshopLeft: Sendable, Encodable {
    public var session: String
    public var promoted: String?

    public var text: String {
        "Took them off session \(session)" + (promoted.map { "; \($0) takes the seat from the wait-list" } ?? "")
    }
}

/// What `workshop attend` recorded.
public struct WorkshopAttended: Sendable, Encodable {
    let session: String
    public var attended: [String]

    enum CodingKeys: String, CodingKey { case attended }

    public var text: String { "Session \(session): \(Plural.count(attended.count, "attendance")) recorded" }
}

/// What `workshop invite`, `reschedule` and `cancel` queued and wrote.
public struct InvitationsWritten: Sendable, Encodable {
    public var session: String
    public var method: String?
    public var sequence: Int?
    public var batch: String?
    public var queued: Int
    public var alreadySent: Int
    public var files: [String]
    let total: Int

    enum CodingKeys: String, CodingKey { case session, method, sequence, batch, queued, files, alreadySent }

    public var text: String {
        guard let method else { return "Session \(session): nobody is registered; no invitations written" }
        var lines = [
            "Session \(session): \(Plural.count(total, "invitation")) (\(method)) in the outbox; send them with `cohort workshop send \(session)`"
        ]
        if alreadySent > 0 { lines.append("  \(alreadySent) of them were sent already and are not sent again") }
        lines.append("Copies (private, 0600):")
        lines += files.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Workshop values from the command line that cannot be used.
public enum WorkshopInputError: Error, LocalizedError, CategorizedError, Equatable {
    case notAnInstant(String, option: String)
    case badCount(Int)
    case badCapacity(Int)
    case emptyTitle
    case badLink(String)
    case badTimeLimit(Double)
    case badTimeZone(String)

    /// An ISO 8601 instant (a date alone is not enough for a session).
    static func instant(_ text: String, option: String) throws(WorkshopInputError) -> Date {
        guard let date = Instant.parse(text), text.count > 10 else { throw .notAnInstant(text, option: option) }
        return date
    }

    public var errorDescription: String? {
        switch self {
        case .notAnInstant(let text, let option):
            "\(option) \(Instant.problem(text, expected: "an ISO 8601 instant; write it like 2022-02-04T16:00:00Z"))"
        case .badCount(let count): "--count must be at least 1 (it is \(count))"
        case .badCapacity(let capacity): "--capacity must be at least 1 (it is \(capacity))"
        case .emptyTitle: "--title is empty; name the session"
        case .badLink(let problem): "--link \(problem); nothing was added"
        case .badTimeLimit(let seconds): "--time-limit must be a number of seconds above 0 (it is \(seconds))"
        case .badTimeZone(let zone):
            "--time-zone \"\(zone)\" is not an IANA time zone\(Suggestion.didYouMean(zone, in: TimeZone.knownTimeZoneIdentifiers)); write one like Europe/Berlin"
        }
    }

    public var kind: FailureKind { .badInput }
}
