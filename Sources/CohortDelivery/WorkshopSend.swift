import CohortCore
import CohortRender
import CohortStore
import Foundation

/// Sends a workshop session's queued invitations: the batch of its current SEQUENCE, through the
/// same outbox and relay as announcements (never twice, resumable). Earlier versions left unsent
/// are superseded by the current one and stay where they are.
public struct WorkshopSend {
    public let session: ProgramSession
    public let options: SendOptions
    public let environment: [String: String]

    public init(session: ProgramSession, options: SendOptions, environment: [String: String]) {
        self.session = session
        self.options = options
        self.environment = environment
    }

    /// The batch holding the session's current invitations.
    public func batch(_ id: String) throws -> String {
        guard let found = try session.sessions().first(where: { $0.id == id }) else {
            let ids = try session.sessions().map(\.id)
            throw WorkshopError.unknownSession(id, suggestion: Suggestion.didYouMean(id, in: ids))
        }
        return WorkshopMail.batch(session: id, sequence: found.sequence)
    }

    /// Sends (or, on a dry run, lists) the current invitations of session `id`.
    public func run(_ id: String, audit: AuditContext, progress: @escaping (Int, Int) -> Void = { _, _ in }) throws
        -> SendReport
    {
        let batch = try batch(id)
        let store = try session.openStore()
        let items = try store.read { try $0.outboxItems(batch: batch) }
        if options.dryRun {
            let planned = items.map {
                PlannedMessage(recipient: $0.recipient, messageID: $0.messageID, state: $0.state.rawValue)
            }
            return SendReport(summary: SendSummary(), dryRun: planned, testTo: nil)
        }
        let relay = AnnouncementSend(session: session, options: options, environment: environment)
        let transport = try SMTPTransport(settings: try relay.settings())
        var summary = SendSummary()
        summary.skippedAlreadySent = items.count { $0.state == .sent }
        var sender = OutboxSender(store: store, policy: options.policy, start: audit.now)
        let total = items.count - summary.skippedAlreadySent
        sender.progress = { progress($0, total) }
        summary = try sender.drain(
            batch: batch, transport: transport, resendUnknown: options.resendUnknown, summary: summary)
        let result = summary
        try store.write {
            try $0.append(
                audit.entry(
                    action: "send", subject: "workshop:\(id)",
                    reason:
                        "\(batch): sent \(result.sent), failed permanently \(result.failedPermanent), to retry \(result.failedTemporary), unknown \(result.unknown), already sent \(result.skippedAlreadySent)"
                ))
        }
        return SendReport(summary: summary, dryRun: nil, testTo: nil)
    }
}
