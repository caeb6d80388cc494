import CohortCore
import Foundation
import Testing

/// The problems `body` threw, one described line each; a test failure when it threw none.
func csvProblems(sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> [String] {
    do {
        try body()
        Issue.record("no problem was found", sourceLocation: sourceLocation)
    } catch let error as CSVProblems {
        return error.problems.map(\.description)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
    return []
}

@Suite("CSVTable: RFC 4180 with row and column locations")
struct CSVTableTests {
    static let columns = CSVColumns(["id", "text", "theme"], optional: ["theme"], text: ["text": .multiline])

    /// The problems `text` has, one described line each (without the closing count).
    static func problems(_ text: String, columns: CSVColumns = columns) -> [String] {
        csvProblems { _ = try CSVTable.parse(text, file: "in.csv", columns: columns) }
    }

    @Test func quotedCommasQuotesAndLineBreaksAreRead() throws {
        let text = "id,text\r\na,\"one, two\"\r\nb,\"say \"\"yes\"\"\"\r\nc,\"two\nlines\"\r\nd,plain\r\n"
        let table = try CSVTable.parse(text, file: "in.csv", columns: Self.columns)
        #expect(table.header == ["id", "text"])
        #expect(table.rows.map { $0["text"] } == ["one, two", "say \"yes\"", "two\nlines", "plain"])
        // Rows count as a spreadsheet shows them; lines as an editor does.
        #expect(table.rows.map(\.location.row) == [2, 3, 4, 5])
        #expect(table.rows.map(\.location.line) == [2, 3, 4, 6])
        #expect(table.rows[3].location("text").description == "in.csv:row 5 (line 6), column \"text\"")
        #expect(table.rows[0].location("id").description == "in.csv:row 2, column \"id\"")
    }

    @Test func aByteOrderMarkBlankLinesAndAMissingFinalLineBreakAreFine() throws {
        let table = try CSVTable.parse("\u{FEFF}id,text\n\na,x\n  \nb,y", file: "in.csv", columns: Self.columns)
        #expect(table.rows.map { $0["id"] } == ["a", "b"])
        #expect(table.rows.map(\.location.row) == [3, 5])
        #expect(table.rows[0].optional("theme") == nil, "an optional column the header leaves out reads as empty")
    }

    @Test func valuesAreTrimmedAndEmptyOnesAreNil() throws {
        let table = try CSVTable.parse("id,text,theme\n a , x ,\n", file: "in.csv", columns: Self.columns)
        #expect(table.rows[0]["id"] == "a")
        #expect(table.rows[0].optional("theme") == nil)
    }

    @Test func theHeaderIsCheckedWholeAtOnce() {
        #expect(
            Self.problems("id,txt,id,colour\na,b,c,d\n") == [
                "in.csv:row 1, column \"txt\": unknown column; did you mean \"text\"?; the header is id,text,theme",
                "in.csv:row 1, column \"id\": the header names this column twice; keep one",
                "in.csv:row 1, column \"colour\": unknown column; the header is id,text,theme",
                "in.csv:row 1: the header lacks the column \"text\"; the header is id,text,theme",
            ])
        #expect(
            Self.problems("") == ["in.csv:row 1: the file is empty; its first row must be the header id,text,theme"])
    }

    @Test func otherColumnsAreKeptWhenTheFormatAllowsThem() throws {
        let poll = CSVColumns(["participant"], allowsOthers: true)
        let table = try CSVTable.parse("participant,2022-02-04T16:00:00Z\nann,yes\n", file: "poll.csv", columns: poll)
        #expect(table.header == ["participant", "2022-02-04T16:00:00Z"])
        #expect(table.rows[0]["2022-02-04T16:00:00Z"] == "yes")
    }

    @Test func everyRowOfTheWrongWidthIsReported() {
        #expect(
            Self.problems("id,text\na,b,c\nd,e\nf\n") == [
                "in.csv:row 2: 3 values where the header has 2 columns; quote values that hold commas (\"like, this\")",
                "in.csv:row 4: 1 value where the header has 2 columns; quote values that hold commas (\"like, this\")",
            ])
    }

    @Test func textAfterAClosingQuoteIsRefusedWithItsLineAndColumn() {
        // CSV.swift would drop the character after the quote; we refuse the file instead.
        #expect(
            Self.problems("id,text\na,\"fine\"\nb,\"say\"x\n") == [
                "in.csv:3:8: text after a closing quote; quote the whole value and double each quote inside it (\"say \"\"yes\"\"\")"
            ])
    }

    @Test func aQuoteThatNeverClosesIsRefusedWhereItOpens() {
        // CSV.swift would read the rest of the file as one value.
        #expect(
            Self.problems("id,text\na,\"open\nb,c\r\nd,e\n") == [
                "in.csv:2:3: this quoted value never closes; add the closing quote (\")"
            ])
    }

    @Test func aQuoteInsideAnUnquotedValueIsKeptAsWritten() throws {
        let table = try CSVTable.parse("id,text\na,5\" screen\n", file: "in.csv", columns: Self.columns)
        #expect(table.rows[0]["text"] == "5\" screen")
    }

    @Test func problemsPrintOneLineEachThenTheirCount() {
        var problems = CSVProblems(file: "in.csv")
        problems.add(CSVLocation(file: "in.csv", row: 4, line: 4, column: "id"), "second")
        problems.add(CSVLocation(file: "in.csv", row: 2, line: 2), "first")
        #expect(
            problems.description == """
                in.csv:row 2: first
                in.csv:row 4, column "id": second
                2 problems in in.csv; nothing was changed
                """)
        #expect(problems.kind == .badInput)
    }
}

