import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// The pilot decided in process on the example's sign-ups: the selection, a withdrawal and the
/// offers it passes on, a changed sign-up time, an NDA recorded, and a look ahead that records
/// nothing. `PilotCommandTests` keeps what only the binary shows.
@Suite struct PilotUseCaseTests {
    static let now = "2022-02-02T18:00:00Z"

    @Test func selectOnTheExampleEnrolsNineAndWaitlistsTheTieLoser() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        let pilot = PilotEnrolment(session)
        let imported = try pilot.importSignups(
            file: exampleData("signups.csv"), skipInvalid: false, acceptChanges: false,
            audit: decided(Self.now, "pilot import"))
        #expect((imported.added.count, imported.updated.count, imported.unchanged.count) == (14, 0, 0))
        let select = try pilot.selectPilot(capacity: nil, audit: decided(Self.now, "pilot select"))
        #expect(select.capacity == 9)
        #expect(
            select.enrolled == [
                "ameliaK", "ravi.p", "lena.w", "nkechi", "tomas.r", "jorge.m", "sofia.g", "mei.lin", "kwame.a",
            ])
        #expect(select.waitlist == ["oliver.b", "hana.s"])
        #expect(
            select.ineligible.map { "\($0.username):\($0.reasons.map(\.rawValue).joined(separator: ","))" } == [
                "pieter.v:nda-declined", "dana.k:use-case-not-applicable", "yusuf.t:not-available,nda-not-agreed",
            ])
        // Nine enrolment and two wait-list notices are queued with the decisions.
        let queued = try #require(select.notices).queued
        #expect(queued.count == 11)
        #expect(Set(queued.map { $0.split(separator: ":")[1] }) == ["enrolled", "waitlisted"])
        // The same records and clock give the same answer, queue nothing new and write nothing new
        // to the audit log.
        let entries = try session.openStore().read { try $0.auditCount() }
        let again = try pilot.selectPilot(capacity: nil, audit: decided(Self.now, "pilot select"))
        #expect(try session.openStore().read { try $0.auditCount() } == entries)
        var same = again
        same.notices = select.notices
        #expect(same == select)
        #expect(again.notices?.queued == [])
    }

    @Test func withdrawOffersTheSeatAndAnExpiredOfferPassesOn() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        try enrolExamplePilot(session)
        let pilot = PilotEnrolment(session)
        let withdrawn = try pilot.withdrawFromPilot(
            "sofia.g", reason: "new job", audit: decided("2022-02-03T10:00:00Z", "pilot withdraw"))
        #expect(withdrawn.value.map { "\($0.action):\($0.username)" } == ["withdraw:sofia.g", "offer:oliver.b"])
        // Nobody answers for 48 hours: the next command lets the offer lapse and offers hana.s the seat.
        let list = try pilot.pilotListing(showEmail: false, now: instant("2022-02-05T10:00:00Z"))
        #expect(
            list.participants.filter { ["oliver.b", "hana.s"].contains($0.username) }.map(\.standing) == [
                "offered", "lapsed",
            ])
        #expect(list.participants.filter { $0.username == "hana.s" }.map(\.offerExpiresAt) == ["2022-02-07T10:00:00Z"])
        #expect(list.participants.allSatisfy { $0.email == nil })
        let late = try #require(
            refusal {
                _ = try pilot.acceptPilotOffer("oliver.b", audit: decided("2022-02-05T11:00:00Z", "pilot accept"))
            })
        #expect(late.exitCode == 64)
        #expect(
            late.lines == ["cohort: oliver.b has no open offer (they are lapsed); only an offered seat can be accepted"]
        )
        _ = try pilot.acceptPilotOffer("hana.s", audit: decided("2022-02-06T08:00:00Z", "pilot accept"))
        let fill = try #require(
            try ProgramReporting(session).status(now: instant("2022-02-06T09:00:00Z")).records?.pilot)
        #expect((fill.capacity, fill.enrolled, fill.openOffers, fill.waitlist) == (9, 9, 0, 0))
    }

    @Test func emailsAppearOnlyOnRequest() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            file: exampleData("signups.csv"), skipInvalid: false, acceptChanges: false,
            audit: decided(Self.now, "pilot import"))
        let plain = try PilotEnrolment(session).pilotListing(showEmail: false, now: instant(Self.now))
        #expect(!plain.text.contains("@"))
        #expect(!(try JSONDocument.text(plain)).contains("@"))
        let shown = try PilotEnrolment(session).pilotListing(showEmail: true, now: instant(Self.now))
        #expect(shown.text.contains("amelia.k@example.org"))
    }

    @Test func aChangedSignupTimeIsRefusedWithItsRow() throws {
        let (folder, plain) = try exampleSession()
        var session = plain
        session.currentDirectory = folder.url
        let pilot = PilotEnrolment(session)
        _ = try pilot.importSignups(
            file: exampleData("signups.csv"), skipInvalid: false, acceptChanges: false,
            audit: decided(Self.now, "pilot import"))
        let moved = try String(contentsOfFile: exampleData("signups.csv"), encoding: .utf8).replacingOccurrences(
            of: "2022-02-02T18:30:00+09:00", with: "2022-01-30T18:30:00+09:00")
        try folder.write("data/moved.csv", moved)
        let refused = try #require(
            refusal {
                _ = try pilot.importSignups(
                    file: "data/moved.csv", skipInvalid: false, acceptChanges: false,
                    audit: decided(Self.now, "pilot import"))
            })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines.first?.hasPrefix(
                "data/moved.csv:row 15, column \"signed_up_at\": hana.s signed up at 2022-02-02T09:30:00Z before")
                == true, "\(refused.lines)")
        let accepted = try pilot.importSignups(
            file: "data/moved.csv", skipInvalid: false, acceptChanges: true, audit: decided(Self.now, "pilot import"))
        #expect(
            accepted.text(file: "data/moved.csv").components(separatedBy: "\n") == [
                "Imported data/moved.csv: 0 added, 1 updated, 13 unchanged", "  hana.s: signed_up_at changed",
            ])
    }

    @Test func setUnknownUserSuggestsTheNearest() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        let pilot = PilotEnrolment(session)
        _ = try pilot.importSignups(
            file: exampleData("signups.csv"), skipInvalid: false, acceptChanges: false,
            audit: decided(Self.now, "pilot import"))
        let unknown = try #require(
            refusal {
                _ = try pilot.setSignup(
                    "pieter.w", nda: .signed, useCaseApplicable: nil, available: nil,
                    audit: decided(Self.now, "pilot set"))
            })
        #expect(unknown.exitCode == 64)
        #expect(
            unknown.lines == [
                "cohort: no sign-up named \"pieter.w\"; did you mean \"pieter.v\"?; `cohort pilot list` shows everyone"
            ])
        _ = try pilot.setSignup(
            "pieter.v", nda: .signed, useCaseApplicable: nil, available: nil, audit: decided(Self.now, "pilot set"))
        let select = try pilot.selectPilot(capacity: nil, audit: decided(Self.now, "pilot select"))
        #expect(select.enrolled[2] == "pieter.v")
    }

    @Test func aLookAYearAheadShowsTheProjectionMarkedAndRecordsNothing() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        try enrolExamplePilot(session, capacity: 7)
        let pilot = PilotEnrolment(session)
        _ = try pilot.withdrawFromPilot(
            "ravi.p", reason: "no time", audit: decided("2022-02-03T10:00:00Z", "pilot withdraw", by: "Rosa"))
        let store = try session.openStore()
        let before = try store.tableDigests()
        let ahead = try pilot.pilotListing(showEmail: false, now: instant("2023-02-03T00:00:00Z"))
        #expect(ahead.text.contains("Projected, not recorded"), "\(ahead.text)")
        #expect(ahead.text.contains("lapses 2022-02-05"), "\(ahead.text)")
        #expect(ahead.text.contains("; the seat would pass to "), "\(ahead.text)")
        #expect(!ahead.projected.isEmpty)
        #expect(ahead.projected.allSatisfy { $0.projected })
        #expect(
            Set(ahead.participants.filter { $0.projected == true }.map(\.standing)) == ["lapsed"],
            "the offer lapses, and so does the offer of the seat it passes on")
        #expect(try store.tableDigests() == before, "a look records nothing")
        // Inside the window the offer is still open: it is accepted.
        let offered = try #require(
            try pilot.pilotListing(showEmail: false, now: instant("2022-02-03T11:00:00Z")).participants.first {
                $0.standing == "offered"
            })
        _ = try pilot.acceptPilotOffer(offered.username, audit: decided("2022-02-04T09:00:00Z", "pilot accept"))
    }
}
