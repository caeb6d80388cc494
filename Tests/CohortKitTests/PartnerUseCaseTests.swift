import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// Partners brought on board, decided in process: imported, advanced, ticked, listed, reminded,
/// and the gate they hold, with the records read back. `PartnerCommandTests` keeps what only the
/// binary shows.
@Suite struct PartnerUseCaseTests {
    static let start = "2022-05-02T09:00:00Z"

    /// The example program with the example's partners imported at `start` by Rosa Quintero, and
    /// the reminder template.
    static func imported() throws -> (TemporaryFolder, ProgramSession) {
        let (folder, session) = try exampleSession()
        try folder.write(
            "templates/reminder.txt.mustache",
            try String(
                contentsOf: Repository.root.appendingPathComponent("templates/reminder.txt.mustache"), encoding: .utf8))
        _ = try PartnerOnboarding(session).importPartners(
            file: exampleData("partners.csv"), skipInvalid: false,
            audit: decided(start, "partner import", by: "Rosa Quintero"))
        return (folder, session)
    }

    /// The example partners where the May 2022 scenario has them: wm-ke at technical onboarding
    /// with account access ticked, esap there since the 20th, wm-ar ready (skipped), cee-hub at
    /// nda-signed, openlib invited.
    static func scenario() throws -> (TemporaryFolder, ProgramSession) {
        let (folder, session) = try imported()
        let onboarding = PartnerOnboarding(session)
        for id in ["wm-ke", "esap", "wm-ar", "cee-hub"] {
            _ = try onboarding.advancePartner(
                id, .init(stage: "nda-signed"),
                audit: decided("2022-05-06T09:00:00Z", "partner advance", by: "Rosa Quintero"))
        }
        _ = try onboarding.advancePartner(
            "wm-ke", .init(stage: "technical-onboarding"),
            audit: decided("2022-05-09T09:00:00Z", "partner advance", by: "Rosa Quintero"))
        _ = try onboarding.advancePartner(
            "wm-ar", .init(stage: "ready", skip: true, reason: "Onboarded in the 2021 pilot"),
            audit: decided("2022-05-10T09:00:00Z", "partner advance", by: "Rosa Quintero"))
        _ = try onboarding.checkPartnerItem(
            "wm-ke", item: "account-access",
            audit: decided("2022-05-11T09:00:00Z", "partner check", by: "Jonas Lindqvist"))
        _ = try onboarding.advancePartner(
            "esap", .init(stage: "technical-onboarding"),
            audit: decided("2022-05-20T09:00:00Z", "partner advance", by: "Rosa Quintero"))
        return (folder, session)
    }

