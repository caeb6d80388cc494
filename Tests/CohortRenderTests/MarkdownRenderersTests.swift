import CohortRender
import CohortTestSupport
import Foundation
import Testing

/// One CommonMark body rendered to each channel: wikitext read back by mwparserfromhell, HTML by
/// html5lib, plain text with its numbered link references.
@Suite("Markdown renderers")
struct MarkdownRenderersTests {
    static let wikiBase = "https://meta.example.org/wiki/"

    /// A body with every construct announcements use, and hostile text among it.
    static let body = """
        # Pilot update

        Some *emphasis*, **strong**, ~~struck~~ and `code <b>{{x}}</b> | ~~~~`.
        Read [our site](<https://example.org/a b?x=1&y=2> "The title") and [the plan](<wiki:Equity Landscape/Pilot & Consultation>),
        but not [this one](javascript:alert(1)) nor [that one](data:text/html,x) nor [relative](/wiki/Foo).
        Also <https://example.org/auto>, www.example.com and write to team@example.org.\("  ")
        After a hard break, {{subst:Foo}} [[Category:Spam]] ~~~~ __NOTOC__ stays text.

        ## Lists

        - one
        - two
          - two a
          - two b
            1. deep one
        - three

        3. third
        4. fourth

        * loose item

        * another loose item

        ## Table

        | Left | Center | Right | None |
        |:-----|:------:|------:|------|
        | a | *b* | 1 | [link](https://example.org/t) |
        | {{x}} | e \\| f | 22 | ~~~~ |

        ## Code and quotes

        ```swift
        let x = "<b>{{y}}</b>"
        // ~~~~ [[z]]
        ```

        > Quoted *text* with a [link](https://example.org/q).
        >
        > Second quoted paragraph.

        <div onclick="alert(1)">raw <script>alert(2)</script></div>

        Inline <span style="color:red">html</span> too. ![An image](https://example.org/i.png "Image title")

        ---

        Last [our site](<https://example.org/a b?x=1&y=2>) again.
        """

    static let document = CommonMarkParser.parse(body)

    // MARK: the parser

