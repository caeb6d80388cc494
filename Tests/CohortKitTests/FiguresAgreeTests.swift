import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// Every feedback figure an outcome or a report states comes from one count of the records: a
/// script reading the SQLite rows directly (not Cohort's code) counts each again, and every place
/// that shows a figure shows that count. An item awaiting its author's answer is counted once;
/// staff's own replies are never feedback.
@Suite struct FiguresAgreeTests {
    static let configuration = try! Repository.exampleConfiguration().replacingOccurrences(
        of: "  meta:\n    api: https://meta.example.org/w/api.php\n",
        with: "  meta:\n    api: https://meta.example.org/w/api.php\n    staff: [Rosa Q]\n")

    /// The counts, recomputed from the rows by the rules the README states: an item's round is its
    /// number of clarifications; each judge's latest code of that round counts; two equal codes or
    /// a reconciliation of that round decide it; a question is out until the item is coded in a
    /// later round (the answer recorded, it still waits to be coded again); hidden items and
    /// staff's replies are not feedback.
    static let recount = """
        import json, sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        key = lambda n: (n[:1].upper() + n[1:]).replace('_', ' ').strip()
        staff = {key(n) for n in json.loads(sys.argv[2])}
        disposition = {'integrate-now': 'act-now', 'needs-resourcing': 'strategic-planning',
            'no-agreement': 'idea-parking-lot', 'unclear': 'clarification-requested',
            'out-of-scope': 'beyond-scope', 'against-aim': 'challenge-points'}
        rows = lambda sql: db.execute(sql).fetchall()
        hidden = {}
        for item, flag in rows('select item_id, hidden from feedback_visibility order by rowid'):
            hidden[item] = bool(flag)
        out = {'items': 0, 'hidden': 0, 'staff_replies': 0, 'pending': 0, 'awaiting_clarification': 0,
            'awaiting_reconciliation': 0, 'awaiting_coding': 0}
        out.update({d: 0 for d in disposition.values()})
        for item, author in rows('select id, author from feedback_item order by rowid'):
            if hidden.get(item):
                out['hidden'] += 1
                continue
            if author and key(author) in staff:
                out['staff_replies'] += 1
                continue
            out['items'] += 1
            clarified = [r for (r,) in rows(f"select round from feedback_clarification where item_id = '{item}'")]
            rnd = len(clarified)
            codes = rows(f"select judge, category, round from feedback_code where item_id = '{item}' order by rowid")
            latest = {j: c for j, c, r in codes if r == rnd}
            recon = [c for c, r in rows(f"select category, round from feedback_reconciliation where item_id = '{item}' order by rowid") if r == rnd]
            asked = rows(f"select round from feedback_clarification_request where item_id = '{item}' order by rowid")
            out_question = bool(asked) and not any(r > asked[-1][0] for _, _, r in codes)
            final = None
            if len(latest) >= 2:
                cats = set(latest.values())
                final = cats.pop() if len(cats) == 1 else (recon[-1] if recon else None)
            if out_question:
                out['pending'] += 1; out['awaiting_clarification'] += 1
            elif final:
                out[disposition[final]] += 1
            else:
                out['pending'] += 1
                out['awaiting_reconciliation' if len(latest) >= 2 else 'awaiting_coding'] += 1
        print(json.dumps(out, sort_keys=True))
        """

