import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// `AnnouncementDecoder` reads `announcements/<slug>.md`; every problem is located at its line in
/// the file (the front matter starts on line 2, after its `---`).
@Suite("AnnouncementSource")
struct AnnouncementSourceTests {
    static let losAngeles = TimeZone(identifier: "America/Los_Angeles")!
    static let file = "announcements/2022-06-outcome.md"

    static let complete = """
        ---
        title: What we learned from the pilot
        kind: outcome
        date: 2022-06-15
        channels: [meta, blog, mail]
        meta:
          page: Equity Landscape/Pilot
          section: Outcome of the pilot
          summary: Outcome
        blog:
          slug: pilot-outcome
          url: https://diff.example.org/2022/06/15/pilot-outcome/
          categories: [Research, Movement Data]
          excerpt: What we heard.
          tags: [pilot, dashboard]
        mail:
          to: [movement-data, someone@example.org]
          subject: "Outcome: {{program.name}}"
          archive_url: https://lists.example.org/archives/000123.html
        ---
        Thank you to everyone who took part.

        ## What happens next
        """

    static func decode(_ text: String, slug: String = "2022-06-outcome") -> Result<
        AnnouncementSource, ConfigurationProblems
    > {
        AnnouncementDecoder.decode(text, slug: slug, file: file, timeZone: losAngeles)
    }

    /// The problems found in `text`, as `file:line:column: message`.
    static func problems(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
        switch decode(text) {
        case .success:
            Issue.record("expected problems, but the announcement decoded", sourceLocation: sourceLocation)
            return []
        case .failure(let problems):
            return problems.diagnostics.map(\.description)
        }
    }

    /// `file:L:C: message` where `needle` stands in `text`.
    static func at(_ needle: String, in text: String, _ message: String) -> String {
        guard let place = location(of: needle, in: text) else { return "<\(needle) not in the text>" }
        return "\(file):\(place.line):\(place.column): \(message)"
    }

    /// `complete` with one line replaced.
    static func replacing(_ line: String, with replacement: String) -> String {
        var lines = complete.components(separatedBy: "\n")
        guard let index = lines.firstIndex(of: line) else { return "<\(line) not in the text>" }
        lines[index] = replacement
        return lines.joined(separator: "\n")
    }

    // MARK: what it reads

    @Test func decodesEveryField() throws {
        let source = try Self.decode(Self.complete).get()
        #expect(source.slug == "2022-06-outcome")
        #expect(source.file == Self.file)
        #expect(source.title == "What we learned from the pilot")
        #expect(source.kind == "outcome")
        #expect(source.dateText == "2022-06-15")
        #expect(source.date == Instant.parse("2022-06-15T07:00:00Z"), "midnight in Los Angeles (PDT)")
        #expect(source.channels == [.meta, .blog, .mail])
        #expect(source.meta.page == "Equity Landscape/Pilot")
        #expect(source.meta.section == "Outcome of the pilot")
        #expect(source.meta.summary == "Outcome")
        #expect(source.blog.slug == "pilot-outcome")
        #expect(source.blog.url == "https://diff.example.org/2022/06/15/pilot-outcome/")
        #expect(source.blog.categories == ["Research", "Movement Data"])
        #expect(source.blog.excerpt == "What we heard.")
        #expect(source.blog.tags == ["pilot", "dashboard"])
        #expect(!source.blog.published, "only the blog says a post is live")
        #expect(source.mail.to == ["movement-data", "someone@example.org"])
        #expect(source.mail.subject == "Outcome: {{program.name}}")
        #expect(source.mail.archiveURL == "https://lists.example.org/archives/000123.html")
        #expect(source.body == "Thank you to everyone who took part.\n\n## What happens next")
        #expect(source.bodyLine == 21)
        #expect(source.body.components(separatedBy: "\n").first == Self.complete.components(separatedBy: "\n")[20])
    }

