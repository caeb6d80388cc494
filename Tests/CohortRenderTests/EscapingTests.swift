import CohortRender
import CohortTestSupport
import Foundation
import Testing

/// Each channel's escaping, checked by the channel's own independent parser: whatever a value
/// holds, it reaches the reader as exactly its text and never as markup.
@Suite("Escaping")
struct EscapingTests {
    /// Values that would act in wikitext if inserted as they are.
    static let hostileWikiValues = [
        "{{subst:Foo}}[[Category:Spam]]<script>alert(1)</script>",
        "~~~~", "~~~", "~~~~~", "a~~~~b",
        "{| table", "|}", "|-", "|+ caption", "!! header !! cells",
        "'''bold'''", "''italic''", "'''''both'''''", "'", "''", "x'", "'x",
        "__NOTOC__", "__FORCETOC__ and __NOEDITSECTION__",
        "* list", "# numbered", "; term : definition", ": indented", "= heading =", "==heading==", "----",
        " leading space makes pre",
        "https://evil.example/x", "HTTPS://EVIL.EXAMPLE/X", "mailto:x@example.org", "news:comp.lang.misc",
        "see (mailto:x@example.org)", "ftp://files.example/x", "//protocol-relative.example/x",
        "[http://x y]", "[[Main Page]]", "[[File:X.png|thumb]]", "[[:Category:Spam]]",
        "{{{1|default}}}", "{{#if:x|yes|no}}", "{{!}}", "{{PAGENAME}}",
        "a | b", "a || b", "&amp;", "&lt;script&gt;", "&#91;&#91;x&#93;&#93;", "&nbsp;",
        "<nowiki>x</nowiki>", "<ref>x</ref>", "<!-- hidden -->", "<span style=\"x\">y</span>",
        "<references />", "line one\nline two", "tab\there", "CRLF\r\n* list after a line break",
    ]

