import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// A milestone past its date with no completion recorded is overdue: `status` lists it, `check`
/// warns of it (without failing), a shift names it at once, and `timeline done` records it reached,
/// once. Looking records nothing.
@Suite struct OverdueMilestonesTests {
    static func context(_ folder: TemporaryFolder, _ now: String) -> CommandContext {
        CommandContext(
            workspace: folder.url.path, clock: CommandClock(now: Instant.parse(now)!, source: .flag),
            environment: [:], currentDirectory: folder.url)
    }

    @Test func pastMilestonesAreOverdueUntilRecordedDoneAndLookingRecordsNothing() throws {
        let (folder, session) = try exampleSession()
        // Records exist (a first decision), none of them a completion.
        _ = try FeedbackCoding(session).importFeedback(
            file: Repository.root.appendingPathComponent("data/feedback.csv").path, skipInvalid: false,
            audit: CohortKitTests.context("2022-02-10T00:00:00Z", "feedback import"))
        let may = Instant.parse("2022-05-10T00:00:00Z")!
        let store = try session.openStore()
        let before = try store.tableDigests()

        let status = try ProgramReporting(session).status(now: may)
        #expect(
            status.overdueMilestones.map(\.id) == [
                "call-for-participation", "office-hours-friday", "office-hours-tuesday", "input-closes",
                "coding-complete",
            ])
        #expect(status.overdueMilestones.first { $0.id == "coding-complete" }?.daysOverdue == 9)
        #expect(!status.nextMilestones.contains { $0.id == "coding-complete" })
        #expect(StatusText.render(status).contains("Overdue milestones"))
        let check = try Self.context(folder, "2022-05-10T00:00:00Z").checkWorkspace()
        #expect(check.ok, "overdue is a warning, not a problem")
        #expect(check.warnings.count == 5)
        #expect(check.warnings.last?.contains("coding-complete (") == true)
        #expect(try store.tableDigests() == before, "status and check record nothing")

        // A dry run says what would be recorded and records nothing.
        let unchanged = try store.tableDigests()
        let would = try TimelinePlanning(session).completeMilestone(
            "coding-complete", note: "Reconciled on 9 May",
            audit: CohortKitTests.context("2022-05-10T09:00:00Z", "timeline done"), dryRun: true)
        #expect(would.dryRun && !would.recorded)
        #expect(would.text.hasPrefix("coding-complete (") && would.text.contains("nothing was recorded (--dry-run)"))
        #expect(try store.tableDigests() == unchanged)

        let done = try TimelinePlanning(session).completeMilestone(
            "coding-complete", note: "Reconciled on 9 May",
            audit: CohortKitTests.context("2022-05-10T09:00:00Z", "timeline done"))
        #expect(done.recorded)
        let again = try TimelinePlanning(session).completeMilestone(
            "coding-complete", note: "", audit: CohortKitTests.context("2022-05-10T10:00:00Z", "timeline done"))
        #expect(!again.recorded)
        #expect(try store.read { try $0.completions() }.count == 1)
        #expect(
            try TimelinePlanning(session).overdueMilestones(now: may).map(\.id).contains("coding-complete") == false)
        #expect(throws: TimelineInputError.self) {
            try TimelinePlanning(session).completeMilestone(
                "coding-complet", note: "", audit: CohortKitTests.context("2022-05-10T10:00:00Z", "timeline done"))
        }

        // A shift names what is overdue at once.
        let shifted = try TimelinePlanning(session).shift(
            "results-blog", .to(try PlannedDate.parse("2022-08").get()), reason: "translations",
            audit: CohortKitTests.context("2022-05-11T00:00:00Z", "timeline shift"))
        #expect(shifted.findings.contains { $0.hasPrefix("input-closes (") && $0.contains("not recorded done") })
        #expect(!shifted.findings.contains { $0.hasPrefix("coding-complete (") })
    }
}
