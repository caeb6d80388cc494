import CohortCore
import Foundation
import Mustache

/// Renders notices to people: checks the template against the notice's context first (an unknown
/// variable is a located error, never a blank), renders the subject as one header line and the
/// body as plain text, and makes the personal message the outbox sends.
public struct NoticeRenderer: Sendable {
    public let program: Program
    /// `templates/partials/*.mustache`, by name.
    public let partials: [String: TemplateCheck.Source]

    public init(program: Program, partials: [String: TemplateCheck.Source] = [:]) {
        self.program = program
        self.partials = partials
    }

    /// What a notice's template can use: the program's sections, `person` (name, id, time zone,
    /// language; never the address) and `notice` (the kind's fields, and each moment in the
    /// person's zone and language, in UTC, and as ISO 8601).
    public func context(_ draft: NoticeDraft, language: String) -> TemplateValue {
        guard case .object(var fields) = TemplateContext.build(program: program) else { return .object([:]) }
        let recipient = draft.recipient
        fields["person"] = .object([
            "name": .text(recipient.name), "id": .text(recipient.id), "time_zone": .text(recipient.timeZone),
            "language": .text(language),
        ])
        var notice = draft.fields
        let zone = TimeZone(identifier: recipient.timeZone) ?? .gmt
        for (name, moment) in draft.moments {
            notice[name] = .text(LocalTime.moment(moment, in: zone, language: language))
            notice["\(name)_utc"] = .text(LocalTime.moment(moment, in: .gmt, language: language) + " UTC")
            notice["\(name)_iso"] = .text(Instant.format(moment))
        }
        notice["kind"] = .text(draft.kind.rawValue)
        fields["notice"] = .object(notice)
        return .object(fields)
    }

    /// Every problem of `template` for `draft`, each located in the template's file.
    public func problems(_ template: NoticeTemplate, for draft: NoticeDraft) -> [Diagnostic] {
        let check = TemplateCheck(partials: partials, unescapedAllowed: [])
        let context = context(draft, language: template.language)
        return check.problems(in: template.subject, context: context)
            + check.problems(in: template.body, context: context)
    }

    /// The notice as one personal plain-text mail, addressed to the recipient alone, with a
    /// Message-ID that stays the same for this notice; the outbox row it is queued as.
    public func outboxItem(_ draft: NoticeDraft, template: NoticeTemplate, now: Date) throws(ConfigurationProblems)
        -> OutboxItem
    {
        let problems = problems(template, for: draft)
        guard problems.isEmpty else { throw ConfigurationProblems(problems) }
        let context = context(draft, language: template.language)
        let subject = Escaping.singleLine(
            try MustacheSources.render(
                template.subject, contentType: "HEADER", context: context,
                library: try MustacheSources.library(partials, contentType: "HEADER"))
        ).trimmingCharacters(in: .whitespaces)
        let body = AnnouncementRenderer.tidy(
            try MustacheSources.render(
                template.body, contentType: "TEXT", context: context,
                library: try MustacheSources.library(partials, contentType: "TEXT")))
        let from = program.organizer
        let sender = MailAddress(name: from.name, address: from.email)
        let message = MailMessage(
            from: sender, to: [MailAddress(name: draft.recipient.name, address: draft.recipient.email)],
            replyTo: program.channels.mail?.replyTo.map { MailAddress(address: $0) }, subject: subject, date: now,
            messageID: MailMessage.stableID(
                kind: "notice", key: "\(program.slug)/\(draft.batch)", recipient: draft.recipient.email,
                domain: sender.domain),
            extraHeaders: [("Content-Language", template.language)], body: .text(subtype: "plain", body))
        let payload: String
        do {
            payload = try message.rendered()
        } catch {
            throw ConfigurationProblems([
                Diagnostic(SourceLocation(file: template.body.file), error.errorDescription ?? "\(error)")
            ])
        }
        return OutboxItem(
            batch: draft.batch, recipient: draft.recipient.email, sender: from.email, messageID: message.messageID,
            hash: StableHash.hex(payload), payload: payload, updatedAt: now)
    }

    /// A talk-page reply drafted for staff to post (wikitext; every value escaped for the wiki).
    public func wikitext(_ draft: NoticeDraft, template: TemplateCheck.Source) throws(ConfigurationProblems) -> String {
        let context = context(draft, language: "en")
        let problems = TemplateCheck(partials: partials, unescapedAllowed: []).problems(in: template, context: context)
        guard problems.isEmpty else { throw ConfigurationProblems(problems) }
        return AnnouncementRenderer.tidy(
            try MustacheSources.render(
                template, contentType: "WIKITEXT", context: context,
                library: try MustacheSources.library(partials, contentType: "WIKITEXT")))
    }
}
