import CohortRender
import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// A temporary workspace with the example program (or a variant), the default templates and
/// announcement sources the test writes.
struct AnnouncementWorkspace {
    let folder: TemporaryFolder
    let build: AnnouncementBuild

    init(configuration: String? = nil, files: [String: String]) throws {
        folder = try TemporaryFolder.workspace(configuration: configuration)
        for (path, text) in DefaultTemplates.files.merging(files, uniquingKeysWith: { $1 }) {
            try folder.write(path, text)
        }
        let workspace = Workspace(root: folder.url)
        build = try AnnouncementBuild(
            session: ProgramSession(workspace: workspace, program: try workspace.loadProgram()),
            now: Date(timeIntervalSince1970: 1_647_302_400))
    }

    /// The example program's `cohort.yaml` with `line` replaced (or removed when `replacement` is nil).
    static func configuration(replacing line: String, with replacement: String?) throws -> String {
        let text = try Repository.exampleConfiguration()
        var lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex(of: line), "\(line) is not in cohort.yaml")
        if let replacement { lines[index] = replacement } else { lines.remove(at: index) }
        return lines.joined(separator: "\n")
    }

    func render(_ slug: String) throws -> RenderedAnnouncement {
        try #require(try build.render([slug]).first)
    }

    /// The problems rendering `slug` throws, as `file:line:column: message`.
    func problems(_ slug: String) -> [String] {
        do {
            _ = try build.render([slug])
            Issue.record("expected problems, but \(slug) rendered")
            return []
        } catch let problems as ConfigurationProblems {
            return problems.diagnostics.map(\.description)
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }
}

/// Announcements rendered end to end in a temporary workspace, each output read back by its
/// independent parser.
@Suite("AnnouncementRenderer")
struct AnnouncementRendererTests {
    static let blogURL = "https://diff.example.org/2022/06/15/pilot-outcome/"
    static let archiveURL = "https://lists.example.org/archives/movement-data/2022-June/000123.html"

    static func source(
        title: String = "Pilot outcome", kind: String = "outcome", to: String = "[movement-data, affiliates]",
        subject: String? = "\"Outcome: {{program.name}}\"", section: String = "Outcome of the pilot",
        blogURL: String? = blogURL, archiveURL: String? = archiveURL, channels: String = "[meta, blog, mail]",
        body: String = defaultBody
    ) -> String {
        var lines = ["---", "title: \(title)", "kind: \(kind)", "date: 2022-06-15", "channels: \(channels)"]
        lines += ["meta:", "  section: \(section)"]
        if let blogURL { lines += ["blog:", "  url: \(blogURL)"] }
        lines += ["mail:", "  to: \(to)"]
        if let subject { lines.append("  subject: \(subject)") }
        if let archiveURL { lines.append("  archive_url: \(archiveURL)") }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + body
    }

    static let defaultBody = """
        The call went out on {{milestone.call-for-participation.date}}; the public dashboard is planned
        for the {{wave.public.date}}.

        Read [the plan](<wiki:Equity Landscape/Pilot>) and [the data](https://example.org/data).

        """

    static let slug = "2022-06-outcome"

    static func workspace(configuration: String? = nil, source: String = Self.source(), more: [String: String] = [:])
        throws
        -> AnnouncementWorkspace
    {
        try AnnouncementWorkspace(
            configuration: configuration, files: ["announcements/\(slug).md": source].merging(more) { $1 })
    }

    // MARK: the three channels

    @Test func rendersAllThreeOutputs() throws {
        let rendered = try Self.workspace().render(Self.slug)
        #expect(rendered.files.keys.sorted() == ["blog.html", "mail.eml", "meta.wiki"])
        #expect(rendered.files.values.allSatisfy { $0.unicodeScalars.last == "\n" })
        #expect(rendered.blogURL == Self.blogURL)
    }