    @Test func parserReadsBlocksAsCommonMarkDefinesThem() {
        let document = CommonMarkParser.parse(
            """
            ## Title *here*

            1. one
            2. two

            7) seven

            - a

            - b

            | x | y |
            |--:|:-:|
            | 1 | 2 |

            ~~~ python extra
            print(1)
            ~~~

            > quote

            ***

            <p>raw</p>

            line  \nbreak
            """)
        #expect(
            document.blocks == [
                .heading(level: 2, [.text("Title "), .emphasis([.text("here")])]),
                .list(
                    ordered: true, start: 1, tight: true,
                    items: [[.paragraph([.text("one")])], [.paragraph([.text("two")])]]),
                .list(ordered: true, start: 7, tight: true, items: [[.paragraph([.text("seven")])]]),
                .list(
                    ordered: false, start: 0, tight: false,
                    items: [[.paragraph([.text("a")])], [.paragraph([.text("b")])]]),
                .table(
                    alignments: [.right, .center], header: [[.text("x")], [.text("y")]],
                    rows: [[[.text("1")], [.text("2")]]]),
                .code(info: "python extra", text: "print(1)\n"),
                .quote([.paragraph([.text("quote")])]),
                .thematicBreak,
                .html("<p>raw</p>\n"),
                .paragraph([.text("line"), .lineBreak, .text("break")]),
            ])
    }

    @Test func parserKeepsLinksImagesAndInlineHTML() {
        let document = CommonMarkParser.parse(
            #"[a *b*](https://example.org "T") ![alt *x*](https://example.org/i.png) <span>s</span> `c`"#)
        #expect(
            document.blocks == [
                .paragraph([
                    .link(destination: "https://example.org", title: "T", [.text("a "), .emphasis([.text("b")])]),
                    .text(" "),
                    .image(
                        source: "https://example.org/i.png", title: "", alt: [.text("alt "), .emphasis([.text("x")])]),
                    .text(" "), .html("<span>"), .text("s"), .html("</span>"), .text(" "), .code("c"),
                ])
            ])
    }

    @Test func bareAddressesStayTextAsDocumented() {
        #expect(
            CommonMarkParser.parse("www.example.com and team@example.org and https://example.org/x").blocks == [
                .paragraph([.text("www.example.com and team@example.org and https://example.org/x")])
            ])
    }

    @Test func smartPunctuationAppliesToProse() {
        #expect(
            CommonMarkParser.parse("\"Quoted\" -- it's ...").blocks == [.paragraph([.text("“Quoted” – it’s …")])])
    }

    // MARK: wikitext

    static let wikitextTags: Set<String> = [
        "em", "strong", "s", "code", "br", "li", "ol", "table", "tr", "th", "td", "pre", "blockquote", "hr",
    ]

    @Test func wikitextHasTheExpectedNodesAndNothingElse() throws {
        let wikitext = WikitextRenderer.render(Self.document)
        let reading = try IndependentParsers.wikitext(wikitext)
        #expect(reading.templates == [])
        #expect(reading.arguments == [])
        #expect(reading.comments == [])
        #expect(
            reading.headings == [
                .init(level: 2, title: "Pilot update"), .init(level: 3, title: "Lists"),
                .init(level: 3, title: "Table"),
                .init(level: 3, title: "Code and quotes"),
            ])
        #expect(reading.wikilinks == [.init(target: ":Equity Landscape/Pilot & Consultation", text: "the plan")])
        #expect(
            reading.externalLinks.map(\.target) == [
                "https://example.org/a%20b?x=1&y=2", "https://example.org/auto", "https://example.org/t",
                "https://example.org/q", "https://example.org/i.png", "https://example.org/a%20b?x=1&y=2",
            ])
        #expect(reading.tagNames.isSubset(of: Self.wikitextTags), "\(reading.tagNames.subtracting(Self.wikitextTags))")
        for text in [
            "{{subst:Foo}} [[Category:Spam]] ~~~~", "<div onclick=\"alert(1)\">raw <script>alert(2)</script></div>",
            "Inline <span style=\"color:red\">html</span> too.", "www.example.com and write to team@example.org",
            "but not this one nor that one nor relative.", "code <b>{{x}}</b> | ~~~~",
        ] {
            #expect(reading.stripped.contains(text), "\(text) is not shown as text")
        }
        #expect(!wikitext.contains("javascript"))
        #expect(!wikitext.contains("data:"))
    }

    @Test func wikitextListsNestAndNumber() throws {
        let wikitext = WikitextRenderer.render(Self.document)
        let listLines = wikitext.split(separator: "\n").filter { $0.hasPrefix("*") || $0.hasPrefix("#") }
        #expect(
            listLines == [
                "* one", "* two", "** two a", "** two b", "**# deep one", "* three", "* loose item",
                "* another loose item",
            ])
        // The list that starts at 3 is an HTML <ol start="3"> (see wikitextOrderedListKeepsItsStartNumber).
        let reading = try IndependentParsers.wikitext(wikitext)
        #expect(reading.tags.filter { $0.tag == "li" }.compactMap(\.markup).joined() == "********#***")
    }

    @Test func wikitextTableKeepsCellsAndAlignment() throws {
        let reading = try IndependentParsers.wikitext(WikitextRenderer.render(Self.document))
        let headers = reading.tags.filter { $0.tag == "th" }
        let cells = reading.tags.filter { $0.tag == "td" }
        #expect(headers.map(\.style) == [nil, "text-align:center", "text-align:right", nil])
        #expect(cells.count == 8)
        #expect(
            cells.map(\.style) == [
                nil, "text-align:center", "text-align:right", nil, nil, "text-align:center", "text-align:right", nil,
            ])
        #expect(reading.tags.filter { $0.tag == "tr" }.count == 3)
    }

    @Test func wikitextCodeBlockKeepsItsLines() throws {
        let reading = try IndependentParsers.wikitext(WikitextRenderer.render(Self.document))
        let pre = try #require(reading.tags.first { $0.tag == "pre" })
        #expect(pre.contents == "let x = &quot;&lt;b&gt;{{y}}&lt;/b&gt;&quot;\n// ~~~~ [[z]]")
    }

    /// MediaWiki numbers every `#` list from 1; a list that starts elsewhere needs `<ol start="n">`.
    @Test func wikitextOrderedListKeepsItsStartNumber() throws {
        let wikitext = WikitextRenderer.render(CommonMarkParser.parse("3. third\n4. fourth"))
        let reading = try IndependentParsers.wikitext(wikitext)
        #expect(reading.tags.contains { $0.tag == "ol" && $0.attributes["start"] == "3" }, "\(wikitext)")
        #expect(reading.stripped.contains("third") && reading.stripped.contains("fourth"))
    }

    /// A list item's code block is still a code block with its lines: MediaWiki keeps newlines inside `<pre>`.
    @Test func wikitextCodeBlockInAListItemKeepsItsLines() throws {
        let wikitext = WikitextRenderer.render(CommonMarkParser.parse("- item\n\n  ```\n  line 1\n  line 2\n  ```"))
        let reading = try IndependentParsers.wikitext(wikitext)
        let pre = try #require(reading.tags.first { $0.tag == "pre" }, "\(wikitext)")
        #expect(pre.contents == "line 1\nline 2", "\(wikitext)")
    }

    /// `[[Category:X|text]]` files the page in a category and `[[File:X|text]]` embeds the file; a
    /// link to such a page needs a leading colon.
    @Test(arguments: ["Category:Equity Landscape", "File:Equity dashboard.png", "Image:Chart.png"])
    func wikitextLinkToASpecialNamespaceStaysALink(page: String) throws {
        let wikitext = WikitextRenderer.render(CommonMarkParser.parse("See [this page](<wiki:\(page)>)."))
        let reading = try IndependentParsers.wikitext(wikitext)
        #expect(reading.wikilinks == [.init(target: ":\(page)", text: "this page")], "\(wikitext)")
    }

    @Test(arguments: [
        "<wiki:Main Page]] [[Category:Spam>", "<wiki:{{subst:Foo}}>", "<wiki:Page|other text>",
        "<wiki:Page\ntwo lines>", "<wiki:A <b>bold</b> page>",
    ])
    func wikiLinkDestinationCannotAddNodes(destination: String) throws {
        let wikitext = WikitextRenderer.render(CommonMarkParser.parse("See [text](\(destination))."))
        let reading = try IndependentParsers.wikitext(wikitext)
        #expect(reading.templates.isEmpty, "\(wikitext)")
        #expect(reading.wikilinks.count <= 1, "\(wikitext)")
        #expect(
            reading.wikilinks.allSatisfy { $0.text == "text" && !$0.target.contains("Category:Spam]") }, "\(wikitext)")
        #expect(reading.tags.isEmpty, "\(wikitext)")
    }

    static let hostileURLs = [
        "https://example.org/a\"onmouseover=\"alert(1)", "https://example.org/]evil [[Category:Spam]]",
        "https://example.org/{{subst:Foo}}", "https://example.org/a|b", "https://example.org/'''bold'''",
        "https://example.org/a b c",
    ]

    @Test(arguments: hostileURLs)
    func hostileCharactersInALinkStayInsideTheLink(url: String) throws {
        let document = CommonMarkParser.parse("See [text](<\(url)>).")
        let wikitext = WikitextRenderer.render(document)
        let wiki = try IndependentParsers.wikitext(wikitext)
        #expect(wiki.templates.isEmpty && wiki.wikilinks.isEmpty && wiki.tags.isEmpty, "\(wikitext)")
        #expect(wiki.externalLinks.count == 1, "\(wikitext)")
        #expect(wiki.externalLinks.first?.text == "text", "\(wikitext)")
        #expect(wiki.stripped == "See text.", "\(wikitext)")

        let html = HTMLRenderer().render(document)
        let page = try IndependentParsers.html(html)
        #expect(page.errors.isEmpty, "\(html): \(page.errors)")
        #expect(page.elements.map(\.tag) == ["p", "a"], "\(html)")
        let link = try #require(page.elements("a").first)
        #expect(Array(link.attributes.keys) == ["href"])
        #expect(link.attributes["href"]?.hasPrefix("https://example.org/") == true)
        #expect(link.attributes["href"]?.contains(where: { "\"<>[]{}|' ".contains($0) }) == false)
        #expect(page.text == "See text.")
    }

    @Test(arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", "<javascript:alert(1)>", "<  javascript:alert(1)>",
        "data:text/html,x", "vbscript:x", "/relative/path", "//protocol-relative.example/x", "file:///etc/passwd",
        "ftp://files.example.org/x", "#anchor",
    ])
    func unsafeOrRelativeLinksBecomeText(destination: String) throws {
        let document = CommonMarkParser.parse("See [the text](\(destination)) here.")
        let wiki = try IndependentParsers.wikitext(WikitextRenderer.render(document))
        #expect(wiki.externalLinks.isEmpty && wiki.wikilinks.isEmpty)
        #expect(wiki.stripped == "See the text here.")
        let html = try IndependentParsers.html(HTMLRenderer(wikiBase: Self.wikiBase).render(document))
        #expect(html.elements.map(\.tag) == ["p"])
        #expect(html.text == "See the text here.")
        #expect(PlainTextRenderer(wikiBase: Self.wikiBase).render(document) == "See the text here.")
    }

    // MARK: HTML

    static let htmlTags: Set<String> = [
        "h2", "h3", "p", "em", "strong", "del", "code", "a", "br", "ul", "ol", "li", "table", "thead", "tbody", "tr",
        "th", "td", "pre", "blockquote", "img", "hr",
    ]

    @Test func htmlIsValidAndHasOnlyTheExpectedElements() throws {
        let html = HTMLRenderer(wikiBase: Self.wikiBase).render(Self.document)
        let page = try IndependentParsers.html(html)
        #expect(page.errors == [])
        #expect(page.tagNames.isSubset(of: Self.htmlTags), "\(page.tagNames.subtracting(Self.htmlTags))")
        #expect(page.elements("h2").map(\.text) == ["Pilot update"])
        #expect(page.elements("h3").map(\.text) == ["Lists", "Table", "Code and quotes"])
        #expect(
            page.elements("a").map { $0.attributes["href"] ?? "" } == [
                "https://example.org/a%20b?x=1&y=2",
                "https://meta.example.org/wiki/Equity_Landscape/Pilot_&_Consultation",
                "https://example.org/auto", "https://example.org/t", "https://example.org/q",
                "https://example.org/a%20b?x=1&y=2",
            ])
        #expect(page.elements("a").first?.attributes["title"] == "The title")
        #expect(page.elements("ol").map { $0.attributes["start"] } == [nil, "3"])
        #expect(page.elements("li").count == 10)
        #expect(
            page.elements("th").map { $0.attributes["style"] } == [
                "text-align:left", "text-align:center", "text-align:right", nil,
            ])
        #expect(page.elements("td").count == 8)
        #expect(page.elements("code").last?.attributes == ["class": "language-swift"])
        #expect(page.elements("code").last?.text == "let x = \"<b>{{y}}</b>\"\n// ~~~~ [[z]]\n")
        #expect(
            page.elements("img").first?.attributes == [
                "src": "https://example.org/i.png", "alt": "An image", "title": "Image title",
            ])
        #expect(page.elements("blockquote").first?.text.contains("Second quoted paragraph.") == true)
        #expect(page.text.contains("<div onclick=\"alert(1)\">raw <script>alert(2)</script></div>"))
        #expect(page.text.contains("Inline <span style=\"color:red\">html</span> too."))
        #expect(page.text.contains("{{subst:Foo}} [[Category:Spam]] ~~~~"))
        #expect(page.elements("strong").map(\.text) == ["strong", "NOTOC"])
    }

    @Test func htmlWithoutAWikiBaseShowsWikiLinksAsText() throws {
        let page = try IndependentParsers.html(HTMLRenderer().render(Self.document))
        #expect(page.errors == [])
        #expect(!page.elements("a").contains { $0.text == "the plan" })
        #expect(page.text.contains("and the plan,"))
    }

    @Test(arguments: 1...6)
    func headingsStartAtLevelTwoAndStopAtSix(level: Int) throws {
        let document = CommonMarkParser.parse(String(repeating: "#", count: level) + " Heading")
        let page = try IndependentParsers.html(HTMLRenderer().render(document))
        #expect(page.elements.map(\.tag) == ["h\(min(level + 1, 6))"])
        let wiki = try IndependentParsers.wikitext(WikitextRenderer.render(document))
        #expect(wiki.headings == [.init(level: min(level + 1, 6), title: "Heading")])
    }

    // MARK: plain text

    @Test func plainTextListsLinksAsNumberedReferencesAtTheEnd() {
        let text = PlainTextRenderer(wikiBase: Self.wikiBase).render(Self.document)
        let references = text.components(separatedBy: "\n\n").last
        #expect(
            references == """
                [1] https://example.org/a%20b?x=1&y=2
                [2] https://meta.example.org/wiki/Equity_Landscape/Pilot_&_Consultation
                [3] https://example.org/auto
                [4] https://example.org/t
                [5] https://example.org/q
                [6] https://example.org/i.png
                """)
        let flowing = text.replacingOccurrences(of: "\n", with: " ")
        #expect(flowing.contains("Read our site [1] and the plan [2], but not this one nor that one nor relative."))
        #expect(flowing.contains("Also [3], www.example.com"))
        #expect(flowing.contains("link [4]"))
        #expect(flowing.contains("Quoted text with a link [5]."))
        #expect(flowing.contains("An image [6]"))
        #expect(flowing.contains("Last our site [1] again."))
        #expect(!text.contains("javascript"))
    }

    @Test func plainTextWithoutAWikiBaseDropsWikiLinksToTheirText() {
        let text = PlainTextRenderer().render(Self.document)
        let flowing = text.replacingOccurrences(of: "\n", with: " ")
        #expect(flowing.contains("Read our site [1] and the plan, but not"))
        #expect(!text.contains("meta.example.org"))
        #expect(text.hasSuffix("[5] https://example.org/i.png"))
    }

    @Test func plainTextShowsStructureWithoutMarkup() {
        let text = PlainTextRenderer(wikiBase: Self.wikiBase).render(Self.document)
        let lines = text.components(separatedBy: "\n")
        #expect(lines.starts(with: ["Pilot update", "============", ""]))
        #expect(lines.contains("Lists"))
        #expect(lines.contains("-----"))
        for item in ["- one", "- two", "  - two a", "    1. deep one", "3. third", "4. fourth"] {
            #expect(lines.contains(item), "\(item)")
        }
        #expect(lines.contains("    let x = \"<b>{{y}}</b>\""))
        #expect(lines.contains("> Quoted text with a link [5]."))
        #expect(lines.contains { $0.hasPrefix("Left ") && $0.contains("Center") && $0.contains("Right") })
        #expect(!text.contains("*emphasis*") && !text.contains("<em>") && !text.contains("**"))
        #expect(text.contains("Some emphasis, strong, struck and code <b>{{x}}</b> | ~~~~."))
    }

    @Test(arguments: [40, 72])
    func plainTextWrapsAtTheWidth(width: Int) {
        let paragraph =
            String(repeating: "words that wrap ", count: 30) + "https://example.org/"
            + String(repeating: "x", count: 90)
        let text = PlainTextRenderer(width: width).render(CommonMarkParser.parse(paragraph))
        for line in text.split(separator: "\n") {
            #expect(line.count <= width || !line.contains(" "), "\(line.count): \(line)")
        }
        #expect(text.replacingOccurrences(of: "\n", with: " ") == paragraph.trimmingCharacters(in: .whitespaces))
    }

    @Test func plainTextNumbersEachAddressOnce() {
        let document = CommonMarkParser.parse(
            "[a](https://example.org/1) [b](https://example.org/2) [c](https://example.org/1) <https://example.org/2>")
        #expect(
            PlainTextRenderer().render(document)
                == "a [1] b [2] c [1] [2]\n\n[1] https://example.org/1\n[2] https://example.org/2")
    }
}
