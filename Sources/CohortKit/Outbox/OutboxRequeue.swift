import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// What `outbox requeue` did.
public struct Requeued: Sendable, Encodable {
    public var batch: String
    public var state: String
    public var requeued: Int

    /// `outbox requeue` for people.
    public var text: String {
        requeued == 0
            ? "No \(state) messages in \(batch); nothing was queued again"
            : "Queued \(Plural.count(requeued, "\(state) message")) of \(batch) again; send them with `cohort outbox send \(batch)`"
    }
}

extension Outbox {
    /// The states a message can be queued again from, on purpose.
    static let requeueable: [OutboxState] = [.failedPermanent, .failedTemporary, .unknown]

    /// Puts every message of `batch` in `state` back in the queue, in one transaction with its
    /// audit entry; the next send run sends them (once each, like any pending message).
    public func requeue(batch: String, state text: String, audit: AuditContext) throws -> Requeued {
        guard let state = OutboxState(rawValue: text), Self.requeueable.contains(state) else {
            throw OutboxError.notRequeueable(text)
        }
        return try transaction { records in
            let known = try records.outboxBatches()
            guard known.contains(batch) else {
                throw OutboxError.unknownBatch(batch, suggestion: Suggestion.closest(to: batch, in: known))
            }
            let count = try records.requeue(batch: batch, state: state, at: audit.now)
            if count > 0 {
                try records.append(
                    audit.entry(
                        action: "requeue", subject: "outbox:\(batch)",
                        reason: "\(Plural.count(count, "\(state.rawValue) message")) queued again"))
            }
            return Requeued(batch: batch, state: state.rawValue, requeued: count)
        }
    }
}
