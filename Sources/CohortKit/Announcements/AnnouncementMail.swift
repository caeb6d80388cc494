import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

extension Publishing {
    /// The mail of an announcement for each of its lists: one message per list, addressed to it
    /// alone, with a Message-ID that stays the same for that list; the mail as rendered
    /// (`mail.eml`, with the Diff post's real address once WordPress published it), whose hash
    /// the lifecycle records; and the files to keep as what went out (the mail, and its context
    /// when none is committed yet).
    /// Lint comes first: any finding for the mail refuses the send (nothing is queued) unless
    /// `--override-lint` with a reason, and the findings overridden are returned for the audit log.
    func announcementMessages(
        _ slug: String, options: SendOptions, audit: AuditContext, environment: [String: String]
    ) throws -> (
        messages: [(recipient: String, message: OutboxItem)], mail: String?, keep: [String: String],
        overridden: [Diagnostic]
    ) {
        let now = audit.now
        var build = try AnnouncementBuild(session: session, now: now)
        let source = try build.source(slug)
        // What staff rendered and reviewed is the announcement as its source says now.
        guard let reviewed = try build.prepare([slug]).first else {
            throw AnnouncementMailError.noMailChannel(slug: slug)
        }
        var findings = try build.mailFindings(reviewed)
        // Lint comes first: content with a finding is refused before the blog is asked anything.
        if !findings.isEmpty, !options.overrideLint { throw SendRefused(slug: slug, findings: findings) }
        // Then the approvals of the mail as reviewed (a dry run sends nothing: it needs none).
        if !options.dryRun, let eml = reviewed.rendered.mailEML {
            try using(AnnouncementDesk.self).requireApproval(
                slug, channel: .mail, text: eml,
                override: ApprovalOverride(requested: options.overrideApproval, reason: options.reason), audit: audit)
        }
        // The plan: the follow-up mail links the Diff post, so it goes only once the post is live,
        // and with the address WordPress gave it (`publishedBlogLink` decides), once that address
        // is on the blog's own site: a link elsewhere is never mailed, override or not.
        do {
            if let link = try publishedBlogLink(
                source, allowUnpublished: options.allowUnpublishedLink, audit: audit, environment: environment)
            {
                if let problem = ServerClaims.linkProblem(link, site: program.channels.blog?.site) {
                    throw SendRefused(
                        slug: slug,
                        findings: [Diagnostic(SourceLocation(file: source.file, line: 1, column: 1), problem)])
                }
                build.blogLinks[slug] = link
            }
        } catch let refused as AnnouncementMailError {
            guard case .blogNotPublished = refused else { throw refused }
            findings.append(
                Diagnostic(SourceLocation(file: source.file, line: 1, column: 1), refused.errorDescription ?? ""))
        }
        if !findings.isEmpty, !options.overrideLint { throw SendRefused(slug: slug, findings: findings) }
        let prepared = build.blogLinks[slug] == nil ? reviewed : try build.prepare([slug]).first ?? reviewed
        guard let mail = prepared.rendered.mail, let eml = prepared.rendered.mailEML else {
            throw AnnouncementMailError.noMailChannel(slug: slug)
        }
        var keep = ["announcements/\(slug)/mail.eml": eml]
        let context = RecordContextFile.path(slug)
        if !workspace.exists(context) { keep[context] = prepared.contextText }
        let messages = try mail.to.map { address in
            var message = mail
            message.to = [address]
            message.messageID = MailMessage.stableID(
                kind: "announce", key: "\(program.slug)/\(slug)", recipient: address.address, domain: mail.from.domain)
            let payload = try message.rendered()
            return (
                address.address,
                OutboxItem(
                    batch: Self.announcementBatch(slug), recipient: address.address, sender: message.from.address,
                    messageID: message.messageID, hash: StableHash.hex(payload), payload: payload, updatedAt: now)
            )
        }
        return (messages, eml, keep, findings)
    }

    /// The outbox batch of an announcement's mail.
    public static func announcementBatch(_ slug: String) -> String { "announce:\(slug)" }

