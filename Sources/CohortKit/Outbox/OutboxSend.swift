import CohortCore
internal import CohortDelivery
internal import CohortRender
internal import CohortStore
import Foundation

/// What a send run sends: an announcement's mail (queued here from its rendering), a workshop
/// session's current invitations, or any batch a capability queued (reminders, offers).
public enum SendTarget: Sendable, Equatable {
    case announcement(String)
    case workshop(String)
    case batch(String)
    /// Every notice to people still queued, each its own batch (see `sendNotices`).
    case notices

    /// How the run is named in the audit log.
    var subject: String {
        switch self {
        case .announcement(let slug): "announcement:\(slug)"
        case .workshop, .batch, .notices: ""
        }
    }
}

/// One message a send would hand over, as `--dry-run` lists it.
public struct PlannedMessage: Sendable, Encodable {
    public var recipient: String
    public var messageID: String
    /// Where it stands in the outbox now (`new` if it was never queued).
    public var state: String

    enum CodingKeys: String, CodingKey {
        case recipient, state
        case messageID = "message_id"
    }
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
    public func encode(to encoder: any Encoder) throws {
        if let dryRun {
            var container = encoder.container(keyedBy: DryRunKeys.self)
            try container.encode(dryRun, forKey: .wouldSend)
        } else {
            try summary.encode(to: encoder)
        }
    }

    enum DryRunKeys: String, CodingKey { case wouldSend = "would_send" }
}

extension ProgramSession {
    /// The outbox batch of an announcement's mail.
    public static func announcementBatch(_ slug: String) -> String { "announce:\(slug)" }

    /// Sends `target` through the outbox, never twice: queues an announcement's mail first, lists
    /// instead on a dry run, or sends one unrecorded copy with `testTo`; records the run.
    public func send(
        _ target: SendTarget, options: SendOptions, audit: AuditContext, environment: [String: String],
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> SendReport {
        if target == .notices {
            return try sendNotices(options: options, audit: audit, environment: environment, progress: progress)
        }
        // An announcement's batch is sent as the announcement: what is still queued follows its
        // source as it is now (and lint), unless the mail went out already.
        if case .batch(let name) = target, name.hasPrefix("announce:"),
            AnnouncementBuild(session: self, sections: [], now: audit.now).slugs().contains(
                String(name.dropFirst("announce:".count)))
        {
            return try send(
                .announcement(String(name.dropFirst("announce:".count))), options: options, audit: audit,
                environment: environment, progress: progress)
        }
        if options.overrideLint, (options.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw OverrideNeedsReason()
        }
        let store = try openStore()
        let batch: String
        var messages: [(recipient: String, message: OutboxItem)] = []
        var mailText: String?
        var keep: [String: String] = [:]
        var overridden: [Diagnostic] = []
        switch target {
        case .notices: preconditionFailure("notices are sent by sendNotices")
        case .announcement(let slug):
            batch = Self.announcementBatch(slug)
            // Once the mail went out, its batch is what goes out: a resumed send renders nothing anew.
            let wentOut =
                try records.exists
                && store.read { try $0.currentChannels(announcement: slug) }[.mail]?.state.wentOut == true
            if !wentOut {
                (messages, mailText, keep, overridden) = try announcementMessages(
                    slug, options: options, audit: audit, environment: environment)
            }
        case .workshop(let id):
            batch = try workshopBatch(id)
        case .batch(let name):
            let known = try store.read { try $0.outboxBatches() }
            guard known.contains(name) else {
                throw OutboxError.unknownBatch(name, suggestion: Suggestion.closest(to: name, in: known))
            }
            batch = name
        }
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
        let transport = try SMTPTransport(settings: try relaySettings(options, environment: environment))
        let subject = target.subject.isEmpty ? "outbox:\(batch)" : target.subject
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
        var details = ChannelDetails(batch: batch, messages: messages.count)
        if !messages.isEmpty {
            summary.skippedAlreadySent = try enqueue(
                messages.map(\.message), store: store, audit: audit, subject: subject
            ) { records in
                guard case .announcement(let slug) = target, !overridden.isEmpty, let reason = options.reason else {
                    return
                }
                details.note = "sent despite \(Plural.count(overridden.count, "lint finding")): \(reason)"
                try records.append(
                    audit.entry(
                        action: "override-lint", subject: "announcement:\(slug)/mail", reason: reason,
                        details: try JSONDocument.compact(overridden.map(\.description))))
            }
            // The committed mail.eml (and the context it came from) is what is queued.
            try workspace.writeAll(keep.filter { (try? workspace.readText($0.key)) != $0.value })
        } else {
            summary.skippedAlreadySent = queued.count { $0.state == .sent }
        }
        let total = max(0, (messages.isEmpty ? queued.count : messages.count) - summary.skippedAlreadySent)
        var sender = OutboxSender(
            store: store, policy: options.policy, start: audit.now, fixed: audit.fixedClock)
        sender.progress = { progress($0, total) }
        if case .announcement(let slug) = target, mailText != nil {
            // The mail went out when the first list took it: recorded in that very transaction,
            // from then on frozen. Until then, what is queued follows its source.
            let step = details
            sender.firstDelivery = { records in
                // Another sender may have recorded since this one started, on a clock of its own.
                var stamp = audit
                stamp.now = max(audit.now, try records.auditEntries(limit: 1).last?.at ?? .distantPast)
                try recordChannel(
                    .mail, of: slug, state: .sent, text: mailText, details: step, records: records, audit: stamp)
            }
        }
        summary = try sender.deliver(
            batch: batch, transport: transport, resendUnknown: options.resendUnknown, summary: summary, audit: audit,
            subject: subject)
        return SendReport(summary: summary, dryRun: nil, testTo: nil)
    }

    /// Every outbox row of `slug`'s mail.
    public func deliveries(_ slug: String) throws -> [OutboxItem] {
        guard records.exists else { return [] }
        return try openStore().read { try $0.outboxItems(batch: Self.announcementBatch(slug)) }
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

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batch, forKey: .batch)
        try container.encode(
            Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }), forKey: .counts)
    }

    enum CodingKeys: String, CodingKey { case batch, counts }
}
