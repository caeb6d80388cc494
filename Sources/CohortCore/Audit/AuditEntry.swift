import Foundation

/// One decision a command made, kept forever: who, when (by the command's clock), what and why.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// The store's sequence number; nil until stored.
    public var id: Int64?
    /// The command's clock (`--now`), not the wall clock.
    public var at: Date
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
        details: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.command = command
        self.action = action
        self.subject = subject
        self.reason = reason
        self.details = details
    }
}

/// Who is deciding, when, and in which command: stamps every audit entry a command writes, so
/// each decision records the same actor and the same `--now`.
public struct AuditContext: Sendable, Equatable {
    public var now: Date
    public var actor: String
    public var command: String

    public init(now: Date, actor: String, command: String) {
        self.now = now
        self.actor = actor
        self.command = command
    }

    /// An entry for one decision of this command.
    public func entry(action: String, subject: String, reason: String, details: String? = nil) -> AuditEntry {
        AuditEntry(
            at: now, actor: actor, command: command, action: action, subject: subject, reason: reason, details: details)
    }
}
