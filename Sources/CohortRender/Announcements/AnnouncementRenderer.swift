import CohortCore
import Foundation
import Mustache

/// The templates one announcement renders with: one per channel output (already chosen for its
/// kind) and the shared partials.
public struct TemplateSet: Sendable {
    /// The channel outputs' templates, by name.
    public static let names = ["meta.wiki", "blog.html", "mail.txt", "mail.html", "social.txt"]

    /// By name (`meta.wiki`, …).
    public var templates: [String: TemplateCheck.Source]
    /// By partial name (`footer` for `{{> footer}}`).
    public var partials: [String: TemplateCheck.Source]

    public init(templates: [String: TemplateCheck.Source], partials: [String: TemplateCheck.Source] = [:]) {
        self.templates = templates
        self.partials = partials
    }
}

/// A template set parsed once for every announcement of a run: each channel template in its
/// content type, and the partials once per content type (swift-mustache does not carry the
/// including template's content type into a partial, so each channel gets partials escaped its way).
public struct PreparedTemplates: Sendable {
    public let set: TemplateSet
    let templates: [String: MustacheTemplate]
    let libraries: [String: MustacheLibrary]
    /// Why a partial, or a channel template by name, did not parse; reported only for the
    /// templates an announcement needs, and only if its check (which says the same thing better:
    /// "section {{#x}} is never closed") finds nothing.
    let partialProblems: [Diagnostic]
    let templateProblems: [String: [Diagnostic]]

    /// The parse problems that concern the templates `names`.
    func parseProblems(_ names: [String]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        return (partialProblems + names.flatMap { templateProblems[$0] ?? [] }).filter { seen.insert($0).inserted }
    }

    /// Parses `set`, keeping what does not parse as located problems.
    public init(_ set: TemplateSet) {
        _ = ChannelContentTypes.registered
        self.set = set
        var problems: [Diagnostic] = []
        func parsed(_ source: TemplateCheck.Source, _ contentType: String) -> MustacheTemplate? {
            do {
                return try MustacheSources.parse(source, contentType: contentType)
            } catch {
                problems += error.diagnostics
                return nil
            }
        }
        var templateProblems: [String: [Diagnostic]] = [:]
        var libraries: [String: MustacheLibrary] = [:]
        for contentType in Set(AnnouncementRenderer.contentTypes.values) {
            var library = MustacheLibrary()
            for (name, source) in set.partials {
                if let template = parsed(source, contentType) { library.register(template, named: name) }
            }
            libraries[contentType] = library
        }
        var templates: [String: MustacheTemplate] = [:]
        let partialProblems = problems
        for (name, source) in set.templates {
            guard let contentType = AnnouncementRenderer.contentTypes[name] else { continue }
            problems = []
            templates[name] = parsed(source, contentType)
            templateProblems[name] = problems
        }
        self.templates = templates
        self.libraries = libraries
        self.partialProblems = partialProblems
        self.templateProblems = templateProblems
    }
}

/// One announcement rendered for its channels.
public struct RenderedAnnouncement: Sendable {
    public var slug: String
    /// The Meta-Wiki section, wikitext.
    public var metaWiki: String?
    /// The Diff blog post body, HTML.
    public var blogHTML: String?
    /// The list mail, as a message and as RFC 5322 text.
    public var mail: MailMessage?
    public var mailEML: String?
    /// The mail's text and HTML parts before encoding (for lint).
    public var mailText: String?
    public var mailHTML: String?
    /// Where the public channels link to (for lint).
    public var blogURL: String?
    /// The post for social media, plain text.
    public var socialText: String?

    /// Output file names (`meta.wiki`, `blog.html`, `mail.eml`) and their contents.
    public var files: [String: String] {
        var files: [String: String] = [:]
        if let metaWiki { files["meta.wiki"] = metaWiki }
        if let blogHTML { files["blog.html"] = blogHTML }
        if let mailEML { files["mail.eml"] = mailEML }
        if let socialText { files["social.txt"] = socialText }
        return files
    }
}

/// Renders announcement sources: body variables, CommonMark to each channel, channel templates,
/// and the list mail as MIME.
public struct AnnouncementRenderer: Sendable {
    public let program: Program
    /// The workspace's template context (program, timeline, records' sections).
    public let context: TemplateValue

