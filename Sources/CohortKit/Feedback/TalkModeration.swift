import CohortCore
internal import CohortDelivery
import Foundation

/// What `feedback hide|unhide --on-wiki` did on the wiki and in the records.
public struct TalkHidden: Sendable, Encodable {
    public var item: String
    public var hidden: Bool
    public var reason: String
    /// `edited`, or `unchanged` when the wiki showed it so already.
    public var wiki: String
    public var revision: Int?
    /// False when the records said so already.
    public var recorded: Bool

    public var text: String {
        let state = hidden ? "hidden" : "shown"
        let onWiki =
            wiki == "edited"
            ? "\(state) on the wiki in revision \(revision.map(String.init) ?? "?")" : "\(state) on the wiki already"
        return "\(item): \(onWiki); \(recorded ? "recorded" : "recorded before")."
    }
}

extension TalkPageDesk {
    /// Saves `text` over section `index` of the talk page `title` with `basetimestamp`, so an edit
    /// in between is a conflict (exit 4) and nothing is written; then reads the edit back
    /// (`ServerClaims.verifyEdit`: the revision exists, is of this page and carries `proof`) before
    /// anyone records it. Every talk-page edit (a reply, a hiding, a ping) goes through here.
    func saveTalkSection(
        _ wiki: MediaWikiClient, title: String, section index: String, text: String, proof: String,
        summary: String, baseTimestamp: String, startTimestamp: String
    ) throws -> Int {
        let saved: WikiEdit
        do {
            saved = try wiki.save(
                .init(
                    title: title, place: .replace(section: index), text: text, summary: summary,
                    baseTimestamp: baseTimestamp, startTimestamp: startTimestamp))
        } catch let error as MediaWikiError {
            guard error == .api(code: "editconflict", info: "Edit conflict.") || error.kind == .conflict else {
                throw error
            }
            throw PublishError.conflict(what: "the page \"\(title)\"", since: "Cohort read it a moment ago", diff: "")
        }
        return try ServerClaims.verifyEdit(saved, title: title, text: proof, wiki: wiki).revision
    }

    /// Changes the talk-page comment whose item is `item`: finds its section, applies `change` to
    /// the section's wikitext (nil: nothing to change; else the new text and what its saved
    /// revision must carry) and saves it through `saveTalkSection`. Returns the revision read back,
    /// or nil when nothing changed.
    func editTalkComment(
        _ item: String, summary: String, environment: [String: String],
        change: (TalkPage.Comment, String) -> (text: String, proof: String)?
    ) throws -> Int? {
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        let title = meta.talk
        let wiki = try using(Publishing.self).wikiClient(environment: environment, needLogin: true)
        try wiki.login()
        let (_, page) = try wiki.wikitext(title)
        guard
            let comment = TalkPageImport.comment(
                item, in: TalkPage.parse(page, hideTemplates: meta.hideTemplates), title: title)
        else { throw TalkReplyError.noComment(item, page: title) }
        let (_, now) = try wiki.page(title)
        for section in try wiki.sections(title)
        where section.heading.caseInsensitiveCompare(comment.section) == .orderedSame {
            guard let live = try wiki.page(title, section: section.index).revision else { continue }
            let local = TalkPage.parse(live.content, hideTemplates: meta.hideTemplates)
            guard let found = TalkPageImport.comment(item, in: local, title: title) else { continue }
            guard let (text, proof) = change(found, live.content) else { return nil }
            return try saveTalkSection(
                wiki, title: title, section: section.index, text: text, proof: proof, summary: summary,
                baseTimestamp: live.timestamp, startTimestamp: now)
        }
        throw TalkReplyError.noComment(item, page: title)
    }

    /// Hides (or shows again) a talk-page item on the wiki, wrapping its comment in the program's
    /// hide template (the first of `channels.meta.hide_templates`, default `hidden`) with an edit
    /// summary citing the rules of engagement, and records it as `feedback hide` does, with the
    /// revision in the audit log. Running it again changes nothing.
    public func setFeedbackHiddenOnWiki(
        _ hidden: Bool, item: String, reason: String, by: String, audit: AuditContext,
        environment: [String: String]
    ) throws -> TalkHidden {
        let template = program.channels.meta?.hideTemplates.first ?? "hidden"
        let summary =
            hidden
            ? "Hidden under the rules of engagement (\(reason)), by \(by) (Cohort)"
            : "Shown again: \(reason), by \(by) (Cohort)"
        let revision = try editTalkComment(item, summary: summary, environment: environment) { comment, text in
            let changed =
                hidden
                ? TalkHiding.hiding(comment, template: template, reason: reason, in: text)
                : TalkHiding.unhiding(comment, template: template, in: text)
            return changed.map { ($0, $0) }
        }
        let recorded = try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            var changed = false
            if (ledger.hiddenReason(item) != nil) != hidden {
                let change = try ledger.setHidden(hidden, item: item, reason: reason, by: by, at: audit.now)
                try using(FeedbackCoding.self).keep(change, records, audit, source: "on the wiki")
                changed = true
            }
            if let revision {
                try records.append(
                    audit.entry(
                        action: hidden ? "hide-on-wiki" : "unhide-on-wiki", subject: "feedback:\(item)",
                        reason: "\(summary); revision \(revision)"))
            }
            return changed
        }
        return TalkHidden(
            item: item, hidden: hidden, reason: reason, wiki: revision == nil ? "unchanged" : "edited",
            revision: revision, recorded: recorded)
    }

    /// `askClarification`, and when the item came from the talk page and its commenter has no
    /// address, the question posted there too, pinging them (the draft is kept as the record).
    public func askClarification(
        _ item: String, question: String, audit: AuditContext, environment: [String: String]
    ) throws -> ClarificationAsked {
        // Checked before anything is recorded: a question that cannot go on the wiki changes nothing.
        if item.hasPrefix("talk-") { try checkPublicReply(question) }
        var asked = try using(FeedbackCoding.self).askClarification(item, question: question, audit: audit)
        guard asked.channel == "talk-page", item.hasPrefix("talk-") else { return asked }
        let found = try transaction { records in try records.feedbackLedger(judges: program.judges).item(item) }
        guard let author = found.author, found.source == TalkPageImport.source else { return asked }
        asked.revision = try pingOnWiki(
            item, author: author, question: question, by: audit.actor, environment: environment)
        asked.pinged = true
        return asked
    }

    /// Asks a talk-page commenter `question` on the wiki: a reply under their comment that pings
    /// them (`{{ping|User}}`), posted once (a reply with the same text is found again).
    public func pingOnWiki(_ item: String, author: String, question: String, by: String, environment: [String: String])
        throws -> Int?
    {
        try checkPublicReply(question)
        let ping = "{{ping|\(author)}} \(question)"
        return try editTalkComment(
            item, summary: "A question for \(author) about their comment (Cohort, for \(by))",
            environment: environment
        ) { comment, text in
            let local = TalkPage.parse(text, hideTemplates: program.channels.meta?.hideTemplates ?? [])
            let replies = local.comments.filter { $0.thread == comment.thread && $0.line > comment.line }
            if replies.contains(where: {
                TalkPageImport.normalized($0.text).contains(TalkPageImport.normalized(question))
            }) {
                return nil
            }
            return (
                TalkReply.inserting(ping, by: by, under: comment, into: text),
                TalkReply.unsigned(ping, by: by, under: comment)
            )
        }
    }
}