    @Test func aHandWrittenPublishedFlagIsALocatedError() throws {
        let text =
            "---\ntitle: T\nkind: update\ndate: 2022-01-24\nchannels: [blog]\nblog:\n  published: true\n---\nBody"
        guard case .failure(let problems) = Self.decode(text) else {
            Issue.record("blog.published was accepted")
            return
        }
        #expect(problems.diagnostics.map(\.location.line) == [7])
        #expect(problems.diagnostics.first?.message.hasPrefix("blog.published is no longer written by hand") == true)
    }

    @Test func minimalSourceHasDefaults() throws {
        let source = try Self.decode("---\ntitle: T\nkind: update\ndate: 2022-01-24\nchannels: [meta]\n---\nBody").get()
        #expect(source.meta.page == nil && source.meta.section == nil && source.meta.summary == nil)
        #expect(source.blog.url == nil && source.blog.slug == nil && source.blog.categories == [])
        #expect(!source.blog.published)
        #expect(source.mail.to == [] && source.mail.subject == nil && source.mail.archiveURL == nil)
        #expect(source.body == "Body")
        #expect(source.bodyLine == 7)
    }

    @Test(arguments: [
        ("2022-01-24", "2022-01-24T08:00:00Z"),
        ("2022-06-15", "2022-06-15T07:00:00Z"),
        ("2022-01-24T17:00:00Z", "2022-01-24T17:00:00Z"),
        ("2022-01-24T17:00:00+05:30", "2022-01-24T11:30:00Z"),
        ("'2022-03-13'", "2022-03-13T08:00:00Z"),
    ])
    func dateIsADayInTheProgramZoneOrAnInstant(written: String, instant: String) throws {
        let source = try Self.decode(Self.replacing("date: 2022-06-15", with: "date: \(written)")).get()
        #expect(source.date == Instant.parse(instant))
        #expect(source.dateText == written.trimmingCharacters(in: CharacterSet(charactersIn: "'")))
    }

    @Test func windowsLineEndsAreRead() throws {
        let text = Self.complete.replacingOccurrences(of: "\n", with: "\r\n")
        let source = try Self.decode(text).get()
        #expect(source.title == "What we learned from the pilot")
        #expect(source.bodyLine == 21)
        #expect(!source.body.contains("\r"))
    }

    @Test func frontMatterMayEndWithThreeDots() throws {
        let source = try Self.decode("---\ntitle: T\nkind: update\ndate: 2022-01-24\nchannels: [blog]\n...\nBody").get()
        #expect(source.body == "Body")
    }

    @Test func aThematicBreakInTheBodyStaysInTheBody() throws {
        let source = try Self.decode(Self.complete + "\n\n---\n\nAfter a rule.").get()
        #expect(source.body.hasSuffix("## What happens next\n\n---\n\nAfter a rule."))
    }

    @Test func channelsCompareInTheirOrder() {
        #expect(AnnouncementChannel.allCases.sorted() == [.meta, .blog, .mail, .social])
        #expect([AnnouncementChannel.mail, .meta, .blog].sorted() == [.meta, .blog, .mail])
    }

    // MARK: problems, located