    public init(program: Program, context: TemplateValue) {
        self.program = program
        self.context = context
    }

    /// The content type each output's template is written in.
    static let contentTypes = [
        "meta.wiki": "WIKITEXT", "blog.html": "HTML", "mail.txt": "TEXT", "mail.html": "HTML", "body": "MARKDOWN",
        "subject": "HEADER", "social.txt": "TEXT",
    ]

    /// Renders `source`; every problem (an unknown variable, a broken template, an unknown list) is
    /// reported at once with its place.
    public func render(_ source: AnnouncementSource, templates: TemplateSet) throws(ConfigurationProblems)
        -> RenderedAnnouncement
    {
        try render(source, prepared: PreparedTemplates(templates))
    }

    /// Renders `source` with templates parsed once for the run (`PreparedTemplates`).
    public func render(_ source: AnnouncementSource, prepared: PreparedTemplates) throws(ConfigurationProblems)
        -> RenderedAnnouncement
    {
        var checked: Set<String> = []
        return try render(source, prepared: prepared, checked: &checked)
    }

    /// Renders `source`, checking only the channel templates not in `checked` (and adding them):
    /// a template's check depends on the shape of the context alone, the same for every
    /// announcement, so a run checks each once. The body and subject are checked every time.
    public func render(
        _ source: AnnouncementSource, prepared: PreparedTemplates, checked: inout Set<String>
    ) throws(ConfigurationProblems) -> RenderedAnnouncement {
        _ = ChannelContentTypes.registered
        let templates = prepared.set
        var problems: [Diagnostic] = []
        let check = TemplateCheck(
            partials: templates.partials, unescapedAllowed: ["body", "blog_link", "archive_link"])
        let announcement = announcementFields(source)
        guard case .object(var fields) = context else { return RenderedAnnouncement(slug: source.slug) }
        fields["announcement"] = .object(announcement)
        let base = TemplateValue.object(fields)

        let bodySource = TemplateCheck.Source(text: source.body, file: source.file, lineOffset: source.bodyLine - 1)
        problems += check.problems(in: bodySource, context: base)
        let needed = neededTemplates(source)
        for name in needed {
            guard let template = templates.templates[name] else {
                problems.append(
                    Diagnostic(
                        SourceLocation(file: "templates/\(name).mustache"),
                        "missing template; `cohort init` writes the defaults"))
                continue
            }
            if checked.insert(name).inserted {
                problems += check.problems(in: template, context: withChannelFields(base))
            }
        }
        var subjectSource: TemplateCheck.Source?
        if source.channels.contains(.mail), let subject = source.mail.subject {
            // A written subject is a template; without one the title is used as plain text.
            let location = source.mail.subjectLocation
            let template = TemplateCheck.Source(
                text: subject, file: source.file, lineOffset: (location?.line ?? 1) - 1,
                columnOffset: (location?.column ?? 1) - 1)
            problems += check.problems(in: template, context: base)
            subjectSource = template
        }
        let recipients = mailRecipients(source, problems: &problems)
        guard problems.isEmpty else { throw ConfigurationProblems(problems) }
        let unparsed = prepared.parseProblems(needed)
        guard unparsed.isEmpty else { throw ConfigurationProblems(unparsed) }

        let libraries = prepared.libraries
        // The context as swift-mustache takes it, converted once for the body, the subject and
        // every channel.
        let mustacheFields = fields.mapValues(\.mustacheValue)
        let markdown = try MustacheSources.renderFramed(
            bodySource, contentType: "MARKDOWN", values: mustacheFields,
            library: libraries["MARKDOWN"] ?? MustacheLibrary())
        let document = CommonMarkParser.parse(markdown)
        let wikiBase = program.channels.meta.map { Self.wikiBase(api: $0.api) }
        var rendered = RenderedAnnouncement(slug: source.slug, blogURL: source.blog.url)

        func channel(_ name: String, body: String, blogLink: String, archiveLink: String) throws(ConfigurationProblems)
            -> String
        {
            var fields = mustacheFields
            fields["body"] = body
            fields["blog_link"] = blogLink
            fields["archive_link"] = archiveLink
            // `needed` names every template this reaches, and `problems` was empty: each is there.
            guard let template = prepared.templates[name], let contentType = Self.contentTypes[name] else {
                throw ConfigurationProblems([
                    Diagnostic(SourceLocation(file: "templates/\(name).mustache"), "missing template")
                ])
            }
            return Self.tidy(
                template.render(fields, library: libraries[contentType] ?? MustacheLibrary()))
        }
        let title = source.title
        if source.channels.contains(.meta) {
            let blogLink = source.blog.url.flatMap(ExternalURL.safe).map { "[\($0) \(Escaping.wikitext(title))]" } ?? ""
            let archiveLink =
                source.mail.archiveURL.flatMap(ExternalURL.safe).map { "[\($0) the announcement mail]" } ?? ""
            rendered.metaWiki = try channel(
                "meta.wiki", body: WikitextRenderer.render(document), blogLink: blogLink, archiveLink: archiveLink)
        }
        // The blog and the mail show the same body as HTML: rendered once.
        let bodyHTML =
            source.channels.contains(.blog) || source.channels.contains(.mail)
            ? HTMLRenderer(wikiBase: wikiBase).render(document) : ""
        if source.channels.contains(.blog) {
            let html = bodyHTML
            rendered.blogHTML = try channel("blog.html", body: html, blogLink: "", archiveLink: "")
        }
        if source.channels.contains(.social) {
            rendered.socialText = try channel(
                "social.txt", body: "", blogLink: source.blog.url.flatMap(ExternalURL.safe) ?? "", archiveLink: "")
        }
        if source.channels.contains(.mail), let mailChannel = program.channels.mail {
            let blogURL = source.blog.url.flatMap(ExternalURL.safe)
            let text = try channel(
                "mail.txt", body: PlainTextRenderer(wikiBase: wikiBase).render(document), blogLink: blogURL ?? "",
                archiveLink: "")
            let htmlBlogLink = blogURL.map { "<a href=\"\(Escaping.html($0))\">\(Escaping.html(title))</a>" } ?? ""
            let html = try channel(
                "mail.html", body: bodyHTML, blogLink: htmlBlogLink,
                archiveLink: "")
            rendered.mailText = text
            rendered.mailHTML = html
            // The subject's own text (not only its values) must stay on one line.
            var subject = title
            if let subjectSource {
                subject = try MustacheSources.parse(subjectSource, contentType: "HEADER").render(
                    mustacheFields, library: libraries["HEADER"] ?? MustacheLibrary())
            }
            subject = Escaping.singleLine(subject)
            let from = MailAddress(name: mailChannel.from.name, address: mailChannel.from.email)
            var extra: [(name: String, value: String)] = []
            if let unsubscribe = mailChannel.unsubscribeURL {
                extra.append(("List-Unsubscribe", "<\(unsubscribe.absoluteString)>"))
                extra.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
            }
            let message = MailMessage(
                from: from, to: recipients, replyTo: mailChannel.replyTo.map { MailAddress(address: $0) },
                subject: subject.trimmingCharacters(in: .whitespaces), date: source.date,
                messageID: MailMessage.stableID(
                    kind: "announce", key: "\(program.slug)/\(source.slug)",
                    recipient: recipients.map(\.address).joined(separator: ","), domain: from.domain),
                extraHeaders: extra,
                body: .multipart(subtype: "alternative", [.text(subtype: "plain", text), .text(subtype: "html", html)]))
            do {
                rendered.mailEML = try message.rendered()
            } catch {
                throw ConfigurationProblems([
                    Diagnostic(
                        SourceLocation(file: source.file, line: 1, column: 1), error.errorDescription ?? "\(error)")
                ])
            }
            rendered.mail = message
        }
        return rendered
    }

