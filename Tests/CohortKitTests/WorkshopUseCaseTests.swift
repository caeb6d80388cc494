import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// Workshops decided in process: the poll and the slots it gives, sessions, registration,
/// attendance, invitations and their sending through a relay in memory, with the records read
/// back. `WorkshopCommandTests` keeps what only the binary shows.
@Suite struct WorkshopUseCaseTests {
    /// The example's pilot enrolled, one office hour for it (session 1, Friday 4 February 2022 at
    /// 16:00 UTC, nine seats) with `registered` on it, and their invitations queued.
    static func invitations(_ registered: [String]) throws -> (TemporaryFolder, ProgramSession) {
        let (folder, session) = try exampleSession()
        try enrolExamplePilot(session)
        let planning = WorkshopPlanning(session)
        _ = try planning.addSession(
            title: "Pilot office hour", start: "2022-02-04T16:00:00Z", duration: "60m", capacity: 9,
            link: "https://meet.example.org/el", audit: decided("2022-02-02T19:00:00Z", "workshop add"))
        for name in registered {
            _ = try planning.registerForWorkshop(
                .init(name), session: "1", audit: decided("2022-02-02T19:00:00Z", "workshop register"))
        }
        _ = try planning.changeInvitations(
            .invite, session: "1", audit: decided("2022-02-02T19:00:00Z", "workshop invite"))
        return (folder, session)
    }

