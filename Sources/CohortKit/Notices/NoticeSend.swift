import CohortCore
internal import CohortDelivery
internal import CohortStore
import Foundation

/// One notice as `notices list` shows it: whom (never the address), what, and where it stands.
public struct NoticeLine: Sendable, Encodable {
    public var batch: String
    public var kind: String
    public var person: String
    public var language: String
    /// `pending`, `sent`, `failed-temporary`, … from the outbox; `undeliverable` or `dropped`.
    public var state: String
    public var queuedAt: String
    public var reason: String?
}

/// `notices list --json`: `{"notices":[…]}`, oldest first.
public struct NoticeListing: Sendable, Encodable {
    public var notices: [NoticeLine]

    public var text: String { NoticeText.list(notices) }
}

extension Notifications {
    /// Every notice with where it stands: its outbox state, or undeliverable, or dropped.
    public func noticeListing() throws -> NoticeListing {
        guard records.exists else { return NoticeListing(notices: []) }
        return try openStore().read { records in
            NoticeListing(
                notices: try records.notices().map { notice in
                    let state: String
                    switch notice.state {
                    case .queued:
                        state = try records.outboxItems(batch: notice.batch).first?.state.rawValue ?? "missing"
                    case .undeliverable, .dropped: state = notice.state.rawValue
                    }
                    return NoticeLine(
                        batch: notice.batch, kind: notice.kind.rawValue, person: notice.person,
                        language: notice.language, state: state, queuedAt: Instant.format(notice.queuedAt),
                        reason: notice.reason.isEmpty ? nil : notice.reason)
                })
        }
    }

    /// Sends every queued notice through the outbox sender, never twice: first drops (and audits)
    /// those whose decision was undone, then sends each notice's batch. A dry run lists them; a
    /// test copy goes to `options.testTo` only.
    func sendNotices(
        options: SendOptions, audit: AuditContext, environment: [String: String],
        progress: @escaping (Int, Int) -> Void
    ) throws -> SendReport {
        let store = try openStore()
        var due: Set<OutboxState> = [.pending, .failedTemporary, .sending]
        if options.resendUnknown { due.insert(.unknown) }
        if !options.dryRun {
            try store.write { records in _ = try dropStaleNotices(records: records, audit: audit) }
        }
        let queued = try store.read { records in
            try records.notices().filter { $0.state == .queued }.flatMap { notice in
                try records.outboxItems(batch: notice.batch).map { (notice, $0) }
            }
        }
        let waiting = queued.filter { due.contains($0.1.state) }
        if options.dryRun {
            return SendReport(
                summary: SendSummary(),
                dryRun: waiting.map {
                    PlannedMessage(recipient: $0.0.person, messageID: $0.1.messageID, state: $0.1.state.rawValue)
                }, testTo: nil)
        }
        let transport = try transports.mail(try using(Outbox.self).relaySettings(options, environment: environment))
        if let testTo = options.testTo {
            guard let id = (waiting.first ?? queued.first)?.1.id,
                let first = try store.read({ try $0.outboxItem(id: id) })
            else { throw NoticeError.nothingQueued }
            return try using(Outbox.self).sendTestCopy(
                first, to: testTo, via: transport, store: store, audit: audit, subject: "notices")
        }
        var summary = SendSummary()
        summary.skippedAlreadySent = queued.count { $0.1.state == .sent }
        var done = 0
        for (notice, _) in waiting {
            var sender = OutboxSender(
                store: store, policy: options.policy, start: audit.now, fixed: audit.fixedClock)
            sender.progress = { _ in progress(done + 1, waiting.count) }
            let result = try sender.deliver(
                batch: notice.batch, transport: transport, resendUnknown: options.resendUnknown, summary: SendSummary(),
                audit: audit, subject: notice.subject, note: "\(notice.kind.rawValue) notice: ")
            summary.sent += result.sent
            summary.interrupted += result.interrupted
            done += 1
        }
        let states = try store.read { records in
            try queued.compactMap { try records.outboxItems(batch: $0.0.batch).first?.state }
        }
        summary.failedPermanent = states.count { $0 == .failedPermanent }
        summary.failedTemporary = states.count { $0 == .failedTemporary }
        summary.unknown = states.count { $0 == .unknown }
        return SendReport(summary: summary, dryRun: nil, testTo: nil)
    }
}

/// Why `notices send` could not start.
public enum NoticeError: Error, LocalizedError, CategorizedError, Equatable {
    case nothingQueued

    public var errorDescription: String? {
        switch self {
        case .nothingQueued: "no notice is queued; decisions queue them (`cohort notices list` shows them)"
        }
    }

    public var kind: FailureKind { .badInput }
}
