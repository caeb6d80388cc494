import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// The plan's rules of engagement (comments that violate them are hidden, counted, never quoted)
/// and clarification asked for real (a question to the commenter, by mail or on the talk page).
extension FeedbackCoding {
    /// Hides an item under the rules of engagement, or shows it again (`hidden` false); recorded
    /// with who decided and why. Hidden items are not offered for coding, quoted, or counted in
    /// agreement and prevalence; the report counts them.
    public func setFeedbackHidden(_ hidden: Bool, item: String, reason: String, by: String, audit: AuditContext)
        throws -> FeedbackVisibilitySet
    {
        try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let change = try ledger.setHidden(hidden, item: item, reason: reason, by: by, at: audit.now)
            try keep(change, records, audit)
            return FeedbackVisibilitySet(
                item: item, hidden: hidden, reason: change.reason, by: change.by,
                hiddenCount: ledger.hiddenItems.count)
        }
    }

    /// Asks the commenter of an unclear item `question`: by mail (queued as a notice) when the item
    /// has an address (its author is one, or is a sign-up with one), else as a talk-page reply
    /// drafted in `.cohort/clarifications/` for staff to post. The item awaits clarification until
    /// it is coded again.
    public func askClarification(_ item: String, question: String, audit: AuditContext) throws
        -> ClarificationAsked
    {
        let templates = workspace.noticeTemplates()
        return try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let found = try ledger.item(item)
            let recipient = try commenter(of: found, records: records)
            let channel: ClarificationRequest.Channel = recipient.isReachable ? .mail : .talkPage
            let request = try ledger.ask(
                item: item, question: question, channel: channel, by: audit.actor, at: audit.now)
            try records.append(request)
            try records.append(
                audit.entry(
                    action: "ask", subject: "feedback:\(item)",
                    reason: "asked the commenter (\(channel.rawValue)), round \(request.round): \(request.question)"))
            let draft = FeedbackNotices.clarification(found, request: request, recipient: recipient)
            guard channel == .talkPage else {
                let notices = try using(Notifications.self).queueNotices([draft], records: records, audit: audit)
                return ClarificationAsked(
                    item: item, channel: channel.rawValue, round: request.round, batch: notices.queued.first,
                    draft: nil)
            }
            let text = try NoticeRenderer(program: program, partials: templates.partials).wikitext(
                draft, template: templates.talkPage)
            let written = try workspace.write(
                [("\(Self.safeFileName(item))-round\(request.round).wiki", text)],
                under: workspace.stateFolderURL.appendingPathComponent("clarifications", isDirectory: true),
                private: true)
            return ClarificationAsked(
                item: item, channel: channel.rawValue, round: request.round, batch: nil, draft: written.first)
        }
    }

    /// Who wrote `item` and how to reach them: an author who is a mail address, or a sign-up's
    /// username (their address, zone and languages); anyone else has no address.
    func commenter(of item: FeedbackItem, records: any RecordWriting) throws -> NoticeRecipient {
        let author = item.author?.trimmingCharacters(in: .whitespaces) ?? ""
        if let signup = try records.signups().first(where: { WikiUsername.same($0.username, author) }) {
            var recipient = PilotNotices.recipient(signup)
            recipient.id = item.id
            return recipient
        }
        let isAddress = Signup.isMailAddress(author)
        return NoticeRecipient(
            id: item.id, name: isAddress || author.isEmpty ? "contributor" : author, email: isAddress ? author : "",
            timeZone: "UTC")
    }

    /// A file name for an id: its letters, digits, `-`, `_` and `.`, others as `_`.
    static func safeFileName(_ id: String) -> String {
        let safe = String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) ? $0 : "_" })
        return safe.isEmpty ? "item" : safe
    }
}

/// What `feedback hide` and `feedback unhide` recorded.
public struct FeedbackVisibilitySet: Sendable, Encodable {
    public var item: String
    public var hidden: Bool
    public var reason: String
    public var by: String
    /// How many items are hidden now.
    public var hiddenCount: Int

    public var text: String {
        (hidden
            ? "Hid \(item) under the rules of engagement (\(reason)): it is no longer offered for coding, quoted or counted in agreement and prevalence."
            : "\(item) is shown again and back in coding, agreement and prevalence.")
            + " \(Plural.count(hiddenCount, "comment")) hidden now."
    }
}

/// What `feedback clarify --ask` did: the question queued as mail, or a talk-page reply drafted.
public struct ClarificationAsked: Sendable, Encodable {
    public var item: String
    /// `mail` or `talk-page`.
    public var channel: String
    public var round: Int
    /// The outbox batch of the mail, when one was queued.
    public var batch: String?
    /// The private file holding the talk-page reply to post.
    public var draft: String?
    /// True when the question was posted on the talk page, pinging the commenter.
    public var pinged = false
    /// The revision that posted it (nil when it was there already).
    public var revision: Int?

    public var text: String {
        if pinged {
            return
                "\(item) has no address to write to: the question is posted under the comment on the talk page, pinging its author\(revision.map { " (revision \($0))" } ?? " (it was there already)"). It awaits clarification until it is coded again."
        }
        if let draft {
            return
                "\(item) has no address to write to: a talk-page reply is drafted in \(draft); post it under the comment. It awaits clarification until it is coded again."
        }
        if let batch {
            return
                "Asked the commenter of \(item) by mail (queued as \(batch); `cohort notices send` sends it). It awaits clarification until it is coded again."
        }
        return "The question about \(item) was queued before; it awaits clarification until it is coded again."
    }
}
