import CohortCore
import CohortRender
import Testing

/// `TemplateCheck` finds every unknown variable and broken section before rendering, at the
/// line and column where the tag starts.
@Suite("TemplateCheck")
struct TemplateCheckTests {
    static let context = TemplateValue.object([
        "program": .object(["name": .text("Equity Landscape"), "contact_name": .text("Rosa Quintero")]),
        "milestones": .list([
            .object(["id": .text("call"), "name": .text("Call for participants"), "date": .text("1 February 2022")]),
            .object(["id": .text("results"), "name": .text("Results"), "date": .text("June 2022")]),
        ]),
        "milestone": .object([
            "call": .object(["name": .text("Call for participants"), "date": .text("1 February 2022")])
        ]),
        "wave": .object(["public": .object(["name": .text("Public dashboard"), "date": .text("second half of 2022")])]),
        "announcement": .object([
            "title": .text("Outcome"), "has_blog_url": .flag(true), "blog_url": .text("https://diff.example.org/x"),
        ]),
        "tags": .list([.text("research"), .text("data")]),
        "nothing_yet": .list([]),
        "pilot": .object(["capacity": .number(9)]),
        "body": .text("<p>rendered</p>"),
    ])

    static func problems(
        _ text: String, file: String = "templates/meta.wiki.mustache", lineOffset: Int = 0,
        partials: [String: TemplateCheck.Source] = [:], unescapedAllowed: Set<String> = ["body"]
    ) -> [String] {
        let check = TemplateCheck(partials: partials, unescapedAllowed: unescapedAllowed)
        return check.problems(in: .init(text: text, file: file, lineOffset: lineOffset), context: context)
            .map(\.description)
    }

    @Test(arguments: [
        "{{program.name}}",
        "{{ program.name }}",
        "{{#milestones}}{{name}}: {{date}} ({{id}}){{/milestones}}",
        "{{#milestones}}{{program.contact_name}}{{/milestones}}",
        "{{#program}}{{name}} by {{contact_name}}{{/program}}",
        "{{#announcement.has_blog_url}}{{announcement.blog_url}}{{/announcement.has_blog_url}}",
        "{{^announcement.has_blog_url}}no link yet{{/announcement.has_blog_url}}",
        "{{#tags}}{{.}} {{/tags}}",
        "{{milestone.call.date}} and {{wave.public.date}}",
        "{{#milestone.call}}{{name}}{{/milestone.call}}",
        "{{pilot.capacity}}",
        "{{{body}}} and {{& body}}",
        "{{! a comment naming {{nothing}} is ignored }}",
        "{{% CONTENT_TYPE: HTML }}{{program.name}}",
        "no tags at all { single braces } }}",
        "{{uppercase(program.name)}}",
        "{{#nothing_yet}}{{whatever}} {{fields.it.has}}{{/nothing_yet}}",
    ])
    func knownNamesPass(template: String) {
        #expect(Self.problems(template) == [])
    }

