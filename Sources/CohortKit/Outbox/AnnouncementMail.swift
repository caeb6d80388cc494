import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

extension ProgramSession {
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
        var build = try AnnouncementBuild(session: self, now: now)
        let source = try build.source(slug)
        // What staff rendered and reviewed is the announcement as its source says now.
        guard let reviewed = try build.prepare([slug]).first else { throw OutboxError.noMailChannel(slug: slug) }
        var findings = try build.mailFindings(reviewed)
        // Lint comes first: content with a finding is refused before the blog is asked anything.
        if !findings.isEmpty, !options.overrideLint { throw SendRefused(slug: slug, findings: findings) }
        // Then the approvals of the mail as reviewed (a dry run sends nothing: it needs none).
        if !options.dryRun, let eml = reviewed.rendered.mailEML {
            try requireApproval(
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
        } catch let refused as OutboxError {
            guard case .blogNotPublished = refused else { throw refused }
            findings.append(
                Diagnostic(SourceLocation(file: source.file, line: 1, column: 1), refused.errorDescription ?? ""))
        }
        if !findings.isEmpty, !options.overrideLint { throw SendRefused(slug: slug, findings: findings) }
        let prepared = build.blogLinks[slug] == nil ? reviewed : try build.prepare([slug]).first ?? reviewed
        guard let mail = prepared.rendered.mail, let eml = prepared.rendered.mailEML else {
            throw OutboxError.noMailChannel(slug: slug)
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

    /// Queues `items` in one transaction, with `decide` (a lifecycle step) in the same one;
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
}