    /// What a reader must see: the value with line breaks and tabs as spaces.
    static func displayed(_ value: String) -> String {
        String(value.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    // MARK: wikitext

    @Test func hostileWikiValuesAreInertAndReadAsThemselves() throws {
        let escaped = Self.hostileWikiValues.map { Escaping.wikitext($0) }
        let readings = try IndependentParsers.wikitext(escaped)
        for (value, reading) in zip(Self.hostileWikiValues, readings) {
            #expect(reading.templates.isEmpty, "template from \(value.debugDescription)")
            #expect(reading.arguments.isEmpty, "argument from \(value.debugDescription)")
            #expect(reading.wikilinks.isEmpty, "wikilink from \(value.debugDescription)")
            #expect(reading.externalLinks.isEmpty, "external link from \(value.debugDescription)")
            #expect(reading.tags.isEmpty, "tag from \(value.debugDescription): \(reading.tags)")
            #expect(reading.headings.isEmpty, "heading from \(value.debugDescription)")
            #expect(reading.comments.isEmpty, "comment from \(value.debugDescription)")
            #expect(reading.stripped == Self.displayed(value), "shown text of \(value.debugDescription)")
            #expect(reading.unescaped == Self.displayed(value), "entities of \(value.debugDescription)")
        }
    }

    @Test func escapedValueHasNoLineBreakSignatureOrDoubledMarkup() {
        for value in Self.hostileWikiValues {
            let escaped = Escaping.wikitext(value)
            #expect(!escaped.contains(where: { $0.isNewline }), "\(value.debugDescription)")
            for markup in ["~~~", "''", "__", "{{", "}}", "[[", "]]", "{|", "|}", "<", ">"] {
                #expect(!escaped.contains(markup), "\(value.debugDescription) keeps \(markup)")
            }
        }
    }

    /// The places templates put values: each wrapper must keep its own structure, whatever the value.
    static let wikiPlaces: [(name: String, before: String, after: String)] = [
        ("line start", "", ""),
        ("mid line", "Before ", " after."),
        ("heading", "== ", " =="),
        ("italics", "''", "''"),
        ("bold", "'''", "'''"),
        ("table cell", "{| class=\"wikitable\"\n|-\n| ", "\n|}"),
        ("external link text", "[https://example.org/ ", "]"),
        ("wikilink text", "[[Main Page|", "]]"),
    ]

    @Test(arguments: 0..<wikiPlaces.count)
    func hostileValuesKeepTheStructureAroundThem(place: Int) throws {
        let (name, before, after) = Self.wikiPlaces[place]
        let baseline = try IndependentParsers.wikitext(before + "plain" + after)
        let texts = Self.hostileWikiValues.map { before + Escaping.wikitext($0, atLineStart: before.isEmpty) + after }
        let readings = try IndependentParsers.wikitext(texts)
        for (value, reading) in zip(Self.hostileWikiValues, readings) {
            #expect(reading.templates.isEmpty, "\(name): template from \(value.debugDescription)")
            #expect(
                reading.tags.map { [$0.tag, $0.markup ?? ""] } == baseline.tags.map { [$0.tag, $0.markup ?? ""] },
                "\(name): tags changed by \(value.debugDescription)")
            #expect(
                reading.tags.map(\.attributes) == baseline.tags.map(\.attributes),
                "\(name): attributes changed by \(value.debugDescription)")
            #expect(
                reading.headings.map(\.level) == baseline.headings.map(\.level),
                "\(name): headings changed by \(value.debugDescription)")
            #expect(
                reading.externalLinks.map(\.target) == baseline.externalLinks.map(\.target),
                "\(name): external links changed by \(value.debugDescription)")
            #expect(
                reading.wikilinks.map(\.target) == baseline.wikilinks.map(\.target),
                "\(name): wikilinks changed by \(value.debugDescription)")
            #expect(reading.stripped.contains(Self.displayed(value)), "\(name): \(value.debugDescription) not shown")
        }
    }

    /// MediaWiki starts a free link at any word boundary before a scheme (`\b(?i:$prots)`), so a
    /// scheme after `.` or `+` is a link too.
    @Test(arguments: [
        "a.mailto:x@example.org", "a+news:comp.lang.misc", "v1.2.tel:+15550100", "see.urn:isbn:0451450523",
        "x.xmpp:someone@example.org", "x.bitcoin:1BoatSLRy", "x.sip:someone@example.org",
    ])
    func schemeAfterPunctuationIsNotAFreeLink(value: String) throws {
        let reading = try IndependentParsers.wikitext("Before \(Escaping.wikitext(value, atLineStart: false)) after.")
        #expect(reading.externalLinks.isEmpty, "\(value.debugDescription) became \(reading.externalLinks)")
        #expect(reading.stripped == "Before \(value) after.")
    }

    @Test func headingTitleIsTheValue() throws {
        let value = "= Café & {{x}} ="
        let reading = try IndependentParsers.wikitext("== \(Escaping.wikitext(value)) ==")
        #expect(reading.headings == [.init(level: 2, title: value)])
    }

    @Test(arguments: [
        "It's a well-known fact: Rosa's team meets at 10:30, e.g. on Fridays.",
        "Pilot & consultation 2022 — first-come, first-served!",
        "snake_case and C# and 50% and a+b=c and (parentheses) and \"quotes\"",
        "Équipe Ñandú — 公平 🎉",
        "Q&A: what's next?",
    ])
    func ordinaryProseStaysReadable(prose: String) {
        let escaped = Escaping.wikitext(prose, atLineStart: false)
        let kept = prose.replacingOccurrences(of: "&", with: "&amp;")
        #expect(escaped == kept)
    }

    @Test func lineStartMarkupIsEscapedOnlyAtTheStart() {
        #expect(Escaping.wikitext("* a * b") == "&#42; a * b")
        #expect(Escaping.wikitext("a - b - c") == "a - b - c")
        #expect(Escaping.wikitext("# one", atLineStart: false) == "# one")
        #expect(Escaping.wikitext("well-known") == "well-known")
    }

    // MARK: HTML

    static let hostileHTMLValues = [
        "{{subst:Foo}}[[Category:Spam]]<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "\"><script>alert(1)</script>", "' onmouseover='alert(1)",
        "</p><p>", "<!-- comment -->", "<![CDATA[x]]>", "&amp; &lt; &#60; &", "a < b > c", "Rosa's \"team\"",
        "</textarea></title><svg onload=alert(1)>", "javascript:alert(1)", "Équipe — 公平 🎉", "line\nbreak",
    ]

    @Test func hostileValuesInHTMLTextAndAttributesAreInert() throws {
        for value in Self.hostileHTMLValues {
            let escaped = Escaping.html(value)
            let fragment = "<p title=\"\(escaped)\" data-x='\(escaped)'>\(escaped)</p>"
            let reading = try IndependentParsers.html(fragment)
            #expect(reading.errors.isEmpty, "\(value.debugDescription): \(reading.errors)")
            #expect(reading.elements.map(\.tag) == ["p"], "\(value.debugDescription)")
            #expect(
                reading.elements.first?.attributes == ["title": value, "data-x": value], "\(value.debugDescription)")
            #expect(reading.text == value)
        }
    }

    @Test func htmlEscapesExactlyTheFiveSpecialCharacters() {
        #expect(Escaping.html("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;")
        #expect(Escaping.html("plain text — é") == "plain text — é")
    }

    // MARK: CommonMark

    static let markdownValues = [
        "*emphasis* and _underscores_ and **strong** and __strong__",
        "[a link](https://example.org) and ![an image](x.png) and [ref][1]",
        "<https://example.org> and <b>html</b> and <!-- comment -->",
        "https://example.org/autolink and www.example.org and x@example.org",
        "`code` and ``double`` and ~~strike~~ and ~single~",
        "# not a heading", "## neither", "> not a quote", "- not a list", "+ nor this", "1. nor this", "2) nor this",
        "---", "***", "___", "===", "| a | b |", "|---|---|", "[^1]", "[x]: https://example.org",
        "backslash \\ and \\* and \\\\", "&amp; &lt; &#42; &copy;", "\"quotes\" and 'apostrophes' -- and --- and ...",
        "Équipe Ñandú — 公平 🎉 “curly” ‘quotes’", "a_b_c and 2*3*4", "{{program.name}} and {{{body}}}",
        "line one\nline two", "tab\tseparated", "trailing backslash\\",
    ]

    @Test(arguments: markdownValues)
    func markdownEscapingRoundTripsToExactlyOneTextNode(value: String) {
        let document = CommonMarkParser.parse(Escaping.markdown(value))
        #expect(document == MarkdownDocument(blocks: [.paragraph([.text(Self.displayed(value))])]))
    }

    @Test(arguments: markdownValues)
    func markdownEscapedValueStaysTextInsideASentence(value: String) {
        let document = CommonMarkParser.parse("Before \(Escaping.markdown(value)) after.")
        guard case .paragraph(let inlines) = document.blocks.first, document.blocks.count == 1 else {
            Issue.record("not one paragraph: \(document)")
            return
        }
        #expect(inlines.allSatisfy { if case .text = $0 { true } else { false } }, "\(inlines)")
        #expect(inlines.plainText == "Before \(Self.displayed(value)) after.")
    }

    @Test(arguments: ["    four leading spaces", "  two leading spaces", "\tleading tab"])
    func markdownValueAtALineStartNeverBecomesACodeBlock(value: String) {
        let document = CommonMarkParser.parse(Escaping.markdown(value))
        guard case .paragraph(let inlines) = document.blocks.first, document.blocks.count == 1 else {
            Issue.record("\(value.debugDescription) became \(document)")
            return
        }
        #expect(inlines.plainText.trimmingCharacters(in: .whitespaces) == value.trimmingCharacters(in: .whitespaces))
    }

    // MARK: one line

    @Test func singleLineTurnsEveryControlCharacterIntoASpace() {
        let value = "Ann\r\nBcc: x@example.org\u{0}\u{7}\u{1B}[31m\u{7F}\u{2028}\u{2029}\tend"
        let line = Escaping.singleLine(value)
        #expect(line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F })
        #expect(!line.contains(where: { $0.isNewline }))
        #expect(line.hasPrefix("Ann  Bcc: x@example.org"))
        #expect(line.hasSuffix(" end"))
        #expect(Escaping.singleLine("Équipe — 公平 🎉") == "Équipe — 公平 🎉")
    }
}