    @Test func mailIsAddressedToTheListsAndLinksTheBlogPost() throws {
        let rendered = try Self.workspace().render(Self.slug)
        let mail = try IndependentParsers.mail(try #require(rendered.mailEML))
        #expect(mail.allDefects == [])
        #expect(!mail.bareLF && !mail.bareCR && !mail.nonASCII)
        #expect(
            mail.to == [
                .init(name: "Movement data", address: "movement-data@lists.example.org"),
                .init(name: "Affiliates", address: "affiliates@lists.example.org"),
            ])
        #expect(mail.from == [.init(name: "Equity Landscape team", address: "equity-landscape@example.org")])
        #expect(mail.replyTo == [.init(name: "", address: "equity-landscape@example.org")])
        #expect(mail.header("Subject") == "Outcome: Equity Landscape pilot & consultation 2022")
        #expect(mail.date == Instant.parse("2022-06-15T07:00:00Z")?.timeIntervalSince1970)
        #expect(mail.header("List-Unsubscribe") == "<https://lists.example.org/unsubscribe>")
        #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(mail.header("Message-ID")?.hasSuffix("@example.org>") == true)
        #expect(mail.parts.map(\.type) == ["multipart/alternative", "text/plain", "text/html"])

        let text = try #require(mail.parts[1].text)
        #expect(text.contains(Self.blogURL), "the text part links the blog post")
        #expect(text.contains("1 February 2022"))
        #expect(text.contains("second half of 2022"))
        #expect(text.contains("https://meta.example.org/wiki/Equity_Landscape/Pilot"))
        #expect(text.contains("Questions? Write to Rosa Quintero at equity-landscape@example.org."))

        let html = try IndependentParsers.html(try #require(mail.parts[2].text))
        #expect(html.errors == [])
        #expect(html.elements("a").compactMap { $0.attributes["href"] }.contains(Self.blogURL))
        #expect(html.elements("title").map(\.text) == ["Pilot outcome"])
    }

    @Test func metaUpdateHasTheSectionTheBodyAndBothCrossLinks() throws {
        let rendered = try Self.workspace().render(Self.slug)
        let wiki = try IndependentParsers.wikitext(try #require(rendered.metaWiki))
        #expect(wiki.templates == [])
        #expect(wiki.headings == [.init(level: 2, title: "Outcome of the pilot")])
        #expect(wiki.wikilinks == [.init(target: ":Equity Landscape/Pilot", text: "the plan")])
        #expect(
            wiki.externalLinks == [
                .init(target: "https://example.org/data", text: "the data"),
                .init(target: Self.blogURL, text: "Pilot outcome"),
                .init(target: Self.archiveURL, text: "the announcement mail"),
            ])
        #expect(wiki.stripped.contains("The call went out on 1 February 2022"))
        #expect(wiki.stripped.contains("15 June 2022"))
    }

    @Test func blogPostIsValidHTMLWithTheBody() throws {
        let rendered = try Self.workspace().render(Self.slug)
        let html = try IndependentParsers.html(try #require(rendered.blogHTML))
        #expect(html.errors == [])
        #expect(
            html.elements("a").compactMap { $0.attributes["href"] } == [
                "https://meta.example.org/wiki/Equity_Landscape/Pilot", "https://example.org/data",
            ])
        #expect(html.text.replacingOccurrences(of: "\n", with: " ").contains("planned for the second half of 2022."))
        #expect(html.elements("p").first?.attributes["class"] == "cohort-date")
        #expect(html.elements("p").first?.text == "15 June 2022")
    }

    @Test func withoutAnArchiveOrBlogAddressThereIsNoCrossLink() throws {
        let source = Self.source(blogURL: nil, archiveURL: nil, channels: "[meta, mail]")
        let rendered = try Self.workspace(source: source).render(Self.slug)
        let wiki = try IndependentParsers.wikitext(try #require(rendered.metaWiki))
        #expect(wiki.externalLinks.map(\.target) == ["https://example.org/data"])
        #expect(!(rendered.mailText ?? "").contains("Diff blog"))
    }

    @Test func listUnsubscribeOnlyWhenTheChannelHasAnAddress() throws {
        let configuration = try AnnouncementWorkspace.configuration(
            replacing: "    unsubscribe_url: https://lists.example.org/unsubscribe", with: nil)
        let rendered = try Self.workspace(configuration: configuration).render(Self.slug)
        let mail = try IndependentParsers.mail(try #require(rendered.mailEML))
        #expect(mail.allDefects == [])
        #expect(!mail.headerNames.contains("List-Unsubscribe"))
        #expect(!mail.headerNames.contains("List-Unsubscribe-Post"))
    }

    @Test func recipientsMayBeAddressesAsWritten() throws {
        let source = Self.source(to: "[movement-data, someone@example.org]")
        let mail = try IndependentParsers.mail(
            try #require(try Self.workspace(source: source).render(Self.slug).mailEML))
        #expect(
            mail.to == [
                .init(name: "Movement data", address: "movement-data@lists.example.org"),
                .init(name: "", address: "someone@example.org"),
            ])
    }

    @Test func unknownListIsALocatedProblemWithASuggestion() throws {
        let found = try Self.workspace(source: Self.source(to: "[movment-data]")).problems(Self.slug)
        #expect(
            found == [
                "announcements/\(Self.slug).md:1:1: mail.to names \"movment-data\", which is no list in cohort.yaml; did you mean \"movement-data\"?"
            ])
    }

    @Test func titleIsTheSubjectWhenNoneIsGiven() throws {
        let rendered = try Self.workspace(source: Self.source(title: "Résultats du pilote", subject: nil)).render(
            Self.slug)
        let mail = try IndependentParsers.mail(try #require(rendered.mailEML))
        #expect(mail.header("Subject") == "Résultats du pilote")
    }

    @Test func messageIDIsStableAndDependsOnTheRecipients() throws {
        let first = try Self.workspace().render(Self.slug)
        let again = try Self.workspace().render(Self.slug)
        let other = try Self.workspace(source: Self.source(to: "[movement-data]")).render(Self.slug)
        #expect(first.mailEML == again.mailEML)
        #expect(first.mail?.messageID == again.mail?.messageID)
        #expect(first.mail?.messageID != other.mail?.messageID)
    }

    // MARK: hostile values

    static let hostile = "{{subst:Foo}}[[Category:Spam]]<script>alert(1)</script> ~~~~ '''x''' __NOTOC__"

    /// The example program with a name that tries every channel's markup and a header break.
    static func hostileConfiguration() throws -> String {
        try AnnouncementWorkspace.configuration(
            replacing: "  name: Equity Landscape pilot & consultation 2022",
            with: "  name: \"Ann Bcc: x@example.org \(hostile)\"")
    }

    static func hostileSource() -> String {
        source(
            title: "\"\(hostile) Ann Bcc: x@example.org\"",
            subject: "\"Ann Bcc: x@example.org <script>alert(1)</script> [[Category:Spam]] for {{program.name}}\"",
            section: "\"== \(hostile) ==\"",
            body: "Body about {{program.name}}, titled {{announcement.title}}.\n")
    }

    @Test func hostileValuesReachTheMailInert() throws {
        let rendered = try Self.workspace(configuration: try Self.hostileConfiguration(), source: Self.hostileSource())
            .render(Self.slug)
        let mail = try IndependentParsers.mail(try #require(rendered.mailEML))
        #expect(mail.allDefects == [])
        #expect(!mail.bareLF && !mail.bareCR)
        #expect(
            mail.headerNames == [
                "Date", "From", "To", "Reply-To", "Message-ID", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post",
                "MIME-Version", "Content-Type",
            ])
        #expect(mail.header("Bcc") == nil)
        let subject = try #require(mail.header("Subject"))
        #expect(!subject.contains(where: { $0.isNewline }))
        #expect(subject.contains("<script>alert(1)</script> [[Category:Spam]] for Ann"))
        #expect(
            mail.to == [
                .init(name: "Movement data", address: "movement-data@lists.example.org"),
                .init(name: "Affiliates", address: "affiliates@lists.example.org"),
            ])
        let html = try IndependentParsers.html(try #require(mail.parts.last?.text))
        #expect(html.errors == [])
        #expect(!html.tagNames.contains("script"))
        #expect(html.tagNames.isSubset(of: ["html", "head", "meta", "title", "body", "h1", "p", "a", "br"]))
        #expect(html.elements("title").first?.text.contains("<script>alert(1)</script>") == true)
        #expect(html.elements("a").compactMap { $0.attributes["href"] } == [Self.blogURL])
    }

    @Test func hostileValuesReachTheMetaUpdateInert() throws {
        let rendered = try Self.workspace(configuration: try Self.hostileConfiguration(), source: Self.hostileSource())
            .render(Self.slug)
        let wikitext = try #require(rendered.metaWiki)
        let wiki = try IndependentParsers.wikitext(wikitext)
        #expect(wiki.templates == [], "\(wikitext)")
        #expect(wiki.arguments == [])
        #expect(wiki.wikilinks == [], "\(wikitext)")
        #expect(wiki.comments == [])
        #expect(wiki.externalLinks.map(\.target) == [Self.blogURL, Self.archiveURL], "\(wikitext)")
        #expect(wiki.tagNames.isSubset(of: ["i"]), "\(wiki.tagNames)")
        #expect(wiki.headings == [.init(level: 2, title: "== \(Self.hostile) ==")])
        #expect(!wikitext.contains("~~~"))
        #expect(!wikitext.contains("__"))
        #expect(wiki.stripped.contains("Body about Ann Bcc: x@example.org \(Self.hostile)"))
    }

    @Test func hostileValuesReachTheBlogInert() throws {
        let rendered = try Self.workspace(configuration: try Self.hostileConfiguration(), source: Self.hostileSource())
            .render(Self.slug)
        let html = try IndependentParsers.html(try #require(rendered.blogHTML))
        #expect(html.errors == [])
        #expect(!html.tagNames.contains("script"))
        #expect(html.tagNames == ["p"], "\(html.tagNames)")
        #expect(html.text.contains("Body about Ann Bcc: x@example.org \(Self.hostile)"))
    }

    @Test func hostileContactNameInTheSignatureIsEscapedForEachChannel() throws {
        let name = "Rosa & {{subst:Foo}} [[Category:Spam]] <script>alert(1)</script>"
        let configuration = try AnnouncementWorkspace.configuration(
            replacing: "    name: Rosa Quintero", with: "    name: \"\(name)\"")
        let rendered = try Self.workspace(configuration: configuration).render(Self.slug)
        let wiki = try IndependentParsers.wikitext(try #require(rendered.metaWiki))
        #expect(wiki.templates == [])
        #expect(wiki.tagNames == ["i"], "only the template's own italics")
        #expect(wiki.wikilinks.map(\.target) == [":Equity Landscape/Pilot"])
        #expect(wiki.stripped.contains("Questions? Write to \(name) at equity-landscape@example.org."))
        #expect(rendered.mailText?.contains("Questions? Write to \(name) at") == true, "plain text is not HTML-escaped")
        let blog = try IndependentParsers.html(try #require(rendered.blogHTML))
        #expect(!blog.tagNames.contains("script"))
        #expect(blog.text.contains("Questions? Write to \(name) at"))
    }

    @Test func aTitleWithBracesIsText() throws {
        let title = "\"Notes on {{program.name}} and {{subst:Foo}}\""
        let rendered = try Self.workspace(source: Self.source(title: title, subject: nil)).render(Self.slug)
        let mail = try IndependentParsers.mail(try #require(rendered.mailEML))
        #expect(mail.header("Subject") == "Notes on {{program.name}} and {{subst:Foo}}")
        let wiki = try IndependentParsers.wikitext(try #require(rendered.metaWiki))
        #expect(wiki.templates == [])
    }

    // MARK: located problems, nothing half-written

    @Test func unknownVariableInTheBodyIsLocatedInTheSource() throws {
        let body = "First line.\n\nSecond with {{milestone.call.date}}.\n"
        let found = try Self.workspace(source: Self.source(body: body)).problems(Self.slug)
        let text = Self.source(body: body)
        let line = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("Second with") }! + 1
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix(
                "announcements/\(Self.slug).md:\(line):13: unknown variable \"milestone.call.date\": \"milestone\" has no \"call\""
            )
                == true, "\(found)")
    }

    @Test func unknownVariableInTheSubjectIsLocatedWhereTheSubjectIsWritten() throws {
        let source = Self.source(subject: "\"Outcome: {{program.nmae}}\"")
        let found = try Self.workspace(source: source).problems(Self.slug)
        let lines = source.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.hasPrefix("  subject:") })
        let column = try #require(lines[line].range(of: "{{")).lowerBound.utf16Offset(in: lines[line]) + 1
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix(
                "announcements/\(Self.slug).md:\(line + 1):\(column): unknown variable \"program.nmae\"")
                == true, "\(found)")
    }

    @Test func unknownVariableInATemplateIsLocatedInTheTemplate() throws {
        let template = "== {{announcement.meta_section}} ==\n\n{{announcement.sumary}}\n{{{body}}}\n"
        let found = try Self.workspace(more: ["templates/meta.wiki.mustache": template]).problems(Self.slug)
        #expect(
            found == [
                "templates/meta.wiki.mustache:3:1: unknown variable \"announcement.sumary\": \"announcement\" has no \"sumary\"; did you mean \"summary\"?"
            ])
    }

    @Test func unescapedValueInATemplateIsAProblem() throws {
        let found = try Self.workspace(more: ["templates/blog.html.mustache": "<p>{{{announcement.title}}}</p>\n"])
            .problems(Self.slug)
        #expect(found.count == 1)
        #expect(
            found.first?.hasPrefix("templates/blog.html.mustache:1:4: {{{announcement.title}}} would insert") == true)
    }

    @Test func kindTemplatesOverrideTheDefaults() throws {
        let files = [
            "templates/outcome/blog.html.mustache": "<p class=\"outcome\">{{announcement.title}}</p>\n{{{body}}}\n"
        ]
        let rendered = try Self.workspace(more: files).render(Self.slug)
        #expect(rendered.blogHTML?.hasPrefix("<p class=\"outcome\">Pilot outcome</p>\n") == true)
        let other = try Self.workspace(source: Self.source(kind: "update"), more: files).render(Self.slug)
        #expect(other.blogHTML?.hasPrefix("<p class=\"cohort-date\">") == true)
    }

    @Test func aBrokenAnnouncementWritesNothing() throws {
        let workspace = try Self.workspace(more: [
            "announcements/2022-07-broken.md": Self.source(body: "{{nothing}}\n")
        ])
        #expect(throws: ConfigurationProblems.self) { try workspace.build.run(checkOnly: false) }
        #expect(!workspace.folder.exists("announcements/\(Self.slug)"))
        #expect(!workspace.folder.exists("announcements/2022-07-broken"))
    }

    @Test func renderWritesOnceAndCheckFindsNothingOutOfDate() throws {
        let workspace = try Self.workspace()
        let check = try workspace.build.run(checkOnly: true)
        #expect(
            check.outdated
                == ["blog.html", "context.json", "mail.eml", "meta.wiki"].map { "announcements/\(Self.slug)/\($0)" })
        #expect(!workspace.folder.exists("announcements/\(Self.slug)"))
        let written = try workspace.build.run(checkOnly: false)
        #expect(written.written.count == 4)
        #expect(try workspace.folder.read("announcements/\(Self.slug)/mail.eml").hasPrefix("Date: "))
        #expect(try workspace.build.run(checkOnly: true).outdated == [])
        #expect(try workspace.build.run(checkOnly: false).written == [])
    }
}