    @Test func unknownVariableIsLocatedAtItsTag() {
        let template = "== Title ==\nIntro text\n  and then {{progam.name}} here"
        #expect(
            Self.problems(template) == [
                "templates/meta.wiki.mustache:3:12: unknown variable \"progam.name\"; did you mean \"program\"?"
            ])
    }

    @Test func lineOffsetPlacesTheProblemInTheWholeFile() {
        let body = "First paragraph.\n\nSecond with {{milestone.cal.date}}."
        #expect(
            Self.problems(body, file: "announcements/2022-06-outcome.md", lineOffset: 14) == [
                "announcements/2022-06-outcome.md:17:13: unknown variable \"milestone.cal.date\": \"milestone\" has no \"cal\"; did you mean \"call\"?"
            ])
    }

    @Test func dottedNameReportsTheMissingPart() {
        #expect(
            Self.problems("{{program.nmae}}") == [
                "templates/meta.wiki.mustache:1:1: unknown variable \"program.nmae\": \"program\" has no \"nmae\"; did you mean \"name\"?"
            ])
        #expect(
            Self.problems("{{wave.public.dat}}") == [
                "templates/meta.wiki.mustache:1:1: unknown variable \"wave.public.dat\": \"wave.public\" has no \"dat\"; did you mean \"date\"?"
            ])
    }

    @Test func unknownNameWithoutACloseOneHasNoSuggestion() {
        #expect(Self.problems("{{zzzzzzzz}}") == ["templates/meta.wiki.mustache:1:1: unknown variable \"zzzzzzzz\""])
    }

    @Test func sectionOverAListPushesItsElementsFields() {
        #expect(
            Self.problems("{{#milestones}}\n  {{nme}}\n{{/milestones}}") == [
                "templates/meta.wiki.mustache:2:3: unknown variable \"nme\"; did you mean \"name\"?"
            ])
    }

    @Test func sectionContextEndsAtItsClose() {
        let afterList = Self.problems("{{#milestones}}{{name}}{{/milestones}} {{name}}")
        #expect(afterList.count == 1)
        #expect(afterList.first?.hasPrefix("templates/meta.wiki.mustache:1:40: unknown variable \"name\"") == true)
        let afterObject = Self.problems("{{#program}}{{contact_name}}{{/program}}{{contact_name}}")
        #expect(afterObject.count == 1)
        #expect(
            afterObject.first?.hasPrefix("templates/meta.wiki.mustache:1:41: unknown variable \"contact_name\"") == true
        )
    }

    @Test func invertedSectionDoesNotPushAContext() {
        let found = Self.problems("{{^program}}{{contact_name}}{{/program}}")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("templates/meta.wiki.mustache:1:13: unknown variable \"contact_name\"") == true)
    }

    @Test func unknownSectionNamesAreReported() {
        #expect(
            Self.problems(
                "{{#mylestones}}x{{/mylestones}}\n{{^announcement.has_blog_ur}}y{{/announcement.has_blog_ur}}")
                == [
                    "templates/meta.wiki.mustache:1:1: unknown variable \"mylestones\"; did you mean \"milestones\"?",
                    "templates/meta.wiki.mustache:2:1: unknown variable \"announcement.has_blog_ur\": \"announcement\" has no \"has_blog_ur\"; did you mean \"has_blog_url\"?",
                ])
    }

    @Test func unclosedSectionIsReportedWhereItOpens() {
        #expect(
            Self.problems("Intro\n  {{#milestones}}\n{{name}}") == [
                "templates/meta.wiki.mustache:2:3: section {{#milestones}} is never closed; add {{/milestones}}"
            ])
    }

    @Test func mismatchedCloseNamesTheOpenSection() {
        #expect(
            Self.problems("{{#program}}\n{{/milestones}}") == [
                "templates/meta.wiki.mustache:2:1: {{/milestones}} closes {{#program}} (line 1); close it as {{/program}}"
            ])
    }

    @Test func closeWithoutOpenIsReported() {
        #expect(
            Self.problems("text {{/program}}") == [
                "templates/meta.wiki.mustache:1:6: {{/program}} closes a section that was never opened"
            ])
    }

    @Test func unknownPartialSuggestsTheClosest() {
        let signature = TemplateCheck.Source(
            text: "Write to {{program.contact_name}}.", file: "templates/partials/signature.mustache")
        #expect(
            Self.problems("\n{{> signatur}}", partials: ["signature": signature]) == [
                "templates/meta.wiki.mustache:2:1: unknown partial \"signatur\"; did you mean \"signature\"?; partials live in templates/partials/"
            ])
    }

    @Test func partialsAreCheckedInTheirOwnFileWithTheContextWhereIncluded() {
        let item = TemplateCheck.Source(text: "* {{name}}\n* {{dat}}", file: "templates/partials/item.mustache")
        #expect(
            Self.problems("{{#milestones}}{{> item}}{{/milestones}}", partials: ["item": item]) == [
                "templates/partials/item.mustache:2:3: unknown variable \"dat\"; did you mean \"date\"?"
            ])
    }

    @Test func selfIncludingPartialTerminates() {
        let loop = TemplateCheck.Source(text: "{{> loop}}{{nothing}}", file: "templates/partials/loop.mustache")
        let found = Self.problems("{{> loop}}", partials: ["loop": loop])
        #expect(!found.isEmpty)
        #expect(
            found.allSatisfy { $0.hasPrefix("templates/partials/loop.mustache:1:11: unknown variable \"nothing\"") })
    }

    @Test func aProblemInAPartialIncludedManyTimesIsReportedOnce() {
        let loop = TemplateCheck.Source(text: "{{> loop}}{{nothing}}", file: "templates/partials/loop.mustache")
        let recursive = Self.problems("{{> loop}}", partials: ["loop": loop])
        #expect(recursive.count == 1, "\(recursive)")
        let item = TemplateCheck.Source(text: "{{nothing}}", file: "templates/partials/item.mustache")
        let twice = Self.problems("{{> item}}\n{{> item}}", partials: ["item": item])
        #expect(twice.count == 1, "\(twice)")
    }

    @Test(arguments: ["{{{program.name}}}", "{{& program.name}}", "{{&program.name}}"])
    func unescapedInsertionOfAnOrdinaryValueIsReported(template: String) {
        #expect(
            Self.problems(template) == [
                "templates/meta.wiki.mustache:1:1: {{{program.name}}} would insert \"program.name\" unescaped; write {{program.name}} so it is escaped for this channel"
            ])
    }

    @Test func unescapedInsertionIsAllowedForTheNamesGiven() {
        #expect(Self.problems("{{{blog_link}}}", unescapedAllowed: ["blog_link"]).count == 1, "allowed, but unknown")
        #expect(
            Self.problems("{{{body}}}", unescapedAllowed: []) == [
                "templates/meta.wiki.mustache:1:1: {{{body}}} would insert \"body\" unescaped; write {{body}} so it is escaped for this channel"
            ])
    }

    @Test func emptyTagAndDelimiterChangesAreReported() {
        #expect(
            Self.problems("{{}} and {{  }}") == [
                "templates/meta.wiki.mustache:1:1: empty tag {{}}; write a variable name inside",
                "templates/meta.wiki.mustache:1:10: empty tag {{}}; write a variable name inside",
            ])
        #expect(
            Self.problems("{{=<% %>=}}") == [
                "templates/meta.wiki.mustache:1:1: changing delimiters is not supported; keep {{ }}"
            ])
    }

    @Test func transformsCheckTheVariableInside() {
        #expect(
            Self.problems("{{uppercase(program.nam)}}") == [
                "templates/meta.wiki.mustache:1:1: unknown variable \"program.nam\": \"program\" has no \"nam\"; did you mean \"name\"?"
            ])
    }

    @Test func everyProblemIsReportedInOrder() {
        let template = "{{a1}}\n{{#program}}{{b2}}\n{{/milestones}}\n{{c3}}"
        let found = Self.problems(template)
        #expect(
            found == [
                "templates/meta.wiki.mustache:1:1: unknown variable \"a1\"",
                "templates/meta.wiki.mustache:2:13: unknown variable \"b2\"",
                "templates/meta.wiki.mustache:3:1: {{/milestones}} closes {{#program}} (line 2); close it as {{/program}}",
                "templates/meta.wiki.mustache:4:1: unknown variable \"c3\"",
            ])
    }

    @Test func columnsCountTagsAfterWideCharacters() {
        #expect(Self.problems("公平 🎉 {{nope}}") == ["templates/meta.wiki.mustache:1:6: unknown variable \"nope\""])
    }

    /// `SourceLocation` counts columns in Unicode scalars, as the YAML diagnostics do; a character
    /// made of several scalars (a flag, a skin tone, a combining accent) counts as each of them.
    @Test func columnsCountUnicodeScalarsLikeEveryOtherDiagnostic() {
        // 👋🏽 is two scalars, é written as e + U+0301 is two: the tag starts at scalar 7.
        #expect(
            Self.problems("👋🏽 e\u{301} {{nope}}") == ["templates/meta.wiki.mustache:1:7: unknown variable \"nope\""])
    }

    /// A tag never closed is checked with all that follows it, not a character short.
    @Test func aTagNeverClosedIsReportedWhereItOpens() {
        #expect(
            Self.problems("é\n  {{nope and more\ntext") == [
                "templates/meta.wiki.mustache:2:3: {{ is never closed; end the tag with }}"
            ])
        // A triple tag closed as a double one is never closed.
        #expect(
            Self.problems("{{{nope}}") == [
                "templates/meta.wiki.mustache:1:1: {{{ is never closed; end the tag with }}}"
            ])
    }
}
