import CohortCore
import Foundation

/// The outbox: every message for every recipient, and where it stands. Sending is resumable and
/// never twice, across processes: a sender claims messages (marks them `sending` with its
/// claimant id, durably) before it hands any over, and settles each one before the next.
public protocol OutboxRecords {
    /// Queues a message unless this recipient already has it (see `EnqueueResult`).
    func enqueue(_ item: OutboxItem) throws -> EnqueueResult
    /// Queues each of `items` as `enqueue` does, in order; a backend may do it in fewer round trips.
    func enqueue(all items: [OutboxItem]) throws -> [EnqueueResult]
    /// Takes up to `limit` messages due at `now` (pending, or failed-temporary whose retry time
    /// has come, with attempts left) for `claimant`, in id order: each becomes `sending` with one
    /// more attempt. Run it in a `durableWrite`: nobody else can take them, and a crash after it
    /// can never make them look unsent. The items carry what sending needs (no hash).
    func claim(batch: String, now: Date, maxAttempts: Int, limit: Int, claimant: String, at: Date) throws
        -> [OutboxItem]
    /// Gives back claimed messages that were never handed over (a run that stops early): they
    /// are `pending` again, their attempt not counted.
    func unclaim(ids: [Int64], at: Date) throws
    /// Rows left `sending` by claimants that are gone (`isAlive` false). A sender settles each
    /// message before it hands over the next, so of each gone claimant's rows only the first may
    /// have been handed over: it becomes `unknown`, the others `pending` again — when the results
    /// it settled are known to be intact (the same machine, not restarted since the claim);
    /// otherwise every one becomes `unknown`.
    func releaseAbandoned(batch: String, isAlive: (String) -> Bool, at: Date) throws -> AbandonedClaims
    /// Rows `unknown` back to `pending`, deliberately. Returns how many.
    func resendUnknown(batch: String, at: Date) throws -> Int
    /// When the earliest retry of the batch falls, if any retry is left.
    func earliestRetry(batch: String, maxAttempts: Int) throws -> Date?
    /// Records a new state for a row.
    func update(id: Int64, state: OutboxState, attempts: Int, nextAttemptAt: Date?, lastReply: String?, at: Date) throws
    /// One row with its message text.
    func outboxItem(id: Int64) throws -> OutboxItem?
    /// Every row of a batch, in queue order, without the message text.
    func outboxItems(batch: String) throws -> [OutboxItem]
    /// How many rows of a batch are in each state.
    func outboxCounts(batch: String) throws -> [OutboxState: Int]
    /// Every batch that has messages, in the order they were first queued.
    func outboxBatches() throws -> [String]
}

/// What `releaseAbandoned` did with the claims of senders that are gone.
public struct AbandonedClaims: Sendable, Equatable {
    /// Messages that may or may not have been handed over: now `unknown`.
    public var unknown = 0
    /// Messages claimed but never handed over: `pending` again.
    public var requeued = 0

    public init(unknown: Int = 0, requeued: Int = 0) {
        self.unknown = unknown
        self.requeued = requeued
    }
}

extension OutboxRecords {
    public func enqueue(all items: [OutboxItem]) throws -> [EnqueueResult] { try items.map(enqueue) }

    /// Every message of `batch` in `state` back to `pending` with no attempts counted: someone
    /// decided to send them again (after fixing the relay login, say). Returns how many. Built on
    /// the protocol's own operations, so every backend has it.
    public func requeue(batch: String, state: OutboxState, at: Date) throws -> Int {
        var count = 0
        for item in try outboxItems(batch: batch) where item.state == state {
            guard let id = item.id else { continue }
            try update(id: id, state: .pending, attempts: 0, nextAttemptAt: nil, lastReply: item.lastReply, at: at)
            count += 1
        }
        return count
    }
}