    @Test func everyFigureOfTheOutcomeAndTheReportIsTheCountOfTheRows() throws {
        let folder = try TemporaryFolder.workspace(configuration: Self.configuration)
        let workspace = Workspace(root: folder.url)
        let session = ProgramSession(workspace: workspace, program: try workspace.loadProgram())
        let audit = context("2022-03-01T10:00:00Z", "feedback")
        try folder.write(
            "staff.csv",
            """
            id,source,received_at,author,text,theme
            fb-900,talk-page,2022-02-05T10:00:00Z,Rosa Q,"Thanks, we will look into this and reply here.",

            """)
        _ = try FeedbackCoding(session).importFeedback(
            file: Repository.root.appendingPathComponent("data/feedback.csv").path, skipInvalid: false, audit: audit)
        _ = try FeedbackCoding(session).importFeedback(
            file: folder.url.appendingPathComponent("staff.csv").path, skipInvalid: false, audit: audit)
        _ = try FeedbackCoding(session).importCodes(
            file: Repository.root.appendingPathComponent("data/codes.csv").path, skipInvalid: false, audit: audit)
        // fb-002: reconciled unclear, a question out. fb-026: the same, answered, coded again by one
        // judge. fb-014: answered, not coded again yet. fb-013 reconciled; fb-008 left in
        // disagreement; fb-031 hidden.
        for item in ["fb-002", "fb-026", "fb-014"] {
            _ = try FeedbackCoding(session).reconcile(
                item: item, category: "unclear", reason: "both read it so", by: "Rosa", audit: audit)
            _ = try FeedbackCoding(session).askClarification(item, question: "Which counts do you mean?", audit: audit)
        }
        _ = try FeedbackCoding(session).clarifyItem("fb-026", note: "They meant the 2021 reports.", audit: audit)
        _ = try FeedbackCoding(session).clarifyItem("fb-014", note: "They meant per country.", audit: audit)
        _ = try FeedbackCoding(session).code(
            item: "fb-026", judge: "amara", category: "integrate-now", themes: [], audit: audit)
        _ = try FeedbackCoding(session).reconcile(
            item: "fb-013", category: "against-aim", reason: "discussed", by: "Rosa", audit: audit)
        _ = try FeedbackCoding(session).setFeedbackHidden(
            true, item: "fb-031", reason: "conduct", by: "Rosa", audit: audit)

        let database = folder.url.appendingPathComponent(".cohort/state.sqlite").path
        let recounted = try Processes.python(Self.recount, [database, #"["Rosa Q"]"#])
        #expect(recounted.status == 0, "\(recounted.stderr)")
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(recounted.stdout.utf8)) as? [String: Int])
        #expect(rows["awaiting_clarification"] == 2, "fb-002 and fb-014: fb-026 was coded again")
        #expect(rows["staff_replies"] == 1)
        #expect(rows["hidden"] == 1)

        // The outcome's context: every figure.
        let sections = try RecordSections.load(session)
        guard case .object(let feedback) = try #require(sections.first { $0.name == "feedback" }).value() else {
            Issue.record("the feedback section is not an object")
            return
        }
        func number(_ value: TemplateValue?) -> Int? {
            if case .number(let number) = value { return Int(number) }
            return nil
        }
        for figure in [
            "items", "hidden", "staff_replies", "pending", "awaiting_clarification", "awaiting_reconciliation",
            "awaiting_coding",
        ] {
            #expect(number(feedback[figure]) == rows[figure], "\(figure)")
        }
        guard case .object(let dispositions) = feedback["disposition"] else {
            Issue.record("no dispositions")
            return
        }
        for disposition in Disposition.allCases {
            guard case .object(let group) = dispositions[disposition.rawValue] else { continue }
            #expect(number(group["count"]) == rows[disposition.rawValue], "\(disposition.rawValue)")
        }
        let decided = Disposition.allCases.reduce(0) { $0 + (rows[$1.rawValue] ?? 0) }
        #expect(decided + (rows["pending"] ?? 0) == rows["items"], "every item is in exactly one place")

        // `feedback report` and the staff report say the same.
        let report = try FeedbackCoding(session).feedbackReport(withAuthors: false)
        #expect(report.items == rows["items"])
        #expect(report.pending.count == rows["pending"])
        #expect(report.awaitingClarification == rows["awaiting_clarification"])
        #expect(!report.entries.contains { $0.id == "fb-900" }, "staff's reply is not feedback")
        let text = FeedbackText.report(report)
        #expect(text.contains("fb-002  awaiting clarification"), "\(text)")
        let status = try ProgramReporting(session).statusReport(
            now: Instant.parse("2022-03-02T00:00:00Z")!, audience: .staff)
        #expect(status.feedback?.items == rows["items"])
        #expect(status.feedback?.pending == rows["pending"])
        for count in status.feedback?.dispositions ?? [] {
            #expect(count.count == rows[count.disposition.rawValue], "\(count.disposition.rawValue)")
        }
    }
}