    @Test func theExamplePollGivesFridayAndTuesdayCoveringAllNine() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        let planning = WorkshopPlanning(session)
        let imported = try planning.importPoll(
            file: exampleData("poll.csv"), audience: .pilot, skipInvalid: false,
            audit: decided("2022-02-02T18:00:00Z", "workshop poll import"))
        #expect((imported.participants, imported.slots, imported.skipped) == (9, 6, []))
        let report = try planning.chooseSlots(count: 2, pollFile: nil, duration: "60m").report
        #expect(report.participants == 9)
        #expect(report.covered == 9)
        #expect(report.coveredWithYes == 9)
        #expect(report.yesAnswers == 12)
        #expect(report.outsideHours == 1)
        #expect(report.slots.map { Instant.format($0.start) } == ["2022-02-04T16:00:00Z", "2022-02-08T17:00:00Z"])
        #expect(report.slots.map(\.yes.count) == [7, 5])
        #expect(report.slots.map(\.ifneedbe.count) == [0, 1])
        #expect(report.slots[1].ifneedbe == ["ameliaK"])
        let ravi = try #require(report.slots[1].local.first { $0.participant == "ravi.p" })
        #expect((ravi.local, ravi.timeZone, ravi.sociable) == ("Tue 2022-02-08 22:30", "Asia/Kolkata", false))
    }

    @Test func slotsWithoutAPollSaysHowToImportOne() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        let refused = try #require(
            refusal { _ = try WorkshopPlanning(session).chooseSlots(count: 2, pollFile: nil, duration: "60m") })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines == [
                "cohort: no availability poll has been imported; run `cohort workshop poll import FILE.csv` first"
            ])
    }

    @Test func aBadPollCellIsLocatedAndTheOldPollStays() throws {
        let (folder, session) = try exampleSession()
        let planning = WorkshopPlanning(session)
        _ = try planning.importPoll(
            file: exampleData("poll.csv"), audience: .pilot, skipInvalid: false,
            audit: decided("2022-02-02T18:00:00Z", "workshop poll import"))
        try folder.write(
            "data/bad.csv",
            try String(contentsOfFile: exampleData("poll.csv"), encoding: .utf8).replacingOccurrences(
                of: "mei.lin,America/Vancouver,no", with: "mei.lin,America/Vancouver,nope"))
        var inFolder = session
        inFolder.currentDirectory = folder.url
        let refused = try #require(
            refusal {
                _ = try WorkshopPlanning(inFolder).importPoll(
                    file: "data/bad.csv", audience: .pilot, skipInvalid: false,
                    audit: decided("2022-02-02T19:00:00Z", "workshop poll import"))
            })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines == [
                "data/bad.csv:row 9, column \"2022-02-03T09:00:00Z\": \"nope\" is not an answer; did you mean \"no\"?; write yes, ifneedbe, no or leave it empty",
                "cohort: 1 problem in data/bad.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        #expect(try planning.chooseSlots(count: 1, pollFile: nil, duration: "60m").report.participants == 9)
    }

    @Test func aRegistrationPastTheSeatsIsRefused() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        try enrolExamplePilot(session)
        let planning = WorkshopPlanning(session)
        _ = try planning.addSession(
            title: "Pilot office hour", start: "2022-02-04T16:00:00Z", duration: "60m", capacity: 2,
            link: "https://meet.example.org/el", audit: decided("2022-02-02T19:00:00Z", "workshop add"))
        for name in ["ameliaK", "ravi.p"] {
            _ = try planning.registerForWorkshop(
                .init(name), session: "1", audit: decided("2022-02-02T19:00:00Z", "workshop register"))
        }
        let full = try #require(
            refusal {
                _ = try planning.registerForWorkshop(
                    .init("lena.w"), session: "1", audit: decided("2022-02-02T19:00:00Z", "workshop register"))
            })
        #expect(full.exitCode == 64)
        #expect(
            full.lines == [
                "cohort: session 1 is full (2 seats); raise its capacity or register them for another session"
            ])
        #expect(
            try session.openStore().read { try $0.registrations(session: "1") }.map(\.username) == [
                "ameliaK", "ravi.p",
            ])
    }

    /// Each version of an invitation goes to each person once: a newcomer invited later is sent
    /// only theirs, and a reschedule sends everyone registered an update.
    @Test func sendDeliversTheCurrentVersionOnceAndAnUpdateToEveryone() throws {
        let (folder, plain) = try Self.invitations(["ameliaK", "ravi.p", "mei.lin"])
        _ = folder
        let (session, relay) = relayedInMemory(plain)
        let dry = try Sending(session).send(
            .workshop("1"), options: memoryRelayOptions(dryRun: true),
            audit: decided("2022-02-02T19:04:00Z", "workshop send"), environment: [:])
        #expect(dry.dryRun?.map(\.state) == ["pending", "pending", "pending"])
        #expect(relay.messages.isEmpty)
        let sent = try Sending(session).send(
            .workshop("1"), options: memoryRelayOptions(), audit: decided("2022-02-02T19:05:00Z", "workshop send"),
            environment: [:])
        #expect((sent.summary.sent, sent.summary.skippedAlreadySent) == (3, 0))
        let again = try Sending(session).send(
            .workshop("1"), options: memoryRelayOptions(), audit: decided("2022-02-02T19:10:00Z", "workshop send"),
            environment: [:])
        #expect((again.summary.sent, again.summary.skippedAlreadySent) == (0, 3))

        // Registering one more and inviting again queues only the newcomer; a reschedule reaches all four.
        let planning = WorkshopPlanning(session)
        _ = try planning.registerForWorkshop(
            .init("kwame.a"), session: "1", audit: decided("2022-02-02T20:00:00Z", "workshop register"))
        let more = try planning.changeInvitations(
            .invite, session: "1", audit: decided("2022-02-02T20:00:00Z", "workshop invite"))
        #expect((more.queued, more.alreadySent) == (1, 3))
        let newcomer = try Sending(session).send(
            .workshop("1"), options: memoryRelayOptions(), audit: decided("2022-02-02T20:05:00Z", "workshop send"),
            environment: [:])
        #expect(newcomer.summary.sent == 1)
        _ = try planning.changeInvitations(
            .reschedule(start: "2022-02-04T17:00:00Z"), session: "1",
            audit: decided("2022-02-03T08:00:00Z", "workshop reschedule"))
        let update = try Sending(session).send(
            .workshop("1"), options: memoryRelayOptions(), audit: decided("2022-02-03T08:05:00Z", "workshop send"),
            environment: [:])
        #expect(update.summary.sent == 4)

        let handed = relay.messages
        #expect(handed.count == 8)
        let ids = handed.compactMap { mailHeader("Message-ID", in: $0.message) }
        #expect(Set(ids).count == 8, "each version to each person has its own Message-ID")
        #expect(handed.count { mailHeader("Subject", in: $0.message)?.hasPrefix("Updated: ") == true } == 4)
        #expect(
            handed.map(\.recipient).sorted() == [
                "amelia.k@example.org", "amelia.k@example.org", "kwame.a@example.org", "kwame.a@example.org",
                "mei.lin@example.org", "mei.lin@example.org", "ravi.p@example.org", "ravi.p@example.org",
            ], "one participant per message")
    }

    @Test func aTestCopyOfAnInvitationOrAnyBatchGoesToOneAddressAndNothingIsMarkedSent() throws {
        let (folder, plain) = try Self.invitations(["ameliaK", "ravi.p"])
        _ = folder
        let (session, relay) = relayedInMemory(plain)
        let workshop = try Sending(session).send(
            .workshop("1"), options: memoryRelayOptions(testTo: "me@example.org"),
            audit: decided("2022-02-02T19:05:00Z", "workshop send"), environment: [:])
        #expect(SendText.render(workshop) == "Sent a test copy to me@example.org.")
        let batch = try Sending(session).send(
            .batch("invite:1:0"), options: memoryRelayOptions(testTo: "me@example.org"),
            audit: decided("2022-02-02T19:06:00Z", "outbox send"), environment: [:])
        #expect(batch.summary.sent == 1)
        #expect(relay.messages.map(\.recipient) == ["me@example.org", "me@example.org"])
        let ids = relay.messages.compactMap { mailHeader("Message-ID", in: $0.message) }
        #expect(ids.count == 2)
        #expect(Set(ids).count == 2, "each test copy has a Message-ID of its own")
        let batches = try Outbox(session).outboxBatches()
        #expect(batches.first { $0.batch == "invite:1:0" }?.counts == [.pending: 2])
    }

    @Test func attendanceAndStatusShowTheNextWorkshop() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        try enrolExamplePilot(session)
        let planning = WorkshopPlanning(session)
        for (title, start) in [
            ("Friday office hour", "2022-02-04T16:00:00Z"), ("Tuesday office hour", "2022-02-08T17:00:00Z"),
        ] {
            _ = try planning.addSession(
                title: title, start: start, duration: "60m", capacity: 9, link: "https://meet.example.org/el",
                audit: decided("2022-02-05T00:00:00Z", "workshop add"))
        }
        _ = try planning.registerForWorkshop(
            .init("nkechi"), session: "1", audit: decided("2022-02-05T00:00:00Z", "workshop register"))
        let unregistered = try #require(
            refusal {
                _ = try planning.recordAttendance(
                    ["nkechi", "kwame.a"], session: "1", audit: decided("2022-02-05T00:00:00Z", "workshop attend"))
            })
        #expect(unregistered.exitCode == 64)
        #expect(
            unregistered.lines == [
                "cohort: kwame.a is not registered for session 1; register them first (cohort workshop register 1 USER)"
            ])
        #expect(try session.openStore().read { try $0.registrations(session: "1") }.map(\.attended) == [false])
        let attended = try planning.recordAttendance(
            ["nkechi"], session: "1", audit: decided("2022-02-05T00:00:00Z", "workshop attend"))
        #expect(attended.attended == ["nkechi"])
        let list = try planning.workshopListing(now: instant("2022-02-10T00:00:00Z"))
        #expect(
            list.sessions.map { [$0.id, "\($0.registered)/\($0.capacity)", "\($0.attended)", $0.status] } == [
                ["1", "1/9", "1", "held"], ["2", "0/9", "0", "not held"],
            ])
        #expect(
            list.text.components(separatedBy: "\n") == [
                "ID  TITLE                AUDIENCE  START (UTC)           MIN  REGISTERED  ATTENDED  STATUS",
                " 1  Friday office hour   pilot     2022-02-04T16:00:00Z   60         1/9         1  held",
                " 2  Tuesday office hour  pilot     2022-02-08T17:00:00Z   60         0/9         0  not held",
            ])
        let status = try ProgramReporting(session).status(now: instant("2022-02-05T00:00:00Z"))
        let lines = StatusText.render(status).components(separatedBy: "\n")
        #expect(lines.contains("Pilot    9/9 enrolled · 2 wait-listed"))
        #expect(lines.contains("Workshop 2 — Tuesday office hour, 2022-02-08 17:00 UTC (0/9 registered)"))
    }

    @Test func sessionsKeepTimeAttendanceFromTheStartCancellationsToTheInvitedAndNeverAfter() throws {
        let (folder, plain) = try Self.invitations(["ameliaK", "lena.w"])
        _ = folder
        let (session, relay) = relayedInMemory(plain)
        let planning = WorkshopPlanning(session)
        let early = try #require(
            refusal {
                _ = try planning.recordAttendance(
                    ["ameliaK"], session: "1", audit: decided("2022-02-03T00:00:00Z", "workshop attend"))
            })
        #expect(early.exitCode == 64)
        #expect(early.message.contains("session 1 starts at 2022-02-04T16:00:00Z"), "\(early.message)")

        _ = try Sending(session).send(
            .workshop("1"), options: memoryRelayOptions(), audit: decided("2022-02-02T19:10:00Z", "workshop send"),
            environment: [:])
        #expect(relay.messages.count == 2)
        // Registered after the invitations went out, and never invited: not told of a cancellation.
        _ = try planning.registerForWorkshop(
            .init("nkechi"), session: "1", audit: decided("2022-02-03T09:00:00Z", "workshop register"))
        _ = try planning.changeInvitations(
            .cancel(reason: "too few"), session: "1", audit: decided("2022-02-03T10:00:00Z", "workshop cancel"))
        let cancelled = try session.openStore().read { try $0.outboxItems(batch: "invite:1:1") }
        #expect(cancelled.map(\.recipient).sorted() == ["amelia.k@example.org", "lena.w@example.org"])

        for (title, start) in [
            ("Second office hour", "2022-02-08T17:00:00Z"), ("Third office hour", "2022-02-10T17:00:00Z"),
        ] {
            _ = try planning.addSession(
                title: title, start: start, duration: "60m", capacity: 9, link: "https://meet.example.org/el",
                audit: decided("2022-02-03T10:00:00Z", "workshop add"))
        }
        _ = try planning.registerForWorkshop(
            .init("lena.w"), session: "2", audit: decided("2022-02-03T10:00:00Z", "workshop register"))
        _ = try planning.recordAttendance(
            ["lena.w"], session: "2", audit: decided("2022-02-08T17:30:00Z", "workshop attend"))
        let late = try #require(
            refusal {
                _ = try planning.changeInvitations(
                    .cancel(reason: "late"), session: "3", audit: decided("2022-02-11T00:00:00Z", "workshop cancel"))
            })
        #expect(late.exitCode == 64)
        #expect(late.message.contains("session 3 started at 2022-02-10T17:00:00Z"), "\(late.message)")
        let after = try planning.workshopListing(now: instant("2022-03-01T00:00:00Z")).sessions
        #expect(after.map { "\($0.id) \($0.status) \($0.attended)" } == ["1 cancelled 0", "2 held 1", "3 not held 0"])
        let before = try planning.workshopListing(now: instant("2022-02-05T00:00:00Z")).sessions
        #expect(before.dropFirst().map(\.status) == ["scheduled", "scheduled"])
    }
}
