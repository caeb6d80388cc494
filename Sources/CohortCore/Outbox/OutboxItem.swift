import Foundation

/// Where a message stands in the outbox.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    /// Waiting to be sent.
    case pending
    /// Handed to the relay right now; a row left in this state by a crash becomes `unknown`.
    case sending
    /// The relay answered 250.
    case sent
    /// A 4xx reply or a dropped connection; retried at `nextAttemptAt`.
    case failedTemporary = "failed-temporary"
    /// A 5xx reply; never retried.
    case failedPermanent = "failed-permanent"
    /// It may or may not have reached the relay (a crash while sending, a connection lost after the
    /// message was handed over). Never re-sent unless someone asks (`--resend-unknown`).
    case unknown
    /// Never to be sent: a notice whose decision was undone before it went out.
    case dropped
}

/// One message for one recipient: what is sent, and what happened to it.
public struct OutboxItem: Sendable, Equatable {
    public var id: Int64?
    /// What the message belongs to: `announce:<slug>`, `invite:<session>:<sequence>`, `notice:<kind>:<key>`.
    public var batch: String
    public var recipient: String
    /// The envelope sender (MAIL FROM).
    public var sender: String
    public var messageID: String
    /// A hash of the message, to tell whether a re-enqueued message changed.
    public var hash: String
    /// The whole RFC 5322 message, CRLF line ends.
    public var payload: String
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Date?
    /// The relay's last reply, e.g. `451 4.3.0 try again later`.
    public var lastReply: String?
    public var updatedAt: Date

    public init(
        id: Int64? = nil, batch: String, recipient: String, sender: String, messageID: String, hash: String,
        payload: String, state: OutboxState = .pending, attempts: Int = 0, nextAttemptAt: Date? = nil,
        lastReply: String? = nil, updatedAt: Date
    ) {
        self.id = id
        self.batch = batch
        self.recipient = recipient
        self.sender = sender
        self.messageID = messageID
        self.hash = hash
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastReply = lastReply
        self.updatedAt = updatedAt
    }
}

/// What enqueueing a message did.
public enum EnqueueResult: Sendable, Equatable {
    /// A new row.
    case added
    /// The same message was queued already; its row is as it was.
    case unchanged(OutboxState)
    /// A pending message was replaced by its new version.
    case replaced
    /// The recipient was sent an earlier version already; nothing was queued.
    case alreadySent
}
