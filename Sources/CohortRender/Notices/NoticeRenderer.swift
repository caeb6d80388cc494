import CohortCore
import Foundation
import Mustache

/// Renders notices to people: checks the template against the notice's context first (an unknown
/// variable is a located error, never a blank), renders the subject as one header line and the
/// body as plain text, and makes the personal message the outbox sends.
///
/// One renderer serves a whole command, which may queue a notice for each of thousands of people:
/// the program's part of the context is built once, each template and partial parsed once per
/// content type, and a template checked once per shape of context (which names exist, not their
/// values), so a notice costs its rendering and its mail.
public struct NoticeRenderer: Sendable {
    public let program: Program
    /// `templates/partials/*.mustache`, by name.
    public let partials: [String: TemplateCheck.Source]
    /// The program's sections of every notice's context.
    private let programFields: [String: TemplateValue]
    private let cache = NoticeRenderCache()

    public init(program: Program, partials: [String: TemplateCheck.Source] = [:]) {
        self.program = program
        self.partials = partials
        if case .object(let fields) = TemplateContext.build(program: program) {
            programFields = fields
        } else {
            programFields = [:]
        }
    }

    /// What a notice's template can use: the program's sections, `person` (name, id, time zone,
    /// language; never the address) and `notice` (the kind's fields, and each moment in the
    /// person's zone and language, in UTC, and as ISO 8601).
    public func context(_ draft: NoticeDraft, language: String) -> TemplateValue {
        var fields = programFields
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
        problems(template, context: context(draft, language: template.language))
    }

    /// The problems of `template` with `context`, found once per shape of the notice's fields.
    func problems(_ template: NoticeTemplate, context: TemplateValue) -> [Diagnostic] {
        let key = [
            template.subject.file, template.subject.text, template.body.file, template.body.text,
            context["notice"].map(NoticeRenderCache.shape) ?? "", context["person"].map(NoticeRenderCache.shape) ?? "",
        ].joined(separator: "\u{0}")
        return cache.problems(key) {
            let check = TemplateCheck(partials: partials, unescapedAllowed: [])
            return check.problems(in: template.subject, context: context)
                + check.problems(in: template.body, context: context)
        }
    }

    /// The notice's subject line and plain-text body, as its mail carries them.
    public func text(_ draft: NoticeDraft, template: NoticeTemplate) throws(ConfigurationProblems) -> (
        subject: String, body: String
    ) {
        let context = context(draft, language: template.language)
        let problems = problems(template, context: context)
        guard problems.isEmpty else { throw ConfigurationProblems(problems) }
        // The program's part as swift-mustache reads it, converted once, not once per notice.
        var values = cache.programValues { programFields.mapValues(\.mustacheValue) }
        for name in ["person", "notice"] { values[name] = context[name]?.mustacheValue }
        let subject = Escaping.singleLine(
            try cache.template(template.subject, contentType: "HEADER").render(
                values, library: try cache.library(partials, contentType: "HEADER"))
        ).trimmedSpaces
        let body = AnnouncementRenderer.tidy(
            try cache.template(template.body, contentType: "TEXT").render(
                values, library: try cache.library(partials, contentType: "TEXT")))
        return (subject, body)
    }

    /// The notice as one personal plain-text mail, addressed to the recipient alone, with a
    /// Message-ID that stays the same for this notice; the outbox row it is queued as.
    public func outboxItem(_ draft: NoticeDraft, template: NoticeTemplate, now: Date) throws(ConfigurationProblems)
        -> OutboxItem
    {
        let (subject, body) = try text(draft, template: template)
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

/// What a `NoticeRenderer` works out once and reuses: parsed templates and partials by content
/// type, and each template's problems by the shape of the context it was checked with.
final class NoticeRenderCache: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while `lock` is held.
    private let lock = NSLock()
    private var templates: [String: MustacheTemplate] = [:]
    private var libraries: [String: MustacheLibrary] = [:]
    private var checks: [String: [Diagnostic]] = [:]
    private var program: [String: Any]?

    func programValues(_ make: () -> [String: Any]) -> [String: Any] {
        if let known = lock.withLock({ program }) { return known }
        let made = make()
        lock.withLock { program = made }
        return made
    }

    func template(_ source: TemplateCheck.Source, contentType: String) throws(ConfigurationProblems)
        -> MustacheTemplate
    {
        let key = contentType + "\u{0}" + source.file + "\u{0}" + source.text
        if let known = lock.withLock({ templates[key] }) { return known }
        let parsed = try MustacheSources.parse(source, contentType: contentType)
        lock.withLock { templates[key] = parsed }
        return parsed
    }

    func library(_ partials: [String: TemplateCheck.Source], contentType: String) throws(ConfigurationProblems)
        -> MustacheLibrary
    {
        if let known = lock.withLock({ libraries[contentType] }) { return known }
        let library = try MustacheSources.library(partials, contentType: contentType)
        lock.withLock { libraries[contentType] = library }
        return library
    }

    func problems(_ key: String, _ find: () -> [Diagnostic]) -> [Diagnostic] {
        if let known = lock.withLock({ checks[key] }) { return known }
        let found = find()
        lock.withLock { checks[key] = found }
        return found
    }

    /// The names a value offers and their kinds (with whatever decides a section: a flag, an empty
    /// text, an empty list), not the values themselves: contexts of one shape pass or fail a
    /// template's check alike.
    static func shape(_ value: TemplateValue) -> String {
        switch value {
        case .text(let text): text.isEmpty ? "t0" : "t"
        case .number(let number): number == 0 ? "n0" : "n"
        case .flag(let flag): flag ? "f1" : "f0"
        case .list(let items): "[" + Set(items.map(shape)).sorted().joined(separator: "|") + "]"
        case .object(let fields):
            "{" + fields.keys.sorted().map { "\($0):\(shape(fields[$0]!))" }.joined(separator: ",") + "}"
        }
    }
}
