import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// Notices to people, decided and sent in process: the example's selection and a withdrawal, an
/// offer overtaken before it went out, a template problem, someone without an address and the
/// partners' notices, sent through a relay in memory and read back by Python's `email` package.
/// `NoticeCommandTests` keeps what only the binary shows.
@Suite struct NoticeUseCaseTests {
    /// A session on the example with its committed templates (English, Spanish and the signature
    /// partial), and its mail handed to a relay in memory.
    static func example() throws -> (TemporaryFolder, ProgramSession, MemoryRelay) {
        let (folder, plain) = try exampleSession()
        try folder.copyExampleTemplates()
        let (session, relay) = relayedInMemory(plain)
        return (folder, session, relay)
    }

    /// Every queued notice's message, by batch, read from the records.
    static func payloads(_ session: ProgramSession) throws -> [String: String] {
        try session.openStore().read { records in
            var payloads: [String: String] = [:]
            for notice in try records.notices() {
                for item in try records.outboxItems(batch: notice.batch) {
                    payloads[notice.batch] = try records.outboxItem(id: item.id!)?.payload
                }
            }
            return payloads
        }
    }

    static func sendNotices(_ session: ProgramSession, _ audit: AuditContext, dryRun: Bool = false) throws
        -> SendReport
    {
        try Sending(session).send(.notices, options: memoryRelayOptions(dryRun: dryRun), audit: audit, environment: [:])
    }

