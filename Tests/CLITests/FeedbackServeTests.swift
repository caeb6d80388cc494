import CohortTestSupport
import Foundation
import Testing

/// `cohort feedback serve` in a real browser: one coding server, then one reconciliation server,
/// and one headless Chromium for the whole journey (Tests/Support/browser/coding_page.py drives
/// them, with the keyboard).
@Suite struct FeedbackServeTests {
    @Test func aJudgeCodesFiveItemsWithTheKeyboardUndoesOneAndSeesNothingOfTheOtherJudgeThenTwoAreReconciled()
        throws
    {
        let workspace = try TemporaryFolder.workspace()
        var items = ["id,source,received_at,author,text,theme"]
        for number in 1...5 {
            items.append(
                "fb-00\(number),survey,2022-02-0\(number)T10:00:00Z,Author \(number),Comment number \(number).,")
        }
        items.append(
            #"fb-006,talk-page,2022-02-06T10:00:00Z,Mallory,"<script>window.__hacked = 1</script> '''bold''' [[Link]] {{tl|x}} & <b>not bold</b>",access"#
        )
        items.append("fb-007,survey,2022-02-07T10:00:00Z,,The last one.,")
        try workspace.write("items.csv", items.joined(separator: "\n") + "\n")
        try workspace.write(
            "codes.csv",
            """
            item_id,judge,category,theme
            fb-001,jonas,unclear,
            fb-002,jonas,against-aim,
            fb-006,jonas,against-aim,
            fb-007,jonas,unclear,

            """)
        for step in [["import", "items.csv"], ["import-codes", "codes.csv"]] {
            let result = try FeedbackCommandTests.feedback(step, in: workspace)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let script = Repository.root.appendingPathComponent("Tests/Support/browser/coding_page.py").path
        let run = try Processes.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                ProcessInfo.processInfo.environment["COHORT_PYTHON"] ?? "python3", script,
                Processes.cohortBinary.path, workspace.url.path, FeedbackCommandTests.now,
            ] + (ProcessInfo.processInfo.environment["COHORT_SCREENSHOT"].map { ["--screenshot", $0] } ?? []))
        #expect(run.status == 0, "\(run.stderr)")
        let seen = try FeedbackCommandTests.python(
            "d = json.load(sys.stdin); print(d['items']); print(d['codes']); print(d['pages'])", run.stdout)
        #expect(
            seen == [
                "['fb-001', 'fb-002', 'fb-003', 'fb-004', 'fb-005']",
                "[['fb-001', 'integrate-now'], ['fb-002', 'needs-resourcing'], ['fb-003', 'no-agreement'], ['fb-004', 'unclear'], ['fb-005', 'out-of-scope'], ['fb-005', 'against-aim']]",
                "7",
            ])
        // The two disagreements the coding left, reconciled by Rosa as `feedback reconcile` records them.
        #expect(
            try FeedbackCommandTests.python("print(json.load(sys.stdin)['reconcile']['reconciled'])", run.stdout)
                == [
                    "[['fb-001', 'needs-resourcing', 'both fit; the data engineers decide', 'Rosa'], "
                        + "['fb-002', 'out-of-scope', 'out of scope for this pilot', 'Rosa']]"
                ])
        let disagreements = try FeedbackCommandTests.feedback(["disagreements", "--json"], in: workspace)
        #expect(
            try FeedbackCommandTests.python(
                "print([(d['item'], d['reconciled']) for d in json.load(sys.stdin)['disagreements']])",
                disagreements.stdout) == ["[('fb-001', 'needs-resourcing'), ('fb-002', 'out-of-scope')]"])
        // The page's codes and reconciliations are the same records as `feedback code`'s and
        // `feedback reconcile`'s, with the same audit entries.
        let status = try Processes.cohort(["status", "--json", "--now", FeedbackCommandTests.now], in: workspace.url)
        #expect(
            try FeedbackCommandTests.python("print(json.load(sys.stdin)['records']['audit_entries'])", status.stdout)
                == ["13"])
    }

    @Test(arguments: [[], ["--judge", "amara", "--reconcile"], ["--judge", "amara", "--by", "Rosa"]])
    func exactlyOneOfJudgeOrReconcileAndByOnlyWithReconcile(_ arguments: [String]) throws {
        let workspace = try TemporaryFolder.workspace()
        let result = try FeedbackCommandTests.feedback(["serve"] + arguments, in: workspace)
        #expect(result.status == 64 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(result.stderr.contains("--reconcile"))
    }
}