    /// The announcement whose mail `batch` is, if it is one of this workspace's announcements.
    func announcement(ofBatch batch: String, now: Date) -> String? {
        guard batch.hasPrefix("announce:") else { return nil }
        let slug = String(batch.dropFirst("announce:".count))
        return AnnouncementBuild(session: session, sections: [], now: now).slugs().contains(slug) ? slug : nil
    }

    /// Every outbox row of `slug`'s mail.
    public func deliveries(_ slug: String) throws -> [OutboxItem] {
        guard records.exists else { return [] }
        return try openStore().read { try $0.outboxItems(batch: Self.announcementBatch(slug)) }
    }

    /// Sends `slug`'s mail to its lists through the outbox, never twice. Until the mail went out,
    /// what is queued follows the source as it is now (lint, approvals and the Diff post's link
    /// first, `announcementMessages`); the first message the relay takes records the mail channel
    /// as sent, in that very transaction, and from then on the batch is what goes out.
    public func sendMail(
        _ slug: String, options: SendOptions, audit: AuditContext, environment: [String: String],
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> SendReport {
        if options.overrideLint, (options.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw OverrideNeedsReason()
        }
        let subject = "announcement:\(slug)"
        var delivery = OutboxDelivery(batch: Self.announcementBatch(slug), subject: subject)
        // Once the mail went out, its batch is what goes out: a resumed send renders nothing anew.
        let wentOut =
            try records.exists
            && openStore().read { try $0.currentChannels(announcement: slug) }[.mail]?.state.wentOut == true
        guard !wentOut else {
            return try using(Outbox.self).deliver(
                delivery, options: options, audit: audit, environment: environment, progress: progress)
        }
        let (messages, mailText, keep, overridden) = try announcementMessages(
            slug, options: options, audit: audit, environment: environment)
        delivery.messages = messages
        var details = ChannelDetails(batch: delivery.batch, messages: messages.count)
        if !overridden.isEmpty, let reason = options.reason {
            details.note = "sent despite \(Plural.count(overridden.count, "lint finding")): \(reason)"
            delivery.onQueue = { records in
                try records.append(
                    audit.entry(
                        action: "override-lint", subject: "\(subject)/mail", reason: reason,
                        details: try JSONDocument.compact(overridden.map(\.description))))
            }
        }
        // The committed mail.eml (and the context it came from) is what is queued.
        delivery.afterQueue = { [workspace] in
            try workspace.writeAll(keep.filter { (try? workspace.readText($0.key)) != $0.value })
        }
        if let mailText {
            // The mail went out when the first list took it: recorded in that very transaction,
            // from then on frozen. Until then, what is queued follows its source.
            let desk = using(AnnouncementDesk.self)
            delivery.firstDelivery = { [details] records in
                // Another sender may have recorded since this one started, on a clock of its own.
                var stamp = audit
                stamp.now = max(audit.now, try records.auditEntries(limit: 1).last?.at ?? .distantPast)
                try desk.recordChannel(
                    .mail, of: slug, state: .sent, text: mailText, details: details, records: records, audit: stamp)
            }
        }
        return try using(Outbox.self).deliver(
            delivery, options: options, audit: audit, environment: environment, progress: progress)
    }
}

/// Why an announcement's mail cannot go out yet.
public enum AnnouncementMailError: Error, LocalizedError, CategorizedError, Equatable {
    case blogNotPublished(slug: String, post: Int?, status: String?)
    case noMailChannel(slug: String)

    public var errorDescription: String? {
        switch self {
        case .noMailChannel(let slug): "\(slug) is not told on the mail channel; see its front matter"
        case .blogNotPublished(let slug, let post, let status):
            if let post {
                "the mail links the Diff post \(post), which is not published yet (it is \(status ?? "unknown") on the blog); an editor publishes it there, then send again (or pass --allow-unpublished-link)"
            } else {
                "the mail links the Diff post, which is not published yet: it does not exist on the blog; run `cohort announce publish \(slug) --channel blog` and have an editor publish it (or pass --allow-unpublished-link)"
            }
        }
    }

    public var kind: FailureKind { .badInput }
}
