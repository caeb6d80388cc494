import CohortCore
import Foundation

/// Why a send could not start: nothing to send through, nothing to send, or not yet allowed.
public enum OutboxError: Error, LocalizedError, CategorizedError, Equatable {
    case noRelay
    case unpublishedLink(url: String)
    case blogNotPublished(slug: String, post: Int?, status: String?)
    case noMailChannel(slug: String)
    case unknownBatch(String, suggestion: String?)
    /// The relay refused the login (530, 534, 535); nothing was sent and the messages stay queued.
    case loginRefused(reply: String, queued: Int)
    /// `outbox requeue` asked for a state that cannot be sent again.
    case notRequeueable(String)

    public var errorDescription: String? {
        switch self {
        case .noRelay:
            "no SMTP relay: set channels.mail.smtp.url in cohort.yaml or pass --smtp-url smtp://host:port"
        case .unpublishedLink(let url):
            "the mail links the blog post \(url), which is not published yet; have it published on the blog, or pass --allow-unpublished-link"
        case .noMailChannel(let slug): "\(slug) is not told on the mail channel; see its front matter"
        case .blogNotPublished(let slug, let post, let status):
            if let post {
                "the mail links the Diff post \(post), which is not published yet (it is \(status ?? "unknown") on the blog); an editor publishes it there, then send again (or pass --allow-unpublished-link)"
            } else {
                "the mail links the Diff post, which is not published yet: it does not exist on the blog; run `cohort announce publish \(slug) --channel blog` and have an editor publish it (or pass --allow-unpublished-link)"
            }
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
