import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// Decisions happen at their own instant: a view records nothing whatever its clock, what time
/// decided is recorded by the next deciding command at the instant it took effect, decisions
/// entered late are welcome, and each subject's history keeps its order.
@Suite struct DecisionsOverTimeTests {
    static func instant(_ text: String) -> Date { Instant.parse(text)! }

    /// The message of the bad-input refusal `body` must end in ("" when it does not refuse).
    static func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
        } catch let error as StoreError where error.kind == .badInput {
            return error.localizedDescription
        } catch {
            Issue.record("refused otherwise: \(error)")
            return ""
        }
        Issue.record("expected a refusal")
        return ""
    }

    /// Stamps for a command whose decision happened at `at`, recorded at `now`.
    static func audit(_ now: String, _ command: String, at: String? = nil) -> AuditContext {
        AuditContext(now: instant(at ?? now), actor: "rosa", command: command, recordedAt: instant(now))
    }

    /// The example's sign-ups, seven selected on 2 February 2022 (four wait-listed), and two seats
    /// freed on the 3rd: two open offers, until the 5th, and two people still waiting.
    static func withdrawnTwo() throws -> (TemporaryFolder, ProgramSession, offered: [String]) {
        let (folder, session) = try exampleSession()
        let signups = Repository.root.appendingPathComponent("data/signups.csv").path
        _ = try PilotEnrolment(session).importSignups(
            file: signups, skipInvalid: false, acceptChanges: false,
            audit: audit("2022-02-02T18:00:00Z", "pilot import"))
        let selected = try PilotEnrolment(session).selectPilot(
            capacity: 7, audit: audit("2022-02-02T18:00:00Z", "pilot select"))
        #expect(selected.waitlist.count == 4)
        var offered: [String] = []
        for name in ["ravi.p", "lena.w"] {
            let told = try PilotEnrolment(session).withdrawFromPilot(
                name, reason: "no time", audit: audit("2022-02-03T10:00:00Z", "pilot withdraw"))
            offered += told.value.filter { $0.action == "offer" }.map(\.username)
        }
        #expect(offered.count == 2)
        return (folder, session, offered)
    }

    @Test func aLookAYearAheadRecordsNothingAndTheLapseIsRecordedLaterAtItsDeadline() throws {
        let (folder, session, offered) = try Self.withdrawnTwo()
        _ = folder
        let store = try session.openStore()
        let before = try store.tableDigests()

        let listing = try PilotEnrolment(session).pilotListing(
            showEmail: false, now: Self.instant("2023-02-03T10:00:00Z"))
        #expect(try store.tableDigests() == before, "a view records nothing")
        let projected = listing.projected.filter { $0.action == "expire" }.map(\.username)
        // Both offers lapse, and so do the offers of the seats they pass on, each at its deadline.
        #expect(Set(offered).isSubset(of: Set(projected)), "\(projected)")
        #expect(projected.count == 4)
        #expect(listing.text.contains("offer to \(offered[1]) lapses 2022-02-05"), "\(listing.text)")
        #expect(listing.text.contains("; the seat would pass to "))
        #expect(listing.text.contains("(projected)"))

        // The staff report a year ahead projects the same, and records nothing either.
        let report = try ProgramReporting(session).statusReport(
            now: Self.instant("2023-02-03T10:00:00Z"), audience: .staff)
        let pilot = try #require(report.pilot)
        #expect(pilot.projectedDecisions == 6, "four lapses and the two seats they passed on")
        #expect(pilot.openOffers == 0)
        #expect(pilot.people.filter(\.projected).map(\.standing) == ["lapsed", "lapsed", "lapsed", "lapsed"])
        #expect(try store.tableDigests() == before)

        // Inside the window the offer is still open: the look decided nothing.
        let accepted = try PilotEnrolment(session).acceptPilotOffer(
            offered[0], audit: Self.audit("2022-02-04T09:00:00Z", "pilot accept"))
        #expect(accepted.value.map(\.action) == ["accept"])

        // The next deciding command, a year on, records the other offer's lapse at its deadline.
        _ = try PilotEnrolment(session).selectPilot(
            capacity: nil, audit: Self.audit("2023-02-03T10:00:00Z", "pilot select"))
        let entries = try store.read { try $0.auditEntries(limit: nil) }
        let lapse = try #require(entries.first { $0.action == "expire" && $0.subject == "signup:\(offered[1])" })
        #expect(lapse.at == Self.instant("2022-02-05T10:00:00Z"), "stamped at the deadline (48 hours)")
        #expect(lapse.recordedAt == Self.instant("2023-02-03T10:00:00Z"))
        #expect(lapse.command == "pilot select")
        #expect(!entries.contains { $0.action == "expire" && $0.subject == "signup:\(offered[0])" })
        // The seat passed on at the deadline, with an offer that ran from then.
        let next = try #require(entries.first { $0.action == "offer" && $0.at == lapse.at })
        #expect(next.reason.contains("until 2022-02-07T10:00:00Z"))
    }

    @Test func aDecisionBeforeTheSubjectsLatestIsRefusedNamingItAndOthersAreWelcomeLate() throws {
        let (folder, session, offered) = try Self.withdrawnTwo()
        _ = folder
        _ = try PilotEnrolment(session).acceptPilotOffer(
            offered[0], audit: Self.audit("2022-02-04T09:00:00Z", "pilot accept"))
        // Withdrawing the same person as of before they accepted would reorder their history.
        let refused = Self.refusal {
            _ = try PilotEnrolment(session).withdrawFromPilot(
                offered[0], reason: "late",
                audit: Self.audit("2022-02-06T00:00:00Z", "pilot withdraw", at: "2022-02-04T08:00:00Z"))
        }
        for part in ["signup:\(offered[0])", "accept at 2022-02-04T09:00:00Z", "`pilot accept`"] {
            #expect(refused.contains(part), "\(refused)")
        }
        // Another person's withdrawal, entered late, is welcome: it happened on the 4th at 08:00.
        let late = try PilotEnrolment(session).withdrawFromPilot(
            "nkechi", reason: "told us on the 4th",
            audit: Self.audit("2022-02-06T00:00:00Z", "pilot withdraw", at: "2022-02-04T08:00:00Z"))
        #expect(late.value.first { $0.username == "nkechi" }?.action == "withdraw")
        let entry = try #require(
            try session.openStore().read { try $0.auditEntries(limit: nil) }.last {
                $0.subject == "signup:nkechi" && $0.action == "withdraw"
            })
        #expect(entry.at == Self.instant("2022-02-04T08:00:00Z"))
        #expect(entry.recordedAt == Self.instant("2022-02-06T00:00:00Z"))
    }

    @Test func twoPartnersStepsEnteredOutOfOrderAreBothKeptAndOnePartnersAreRefused() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PartnerOnboarding(session).importPartners(
            file: Repository.root.appendingPathComponent("data/partners.csv").path, skipInvalid: false,
            audit: Self.audit("2022-03-01T15:00:00Z", "partner import"))
        // esap's step on the 3rd is entered after wm-ke's on the 5th.
        _ = try PartnerOnboarding(session).advancePartner(
            "wm-ke", .init(stage: "nda-signed"), audit: Self.audit("2022-03-05T09:00:00Z", "partner advance"))
        let late = try PartnerOnboarding(session).advancePartner(
            "esap", .init(stage: "nda-signed"),
            audit: Self.audit("2022-03-05T10:00:00Z", "partner advance", at: "2022-03-03T09:00:00Z"))
        #expect(late.step.at == Self.instant("2022-03-03T09:00:00Z"))
        // wm-ke's next step dated before its previous one is refused, naming that one.
        let refused = Self.refusal {
            _ = try PartnerOnboarding(session).advancePartner(
                "wm-ke", .init(stage: "technical-onboarding"),
                audit: Self.audit("2022-03-06T09:00:00Z", "partner advance", at: "2022-03-04T09:00:00Z"))
        }
        for part in ["partner:wm-ke", "2022-03-05T09:00:00Z", "`partner advance`"] {
            #expect(refused.contains(part), "\(refused)")
        }
    }

    @Test func declaringTheNDADeclinedAfterEnrolmentPassesTheSeatOnAndTellsBoth() throws {
        let (folder, session) = try exampleSession()
        _ = folder
        _ = try PilotEnrolment(session).importSignups(
            file: Repository.root.appendingPathComponent("data/signups.csv").path, skipInvalid: false,
            acceptChanges: false, audit: Self.audit("2022-02-02T18:00:00Z", "pilot import"))
        let selected = try PilotEnrolment(session).selectPilot(
            capacity: nil, audit: Self.audit("2022-02-02T18:00:00Z", "pilot select"))
        let next = try #require(selected.waitlist.first)
        let told = try PilotEnrolment(session).updateSignup(
            "ravi.p", nda: .declined, useCaseApplicable: nil, available: nil,
            audit: Self.audit("2022-02-03T09:00:00Z", "pilot set"))
        #expect(told.value.decisions.map(\.action) == ["withdraw", "offer"])
        #expect(told.value.decisions.map(\.username) == ["ravi.p", next])
        #expect(told.value.decisions[0].reason.contains("declined the NDA"))
        #expect(Set(told.notices.queued) == ["notice:withdrawn:ravi.p", "notice:offered:\(next)"])
        let outcome = try PilotEnrolment(session).selectPilot(
            capacity: nil, audit: Self.audit("2022-02-03T09:00:00Z", "pilot select"))
        #expect(!outcome.enrolled.contains("ravi.p"))
        #expect(outcome.offered == [next])
        let audit = try session.openStore().read { try $0.auditEntries(limit: nil) }
        #expect(
            audit.contains {
                $0.subject == "signup:ravi.p" && $0.action == "withdraw" && $0.reason.contains("declined the NDA")
                    && $0.command == "pilot set"
            })
    }
}