/// `AnnouncementLint` finds what must not go public, located in the file staff edit.
@Suite("AnnouncementLint")
struct AnnouncementLintTests {
    static let slug = AnnouncementRendererTests.slug
    static let file = "announcements/\(slug).md"

    static func lint(_ source: String, more: [String: String] = [:], privateNames: [String] = []) throws -> [String] {
        let workspace = try AnnouncementRendererTests.workspace(source: source, more: more)
        var build = workspace.build
        build.privateTerms = PrivateTerms(names: privateNames)
        return try withExtendedLifetime(workspace) { try build.lint([slug]).map(\.description) }
    }

    /// `file:line:column` of `needle` in the announcement source.
    static func at(_ needle: String, in source: String) -> String {
        for (index, line) in source.components(separatedBy: "\n").enumerated() {
            if let range = line.range(of: needle) {
                return "\(file):\(index + 1):\(line.distance(from: line.startIndex, to: range.lowerBound) + 1)"
            }
        }
        return "<\(needle) not in the source>"
    }

    @Test func aCleanAnnouncementHasNoProblems() throws {
        #expect(try Self.lint(AnnouncementRendererTests.source()) == [])
    }

    @Test func plantedPersonalAddressIsLocatedInTheSource() throws {
        let source = AnnouncementRendererTests.source(
            body: "First paragraph.\n\nWrite to {{program.contact_email}} or to jane.doe@gmail.com today.\n")
        #expect(
            try Self.lint(source) == [
                "\(Self.at("jane.doe@gmail.com", in: source)): \"jane.doe@gmail.com\" is a personal mail address in a public channel; remove it"
            ])
    }

    @Test func personalAddressFromATemplateIsLocatedInTheOutput() throws {
        let template = "{{announcement.title}}\n\n{{{body}}}\n\n{{{blog_link}}}\nPing private.person@example.net\n"
        let found = try Self.lint(AnnouncementRendererTests.source(), more: ["templates/mail.txt.mustache": template])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("announcements/\(Self.slug)/mail.eml (text part):") == true, "\(found)")
        #expect(found.first?.contains("\"private.person@example.net\" is a personal mail address") == true)
    }

    @Test func privateNameIsLocatedInTheSource() throws {
        let source = AnnouncementRendererTests.source(body: "Thanks to Jane Roe for her help.\n")
        #expect(
            try Self.lint(source, privateNames: ["Jane Roe"]) == [
                "\(Self.at("Jane Roe", in: source)): \"Jane Roe\" is a private record's name in a public channel; remove it"
            ])
    }

    @Test func aDoubledWordIsAProblem() throws {
        let source = AnnouncementRendererTests.source(body: "The dashboard moves to the the second half of 2022.\n")
        #expect(
            try Self.lint(source) == [
                "\(Self.at("the the", in: source)): \"the the\" repeats a word; a template variable may carry it already (date_phrase has its article, date has none)"
            ])
    }

    @Test(arguments: ["3 March 2022", "Q4 2022", "first half of 2023", "10–12 May 2022"])
    func dateNotOnTheTimelineIsAProblem(date: String) throws {
        let source = AnnouncementRendererTests.source(body: "Something happens in \(date), we think.\n")
        #expect(
            try Self.lint(source) == [
                "\(Self.at(date, in: source)): \"\(date)\" is not a date of the timeline; use a timeline variable such as {{milestone.<id>.date}} so the text follows it"
            ])
    }

    @Test(arguments: ["1 February 2022", "May–June 2022", "second half of 2022", "15 June 2022", "February 2022"])
    func datesOfTheTimelineAndTheAnnouncementAreFine(date: String) throws {
        #expect(try Self.lint(AnnouncementRendererTests.source(body: "It happens in \(date).\n")) == [])
    }

    @Test func missingBlogAddressIsAProblemWhenOtherChannelsLinkThePost() throws {
        let source = AnnouncementRendererTests.source(blogURL: nil, channels: "[blog, mail]")
        #expect(
            try Self.lint(source) == [
                "\(Self.file):2:1: blog.url is not set; the mail and the Meta update link the blog post (its planned address until published)"
            ])
    }

    @Test func blogAloneNeedsNoAddress() throws {
        let source = AnnouncementRendererTests.source(blogURL: nil, channels: "[blog]")
        #expect(try Self.lint(source) == [])
    }

    @Test func templateWithoutTheBlogLinkIsAProblem() throws {
        let template = "{{announcement.title}}\n\n{{{body}}}\n"
        let found = try Self.lint(AnnouncementRendererTests.source(), more: ["templates/mail.txt.mustache": template])
        #expect(
            found == [
                "announcements/\(Self.slug)/mail.eml (text part): does not link the blog post \(AnnouncementRendererTests.blogURL); add {{{blog_link}}} to its template"
            ])
    }

    /// A copy of the repository's example (sources, templates, committed outputs and the records'
    /// CSV files, imported): the repository itself is only read.
    static func exampleCopy() throws -> (TemporaryFolder, AnnouncementBuild) {
        let folder = try TemporaryFolder.workspace()
        let manager = FileManager.default
        var files: [String] = []
        for directory in ["announcements", "templates", "templates/partials", "data"] {
            let names = try manager.contentsOfDirectory(atPath: Repository.root.appendingPathComponent(directory).path)
            files += names.filter { $0.hasSuffix(".md") || $0.hasSuffix(".mustache") || $0.hasSuffix(".csv") }
                .map { "\(directory)/\($0)" }
        }
        for slug in files.filter({ $0.hasPrefix("announcements/2") }).map({ String($0.dropFirst(14).dropLast(3)) }) {
            for name in ["meta.wiki", "blog.html", "mail.eml", "social.txt", "context.json"]
            where manager.fileExists(
                atPath: Repository.root.appendingPathComponent("announcements/\(slug)/\(name)").path)
            {
                files.append("announcements/\(slug)/\(name)")
            }
        }
        for relative in files {
            let data = try Data(contentsOf: Repository.root.appendingPathComponent(relative))
            try folder.write(relative, String(decoding: data, as: UTF8.self))
        }
        let workspace = Workspace(root: folder.url)
        let session = ProgramSession(workspace: workspace, program: try workspace.loadProgram())
        let audit = AuditContext(now: Date(timeIntervalSince1970: 1_647_302_400), actor: "test", command: "test")
        try FeedbackCoding(session).importFeedback(
            try CSVTable.parse(
                try folder.read("data/feedback.csv"), file: "data/feedback.csv", columns: FeedbackImport.itemColumns),
            audit: audit)
        try FeedbackCoding(session).importCodes(
            try CSVTable.parse(
                try folder.read("data/codes.csv"), file: "data/codes.csv", columns: FeedbackImport.codeColumns),
            audit: audit)
        return (folder, try AnnouncementBuild(session: session, now: audit.now))
    }

    @Test func theRepositoryExampleLintsClean() throws {
        let (folder, build) = try Self.exampleCopy()
        #expect(build.slugs().count >= 5, "\(build.slugs())")
        #expect(try build.lint().map(\.description) == [])
        withExtendedLifetime(folder) {}
    }

    @Test func theRepositoryExampleRendersItsCommittedOutputs() throws {
        let (folder, build) = try Self.exampleCopy()
        let report = try build.run(checkOnly: true)
        #expect(report.rendered.count >= 5)
        #expect(report.outdated == [])
        withExtendedLifetime(folder) {}
    }
}
