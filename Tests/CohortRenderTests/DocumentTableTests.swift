import CohortCore
import CohortRender
import CohortTestSupport
import Foundation
import Testing

@Suite("Document tables: Markdown and wikitext, read back by independent parsers")
struct DocumentTableTests {
    /// Cells a participant could write, each trying to become markup.
    static let hostile = [
        "{{delete}} [[Category:Spam]] <b>bold</b>", "a | b || c ! d !! e", "''italic'' '''bold''' ~~~~ __NOTOC__",
        "*list* _under_ `code` [link](http://example.org) \\ & &amp;", "line one\nline two",
    ]

    static var table: DocumentTable {
        var table = DocumentTable(headers: ["Item", "Text", "Count"], alignments: [.left, .left, .right])
        for (index, text) in hostile.enumerated() { table.append(["fb-\(index)", text, String(index)]) }
        return table
    }

    /// What a reader sees in a cell: the text on one line.
    static let expectedCells = hostile.map { $0.replacingOccurrences(of: "\n", with: " ") }

    @Test func wikitextIsOneTableWhoseCellsMediaWikiShowsAsWritten() throws {
        let wikitext = Self.table.render(.wikitext)
        let script = """
            import json, sys, html
            import mwparserfromhell
            code = mwparserfromhell.parse(sys.stdin.read())
            tables = code.filter_tags(matches=lambda node: node.tag == "table", recursive=False)
            assert len(tables) == 1, len(tables)
            # The header row is implicit (no "|-" before it): its cells sit directly in the table.
            top = tables[0].contents.filter_tags(recursive=False)
            header = [t for t in top if t.tag == "th"]
            rows = [t for t in top if t.tag == "tr"]
            out = []
            for row in [header] + [r.contents.filter_tags(recursive=False) for r in rows]:
                cells = [c for c in row if c.tag in ("td", "th")]
                texts = []
                for cell in cells:
                    nodes = cell.contents.nodes
                    kinds = sorted({type(n).__name__ for n in nodes})
                    assert set(kinds) <= {"Text", "HTMLEntity"}, kinds
                    texts.append("".join(n.normalize() if type(n).__name__ == "HTMLEntity" else str(n) for n in nodes).strip())
                out.append(texts)
            print(json.dumps(out))
            """
        let result = try Processes.python(script, input: wikitext)
        #expect(result.status == 0, "\(result.stderr)\n\(wikitext)")
        let rows = try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
        #expect(rows.first == ["Item", "Text", "Count"])
        #expect(rows.dropFirst().map { $0[1] } == Self.expectedCells)
        #expect(rows.dropFirst().map(\.count) == Array(repeating: 3, count: Self.hostile.count))
    }

    @Test func markdownIsOneTableWhoseCellsRenderAsWritten() throws {
        let markdown = Self.table.render(.markdown)
        let script = """
            import json, sys
            from markdown_it import MarkdownIt
            md = MarkdownIt("commonmark").enable("table")
            tokens = md.parse(sys.stdin.read())
            assert sum(t.type == "table_open" for t in tokens) == 1
            rows, row = [], None
            for t in tokens:
                if t.type == "tr_open": row = []
                elif t.type == "tr_close": rows.append(row)
                elif t.type == "inline" and row is not None:
                    kinds = {c.type for c in t.children}
                    assert kinds <= {"text"}, kinds
                    row.append("".join(c.content for c in t.children))
            aligns = [t.attrs.get("style") for t in tokens if t.type == "th_open"]
            print(json.dumps({"rows": rows, "aligns": aligns}))
            """
        let result = try Processes.python(script, input: markdown)
        #expect(result.status == 0, "\(result.stderr)\n\(markdown)")
        struct Parsed: Decodable {
            var rows: [[String]]
            var aligns: [String?]
        }
        let parsed = try JSONDecoder().decode(Parsed.self, from: Data(result.stdout.utf8))
        #expect(parsed.rows.first == ["Item", "Text", "Count"])
        #expect(parsed.rows.dropFirst().map { $0[1] } == Self.expectedCells)
        #expect(parsed.aligns == [nil, nil, "text-align:right"])
    }

    @Test func theTextFormIsAnAlignedTableWithUpperCaseHeaders() {
        var table = DocumentTable(headers: ["Theme", "Items"], alignments: [.left, .right])
        table.append(["access", "12"])
        table.append(["privacy-safety", "3"])
        #expect(
            table.renderText() == """
                THEME           ITEMS
                access             12
                privacy-safety      3
                """)
    }
}

@Suite("Feedback report tables")
struct FeedbackReportTablesTests {
    static func report() throws -> FeedbackReport {
        let now = Instant.parse("2022-03-20T10:00:00Z")!
        var ledger = FeedbackLedger(
            judges: [Judge(id: "amara", name: "Amara"), Judge(id: "jonas", name: "Jonas")],
            items: [
                FeedbackItem(
                    id: "fb-1", source: "talk-page", receivedAt: now, author: "Secret Person",
                    text: "Rank the affiliates", themes: ["affiliates"]),
                FeedbackItem(id: "fb-2", source: "survey", receivedAt: now, text: "Dark mode", themes: ["ui"]),
                FeedbackItem(id: "fb-3", source: "survey", receivedAt: now, text: "Hmm", themes: ["ui"]),
            ])
        for (item, category) in [("fb-1", FeedbackCategory.againstAim), ("fb-2", .noAgreement)] {
            try ledger.code(item: item, judge: "amara", category: category, at: now)
            try ledger.code(item: item, judge: "jonas", category: category, at: now)
        }
        return FeedbackReport(ledger, includeAuthors: true)
    }

    @Test func theMarkdownDocumentListsDispositionsThemesAndTheParkedItems() throws {
        let document = FeedbackReportTables.document(try Self.report(), .markdown)
        #expect(document.hasPrefix("## Community feedback (3 items)\n\n### Dispositions\n\n| Disposition | Category |"))
        #expect(document.contains("| Idea parking lot | no-agreement | 1 | fb-2 |"))
        #expect(document.contains("| Not yet decided |  | 1 | fb-3 |"))
        #expect(document.contains("| ui | 2 | 66.7% |"))
        #expect(
            document.contains(
                "### Challenge points\n\n| Item | Feedback | Themes |\n| --- | --- | --- |\n| fb-1 | Rank the affiliates | affiliates |"
            ))
        #expect(!document.contains("Secret Person"), "authors never appear in published tables")
    }

    @Test func theWikitextDocumentHasWikiHeadings() throws {
        let document = FeedbackReportTables.document(try Self.report(), .wikitext)
        #expect(
            document.hasPrefix("== Community feedback (3 items) ==\n\n=== Dispositions ===\n\n{| class=\"wikitable\""))
        #expect(document.contains("=== Idea parking lot ==="))
        #expect(!document.contains("Secret Person"))
    }
}
