import CohortCore
import CohortRender
import CohortStore
import Foundation

/// How `announce send` runs.
public struct SendOptions: Sendable {
    /// Overrides `channels.mail.smtp.url`.
    public var smtpURL: URL?
    /// Overrides `channels.mail.smtp.use_tls`.
    public var security: SMTPSecurity?
    public var dryRun = false
    /// One copy to this address instead of the lists; not recorded as sent.
    public var testTo: String?
    public var allowUnpublishedLink = false
    public var resendUnknown = false
    public var policy = SendPolicy()

    public init() {}
}

/// One message the send would hand over, as `--dry-run` lists it.
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

/// What `announce send` did.
public struct SendReport: Sendable, Encodable {
    public var summary: SendSummary
    public var dryRun: [PlannedMessage]?
    public var testTo: String?
}

/// Sends an announcement's mail to its lists through the outbox.
public struct AnnouncementSend {
    public let session: ProgramSession
    public let options: SendOptions
    public let environment: [String: String]

    public init(session: ProgramSession, options: SendOptions, environment: [String: String]) {
        self.session = session
        self.options = options
        self.environment = environment
    }

    /// The outbox batch of an announcement.
    public static func batch(_ slug: String) -> String { "announce:\(slug)" }

    /// The mail for each recipient: the rendered announcement, addressed to one list each, with a
    /// Message-ID that stays the same for that recipient.
    public func messages(_ slug: String) throws -> [(recipient: String, message: MailMessage)] {
        let build = try AnnouncementBuild(session: session)
        let source = try build.source(slug)
        guard let mail = try build.render([slug]).first?.mail else { throw DeliveryError.noMailChannel(slug: slug) }
        if let url = source.blog.url, source.channels.contains(.blog), !source.blog.published,
            !options.allowUnpublishedLink
        {
            throw DeliveryError.unpublishedLink(url: url)
        }
        return mail.to.map { address in
            var message = mail
            message.to = [address]
            message.messageID = MailMessage.stableID(
                kind: "announce", key: "\(session.program.slug)/\(slug)", recipient: address.address,
                domain: mail.from.domain)
            return (address.address, message)
        }
    }

    /// The relay settings: the URL from the option or `cohort.yaml`, the credentials from the
    /// environment or the private credentials file.
    public func settings() throws -> SMTPSettings {
        let mail = session.program.channels.mail
        guard let url = options.smtpURL ?? mail?.smtpURL else { throw DeliveryError.noRelay }
        let credentials = try CredentialSource.resolve(
            environment: environment,
            workspaceFile: session.workspace.stateFolderURL.appendingPathComponent("smtp-credentials"))
        return SMTPSettings(
            url: url, security: options.security ?? mail?.smtpSecurity ?? .required, credentials: credentials)
    }

    /// Enqueues and sends `slug`'s mail (or lists it, or sends one test copy), recording the run
    /// in the audit log.
    public func run(_ slug: String, audit: AuditContext, progress: @escaping (Int, Int) -> Void = { _, _ in }) throws
        -> SendReport
    {
        let messages = try messages(slug)
        let batch = Self.batch(slug)
        let store = try session.openStore()
        if options.dryRun {
            let items = try store.read { try $0.outboxItems(batch: batch) }
            let planned = messages.map { recipient, message in
                PlannedMessage(
                    recipient: recipient, messageID: message.messageID,
                    state: items.first { $0.recipient == recipient }?.state.rawValue ?? "new")
            }
            return SendReport(summary: SendSummary(), dryRun: planned, testTo: nil)
        }
        let transport = try SMTPTransport(settings: try settings())
        if let testTo = options.testTo, let first = messages.first?.message {
            var message = first
            message.to = [MailAddress(address: testTo)]
            message.messageID = MailMessage.stableID(
                kind: "test", key: "\(session.program.slug)/\(slug)/\(Instant.format(audit.now))", recipient: testTo,
                domain: first.from.domain)
            let outcome = transport.send(try message.rendered(), from: first.from.address, to: testTo)
            var summary = SendSummary()
            switch outcome {
            case .accepted: summary.sent = 1
            case .permanent: summary.failedPermanent = 1
            case .temporary: summary.failedTemporary = 1
            case .ambiguous: summary.unknown = 1
            }
            try store.write {
                try $0.append(
                    audit.entry(
                        action: "send-test", subject: "announcement:\(slug)",
                        reason: "test copy to \(testTo): \(outcome)"))
            }
            return SendReport(summary: summary, dryRun: nil, testTo: testTo)
        }
        var summary = SendSummary()
        let now = audit.now
        try store.write { records in
            for (recipient, message) in messages {
                let payload = try message.rendered()
                let item = OutboxItem(
                    batch: batch, recipient: recipient, sender: message.from.address, messageID: message.messageID,
                    hash: StableHash.hex(payload), payload: payload, updatedAt: now)
                switch try records.enqueue(item) {
                case .unchanged(.sent), .alreadySent: summary.skippedAlreadySent += 1
                case .added, .replaced, .unchanged: break
                }
            }
            try records.append(
                audit.entry(
                    action: "enqueue", subject: "announcement:\(slug)",
                    reason: "mail to \(messages.map(\.recipient).joined(separator: ", "))"))
        }
        var sender = OutboxSender(store: store, policy: options.policy, start: now)
        let total = messages.count - summary.skippedAlreadySent
        sender.progress = { progress($0, total) }
        summary = try sender.deliver(
            batch: batch, transport: transport, resendUnknown: options.resendUnknown, summary: summary, audit: audit,
            subject: "announcement:\(slug)")
        return SendReport(summary: summary, dryRun: nil, testTo: nil)
    }

    /// Every outbox row of `slug`'s mail.
    public func log(_ slug: String) throws -> [OutboxItem] {
        try session.openStore().read { try $0.outboxItems(batch: Self.batch(slug)) }
    }
}