@Suite("Feedback CSV import")
struct FeedbackImportTests {
    static func table(_ text: String, _ columns: CSVColumns = FeedbackImport.itemColumns) throws -> CSVTable {
        try CSVTable.parse(text, file: "feedback.csv", columns: columns)
    }

    static let header = "id,source,received_at,author,text,theme\n"

    @Test func itemsAreReadWithTheirDateSourceAndThemes() throws {
        var ledger = FeedbackLedger(judges: [])
        let changes = try FeedbackImport.items(
            try Self.table(
                Self.header + "fb-1,talk-page,2022-02-02T18:40:00+01:00,Tomasz K.,\"Where, exactly?\",data; access\n"
                    + "fb-2,survey,2022-02-11,,Fine.,\n"), into: &ledger)
        #expect(changes.added.map(\.id) == ["fb-1", "fb-2"])
        let item = try ledger.item("fb-1")
        #expect(item.receivedAt == Instant.parse("2022-02-02T17:40:00Z"))
        #expect(item.author == "Tomasz K.")
        #expect(item.text == "Where, exactly?")
        #expect(item.themes == ["data", "access"])
        #expect(try ledger.item("fb-2").author == nil)
        #expect(try ledger.item("fb-2").themes.isEmpty)
    }

    @Test func importingTheSameRowsAgainChangesNothing() throws {
        var ledger = FeedbackLedger(judges: [])
        let text = Self.header + "fb-1,talk-page,2022-02-02,A,One,\nfb-2,survey,2022-02-03,,Two,x\n"
        _ = try FeedbackImport.items(try Self.table(text), into: &ledger)
        let again = try FeedbackImport.items(try Self.table(text), into: &ledger)
        #expect(again.added.isEmpty && again.updated.isEmpty)
        #expect(again.unchanged == 2)
    }

