import CohortTestSupport
import Foundation
import Testing

/// `cohort feedback serve` in a real browser: one coding server and one headless Chromium for the
/// whole journey (Tests/Support/browser/coding_page.py drives both, keyboard only).
@Suite struct FeedbackServeTests {
    @Test func aJudgeCodesFiveItemsWithTheKeyboardUndoesOneAndSeesNothingOfTheOtherJudge() throws {
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
            "codes.csv", "item_id,judge,category,theme\nfb-006,jonas,against-aim,\nfb-007,jonas,unclear,\n")
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
        // The page's codes are the same records as `feedback code`'s, with the same audit entries.
        let status = try Processes.cohort(["status", "--json", "--now", FeedbackCommandTests.now], in: workspace.url)
        #expect(
            try FeedbackCommandTests.python("print(json.load(sys.stdin)['records']['audit_entries'])", status.stdout)
                == ["9"])
    }
}
