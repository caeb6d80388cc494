import Foundation

/// One decision a command made, kept forever: who, when it happened and when it was recorded (as
/// git keeps author and committer dates), what and why.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// The store's sequence number; nil until stored.
    public var id: Int64?
    /// When it happened: `--at`, an offer's deadline for a lapse, else the command's clock (`--now`).
    public var at: Date
    /// When it was recorded: the clock of the command that wrote it (nil in entries from before
    /// the log kept both).
    public var recordedAt: Date?
    /// Who made the decision: a `--by` name, or the operating-system user.
    public var actor: String
    /// The command that decided (`pilot select`).
    public var command: String
    /// What was decided, as a verb (`enrol`, `waitlist`, `shift`).
    public var action: String
    /// What it was decided about (`signup:alice`, `milestone:outcome`).
    public var subject: String
    /// Why, in words.
    public var reason: String
    /// Extra facts as JSON text, when a decision has them.
    public var details: String?

    public init(
        id: Int64? = nil, at: Date, actor: String, command: String, action: String, subject: String, reason: String,
        details: String? = nil, recordedAt: Date? = nil
    ) {
        self.id = id
        self.at = at
        self.recordedAt = recordedAt
        self.actor = actor
        self.command = command
        self.action = action
        self.subject = subject
        self.reason = reason
        self.details = details
    }
}

extension AuditEntry {
    /// A notice queued, dropped or replaced about the subject (`notice`, `notice-drop`, …): it tells
    /// of a decision and is not one, so it never holds the subject's history back.
    public var isNotice: Bool { action.hasPrefix("notice") }
}

/// Who is deciding, when, and in which command: stamps every audit entry a command writes, so
/// each decision records the same actor and the same `--now`.
public struct AuditContext: Sendable, Equatable {
    /// When the command's decisions happen: `--at`, else its clock.
    public var now: Date
    public var actor: String
    public var command: String
    /// The command's clock: when its decisions are recorded.
    public var recordedAt: Date
    /// True when the clock is fixed (`--now`, `COHORT_NOW`): everything the command records is
    /// stamped at that instant, ordered by sequence, so the same clock serves the next command.
    public var fixedClock = false

    public init(now: Date, actor: String, command: String, recordedAt: Date? = nil) {
        self.now = now
        self.actor = actor
        self.command = command
        self.recordedAt = recordedAt ?? now
    }

    /// An entry for one decision of this command, which happened at `at` (default: `now`).
    public func entry(action: String, subject: String, reason: String, details: String? = nil, at: Date? = nil)
        -> AuditEntry
    {
        AuditEntry(
            at: at ?? now, actor: actor, command: command, action: action, subject: subject, reason: reason,
            details: details, recordedAt: recordedAt)
    }
}