    @Test func aChangedRowUpdatesItsItemUntilAJudgeHasCodedIt() throws {
        var ledger = FeedbackLedger(judges: [Judge(id: "amara", name: "A"), Judge(id: "jonas", name: "J")])
        _ = try FeedbackImport.items(try Self.table(Self.header + "fb-1,talk-page,2022-02-02,A,One,\n"), into: &ledger)
        let edited = try FeedbackImport.items(
            try Self.table(Self.header + "fb-1,talk-page,2022-02-02,A,One (edited),\n"), into: &ledger)
        #expect(edited.updated.map(\.text) == ["One (edited)"])

        try ledger.code(item: "fb-1", judge: "amara", category: .unclear, at: codedAt)
        let problems = csvProblems {
            _ = try FeedbackImport.items(
                try Self.table(Self.header + "fb-1,survey,2022-02-02,A,Other,\n"), into: &ledger)
        }
        #expect(
            problems == [
                "feedback.csv:row 2, column \"id\": item \"fb-1\" is already coded and this row changes its source and text; keep the row as imported or give it a new id"
            ])
        #expect(try ledger.item("fb-1").text == "One (edited)")
    }

    @Test func everyBadRowIsReportedWithItsColumnAndFix() throws {
        var ledger = FeedbackLedger(judges: [])
        let text =
            Self.header
            + "fb-1,talk-page,2022-02-30,A,One,\n"
            + ",survey,2022-02-03,,Two,\n"
            + "fb 3,,2022-02-03,,,\n"
            + "fb-4,survey,2022-02-03,,Four,\n"
            + "fb-4,survey,2022-02-04,,Four again,\n"
        let problems = csvProblems { _ = try FeedbackImport.items(try Self.table(text), into: &ledger) }
        #expect(
            problems == [
                "feedback.csv:row 2, column \"received_at\": \"2022-02-30\" is not an ISO 8601 date or instant; write 2022-02-14 or 2022-02-14T09:30:00Z",
                "feedback.csv:row 3, column \"id\": missing id; give each item an id such as fb-001",
                "feedback.csv:row 4, column \"id\": id \"fb 3\" has a space; use letters, digits and dashes (fb-001)",
                "feedback.csv:row 4, column \"source\": missing source; say where it came from (talk-page, pilot-session, survey)",
                "feedback.csv:row 4, column \"text\": missing text; an item is the comment itself",
                "feedback.csv:row 6, column \"id\": id \"fb-4\" is on row 5 already; give each item its own id",
            ])
    }

    @Test func everyProblemOfACodesRowIsReported() throws {
        var ledger = sampleLedger(items: 2)
        let text =
            "item_id,judge,category,theme\n"
            + "fb-001,amara,integrate-now,\n"
            + "fb-01,amra,integrate,\n"
            + "fb-001,amara,unclear,\n"
            + "fb-002,,unclear,\n"
        let problems = csvProblems {
            _ = try FeedbackImport.codes(try Self.table(text, FeedbackImport.codeColumns), into: &ledger, at: codedAt)
        }
        #expect(
            problems == [
                "feedback.csv:row 3, column \"item_id\": unknown feedback item \"fb-01\"; did you mean \"fb-001\"?",
                "feedback.csv:row 3, column \"judge\": unknown judge \"amra\"; did you mean \"amara\"?; the judges in cohort.yaml are amara, jonas",
                "feedback.csv:row 3, column \"category\": unknown category \"integrate\"; use one of integrate-now, needs-resourcing, no-agreement, unclear, out-of-scope, against-aim",
                "feedback.csv:row 4, column \"judge\": amara's code for fb-001 is on row 2 already; keep one",
                "feedback.csv:row 5, column \"judge\": missing judge",
            ])
    }
}

@Suite struct CSVMissingColumnsTests {
    @Test func aFileLackingSeveralColumnsIsOneProblem() {
        let columns = CSVColumns(["id", "source", "text"])
        #expect(throws: CSVProblems.self) { try CSVTable.parse("id\n1\n", file: "in.csv", columns: columns) }
        do {
            _ = try CSVTable.parse("id\n1\n", file: "in.csv", columns: columns)
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "in.csv:row 1: the header lacks the columns \"source\", \"text\"; the header is id,source,text"
                ])
        }
    }
}
