import CohortCore
internal import CohortDelivery
internal import CohortRender
internal import CohortStore
import Foundation

/// One message a send would hand over, as `--dry-run` lists it.
public struct PlannedMessage: Sendable, Encodable {
    public var recipient: String
    public var messageID: String
    /// Where it stands in the outbox now (`new` if it was never queued).
    public var state: String
}

/// What a send run did (or, on a dry run, would do).
public struct SendReport: Sendable, Encodable {
    public var summary: SendSummary
    public var dryRun: [PlannedMessage]?
    public var testTo: String?

    /// The failure the run ends with: some failed or are unknown (1), some wait for a retry (75).
    public var failure: FailureKind? {
        guard dryRun == nil else { return nil }
        if summary.failedPermanent > 0 || summary.unknown > 0 { return .failure }
        if summary.failedTemporary > 0 { return .temporary }
        return nil
    }

    /// `announce send --json`: the summary, or `{"would_send":[...]}` on a dry run.
    /// By hand: two shapes from one type, which synthesis cannot make.
    public func encode(to encoder: any Encoder) throws {
        if let dryRun {
            var container = encoder.container(keyedBy: DryRunKeys.self)
            try container.encode(dryRun, forKey: .wouldSend)
        } else {
            try summary.encode(to: encoder)
        }
    }

    enum DryRunKeys: String, CodingKey { case wouldSend }
}

/// The use cases of the outbox: batches sent through the relay, never twice, requeued, listed. Made
/// with the command's session: its workspace and program, its records (opened once for the command) and
/// the transports it reaches servers through.
public struct Outbox: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

/// What a capability hands the outbox to send: a batch, the messages to queue under it (none when
/// they are queued already), and the capability's own steps, each kept in the transaction it
/// belongs to. The outbox knows no kinds of batches: an announcement, a workshop session or a
/// reminder is the capability's business (`Publishing.sendMail`, `Sending`).
struct OutboxDelivery {
    var batch: String
    /// How the run is named in the audit log.
    var subject: String
    /// The messages to queue (or replace while unsent) before sending; empty: send what is queued.
    var messages: [(recipient: String, message: OutboxItem)] = []
    /// Written in the transaction that queues `messages` (an overridden lint finding, say).
    var onQueue: (any RecordWriting) throws -> Void = { _ in }
    /// Done once `messages` are queued (the capability keeps what it queued).
    var afterQueue: () throws -> Void = {}
    /// Written in the transaction that records the first message the relay took.
    var firstDelivery: ((any RecordWriting) throws -> Void)?

    init(batch: String, subject: String? = nil) {
        self.batch = batch
        self.subject = subject ?? "outbox:\(batch)"
    }
}