    /// `https://meta.example.org/w/api.php` → `https://meta.example.org/wiki/`.
    static func wikiBase(api: URL) -> String {
        var components = URLComponents(url: api, resolvingAgainstBaseURL: false)
        components?.path = "/wiki/"
        components?.query = nil
        return components?.string ?? api.absoluteString
    }

    /// The outputs `source` needs.
    func neededTemplates(_ source: AnnouncementSource) -> [String] {
        var names: [String] = []
        if source.channels.contains(.meta) { names.append("meta.wiki") }
        if source.channels.contains(.blog) { names.append("blog.html") }
        if source.channels.contains(.mail) { names += ["mail.txt", "mail.html"] }
        if source.channels.contains(.social) { names.append("social.txt") }
        return names
    }

    /// The fields channel templates see in addition to the workspace context.
    func withChannelFields(_ base: TemplateValue) -> TemplateValue {
        guard case .object(var fields) = base else { return base }
        for name in ["body", "blog_link", "archive_link"] { fields[name] = .text("") }
        return .object(fields)
    }

    func announcementFields(_ source: AnnouncementSource) -> [String: TemplateValue] {
        let day = CivilDate(source.date, in: program.timeZone)
        return [
            "title": .text(source.title), "kind": .text(source.kind), "slug": .text(source.slug),
            "date": .text(PlannedDate(DatePeriod(day: day)).spelledOut), "date_iso": .text(day.description),
            "meta_page": .text(source.meta.page ?? program.channels.meta?.page ?? ""),
            "meta_section": .text(source.meta.section ?? source.title),
            "summary": .text(source.meta.summary ?? source.title),
            "blog_url": .text(source.blog.url ?? ""), "has_blog_url": .flag(source.blog.url != nil),
            "blog_published": .flag(source.blog.published),
            "excerpt": .text(source.blog.excerpt ?? ""), "has_excerpt": .flag(source.blog.excerpt != nil),
            "archive_url": .text(source.mail.archiveURL ?? ""), "has_archive_url": .flag(source.mail.archiveURL != nil),
        ]
    }