    @Test(arguments: [
        "title: T\nkind: update\n---\nBody", "Body without front matter", "", "\n---\ntitle: T\n---\n",
        "---\ntitle: T\nkind: update\ndate: 2022-01-24\nchannels: [meta]\n",
    ])
    func missingDelimitersAreReportedAtTheStart(text: String) {
        #expect(
            Self.problems(text) == [
                "\(Self.file):1:1: an announcement starts with front matter between two \"---\" lines"
            ])
    }

    @Test func emptyFrontMatterIsReported() {
        #expect(
            Self.problems("---\n---\nBody") == [
                "\(Self.file):1:1: the front matter is empty; it needs at least a title"
            ])
    }

    @Test func yamlSyntaxErrorIsLocatedInTheFile() {
        let text = Self.replacing("kind: outcome", with: "kind: `outcome`")
        let found = Self.problems(text)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(Self.at("`outcome`", in: text, "YAML syntax: ")) == true, "\(found)")
    }

    @Test func duplicateKeyPointsAtTheSecondUseAndNamesTheFirstsFileLine() throws {
        let text = Self.replacing("date: 2022-06-15", with: "date: 2022-06-15\nkind: update")
        let second = Self.at("kind: update", in: text, "")
        let first = try #require(location(of: "kind: outcome", in: text))
        #expect(
            Self.problems(text) == [
                "\(second)key \"kind\" appears twice in the same mapping (first at line \(first.line)); keep one"
            ])
    }

    @Test func unknownKeySuggestsTheClosest() {
        let text = Self.replacing(
            "title: What we learned from the pilot", with: "titel: What we learned from the pilot")
        #expect(
            Self.problems(text).sorted()
                == [
                    "\(Self.file):2:1: the front matter is missing \"title\"",
                    Self.at("titel", in: text, "unknown key \"titel\" in the front matter; did you mean \"title\"?"),
                ].sorted())
    }

    @Test func unknownKindSuggestsTheClosest() {
        let text = Self.replacing("kind: outcome", with: "kind: outcom")
        #expect(
            Self.problems(text) == [
                Self.at(
                    "outcom", in: text,
                    "unknown kind \"outcom\"; did you mean \"outcome\"?; kinds: call-for-participation, workshop, outcome, delay, release, update"
                )
            ])
    }

    @Test func unknownChannelSuggestsTheClosest() {
        let text = Self.replacing("channels: [meta, blog, mail]", with: "channels: [meta, blgo, mail]")
        #expect(
            Self.problems(text) == [
                Self.at(
                    "blgo", in: text,
                    "unknown channel \"blgo\"; did you mean \"blog\"?; channels: meta, blog, mail, social")
            ])
    }

    @Test func channelListedTwiceIsReportedAtTheSecond() {
        let text = Self.replacing(
            "channels: [meta, blog, mail]", with: "channels:\n  - meta\n  - blog\n  - meta\n  - mail")
        #expect(
            Self.problems(text) == [
                "\(Self.file):8:5: channel \"meta\" is listed twice"
            ])
    }

    @Test func mailChannelWithoutRecipientsIsReportedAtTheMailSection() {
        let text = Self.replacing("  to: [movement-data, someone@example.org]", with: "  to: []")
        #expect(
            Self.problems(text) == [
                Self.at("to: []", in: text, "the mail channel needs mail.to: list ids or addresses")
            ])
    }

    @Test func mailChannelWithoutAMailSectionIsReportedAtTheChannels() {
        let text = "---\ntitle: T\nkind: update\ndate: 2022-01-24\nchannels: [meta, mail]\n---\nBody"
        #expect(
            Self.problems(text) == [
                "\(Self.file):5:11: the mail channel needs mail.to: list ids or addresses"
            ])
    }

    @Test(arguments: ["2022-13-01", "June 2022", "2022-06", "2022-02-30", "2022-01-24T25:00:00Z", "tomorrow"])
    func badDateIsLocatedAtItsValue(date: String) {
        let text = Self.replacing("date: 2022-06-15", with: "date: \(date)")
        #expect(
            Self.problems(text) == [
                Self.at(
                    date, in: text,
                    "date \"\(date)\" is not a day (2022-01-24) or an instant (2022-01-24T17:00:00Z)")
            ])
    }

    @Test func missingRequiredFieldsAreAllReported() {
        let text = "---\nmeta:\n  section: S\n---\nBody"
        #expect(
            Self.problems(text).sorted() == [
                "\(Self.file):2:1: the front matter is missing \"channels\"",
                "\(Self.file):2:1: the front matter is missing \"date\"",
                "\(Self.file):2:1: the front matter is missing \"kind\"",
                "\(Self.file):2:1: the front matter is missing \"title\"",
            ])
    }

    @Test func blogAddressMustBeAWebAddress() {
        let text = Self.replacing(
            "  url: https://diff.example.org/2022/06/15/pilot-outcome/", with: "  url: javascript:alert(1)")
        #expect(
            Self.problems(text) == [
                Self.at(
                    "javascript", in: text,
                    "blog.url \"javascript:alert(1)\" uses javascript:; write an https:// address")
            ])
    }

    @Test func everyProblemIsReportedAtOnceInFileOrder() {
        var text = Self.replacing("kind: outcome", with: "kind: outcom")
        text = text.replacingOccurrences(of: "channels: [meta, blog, mail]", with: "channels: [meta, blgo, mail]")
        text = text.replacingOccurrences(of: "date: 2022-06-15", with: "date: someday")
        let found = Self.problems(text)
        #expect(found.map { $0.split(separator: ":")[1] } == ["3", "4", "5"], "\(found)")
    }

    @Test func emptyChannelListIsReported() {
        let text = Self.replacing("channels: [meta, blog, mail]", with: "channels: []")
        #expect(
            Self.problems(text).contains(
                Self.at("[]", in: text, "list at least one channel: meta, blog, mail or social")))
    }

    // MARK: the template context

    @Test func templateContextHoldsTheProgramAndTheTimeline() throws {
        let program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
        let context = TemplateContext.build(program: program)
        #expect(context["program"]?["name"] == .text("Equity Landscape pilot & consultation 2022"))
        #expect(context["program"]?["contact_email"] == .text("equity-landscape@example.org"))
        #expect(context["program"]?["blog_site"] == .text("https://diff.example.org"))
        #expect(context["milestone"]?["call-for-participation"]?["date"] == .text("1 February 2022"))
        #expect(context["milestone"]?["call-for-participation"]?["date_iso"] == .text("2022-02-01"))
        #expect(context["milestone"]?["outcome-announced"]?["date"] == .text("May–June 2022"))
        #expect(context["wave"]?["public"]?["date"] == .text("second half of 2022"))
        #expect(context["wave"]?["public"]?["has_previous_date"] == .flag(true))
        #expect(context["wave"]?["public"]?["previous_date"] == .text("May–June 2022"))
        #expect(context["wave"]?["pilot"]?["has_previous_date"] == .flag(false))
        #expect(context["pilot"]?["capacity"] == .number(9))
        #expect(context["pilot"]?["nda_required"] == .flag(true))
        guard case .list(let milestones)? = context["milestones"] else {
            Issue.record("milestones is not a list")
            return
        }
        #expect(milestones.count == program.milestones.count)
        #expect(milestones.first?["id"] == .text("call-for-participation"))
        guard case .list(let judges)? = context["judges"] else {
            Issue.record("judges is not a list")
            return
        }
        #expect(judges.compactMap { $0["name"] } == [.text("Amara Okafor"), .text("Jonas Lindqvist")])
    }

    struct FiguresSection: TemplateContextSection {
        let name = "feedback"
        func value() -> TemplateValue { .object(["items": .number(42)]) }
    }

    @Test func capabilitiesAddTheirSectionInOnePlace() throws {
        let program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
        let context = TemplateContext.build(program: program, sections: [FiguresSection()])
        #expect(context["feedback"]?["items"] == .number(42))
        #expect(context["program"] != nil)
    }

    @Test func mustacheValuesAreFoundationValues() {
        let value = TemplateValue.object([
            "text": .text("a"), "number": .number(3), "flag": .flag(true), "list": .list([.text("x"), .number(1)]),
        ])
        let converted = value.mustacheValue as? [String: Any]
        #expect(converted?["text"] as? String == "a")
        #expect(converted?["number"] as? Int == 3)
        #expect(converted?["flag"] as? Bool == true)
        #expect((converted?["list"] as? [Any])?.count == 2)
        #expect(TemplateValue.text("x")["key"] == nil)
    }
}