extension Outbox {
    /// Sends the batch `name` as it is queued, never twice; a name nothing is queued under is bad
    /// input with the closest batch that is.
    func send(
        batch name: String, options: SendOptions, audit: AuditContext, environment: [String: String],
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> SendReport {
        let known = try openStore().read { try $0.outboxBatches() }
        guard known.contains(name) else {
            throw OutboxError.unknownBatch(name, suggestion: Suggestion.closest(to: name, in: known))
        }
        return try deliver(
            OutboxDelivery(batch: name), options: options, audit: audit, environment: environment, progress: progress)
    }

    /// Queues `delivery`'s messages and sends its batch through the relay, never twice: lists
    /// instead on a dry run, or sends one unrecorded copy with `testTo`; records the run.
    func deliver(
        _ delivery: OutboxDelivery, options: SendOptions, audit: AuditContext, environment: [String: String],
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> SendReport {
        let store = try openStore()
        let batch = delivery.batch
        let messages = delivery.messages
        let queued = try store.read { try $0.outboxItems(batch: batch) }
        if options.dryRun {
            let planned =
                messages.isEmpty
                ? queued.map {
                    PlannedMessage(recipient: $0.recipient, messageID: $0.messageID, state: $0.state.rawValue)
                }
                : messages.map { recipient, message in
                    PlannedMessage(
                        recipient: recipient, messageID: message.messageID,
                        state: queued.first { $0.recipient == recipient }?.state.rawValue ?? "new")
                }
            return SendReport(summary: SendSummary(), dryRun: planned, testTo: nil)
        }
        let transport = try transports.mail(try relaySettings(options, environment: environment))
        let subject = delivery.subject
        if let testTo = options.testTo {
            let first: OutboxItem?
            if let message = messages.first?.message {
                first = message
            } else if let id = queued.first?.id {
                first = try store.read { try $0.outboxItem(id: id) }
            } else {
                first = nil
            }
            guard let first else { throw OutboxError.unknownBatch(batch, suggestion: nil) }
            return try sendTestCopy(first, to: testTo, via: transport, store: store, audit: audit, subject: subject)
        }
        var summary = SendSummary()
        if !messages.isEmpty {
            summary.skippedAlreadySent = try enqueue(
                messages.map(\.message), store: store, audit: audit, subject: subject, decide: delivery.onQueue)
            try delivery.afterQueue()
        } else {
            summary.skippedAlreadySent = queued.count { $0.state == .sent }
        }
        let total = max(0, (messages.isEmpty ? queued.count : messages.count) - summary.skippedAlreadySent)
        var sender = OutboxSender(
            store: store, policy: options.policy, start: audit.now, fixed: audit.fixedClock)
        sender.progress = { progress($0, total) }
        sender.firstDelivery = delivery.firstDelivery
        summary = try sender.deliver(
            batch: batch, transport: transport, resendUnknown: options.resendUnknown, summary: summary, audit: audit,
            subject: subject)
        return SendReport(summary: summary, dryRun: nil, testTo: nil)
    }

    /// Queues `items` in one transaction, with `decide` (a capability's own step) in the same one;
    /// returns how many had been sent already.
    func enqueue(
        _ items: [OutboxItem], store: any RecordStore, audit: AuditContext, subject: String,
        decide: (any RecordWriting) throws -> Void = { _ in }
    ) throws -> Int {
        // Other senders may be queueing the same batch right now: row locks, not a serializable snapshot.
        try store.claim { records in
            var alreadySent = 0
            for item in items {
                switch try records.enqueue(item) {
                case .unchanged(.sent), .alreadySent: alreadySent += 1
                case .added, .replaced, .unchanged: break
                }
            }
            try records.append(
                audit.entry(
                    action: "enqueue", subject: subject,
                    reason: "mail to \(items.map(\.recipient).joined(separator: ", "))"))
            try decide(records)
            return alreadySent
        }
    }

    /// Every batch in the outbox and how many of its messages are in each state.
    public func outboxBatches() throws -> [OutboxBatch] {
        guard records.exists else { return [] }
        return try openStore().read { records in
            try records.outboxBatches().map { OutboxBatch(batch: $0, counts: try records.outboxCounts(batch: $0)) }
        }
    }

    /// Sends one copy of `item` to `address`, under a Message-ID of its own; recorded in the audit
    /// log, never as a delivery.
    func sendTestCopy(
        _ item: OutboxItem, to address: String, via transport: any MessageTransport, store: any RecordStore,
        audit: AuditContext, subject: String
    ) throws -> SendReport {
        let messageID = MailMessage.stableID(
            kind: "test", key: "\(program.slug)/\(item.batch)/\(Instant.format(audit.now))", recipient: address,
            domain: MailAddress(address: item.sender).domain)
        let payload = MailMessage.readdressed(item.payload, to: address, messageID: messageID)
        let outcome = transport.send(payload, from: item.sender, to: address)
        var summary = SendSummary()
        switch outcome {
        case .accepted: summary.sent = 1
        case .permanent: summary.failedPermanent = 1
        case .temporary: summary.failedTemporary = 1
        case .ambiguous: summary.unknown = 1
        }
        try store.write {
            try $0.append(
                audit.entry(action: "send-test", subject: subject, reason: "test copy to \(address): \(outcome)"))
        }
        return SendReport(summary: summary, dryRun: nil, testTo: address)
    }
}

/// A batch in the outbox and how many of its messages are in each state.
public struct OutboxBatch: Sendable, Encodable {
    public var batch: String
    public var counts: [OutboxState: Int]

    /// By hand: `counts` keyed by state name; synthesis writes a dictionary keyed by an enum as an array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batch, forKey: .batch)
        try container.encode(
            Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }), forKey: .counts)
    }

    enum CodingKeys: String, CodingKey { case batch, counts }
}