    /// `mail.to` as addresses: list ids from `channels.mail.lists`, or addresses as written.
    func mailRecipients(_ source: AnnouncementSource, problems: inout [Diagnostic]) -> [MailAddress] {
        guard source.channels.contains(.mail) else { return [] }
        guard let channel = program.channels.mail else {
            problems.append(
                Diagnostic(
                    SourceLocation(file: source.file, line: 1, column: 1),
                    "the mail channel needs channels.mail in cohort.yaml"))
            return []
        }
        var addresses: [MailAddress] = []
        for entry in source.mail.to {
            if let list = channel.lists.first(where: { $0.id == entry }) {
                addresses.append(MailAddress(name: list.name, address: list.address))
            } else if entry.contains("@") {
                addresses.append(MailAddress(address: entry))
            } else {
                let known = channel.lists.map(\.id)
                problems.append(
                    Diagnostic(
                        SourceLocation(file: source.file, line: 1, column: 1),
                        "mail.to names \"\(entry)\", which is no list in cohort.yaml\(Suggestion.didYouMean(entry, in: known))"
                    ))
            }
        }
        return addresses
    }

    func library(_ templates: TemplateSet, contentType: String) throws(ConfigurationProblems) -> MustacheLibrary {
        try MustacheSources.library(templates.partials, contentType: contentType)
    }

    /// No trailing spaces, at most one blank line in a row, one final newline. Works on the UTF-8
    /// bytes in one pass (spaces, tabs and LF are single bytes that never occur inside a
    /// multi-byte character).
    static func tidy(_ text: String) -> String {
        let space = UInt8(ascii: " ")
        let tab = UInt8(ascii: "\t")
        let newline = UInt8(ascii: "\n")
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 1)
        var previousBlank = true  // no blank line at the start
        var line: [UInt8] = []
        func finish() {
            var end = line.count
            while end > 0, line[end - 1] == space || line[end - 1] == tab { end -= 1 }
            if end == 0 {
                if !previousBlank { output.append(newline) }
                previousBlank = true
            } else {
                output.append(contentsOf: line[..<end])
                output.append(newline)
                previousBlank = false
            }
            line.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if byte == newline { finish() } else { line.append(byte) }
        }
        finish()
        while output.count >= 2, output[output.count - 1] == newline, output[output.count - 2] == newline {
            output.removeLast()
        }
        if output.isEmpty { output.append(newline) }
        return String(decoding: output, as: UTF8.self)
    }
}
