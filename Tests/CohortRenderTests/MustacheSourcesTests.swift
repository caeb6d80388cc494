import CohortCore
import CohortRender
import Testing

/// `renderFramed` gives swift-mustache only the lines from the first tag to the last; what it
/// renders must be exactly what rendering the whole text gives.
@Suite("MustacheSources.renderFramed")
struct MustacheSourcesTests {
    static let context = TemplateValue.object([
        "name": .text("Equity <Landscape> & *co*"),
        "items": .list([.object(["text": .text("one")]), .object(["text": .text("two")])]),
        "none": .list([]),
        "yes": .flag(true),
    ])

    static let templates = [
        "",
        "no tags at all\nacross lines\n",
        "prose\n\nmore prose\n{{name}}\nafter\n\nend",
        "{{name}} at the very start\nthen text\n",
        "text first\n{{#items}}\n- {{text}}\n{{/items}}\ntext after with }} and } braces\n",
        "before\n  {{#none}}\n  never\n  {{/none}}\nafter\n",
        "before\r\n{{#yes}}\r\nshown {{{name}}}\r\n{{/yes}}\r\nafter\r\n",
        "a {{! a comment\nover lines }} b\nc\n",
        "ends on a tag {{name}}",
        "ends on a standalone close\n{{#items}}\n{{text}}\n{{/items}}",
        "é before 👋🏽\n{{name}} é\nafter é\n",
        "{ single { braces } before\n{{name}}\n} after }\n",
        "prose\n\n{{name}}\nafter\n",
        "prose\n   \n{{#items}}\n{{text}}\n{{/items}}\n",
        "\n{{name}}\n",
        "prose\n\n\n{{#yes}}\nshown\n{{/yes}}\n\nmore\n",
    ]

    @Test(arguments: templates)
    func rendersWhatTheWholeTextRenders(text: String) throws {
        for contentType in ["MARKDOWN", "HTML", "WIKITEXT", "TEXT"] {
            let source = TemplateCheck.Source(text: text, file: "announcements/x.md", lineOffset: 20)
            let library = try MustacheSources.library([:], contentType: contentType)
            let whole = try MustacheSources.render(
                source, contentType: contentType, context: Self.context, library: library)
            let framed = try MustacheSources.renderFramed(
                source, contentType: contentType, values: Self.context.mustacheValue, library: library)
            #expect(framed == whole, "\(contentType): \(text.debugDescription)")
        }
    }

    @Test func aSyntaxErrorKeepsItsLineInTheWholeFile() {
        let source = TemplateCheck.Source(
            text: "one\ntwo\nthree {{#open}}\nfour\n", file: "announcements/x.md", lineOffset: 20)
        #expect {
            _ = try MustacheSources.renderFramed(
                source, contentType: "MARKDOWN", values: Self.context.mustacheValue,
                library: try MustacheSources.library([:], contentType: "MARKDOWN"))
        } throws: { error in
            let whole = Result {
                try MustacheSources.render(
                    source, contentType: "MARKDOWN", context: Self.context,
                    library: try MustacheSources.library([:], contentType: "MARKDOWN"))
            }
            guard case .failure(let expected as ConfigurationProblems) = whole,
                let framed = error as? ConfigurationProblems
            else { return false }
            return framed.diagnostics.map(\.location) == expected.diagnostics.map(\.location)
                && framed.diagnostics.first?.location.line ?? 0 > 20
        }
    }

    /// Random bodies of prose, blank and indented lines, variables and (balanced) sections.
    @Test func agreesOnRandomBodies() throws {
        var generator = SystemRandomNumberGenerator()
        let lines = [
            "prose", "", "   ", "\t", "  indented prose", "a {{name}} b", "{{name}}", "  {{{name}}}  ", "é 👋🏽",
            "{{! note }}", "text }} and { brace",
        ]
        for _ in 0..<1_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                switch Int.random(in: 0..<5, using: &generator) {
                case 0:
                    let name = ["items", "none", "yes"].randomElement(using: &generator)!
                    let inside = lines.randomElement(using: &generator)!.replacingOccurrences(
                        of: "{{name}}", with: "{{.}}")
                    let indent = Bool.random(using: &generator) ? "  " : ""
                    text += "\(indent){{#\(name)}}\n\(name == "items" ? "- {{text}}" : inside)\n\(indent){{/\(name)}}\n"
                default:
                    text += lines.randomElement(using: &generator)! + (Bool.random(using: &generator) ? "\n" : "\r\n")
                }
            }
            if Bool.random(using: &generator), !text.isEmpty { text.removeLast() }
            let source = TemplateCheck.Source(text: text, file: "announcements/x.md")
            let library = try MustacheSources.library([:], contentType: "MARKDOWN")
            let whole = try MustacheSources.render(
                source, contentType: "MARKDOWN", context: Self.context, library: library)
            let framed = try MustacheSources.renderFramed(
                source, contentType: "MARKDOWN", values: Self.context.mustacheValue, library: library)
            #expect(framed == whole, "\(text.debugDescription)")
        }
    }
}
