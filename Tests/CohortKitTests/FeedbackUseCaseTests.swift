import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// Feedback coded in process: imports and their refusals, blind coding by two judges, a third
/// judge refused, reconciliation and clarification, with the records read back.
/// `FeedbackCommandTests` keeps what only the binary shows.
@Suite struct FeedbackUseCaseTests {
    static let now = "2022-03-20T10:00:00Z"

    /// A session on a fresh example workspace (with `configuration`), files named from its folder.
    static func example(configuration: String? = nil) throws -> (TemporaryFolder, ProgramSession) {
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        return (folder, try commandSession(folder, now: now))
    }

    /// The example's items imported, and with `codes`, both judges' codes too.
    static func imported(codes: Bool = true) throws -> (TemporaryFolder, ProgramSession) {
        let (folder, session) = try example()
        _ = try FeedbackCoding(session).importFeedback(
            file: exampleData("feedback.csv"), skipInvalid: false, audit: decided(now, "feedback import"))
        if codes {
            _ = try FeedbackCoding(session).importCodes(
                file: exampleData("codes.csv"), skipInvalid: false, audit: decided(now, "feedback import-codes"))
        }
        return (folder, session)
    }

    static func code(
        _ session: ProgramSession, _ item: String, _ judge: String, _ category: String, themes: [String] = []
    )
        throws -> CodedItem
    {
        try FeedbackCoding(session).code(
            item: item, judge: judge, category: category, themes: themes, audit: decided(now, "feedback code"))
    }

    @Test func importingAgainChangesNothing() throws {
        let (folder, session) = try Self.imported()
        _ = folder
        let coding = FeedbackCoding(session)
        let items = try coding.importFeedback(
            file: exampleData("feedback.csv"), skipInvalid: false, audit: decided(Self.now, "feedback import"))
        #expect(items.text.hasSuffix("0 new, 0 updated, 40 unchanged (40 feedback items in all)."))
        let codes = try coding.importCodes(
            file: exampleData("codes.csv"), skipInvalid: false, audit: decided(Self.now, "feedback import-codes"))
        #expect((codes.recorded, codes.replaced, codes.unchanged) == (0, 0, 80))
        // One entry for the import, one per code: nothing for the repeated imports.
        #expect(try session.openStore().read { try $0.auditCount() } == 81)
    }

    @Test func everyBadFeedbackRowIsLocatedAndNothingIsImported() throws {
        let (folder, session) = try Self.example()
        try folder.write(
            "bad.csv",
            """
            id,source,received_at,author,text,theme
            fb-101,talk-page,2022-02-01T09:00:00Z,Ann,"A fine comment, quoted",metrics
            fb-102,talk-page,2022-02-31,Ann,Bad date,
            fb-103,,2022-02-02,,,
            fb-101,survey,2022-02-03,,Same id again,

            """)
        let refused = try #require(
            refusal {
                _ = try FeedbackCoding(session).importFeedback(
                    file: "bad.csv", skipInvalid: false, audit: decided(Self.now, "feedback import"))
            })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines == [
                "bad.csv:row 3, column \"received_at\": \"2022-02-31\" is not an ISO 8601 date or instant; write 2022-02-14 or 2022-02-14T09:30:00Z",
                "bad.csv:row 4, column \"source\": missing source; say where it came from (talk-page, pilot-session, survey)",
                "bad.csv:row 4, column \"text\": missing text; an item is the comment itself",
                "bad.csv:row 5, column \"id\": id \"fb-101\" is on row 2 already; give each item its own id",
                "cohort: 4 problems in bad.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        #expect(try FeedbackCoding(session).feedbackReport(withAuthors: false).items == 0)
    }

