import CohortCore
import Foundation

/// Why a send could not start: nothing to send through, nothing to send, or not yet allowed.
public enum OutboxError: Error, LocalizedError, CategorizedError, Equatable {
    case noRelay
    case noMailChannel(slug: String)
    case unknownBatch(String, suggestion: String?)

    public var errorDescription: String? {
        switch self {
        case .noRelay:
            "no SMTP relay: set channels.mail.smtp.url in cohort.yaml or pass --smtp-url smtp://host:port"
        case .noMailChannel(let slug): "\(slug) is not told on the mail channel; see its front matter"
        case .unknownBatch(let batch, let suggestion):
            "nothing is queued under \"\(batch)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
                + "; `cohort outbox list` shows the batches"
        }
    }

    public var kind: FailureKind { .badInput }
}
