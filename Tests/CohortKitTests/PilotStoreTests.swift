import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// A session on a fresh example workspace.
func exampleSession() throws -> (TemporaryFolder, ProgramSession) {
    let folder = try TemporaryFolder.workspace()
    let workspace = Workspace(root: folder.url)
    return (folder, ProgramSession(workspace: workspace, program: try workspace.loadProgram()))
}

func context(_ now: String, _ command: String = "pilot test") -> AuditContext {
    AuditContext(now: Instant.parse(now)!, actor: "rosa", command: command)
}

let header = Signup.columns.all.joined(separator: ",")

func csv(_ rows: String...) throws -> CSVTable {
    try CSVTable.parse(([header] + rows).joined(separator: "\n") + "\n", file: "signups.csv", columns: Signup.columns)
}

@Suite struct PilotStoreTests {
    let alice = "alice,alice@example.org,2022-02-01T09:00:00+01:00,grants,yes,yes,signed,Europe/Berlin,de"
    let bob = "bob,bob@example.org,2022-02-01T09:30:00Z,hubs,yes,yes,signed,Africa/Lagos,en"
    let carol = "carol,carol@example.org,2022-02-01T10:00:00Z,research,yes,yes,none,UTC,en"

    @Test func reimportingTheSameFileIsIdempotent() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        let first = try PilotEnrolment(session).importSignups(
            try csv(alice, bob), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T00:00:00Z"))
        #expect(first.added == ["alice", "bob"])
        let again = try PilotEnrolment(session).importSignups(
            try csv(alice, bob), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T01:00:00Z"))
        #expect(again.added.isEmpty)
        #expect(again.unchanged == ["alice", "bob"])
        let entries = try session.openStore().read { try $0.auditEntries(limit: nil) }
        #expect(entries.map(\.action) == ["import", "import"])
    }

    @Test func aBadRowImportsNothingUnlessSkipped() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        let broken = "dave,dave@example.org,yesterday,x,yes,yes,signed,UTC,en"
        #expect(throws: CSVProblems.self) {
            try PilotEnrolment(session).importSignups(
                try csv(alice, broken), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T00:00:00Z")
            )
        }
        #expect(try session.openStore().read { try $0.signups() }.isEmpty)
        let report = try PilotEnrolment(session).importSignups(
            try csv(alice, broken), skipInvalid: true, acceptChanges: false, audit: context("2022-02-02T00:00:00Z"))
        #expect(report.added == ["alice"])
        #expect(report.skipped.count == 1)
        #expect(report.skipped[0].hasPrefix("signups.csv:row 3, column \"signed_up_at\": \"yesterday\""))
    }

    @Test func skippedRowsAreCountedAsRowsAndTheirProblemsAsProblems() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        let twice = "dave,dave@example.org,yesterday,x,maybe,yes,signed,UTC,en"
        let once = "erin,erin@example.org,yesterday,x,yes,yes,signed,UTC,en"
        let report = try PilotEnrolment(session).importSignups(
            try csv(alice, twice, once), skipInvalid: true, acceptChanges: false,
            audit: context("2022-02-02T00:00:00Z"))
        #expect(report.skippedRows == 2)
        #expect(report.skipped.count == 3)
        #expect(report.text(file: "signups.csv").hasSuffix(", 2 rows skipped (3 problems)"))
    }

    @Test func aChangedSignupTimeIsRefusedUnlessAccepted() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            try csv(alice, bob), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T00:00:00Z"))
        let moved = bob.replacingOccurrences(of: "09:30:00Z", with: "07:30:00Z")
        do {
            _ = try PilotEnrolment(session).importSignups(
                try csv(alice, moved), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T01:00:00Z"))
            Issue.record("expected a refusal")
        } catch let problems as CSVProblems {
            #expect(
                problems.problems.map(\.description) == [
                    "signups.csv:row 3, column \"signed_up_at\": bob signed up at 2022-02-01T09:30:00Z before; a new time would change their place in line; pass --accept-changes if 2022-02-01T07:30:00Z is right"
                ])
        }
        let accepted = try PilotEnrolment(session).importSignups(
            try csv(alice, moved), skipInvalid: false, acceptChanges: true, audit: context("2022-02-02T01:00:00Z"))
        #expect(accepted.updated.map(\.columns) == [["signed_up_at"]])
    }

    @Test func selectionIsAuditedStoredAndStable() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            try csv(alice, bob, carol), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T00:00:00Z")
        )
        let outcome = try PilotEnrolment(session).selectPilot(
            capacity: 1, audit: context("2022-02-02T18:00:00Z", "pilot select"))
        #expect(outcome.enrolled == ["alice"])
        #expect(outcome.waitlist == ["bob"])
        #expect(outcome.ineligible.map(\.username) == ["carol"])
        #expect(outcome.notices?.queued == ["notice:enrolled:alice", "notice:waitlisted:bob"])
        var again = try PilotEnrolment(session).selectPilot(
            capacity: nil, audit: context("2022-02-02T19:00:00Z", "pilot select"))
        #expect(again.notices?.isEmpty == true, "nothing new to tell")
        again.notices = outcome.notices
        #expect(again == outcome)
        let decisions = try session.openStore().read { try $0.auditEntries(limit: nil) }.filter {
            $0.command == "pilot select" && $0.action != "notice"
        }
        #expect(decisions.map(\.action) == ["capacity", "enrol", "waitlist"])
        #expect(decisions.map(\.subject) == ["pilot", "signup:alice", "signup:bob"])
        #expect(throws: PilotError.capacityBelowEnrolled(capacity: 0, enrolled: 1)) {
            try PilotEnrolment(session).selectPilot(capacity: 0, audit: context("2022-02-02T19:00:00Z"))
        }
    }

    @Test func statusShowsTheFillAndTheNextWorkshop() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            try csv(alice, bob, carol), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T00:00:00Z")
        )
        _ = try PilotEnrolment(session).selectPilot(capacity: 1, audit: context("2022-02-02T18:00:00Z"))
        _ = try PilotEnrolment(session).withdrawFromPilot(
            "alice", reason: "moved", audit: context("2022-02-02T19:00:00Z"))
        _ = try WorkshopPlanning(session).addSession(
            title: "Office hour", start: Instant.parse("2022-02-04T16:00:00Z")!, duration: 60, capacity: 9,
            link: "https://meet.example.org/x", audit: context("2022-02-02T19:00:00Z"))
        let records = try #require(
            try ProgramReporting(session).status(now: Instant.parse("2022-02-03T00:00:00Z")!).records)
        #expect(records.pilot?.enrolled == 0)
        #expect(records.pilot?.capacity == 1)
        #expect(records.pilot?.openOffers == 1)
        #expect(records.nextWorkshop?.title == "Office hour")
        let later = try #require(
            try ProgramReporting(session).status(now: Instant.parse("2022-02-05T00:00:00Z")!).records)
        #expect(later.nextWorkshop == nil)
        #expect(later.pilot?.openOffers == 0, "bob's offer expired on 4 February")
    }
}

