import CohortCore
import Foundation

/// Why the outbox could not send: no relay, nothing queued under the name, or the relay refused the login.
public enum OutboxError: Error, LocalizedError, CategorizedError, Equatable {
    case noRelay
    case unknownBatch(String, suggestion: String?)
    /// The relay refused the login (530, 534, 535); nothing was sent and the messages stay queued.
    case loginRefused(reply: String, queued: Int)
    /// `outbox requeue` asked for a state that cannot be sent again.
    case notRequeueable(String)

    public var errorDescription: String? {
        switch self {
        case .noRelay:
            "no SMTP relay: set channels.mail.smtp.url in cohort.yaml or pass --smtp-url smtp://host:port"
        case .unknownBatch(let batch, let suggestion):
            "nothing is queued under \"\(batch)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
                + "; `cohort outbox list` shows the batches"
        case .loginRefused(let reply, let queued):
            "the relay refused the login (\(reply)); nothing was sent and \(queued) message\(queued == 1 ? " stays" : "s stay") queued; check COHORT_SMTP_USER and COHORT_SMTP_PASSWORD (or .cohort/smtp-credentials), then send again"
        case .notRequeueable(let state):
            "--state \(state) cannot be queued again; give failed-permanent, failed-temporary or unknown"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .loginRefused: .failure
        default: .badInput
        }
    }
}
