import CohortCore
import Foundation

/// The outbox: every message for every recipient, and where it stands. Sending is resumable and
/// never twice: a row is marked `sending` in its own transaction before it is handed over.
public protocol OutboxRecords {
    /// Queues a message unless this recipient already has it (see `EnqueueResult`).
    func enqueue(_ item: OutboxItem) throws -> EnqueueResult
    /// Rows left `sending` by a process that died: they become `unknown`. Returns how many.
    func markInterruptedAsUnknown(batch: String, at: Date) throws -> Int
    /// Rows `unknown` back to `pending`, deliberately. Returns how many.
    func resendUnknown(batch: String, at: Date) throws -> Int
    /// The next message due at `now`: pending, or failed-temporary whose retry time has come and
    /// which has attempts left.
    func nextDue(batch: String, now: Date, maxAttempts: Int) throws -> OutboxItem?
    /// Takes the next message due at `now` for sending: marks it `sending` with one more attempt in
    /// the same step, so no other sender, in this process or on another machine, takes it too. Run
    /// it in `RecordStore.claim`; nil when nothing is left that nobody else holds.
    func claimNext(batch: String, now: Date, maxAttempts: Int, at: Date) throws -> OutboxItem?
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

extension OutboxRecords {
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