    @Test func importIsIdempotentByIdAndEveryPartnerStartsInvitedInItsWave() throws {
        let (folder, session) = try Self.imported()
        _ = folder
        let onboarding = PartnerOnboarding(session)
        let again = try onboarding.importPartners(
            file: exampleData("partners.csv"), skipInvalid: false, audit: decided(Self.start, "partner import"))
        #expect(again.added.isEmpty)
        #expect(again.updated.isEmpty)
        #expect(again.unchanged.count == 5)
        #expect(again.text(file: "data/partners.csv") == "Imported data/partners.csv: 0 added, 0 updated, 5 unchanged")
        let list = try onboarding.partnerListing(stage: nil, wave: nil, overdueOnly: false, now: instant(Self.start))
        #expect(
            list.partners.map { "\($0.id) \($0.stage) \($0.wave) \($0.overdue)" } == [
                "wm-ke invited partners []", "esap invited partners []", "wm-ar invited partners []",
                "cee-hub invited partners []", "openlib invited public []",
            ])
        let wmke = PartnerOutput.Detail(try onboarding.partnerProgress("wm-ke"), now: instant(Self.start))
        #expect(wmke.history.first?.by == "Rosa Quintero")
        #expect(wmke.contactName == "Achieng Otieno")
    }

    @Test func aBadCSVIsReportedRowByRowAndNothingIsImported() throws {
        let (folder, plain) = try exampleSession()
        try folder.write(
            "bad.csv",
            """
            id,name,kind,region,contact_name,contact_email,time_zone,wave
            wm-ke,Kenya,affiliate,Africa,A,a@example.org,Africa/Nairobi,partners
            wm-ke,Kenya,affiliate,Africa,A,a@example.org,Africa/Nairobi,partnrs

            """)
        var session = plain
        session.currentDirectory = folder.url
        let refused = try #require(
            refusal {
                _ = try PartnerOnboarding(session).importPartners(
                    file: "bad.csv", skipInvalid: false, audit: decided(Self.start, "partner import"))
            })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines == [
                "bad.csv:row 3, column \"id\": \"wm-ke\" already appears in row 2; keep one row per partner",
                "bad.csv:row 3, column \"wave\": unknown wave \"partnrs\"; did you mean \"partners\"?; waves: pilot, partners, public",
                "cohort: 2 problems in bad.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        #expect(try PartnerOnboarding(session).partnerProgress().isEmpty)
    }

    @Test func outOfOrderUnknownStageAndUntickedItemsAreRefusedAndNothingChanges() throws {
        let (folder, session) = try Self.scenario()
        _ = folder
        let onboarding = PartnerOnboarding(session)
        let store = try session.openStore()
        let before = try store.tableDigests()
        let audit = decided("2022-05-21T09:00:00Z", "partner advance", by: "R")
        let cases: [(() throws -> Void, String)] = [
            (
                { _ = try onboarding.advancePartner("cee-hub", .init(stage: "ready"), audit: audit) },
                "cohort: partner \"cee-hub\" is at \"nda-signed\"; going to \"ready\" passes over \"technical-onboarding\", \"strategic-onboarding\"; advance one stage at a time, or pass --skip --reason TEXT"
            ),
            (
                { _ = try onboarding.advancePartner("wm-ke", .init(stage: "stratgic-onboarding"), audit: audit) },
                "cohort: unknown stage \"stratgic-onboarding\"; did you mean \"strategic-onboarding\"?; stages: invited, nda-signed, technical-onboarding, strategic-onboarding, ready, access-granted"
            ),
            (
                { _ = try onboarding.advancePartner("wm-ke", .init(stage: "strategic-onboarding"), audit: audit) },
                "cohort: partner \"wm-ke\" cannot leave \"technical-onboarding\" with unticked items: tool-walkthrough; tick them with `cohort partner check wm-ke ITEM --by NAME`, or pass --force --reason TEXT"
            ),
            (
                { _ = try onboarding.advancePartner("wm-ke", .init(stage: "invited"), audit: audit) },
                "cohort: partner \"wm-ke\" is at \"technical-onboarding\", after \"invited\"; going back needs --back --reason TEXT"
            ),
            (
                { _ = try onboarding.advancePartner("wm-kee", .init(stage: "ready"), audit: audit) },
                "cohort: unknown partner \"wm-kee\"; did you mean \"wm-ke\"?; list them with `cohort partner list`"
            ),
            (
                {
                    _ = try onboarding.addPartner(
                        id: "x", name: "X", kind: "hub", region: "", contactName: "", contactEmail: "x@example.org",
                        timeZone: "UTC", wave: "partner", audit: decided("2022-05-21T09:00:00Z", "partner add"))
                },
                "cohort: --wave: unknown wave \"partner\"; did you mean \"partners\"?; waves: pilot, partners, public"
            ),
        ]
        for (index, (attempt, message)) in cases.enumerated() {
            let refused = try #require(refusal(attempt), "case \(index)")
            #expect(refused.exitCode == 64, "case \(index)")
            #expect(refused.lines == [message])
        }
        #expect(try store.tableDigests() == before)
    }

    @Test func forceAndBackAreRecordedWithTheirReasons() throws {
        let (folder, session) = try Self.scenario()
        _ = folder
        let onboarding = PartnerOnboarding(session)
        _ = try onboarding.advancePartner(
            "wm-ke", .init(stage: "strategic-onboarding", force: true, reason: "Walkthrough done in a workshop"),
            audit: decided("2022-05-21T09:00:00Z", "partner advance", by: "Rosa Quintero"))
        _ = try onboarding.advancePartner(
            "cee-hub", .init(stage: "invited", back: true, reason: "NDA went to the wrong contact"),
            audit: decided("2022-05-21T10:00:00Z", "partner advance", by: "Rosa Quintero"))
        let wmke = PartnerOutput.Detail(try onboarding.partnerProgress("wm-ke"), now: instant("2022-05-21T09:00:00Z"))
        let last = try #require(wmke.history.last)
        #expect(
            [last.move, last.to, "\(last.forced)", last.by, last.note] == [
                "advance", "strategic-onboarding", "true", "Rosa Quintero", "Walkthrough done in a workshop",
            ])
        #expect(wmke.checklist.map { "\($0.id) \($0.due)" } == ["sense-making 2022-06-04T09:00:00Z"])
        let cee = try onboarding.partnerProgress("cee-hub")
        #expect(cee.stage == "invited")
        #expect(cee.history.last?.move.rawValue == "back")
    }

    @Test func listFunnelAndDueAtAGivenNow() throws {
        let (folder, session) = try Self.scenario()
        _ = folder
        let onboarding = PartnerOnboarding(session)
        let now = instant("2022-05-25T00:00:00Z")
        let overdue = try onboarding.partnerListing(stage: nil, wave: nil, overdueOnly: true, now: now)
        #expect(
            overdue.partners.map { "\($0.id) \($0.overdue)" } == [
                "wm-ke [\"tool-walkthrough\"]", "esap [\"account-access\"]",
            ])
        let staged = try onboarding.partnerListing(stage: "ready", wave: nil, overdueOnly: false, now: now)
        #expect(staged.partners.map(\.id) == ["wm-ar"])
        let funnel = try onboarding.partnerFunnel(now: now)
        #expect(
            funnel.stages.map { "\($0.stage) \($0.count)" } == [
                "invited 1", "nda-signed 1", "technical-onboarding 2", "strategic-onboarding 0", "ready 1",
                "access-granted 0",
            ])
        #expect(funnel.overdue == 2)
        #expect(funnel.stages[0].medianDays == 4)
        #expect(funnel.stages[0].p90Days == 4)
        #expect(funnel.stages[0].conversion == 0.8)
        #expect(funnel.stages[1].medianDays == 4)
        #expect(funnel.stages[1].p90Days == 14)
        #expect(funnel.stages[1].conversion == 0.75)
        let due = try onboarding.dueItems(within: "7d", now: now)
        #expect(
            due.text.components(separatedBy: "\n") == [
                "DUE                   PARTNER  ITEM              STAGE                 BY",
                "2022-05-19T09:00:00Z  wm-ke    tool-walkthrough  technical-onboarding  Achieng Otieno  OVERDUE",
                "2022-05-23T09:00:00Z  esap     account-access    technical-onboarding  Lea Santos      OVERDUE",
                "2022-05-30T09:00:00Z  esap     tool-walkthrough  technical-onboarding  Lea Santos",
            ])
        let status = try ProgramReporting(session).status(now: now)
        #expect(
            StatusText.render(status).components(separatedBy: "\n").contains(
                "Partners 1 invited · 1 nda-signed · 2 technical-onboarding · 1 ready · 2 overdue"))
    }

    @Test func releaseExplainNamesThePartnersHoldingTheWaveBackAndTheirOverdueItems() throws {
        let (folder, session) = try Self.scenario()
        _ = folder
        let explained = try TimelinePlanning(session).explainWave("partners", now: instant("2022-05-25T00:00:00Z"))
        let gate = try #require(explained.gates.first { $0.gate == "onboarded: ready" })
        #expect(!gate.holds)
        #expect(
            gate.holdingBack == [
                "wm-ke (at technical-onboarding; overdue: tool-walkthrough)",
                "esap (at technical-onboarding; overdue: account-access)", "cee-hub (at nda-signed)",
            ])
    }

    @Test func remindQueuesOneMailPerOverduePartnerAndNotAgainWithinTheInterval() throws {
        let (folder, plain) = try Self.scenario()
        _ = folder
        let (session, relay) = relayedInMemory(plain)
        let onboarding = PartnerOnboarding(session)
        let dry = try onboarding.remindPartners(dryRun: true, audit: decided("2022-05-25T00:00:00Z", "partner remind"))
        #expect(
            dry.reminders.map { "\($0.partner) \($0.items) \($0.queued)" } == [
                "wm-ke [\"tool-walkthrough\"] dry run", "esap [\"account-access\"] dry run",
            ])
        #expect(try session.openStore().read { try $0.reminders() }.isEmpty, "a dry run records nothing")
        let sent = try onboarding.remindPartners(
            dryRun: false, audit: decided("2022-05-25T00:00:00Z", "partner remind"))
        #expect(sent.reminders.map(\.queued) == ["queued", "queued"])
        #expect(sent.batch == "remind:2022-05-25T00:00:00Z")
        #expect(!sent.text.contains("@"))
        let soon = try onboarding.remindPartners(
            dryRun: false, audit: decided("2022-05-27T00:00:00Z", "partner remind"))
        #expect(soon.text == "No reminders due")
        let week = try onboarding.remindPartners(
            dryRun: false, audit: decided("2022-06-01T00:00:00Z", "partner remind"))
        #expect(
            week.reminders.map { "\($0.partner) \($0.items)" } == [
                "wm-ke [\"tool-walkthrough\"]", "esap [\"account-access\", \"tool-walkthrough\"]",
            ])

        // The queued mail, read back by Python's email package.
        let listed = try #require(
            try session.openStore().read { try $0.outboxItems(batch: "remind:2022-05-25T00:00:00Z") }.first {
                $0.recipient == "achieng@example.org"
            })
        let payload = try #require(try session.openStore().read { try $0.outboxItem(id: listed.id!) }?.payload)
        let mail = try IndependentParsers.mail(payload)
        #expect(mail.header("To") == "Achieng Otieno <achieng@example.org>")
        #expect(mail.header("Subject") == "Reminder: 1 overdue onboarding item for Wikimedia Community Kenya (example)")
        let text = try #require(mail.parts.first?.text)
        #expect(text.contains("Tool walkthrough"))
        // The due date as the contact reads it: in the partner's zone, named; never a raw UTC instant.
        let due = text.components(separatedBy: "\n").filter { $0.contains("due ") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(due.contains { $0.contains("(Africa/Nairobi)") }, "\(due)")
        #expect(due.allSatisfy { !$0.hasSuffix("Z") }, "\(due)")

        // What was queued goes out once; the reminders of 25 May, superseded by those of 1 June, never go out.
        let superseded = try Sending(session).send(
            .batch("remind:2022-05-25T00:00:00Z"), options: memoryRelayOptions(),
            audit: decided("2022-06-01T01:00:00Z", "outbox send"), environment: [:])
        #expect(superseded.summary.sent == 0)
        #expect(relay.messages.isEmpty)
        let june = try Sending(session).send(
            .batch("remind:2022-06-01T00:00:00Z"), options: memoryRelayOptions(),
            audit: decided("2022-06-01T01:00:00Z", "outbox send"), environment: [:])
        #expect(june.summary.sent == 2)
        #expect(relay.messages.map(\.recipient).count == 2)
        let again = try Sending(session).send(
            .batch("remind:2022-06-01T00:00:00Z"), options: memoryRelayOptions(),
            audit: decided("2022-06-01T02:00:00Z", "outbox send"), environment: [:])
        #expect(again.summary.sent == 0)
        #expect(relay.messages.count == 2, "a finished batch sends nothing")
        #expect(try Outbox(session).outboxBatches().map(\.batch).contains("remind:2022-05-25T00:00:00Z"))
        let unknown = try #require(
            refusal {
                _ = try Sending(session).send(
                    .batch("remind:2022-05-25T00:00:00"), options: memoryRelayOptions(),
                    audit: decided("2022-06-01T02:00:00Z", "outbox send"), environment: [:])
            })
        #expect(unknown.exitCode == 64)
        #expect(unknown.message.contains("did you mean"))
    }
}