    @Test func selectionAndWithdrawalTellEveryoneOnce() throws {
        let (folder, session, relay) = try Self.example()
        let selected = try enrolExamplePilot(session)
        let kinds = try #require(selected.notices).queued.map { $0.split(separator: ":")[1] }
        #expect(kinds.count { $0 == "enrolled" } == 9)
        #expect(kinds.count { $0 == "waitlisted" } == 2)
        let dry = try Self.sendNotices(session, decided("2022-02-02T18:05:00Z", "notices send"), dryRun: true)
        let dryText = SendText.render(dry)
        #expect(dryText.components(separatedBy: "\n").last == "Dry run: nothing was sent.")
        let addresses = try String(contentsOfFile: exampleData("signups.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        #expect(addresses.count == 14)
        #expect(addresses.allSatisfy { !dryText.contains($0) }, "a dry run names people, never their address")
        #expect(relay.messages.isEmpty)
        let sent = try Self.sendNotices(session, decided("2022-02-02T18:10:00Z", "notices send"))
        #expect(sent.summary.sent == 11)

        let withdrawn = try PilotEnrolment(session).withdrawFromPilot(
            "sofia.g", reason: "new job", audit: decided("2022-02-03T10:00:00Z", "pilot withdraw"))
        #expect(withdrawn.notices.queued == ["notice:withdrawn:sofia.g", "notice:offered:oliver.b"])
        _ = try Self.sendNotices(session, decided("2022-02-03T10:05:00Z", "notices send"))
        let again = try Self.sendNotices(session, decided("2022-02-03T10:10:00Z", "notices send"))
        #expect((again.summary.sent, again.summary.skippedAlreadySent) == (0, 13))

        let handed = relay.messages
        #expect(handed.count == 13)
        #expect(Set(handed.compactMap { mailHeader("Message-ID", in: $0.message) }).count == 13, "each notice once")
        #expect(handed.count { $0.recipient == "sofia.g@example.org" } == 2)

        // Python's email package reads every notice without a defect; the offer names the deadline
        // in oliver.b's own zone, and sofia.g reads hers in Spanish.
        let payloads = try Self.payloads(session)
        #expect(payloads.count == 13)
        for (batch, payload) in payloads {
            let mail = try IndependentParsers.mail(payload)
            #expect(mail.allDefects.isEmpty, "\(batch): \(mail.allDefects)")
            #expect(mail.to?.count == 1)
        }
        let offer = try IndependentParsers.mail(try #require(payloads["notice:offered:oliver.b"]))
        let offerText = try #require(offer.parts.first?.text)
        #expect(offerText.contains("Saturday 5 February 2022, 21:00 (your time, Australia/Sydney)"))
        #expect(offerText.contains("Saturday 5 February 2022, 10:00 UTC"))
        let farewell = try IndependentParsers.mail(try #require(payloads["notice:withdrawn:sofia.g"]))
        #expect(farewell.header("Content-Language") == "es")
        #expect(farewell.header("Subject")?.hasSuffix("tu baja del piloto") == true)
        let seat = try IndependentParsers.mail(try #require(payloads["notice:enrolled:ameliaK"]))
        #expect(seat.parts.first?.text?.contains("You have seat 1 of 9") == true)

        // Nothing people see carries an address.
        let list = try Notifications(session).noticeListing().text
        #expect(list.components(separatedBy: "\n").count == 14)
        _ = try CalendarExport(session).writeCalendars(stamp: instant("2022-02-03T10:10:00Z"))
        for output in [
            selected.text(), PilotDecisions(withdrawn).text, list, SendText.render(sent),
            try folder.read("calendar/workshops.ics"), try folder.read("calendar/program.ics"),
        ] {
            #expect(addresses.allSatisfy { !output.contains($0) })
        }
    }

    @Test func aNoticeOvertakenBeforeSendingIsReplacedNeverSentAndNotCalledDropped() throws {
        let (folder, session, relay) = try Self.example()
        _ = folder
        try enrolExamplePilot(session)
        let pilot = PilotEnrolment(session)
        _ = try pilot.withdrawFromPilot(
            "sofia.g", reason: "new job", audit: decided("2022-02-03T10:00:00Z", "pilot withdraw"))
        let accepted = PilotDecisions(
            try pilot.acceptPilotOffer("oliver.b", audit: decided("2022-02-03T11:00:00Z", "pilot accept")))
        // The offer was taken up, not undone: its notice is replaced by the enrolment's.
        #expect(
            accepted.text.components(separatedBy: "\n").last?.contains("1 unsent notice replaced by a newer one")
                == true)
        #expect(!accepted.text.contains("dropped"))
        let states = Dictionary(
            try Notifications(session).noticeListing().notices.map { ($0.batch, $0.state) },
            uniquingKeysWith: { a, _ in a })
        #expect(states["notice:offered:oliver.b"] == "dropped")
        #expect(states["notice:enrolled:oliver.b"] == "pending")
        #expect(states["notice:enrolled:sofia.g"] == "dropped")
        _ = try Self.sendNotices(session, decided("2022-02-03T11:05:00Z", "notices send"))
        #expect(
            relay.messages.count { $0.recipient == "oliver.b@example.org" } == 1,
            "the enrolment, not the offer he took up before it went out")
        let superseded = try session.openStore().read { try $0.auditEntries(limit: nil) }.filter {
            $0.action.hasPrefix("notice-") && $0.action != "notice"
        }
        #expect(
            superseded.map { "\($0.action) \($0.subject)" } == [
                "notice-supersede signup:sofia.g", "notice-supersede signup:oliver.b",
                "notice-supersede signup:oliver.b",
            ], "sofia.g's enrolment by her farewell, oliver.b's wait-list place by his offer, the offer by his seat")
    }

    @Test func twoSendsAndADecisionBetweenThemAtTheSameFixedClockAllRunStampedAtIt() throws {
        let (folder, session, relay) = try Self.example()
        try enrolExamplePilot(session)
        let now = "2022-06-02T00:00:00Z"
        // The stamps `--now` gives a command.
        let command = CommandContext(
            workspace: folder.url.path, clock: CommandClock(now: instant(now), source: .flag), environment: [:],
            currentDirectory: folder.url)
        let first = try Self.sendNotices(session, try command.audit("notices send", by: "rosa"))
        #expect(first.summary.sent > 0)
        _ = try PilotEnrolment(session).withdrawFromPilot(
            "sofia.g", reason: "new job", audit: try command.audit("pilot withdraw", by: "rosa"))
        let second = try Self.sendNotices(session, try command.audit("notices send", by: "rosa"))
        #expect(second.summary.sent > 0)
        #expect(relay.messages.count == first.summary.sent + second.summary.sent)
        let stamps = try session.openStore().read { records in
            let sends = try records.auditEntries(limit: nil).filter { $0.command == "notices send" }.map(\.at)
            let sent = try records.notices().flatMap { try records.outboxItems(batch: $0.batch) }.filter {
                $0.state == .sent
            }.map(\.updatedAt)
            return Set(sends + sent)
        }
        #expect(stamps == [instant(now)], "a fixed clock stamps everything at it: \(stamps)")
    }

    @Test func aTemplateWithAnUnknownVariableIsLocatedAndNothingIsDecided() throws {
        let (folder, session, _) = try Self.example()
        try folder.write(
            "templates/notices/waitlisted.txt.mustache",
            "Subject: {{program.name}}: the wait-list\n\nDear {{person.nmae}},\n\nYou are number {{notice.place}}.\n")
        _ = try PilotEnrolment(session).importSignups(
            file: exampleData("signups.csv"), skipInvalid: false, acceptChanges: false,
            audit: decided("2022-02-02T18:00:00Z", "pilot import"))
        let refused = try #require(
            refusal {
                _ = try PilotEnrolment(session).selectPilot(
                    capacity: nil, audit: decided("2022-02-02T18:00:00Z", "pilot select"))
            })
        #expect(refused.exitCode == 64)
        #expect(
            refused.lines.first
                == "templates/notices/waitlisted.txt.mustache:3:6: unknown variable \"person.nmae\": \"person\" has no \"nmae\"; did you mean \"name\"?"
        )
        let records = try session.openStore()
        #expect(Set(try records.read { try $0.signups() }.map(\.standing.name)) == ["pending"])
        #expect(try records.read { try $0.notices() }.isEmpty)
        let check = try CommandContext(
            workspace: folder.url.path, clock: CommandClock(now: instant("2022-02-02T18:00:00Z"), source: .flag),
            environment: [:], currentDirectory: folder.url
        ).checkWorkspace()
        #expect(!check.ok)
        #expect(
            check.findings.contains {
                $0.hasPrefix("templates/notices/waitlisted.txt.mustache:3:6: unknown variable")
            }, "\(check.findings)")
    }

    @Test func someoneWithoutAnAddressIsReportedUndeliverable() throws {
        let (folder, session, _) = try Self.example()
        let signups = try String(contentsOfFile: exampleData("signups.csv"), encoding: .utf8).replacingOccurrences(
            of: "hana.s,hana.s@example.org,", with: "hana.s,,")
        try folder.write("data/signups.csv", signups)
        _ = try PilotEnrolment(session).importSignups(
            file: folder.path("data/signups.csv"), skipInvalid: false, acceptChanges: false,
            audit: decided("2022-02-02T18:00:00Z", "pilot import"))
        let selected = try PilotEnrolment(session).selectPilot(
            capacity: nil, audit: decided("2022-02-02T18:00:00Z", "pilot select"))
        #expect(
            selected.text().components(separatedBy: "\n").last
                == "Notices: 10 notices queued (`cohort notices send` sends them); undeliverable, no mail address on record: hana.s"
        )
        let unsent = try Notifications(session).noticeListing().notices.filter { $0.state != "pending" }
        #expect(
            unsent.map { "\($0.person) \($0.state) \($0.reason ?? "")" } == [
                "hana.s undeliverable no mail address on record"
            ])
    }

    @Test func partnersAreWelcomedToldOfEachStageAndOfTheGateTheyHoldBack() throws {
        let (folder, session, _) = try Self.example()
        _ = folder
        let onboarding = PartnerOnboarding(session)
        let imported = try onboarding.importPartners(
            file: exampleData("partners.csv"), skipInvalid: false,
            audit: decided("2022-05-20T00:00:00Z", "partner import", by: "Rosa"))
        #expect(
            imported.text(file: "data/partners.csv").components(separatedBy: "\n").last
                == "Notices: 5 notices queued (`cohort notices send` sends them)")
        _ = try onboarding.advancePartner(
            "wm-ke", .init(stage: "nda-signed"), audit: decided("2022-05-21T00:00:00Z", "partner advance", by: "Rosa"))
        _ = try onboarding.advancePartner(
            "wm-ke", .init(stage: "technical-onboarding"),
            audit: decided("2022-05-22T00:00:00Z", "partner advance", by: "Rosa"))
        let told = try onboarding.notifyHoldingBack(
            "partners", audit: decided("2022-05-23T00:00:00Z", "release notify"))
        #expect(told.partners == ["wm-ke", "esap", "wm-ar", "cee-hub"])
        let again = try onboarding.notifyHoldingBack(
            "partners", audit: decided("2022-05-23T01:00:00Z", "release notify"))
        #expect(again.notices.queued.isEmpty, "once per partner and stage")
        let payloads = try Self.payloads(session)
        let stage = try IndependentParsers.mail(try #require(payloads["notice:stage:wm-ke:technical-onboarding"]))
        let text = try #require(stage.parts.first?.text)
        #expect(text.contains("  - Account access to the dashboard, by Wednesday 25 May 2022"))
        #expect(stage.to?.first?.address == "achieng@example.org")
        let gate = try IndependentParsers.mail(
            try #require(payloads["notice:gate:wm-ke:partners:technical-onboarding"]))
        #expect(gate.parts.first?.text?.contains("reached \"Ready\" in onboarding") == true)
        #expect(payloads["notice:stage:wm-ke:nda-signed"] != nil)
        for (batch, payload) in payloads {
            #expect(try IndependentParsers.mail(payload).allDefects.isEmpty, "\(batch)")
        }
    }
}