@Suite struct WorkshopStoreTests {
    /// A stand-in for the mail renderer: what, to whom, which version.
    static let mail: InvitationMail = { invitation in
        let text =
            "\(invitation.kind == .cancel ? "CANCEL" : "REQUEST") \(invitation.username) \(invitation.session.sequence)"
        return OutboxItem(
            batch: "invite:\(invitation.session.id):\(invitation.session.sequence)", recipient: invitation.email,
            sender: invitation.organizer.email, messageID: "m\(invitation.session.sequence)", hash: text,
            payload: text, updatedAt: invitation.stamp)
    }

    @Test func sessionsRegistrationsAndThePollRoundTrip() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            try csv("ana,ana@example.org,2022-02-01T09:00:00Z,x,yes,yes,signed,Europe/Madrid,es"), skipInvalid: false,
            acceptChanges: false, audit: context("2022-02-02T00:00:00Z"))
        _ = try PilotEnrolment(session).selectPilot(capacity: nil, audit: context("2022-02-02T18:00:00Z"))
        let (added, _) = try WorkshopPlanning(session).addSession(
            title: "Office hour", start: Instant.parse("2022-02-04T16:00:00Z")!, duration: 90, capacity: 1,
            link: "https://meet.example.org/x", audit: context("2022-02-02T19:00:00Z"))
        #expect(added.id == "1")
        #expect(added.uid == "workshop-1-20220202T190000Z.equity-landscape-2022@example.org")
        let (_, fresh) = try WorkshopPlanning(session).register(
            .init("ana"), for: "1", audit: context("2022-02-02T19:00:00Z"))
        let (_, twice) = try WorkshopPlanning(session).register(
            .init("ana"), for: "1", audit: context("2022-02-02T19:00:00Z"))
        #expect(fresh && !twice)
        #expect(throws: WorkshopError.notRegistered(session: "1", usernames: ["bo"])) {
            try WorkshopPlanning(session).markAttendance(
                ["ana", "bo"], at: "1", audit: context("2022-02-04T17:00:00Z"))
        }
        #expect(
            try WorkshopPlanning(session).sessionLines().first?.attended == 0,
            "nothing is recorded when one name is wrong")
        let first = try WorkshopPlanning(session).invite("1", audit: context("2022-02-02T20:00:00Z"), mail: Self.mail)
        #expect(first.map(\.queued) == [.added])
        let again = try WorkshopPlanning(session).invite("1", audit: context("2022-02-02T20:00:00Z"), mail: Self.mail)
        #expect(again.map(\.queued) == [.unchanged(.pending)])
        let invitations = try WorkshopPlanning(session).reschedule(
            "1", to: Instant.parse("2022-02-04T17:00:00Z")!, audit: context("2022-02-03T00:00:00Z"), mail: Self.mail)
        #expect(invitations.map(\.invitation.session.sequence) == [1])
        #expect(invitations.map(\.invitation.kind) == [.request])
        #expect(invitations.map(\.message.batch) == ["invite:1:1"])
        let cancellations = try WorkshopPlanning(session).cancelSession(
            "1", reason: "ill", audit: context("2022-02-03T01:00:00Z"), mail: Self.mail)
        #expect(cancellations.map(\.invitation.kind) == [.cancel])
        #expect(cancellations.first?.invitation.session.sequence == 2)
        let queued = try session.openStore().read { records in
            try ["invite:1:0", "invite:1:1", "invite:1:2"].map { try records.outboxItems(batch: $0).map(\.hash) }
        }
        #expect(queued == [["REQUEST ana 0"], ["REQUEST ana 1"], ["CANCEL ana 2"]])
        #expect(throws: WorkshopError.cancelled("1")) {
            try WorkshopPlanning(session).register(.init("ana"), for: "1", audit: context("2022-02-03T02:00:00Z"))
        }
        #expect(throws: WorkshopError.unknownSession("2", suggestion: "; did you mean \"1\"?")) {
            try WorkshopPlanning(session).invite("2", audit: context("2022-02-03T02:00:00Z"), mail: Self.mail)
        }

        let poll = Poll(
            slots: [Instant.parse("2022-02-04T16:00:00Z")!, Instant.parse("2022-02-08T17:00:00Z")!],
            participants: [
                .init(name: "ana", timeZone: "Europe/Madrid", answers: [.yes, .ifneedbe]),
                .init(name: "ravi", timeZone: "Asia/Kolkata", answers: [.no, .yes]),
            ])
        try session.openStore().write { try $0.replacePoll(poll, audience: .community) }
        #expect(try WorkshopPlanning(session).storedPoll(audience: .community).poll == poll)
        // The pilot's poll counts the cohort as it is now: ana is enrolled, ravi never was.
        try session.openStore().write { try $0.replacePoll(poll, audience: .pilot) }
        let pilot = try WorkshopPlanning(session).storedPoll(audience: .pilot)
        #expect(pilot.poll.participants.map(\.name) == ["ana"])
        #expect(pilot.unanswered.isEmpty)
    }
}
