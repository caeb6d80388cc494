import CohortRender
import Testing

@Suite("TextTable")
struct TextTableTests {
    @Test func numericColumnAlignsRightAndTextLeft() {
        var table = TextTable(headers: ["ID", "COUNT"], alignments: [.left, .right])
        table.append(["a", "5"])
        table.append(["bbb", "120"])
        #expect(
            table.render() == """
                ID   COUNT
                a        5
                bbb    120
                """)
    }

    @Test func indentPrefixesEveryLine() {
        var table = TextTable(headers: ["ID", "NAME"])
        table.append(["input", "Community input"])
        #expect(table.render(indent: "  ") == "  ID     NAME\n  input  Community input")
    }

    @Test func noLineEndsInSpaces() {
        var table = TextTable(headers: ["ID", "NOTE", "WHEN"])
        table.append(["long-identifier", "", ""])
        table.append(["x", "a longer note", ""])
        table.append(["y"])
        let lines = table.render(indent: "    ").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
        #expect(lines[1] == "    long-identifier")
        #expect(lines[3] == "    y")
    }

    @Test func missingCellsAreBlankAndExtraCellsIgnored() {
        var table = TextTable(headers: ["A", "B"])
        table.append(["1"])
        table.append(["2", "two", "ignored"])
        #expect(table.render() == "A  B\n1\n2  two")
        #expect(table.rows.count == 2)
    }

    @Test func columnsAreTwoSpacesApartAtTheWidestCell() {
        var table = TextTable(headers: ["X", "Y"])
        table.append(["wider", "1"])
        let lines = table.render().split(separator: "\n")
        #expect(lines == ["X      Y", "wider  1"])
    }

    @Test func rightAlignedCellsEndUnderTheirHeader() {
        var table = TextTable(headers: ["MILESTONE", "DAYS LEFT"], alignments: [.left, .right])
        for (id, days) in [("coding-complete", "18"), ("outcome-announced", "48"), ("x", "now"), ("y", "1234567890")] {
            table.append([id, days])
        }
        let lines = table.render().split(separator: "\n").map(String.init)
        let width = lines.map(\.count).max()
        #expect(lines.allSatisfy { $0.count == width })
        #expect(lines[3].hasSuffix("  now"))
    }

    @Test func headersOnlyRendersOneLine() {
        #expect(TextTable(headers: ["ID", "NAME"]).render(indent: "  ") == "  ID  NAME")
    }

    @Test func accentedTextCountsAsOneColumnPerCharacter() {
        var table = TextTable(headers: ["NAME", "N"], alignments: [.left, .right])
        table.append(["Équité", "1"])
        table.append(["Equity", "22"])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines == ["NAME     N", "Équité   1", "Equity  22"])
    }
}