    @Test func aBadHeaderOrBrokenQuotingIsLocated() throws {
        let (folder, session) = try Self.example()
        let coding = FeedbackCoding(session)
        func importing(_ file: String) -> FailureReport? {
            refusal {
                _ = try coding.importFeedback(
                    file: file, skipInvalid: false, audit: decided(Self.now, "feedback import"))
            }
        }
        try folder.write("header.csv", "id,source,recieved_at,text\nfb-1,survey,2022-02-01,x\n")
        let header = try #require(importing("header.csv"))
        #expect(header.exitCode == 64)
        #expect(
            header.lines == [
                "header.csv:row 1, column \"recieved_at\": unknown column; did you mean \"received_at\"?; the header is id,source,received_at,author,text,theme,hidden",
                "header.csv:row 1: the header lacks the column \"received_at\"; the header is id,source,received_at,author,text,theme,hidden",
                "cohort: 2 problems in header.csv; nothing was changed",
            ])
        try folder.write(
            "quotes.csv", "id,source,received_at,text\nfb-1,survey,2022-02-01,\"unclosed\nfb-2,survey,2022-02-01,x\n")
        let quotes = try #require(importing("quotes.csv"))
        #expect(quotes.exitCode == 64)
        #expect(
            quotes.lines == [
                "quotes.csv:2:24: this quoted value never closes; add the closing quote (\")",
                "cohort: 1 problem in quotes.csv; nothing was changed",
            ])
        let missing = try #require(importing("nowhere.csv"))
        #expect(missing.exitCode == 64)
        #expect(missing.lines == ["cohort: cannot read nowhere.csv: no such file"])
        #expect(try coding.feedbackLedger().items.isEmpty)
    }

    @Test func everyBadCodesRowIsLocatedAndNoCodeIsKept() throws {
        let (folder, session) = try Self.imported(codes: false)
        try folder.write(
            "codes.csv",
            """
            item_id,judge,category,theme
            fb-001,amara,integrate-now,
            fb-041,amara,integrate-now,
            fb-002,rosa,unclear,
            fb-003,jonas,integrate,

            """)
        let refused = try #require(
            refusal {
                _ = try FeedbackCoding(session).importCodes(
                    file: "codes.csv", skipInvalid: false, audit: decided(Self.now, "feedback import-codes"))
            })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines == [
                "codes.csv:row 3, column \"item_id\": unknown feedback item \"fb-041\"; did you mean \"fb-001\"?",
                "codes.csv:row 4, column \"judge\": unknown judge \"rosa\"; the judges in cohort.yaml are amara, jonas",
                "codes.csv:row 5, column \"category\": unknown category \"integrate\"; use one of integrate-now, needs-resourcing, no-agreement, unclear, out-of-scope, against-aim",
                "cohort: 3 problems in codes.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        let agreement = FeedbackAgreement(try FeedbackCoding(session).feedbackLedger())
        #expect((agreement.items, agreement.codedByOne, agreement.uncoded) == (0, 0, 40))
    }

    @Test func codingIsBlindUntilBothJudgesHaveCoded() throws {
        let (folder, session) = try Self.imported(codes: false)
        _ = folder
        let coding = FeedbackCoding(session)
        let jonas = try Self.code(session, "fb-001", "jonas", "against-aim")
        #expect(jonas.text == "Coded fb-001 as against-aim for jonas. Waiting for amara to code it.")

        let next = try coding.nextForJudge("amara")
        #expect(next.item?.id == "fb-001")
        #expect(next.remaining == 40)
        // What `feedback next --json` prints names neither the other judge nor their code.
        let document = try JSONDocument.text(next)
        #expect(!document.contains("against-aim"))
        #expect(!document.contains("jonas"))
        #expect(!next.text.contains("jonas"))
        let lines = next.text.components(separatedBy: "\n")
        #expect(lines.first == "Next for amara (Amara Okafor): fb-001, 40 items left to code")
        #expect(!next.text.contains("Ananya"), "authors are never shown while coding")
        #expect(lines.contains("  Item      fb-001"))
        // Jonas has coded fb-001: his next one is fb-002.
        #expect(try coding.nextForJudge("jonas").item?.id == "fb-002")

        let amara = try Self.code(session, "fb-001", "amara", "integrate-now", themes: ["privacy-safety"])
        #expect(
            amara.text
                == "Coded fb-001 as integrate-now for amara. The judges differ (amara: integrate-now, jonas: against-aim); reconcile with: `cohort feedback reconcile fb-001 --category C --reason TEXT --by NAME`"
        )
        let fixed = try #require(refusal { _ = try Self.code(session, "fb-001", "amara", "unclear") })
        #expect(fixed.exitCode == 64)
        #expect(
            fixed.lines == [
                "cohort: amara coded fb-001 as integrate-now and both judges have coded it; a code stands once both are in: reconcile a difference with `cohort feedback reconcile fb-001 --category C --reason TEXT`"
            ])
    }

    @Test func unknownItemJudgeOrCategoryIsBadInputAndChangesNothing() throws {
        let (folder, session) = try Self.imported(codes: false)
        _ = folder
        let cases: [((String, String, String), String)] = [
            (("fb-0001", "amara", "unclear"), "unknown feedback item \"fb-0001\"; did you mean \"fb-001\"?"),
            (
                ("fb-001", "amra", "unclear"),
                "unknown judge \"amra\"; did you mean \"amara\"?; the judges in cohort.yaml are amara, jonas"
            ),
            (
                ("fb-001", "amara", "out-of-scop"),
                "unknown category \"out-of-scop\"; did you mean \"out-of-scope\"?; use one of integrate-now, needs-resourcing, no-agreement, unclear, out-of-scope, against-aim"
            ),
        ]
        for ((item, judge, category), message) in cases {
            let refused = try #require(refusal { _ = try Self.code(session, item, judge, category) })
            #expect(refused.exitCode == 64)
            #expect(refused.lines == ["cohort: " + message])
        }
        #expect(try session.openStore().read { try $0.auditCount() } == 1)
    }

    @Test func aThirdJudgeIsRefused() throws {
        let configuration = try Repository.exampleConfiguration() + "    - id: rosa\n      name: Rosa Quintero\n"
        let (folder, session) = try Self.example(configuration: configuration)
        _ = folder
        #expect(session.program.judges.map(\.id) == ["amara", "jonas", "rosa"])
        _ = try FeedbackCoding(session).importFeedback(
            file: exampleData("feedback.csv"), skipInvalid: false, audit: decided(Self.now, "feedback import"))
        for judge in ["amara", "jonas"] { _ = try Self.code(session, "fb-005", judge, "unclear") }
        let third = try #require(refusal { _ = try Self.code(session, "fb-005", "rosa", "unclear") })
        #expect(third.exitCode == 64)
        #expect(
            third.lines == [
                "cohort: fb-005 is already coded by amara and jonas; each item has two judges, so rosa cannot code it"
            ])
    }

    @Test func reconcilingSettlesADisagreementAndRoutesTheItem() throws {
        let (folder, session) = try Self.imported()
        _ = folder
        let coding = FeedbackCoding(session)
        let listed = try coding.disagreements()
        #expect(listed.disagreements.count == 8)
        #expect(listed.open == 8)
        #expect(
            listed.text.components(separatedBy: "\n").last?.hasPrefix("8 disagreements, 8 open; settle each with:")
                == true)

        let agreed = try #require(
            refusal {
                _ = try coding.reconcile(
                    item: "fb-001", category: "needs-resourcing", reason: "x", by: "Rosa",
                    audit: decided(Self.now, "feedback reconcile"))
            })
        #expect(agreed.exitCode == 64)
        #expect(agreed.lines == ["cohort: both judges coded fb-001 as integrate-now; there is nothing to reconcile"])

        let reconciled = try coding.reconcile(
            item: "fb-014", category: "needs-resourcing", reason: "filtering bots needs the data engineers",
            by: "Amara and Jonas", audit: decided(Self.now, "feedback reconcile"))
        #expect(
            reconciled.text
                == "Reconciled fb-014 as needs-resourcing (amara: integrate-now, jonas: needs-resourcing); it goes to strategic-planning."
        )
        let after = try coding.disagreements()
        #expect(after.open == 7)
        let entry = try #require(after.disagreements.first { $0.item == "fb-014" })
        #expect(entry.reconciled == "needs-resourcing")
        #expect(entry.codes == ["amara": "integrate-now", "jonas": "needs-resourcing"])
        let report = try coding.feedbackReport(withAuthors: false)
        #expect(
            report.groups.first { $0.disposition.rawValue == "strategic-planning" }?.entries.map(\.id).contains(
                "fb-014") == true)
        #expect(report.pending.count == 7)
    }

    @Test func aClarifiedItemGoesBackToBothJudgesAndIsRecoded() throws {
        let (folder, session) = try Self.imported()
        _ = folder
        let coding = FeedbackCoding(session)
        let refused = try #require(
            refusal {
                _ = try coding.clarifyItem("fb-001", note: "x", audit: decided(Self.now, "feedback clarify"))
            })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines == [
                "cohort: fb-001 is not unclear (coded integrate-now and integrate-now); only an item coded unclear is clarified and coded again"
            ])
        let clarified = try coding.clarifyItem(
            "fb-017", note: "the author means fair access, not equal counts",
            audit: decided(Self.now, "feedback clarify", by: "Rosa"))
        #expect("\(clarified.item) \(clarified.round) \(clarified.by)" == "fb-017 1 Rosa")
        for (judge, name) in [("amara", "Amara Okafor"), ("jonas", "Jonas Lindqvist")] {
            let next = try coding.nextForJudge(judge).text.components(separatedBy: "\n")
            #expect(next.first == "Next for \(judge) (\(name)): fb-017, 1 item left to code")
            #expect(next.contains("  Clarified  the author means fair access, not equal counts"))
            _ = try Self.code(session, "fb-017", judge, "needs-resourcing")
        }
        let report = try coding.feedbackReport(withAuthors: false)
        let groups = Dictionary(
            report.groups.map { ($0.disposition.rawValue, $0.entries.map(\.id)) }, uniquingKeysWith: { a, _ in a })
        #expect(groups["strategic-planning"]?.contains("fb-017") == true)
        #expect(groups["clarification-requested"] == ["fb-027"])
    }
}
