import CohortCore
import CohortStore
import Foundation

/// Sends whatever a capability queued in the outbox under one batch (partner reminders, pilot
/// offers, …), through the same relay and with the same never-twice rules as announcements.
public struct BatchSend {
    public let session: ProgramSession
    public let options: SendOptions
    public let environment: [String: String]

    public init(session: ProgramSession, options: SendOptions, environment: [String: String]) {
        self.session = session
        self.options = options
        self.environment = environment
    }

    /// Every batch in the outbox and how many of its messages are in each state.
    public func batches() throws -> [(batch: String, counts: [OutboxState: Int])] {
        try session.openStore().read { records in
            try records.outboxBatches().map { ($0, try records.outboxCounts(batch: $0)) }
        }
    }

    /// Sends (or, on a dry run, lists) the messages of `batch`.
    public func run(_ batch: String, audit: AuditContext, progress: @escaping (Int, Int) -> Void = { _, _ in }) throws
        -> SendReport
    {
        let store = try session.openStore()
        let known = try store.read { try $0.outboxBatches() }
        guard known.contains(batch) else {
            throw DeliveryError.unknownBatch(batch, suggestion: Suggestion.closest(to: batch, in: known))
        }
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
        summary = try sender.deliver(
            batch: batch, transport: transport, resendUnknown: options.resendUnknown, summary: summary, audit: audit,
            subject: "outbox:\(batch)")
        return SendReport(summary: summary, dryRun: nil, testTo: nil)
    }
}
