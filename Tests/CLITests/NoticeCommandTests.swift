import CohortTestSupport
import Foundation
import Testing

/// Notices to people as a program officer meets them: the example's selection and a withdrawal,
/// sent to a real SMTP server on loopback and read back by Python's `email` package.
@Suite struct NoticeCommandTests {
    static let selected = "2022-02-02T18:00:00Z"

    /// The example's data and its committed templates (English, Spanish and the signature partial).
    static func example() throws -> TemporaryFolder {
        let folder = try workspaceWithData()
        let templates = Repository.root.appendingPathComponent("templates")
        let files = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "mustache" else { continue }
            let relative = String(url.path.dropFirst(Repository.root.path.count + 1))
            try folder.write(relative, try String(contentsOf: url, encoding: .utf8))
        }
        return folder
    }

    /// Every queued payload of the batches starting with `prefix`, by batch, read from the records.
    static func payloads(_ folder: TemporaryFolder, batch prefix: String = "notice:") throws -> [String: String] {
        let dump = try Processes.python(
            """
            import json, sqlite3, sys
            rows = sqlite3.connect(sys.argv[1]).execute("SELECT batch, payload FROM outbox WHERE batch LIKE ?", (sys.argv[2] + '%',))
            print(json.dumps(dict(rows.fetchall())))
            """, [folder.path(".cohort/state.sqlite"), prefix])
        #expect(dump.status == 0, "\(dump.stderr)")
        return try JSONDecoder().decode([String: String].self, from: Data(dump.stdout.utf8))
    }

    @Test func selectionAndWithdrawalTellEveryoneOnceThroughARealServer() throws {
        let folder = try Self.example()
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.selected], in: folder)
        let select = try succeed(["pilot", "select", "--now", Self.selected, "--json"], in: folder)
        #expect(
            try readJSON(
                select.stdout, "sorted(b.split(':')[1] for b in d['notices']['queued']).count('enrolled')",
                "sorted(b.split(':')[1] for b in d['notices']['queued']).count('waitlisted')")
                == ["9", "2"])
        let sink = try SMTPSink()
        let relay = ["--smtp-url", sink.url, "--use-tls", "none"]
        let dry = try succeed(["notices", "send", "--dry-run", "--now", "2022-02-02T18:05:00Z"] + relay, in: folder)
        #expect(dry.stdoutLines.last == "Dry run: nothing was sent.")
        let addresses = try folder.read("data/signups.csv").split(separator: "\n").dropFirst().map {
            String($0.split(separator: ",")[1])
        }
        #expect(addresses.count == 14)
        #expect(addresses.allSatisfy { !dry.stdout.contains($0) }, "a dry run names people, never their address")
        let sent = try succeed(["notices", "send", "--json", "--now", "2022-02-02T18:10:00Z"] + relay, in: folder)
        #expect(try readJSON(sent.stdout, "d['sent']") == ["11"])

        let withdrawn = try succeed(
            ["pilot", "withdraw", "sofia.g", "--reason", "new job", "--now", "2022-02-03T10:00:00Z", "--json"],
            in: folder)
        #expect(
            try readJSON(withdrawn.stdout, "d['notices']['queued']")
                == ["['notice:withdrawn:sofia.g', 'notice:offered:oliver.b']"])
        try succeed(["notices", "send", "--now", "2022-02-03T10:05:00Z"] + relay, in: folder)
        let again = try succeed(["notices", "send", "--json", "--now", "2022-02-03T10:10:00Z"] + relay, in: folder)
        #expect(try readJSON(again.stdout, "d['sent']", "d['skipped_already_sent']") == ["0", "13"])

        let received = try sink.received()
        #expect(received.count == 13)
        #expect(Set(received.map(\.messageID)).count == 13, "each notice once")
        #expect(received.allSatisfy { $0.rcptTos.count == 1 })
        #expect(received.filter { $0.rcptTos == ["sofia.g@example.org"] }.count == 2)

        // Python's email package reads every notice without a defect; the offer names the deadline
        // in oliver.b's own zone, and sofia.g reads hers in Spanish.
        let payloads = try Self.payloads(folder)
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

        // Nothing people see in public output carries an address.
        let list = try succeed(["notices", "list", "--now", "2022-02-03T10:10:00Z"], in: folder)
        #expect(list.stdoutLines.count == 14)
        try succeed(["calendar", "--now", "2022-02-03T10:10:00Z"], in: folder)
        for output in [
            select.stdout, withdrawn.stdout, list.stdout, sent.stdout, try folder.read("calendar/workshops.ics"),
            try folder.read("calendar/program.ics"),
        ] {
            #expect(addresses.allSatisfy { !output.contains($0) })
        }
    }

    @Test func aNoticeOvertakenBeforeSendingIsReplacedNeverSentAndNotCalledDropped() throws {
        let folder = try Self.example()
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.selected], in: folder)
        try succeed(["pilot", "select", "--now", Self.selected], in: folder)
        try succeed(
            ["pilot", "withdraw", "sofia.g", "--reason", "new job", "--now", "2022-02-03T10:00:00Z"], in: folder)
        let accepted = try succeed(["pilot", "accept", "oliver.b", "--now", "2022-02-03T11:00:00Z"], in: folder)
        // The offer was taken up, not undone: its notice is replaced by the enrolment's.
        #expect(accepted.stdoutLines.last?.contains("1 unsent notice replaced by a newer one") == true)
        #expect(!accepted.stdout.contains("dropped"))
        let list = try succeed(["notices", "list", "--json", "--now", "2022-02-03T11:00:00Z"], in: folder)
        #expect(
            try readJSON(
                list.stdout, "[n['state'] for n in d['notices'] if n['batch'] == 'notice:offered:oliver.b']",
                "[n['state'] for n in d['notices'] if n['batch'] == 'notice:enrolled:oliver.b']",
                "[n['state'] for n in d['notices'] if n['batch'] == 'notice:enrolled:sofia.g']")
                == ["['dropped']", "['pending']", "['dropped']"])
        let sink = try SMTPSink()
        try succeed(
            ["notices", "send", "--smtp-url", sink.url, "--use-tls", "none", "--now", "2022-02-03T11:05:00Z"],
            in: folder)
        let oliver = try sink.received().filter { $0.rcptTos == ["oliver.b@example.org"] }
        #expect(oliver.count == 1, "the enrolment, not the offer he took up before it went out")
        let audit = try Processes.python(
            "import sqlite3, sys\nfor row in sqlite3.connect(sys.argv[1]).execute(\"SELECT action, subject FROM audit_log WHERE action LIKE 'notice-%' AND action <> 'notice' ORDER BY id\"): print(*row)",
            [folder.path(".cohort/state.sqlite")])
        #expect(
            audit.stdoutLines == [
                "notice-supersede signup:sofia.g", "notice-supersede signup:oliver.b",
                "notice-supersede signup:oliver.b",
            ], "sofia.g's enrolment by her farewell, oliver.b's wait-list place by his offer, the offer by his seat")
    }

    @Test func twoSendsAndADecisionBetweenThemAtTheSameFixedClockAllRunStampedAtIt() throws {
        let folder = try Self.example()
        let now = "2022-06-02T00:00:00Z"
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.selected], in: folder)
        try succeed(["pilot", "select", "--now", Self.selected], in: folder)
        let sink = try SMTPSink()
        let send = ["notices", "send", "--smtp-url", sink.url, "--use-tls", "none", "--now", now, "--json"]
        let first = try succeed(send, in: folder)
        #expect(try readJSON(first.stdout, "d['sent'] > 0") == ["True"])
        try succeed(["pilot", "withdraw", "sofia.g", "--reason", "new job", "--now", now], in: folder)
        let second = try succeed(send, in: folder)
        #expect(try readJSON(second.stdout, "d['sent'] > 0") == ["True"])
        let stamps = try Processes.python(
            "import sqlite3, sys\nfor row in sqlite3.connect(sys.argv[1]).execute(\"SELECT DISTINCT at FROM audit_log WHERE command = 'notices send' UNION SELECT DISTINCT updated_at FROM outbox WHERE state = 'sent'\"): print(row[0])",
            [folder.path(".cohort/state.sqlite")])
        #expect(stamps.status == 0, "\(stamps.stderr)")
        let instants = Set(stamps.stdoutLines.map { $0.replacingOccurrences(of: ".000Z", with: "Z") })
        #expect(instants == [now], "a fixed clock stamps everything at it: \(stamps.stdout)")
    }

    @Test func aTemplateWithAnUnknownVariableIsLocatedAndNothingIsDecided() throws {
        let folder = try Self.example()
        try folder.write(
            "templates/notices/waitlisted.txt.mustache",
            "Subject: {{program.name}}: the wait-list\n\nDear {{person.nmae}},\n\nYou are number {{notice.place}}.\n")
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.selected], in: folder)
        let select = try Processes.cohort(["pilot", "select", "--now", Self.selected], in: folder.url)
        #expect(select.status == 64)
        #expect(
            select.stderrLines.first
                == "templates/notices/waitlisted.txt.mustache:3:6: unknown variable \"person.nmae\": \"person\" has no \"nmae\"; did you mean \"name\"?"
        )
        let list = try succeed(["pilot", "list", "--json", "--now", Self.selected], in: folder)
        #expect(try readJSON(list.stdout, "sorted(set(p['standing'] for p in d['participants']))") == ["['pending']"])
        let notices = try succeed(["notices", "list", "--json"], in: folder)
        #expect(try readJSON(notices.stdout, "d['notices']") == ["[]"])
        let check = try Processes.cohort(["check"], in: folder.url)
        #expect(check.status == 65)
        #expect(check.stderr.contains("templates/notices/waitlisted.txt.mustache:3:6: unknown variable"))
    }

    @Test func someoneWithoutAnAddressIsReportedUndeliverable() throws {
        let folder = try Self.example()
        let signups = try folder.read("data/signups.csv").replacingOccurrences(
            of: "hana.s,hana.s@example.org,", with: "hana.s,,")
        try folder.write("data/signups.csv", signups)
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.selected], in: folder)
        let select = try succeed(["pilot", "select", "--now", Self.selected], in: folder)
        #expect(
            select.stdoutLines.last
                == "Notices: 10 notices queued (`cohort notices send` sends them); undeliverable, no mail address on record: hana.s"
        )
        let list = try succeed(["notices", "list", "--json"], in: folder)
        #expect(
            try readJSON(
                list.stdout, "[(n['person'], n['state'], n['reason']) for n in d['notices'] if n['state'] != 'pending']"
            )
                == ["[('hana.s', 'undeliverable', 'no mail address on record')]"])
    }

    @Test func partnersAreWelcomedToldOfEachStageAndOfTheGateTheyHoldBack() throws {
        let folder = try Self.example()
        try folder.write(
            "data/partners.csv",
            try String(contentsOf: Repository.root.appendingPathComponent("data/partners.csv"), encoding: .utf8))
        let imported = try succeed(
            ["partner", "import", "data/partners.csv", "--by", "Rosa", "--now", "2022-05-20T00:00:00Z"], in: folder)
        #expect(imported.stdoutLines.last == "Notices: 5 notices queued (`cohort notices send` sends them)")
        try succeed(
            ["partner", "advance", "wm-ke", "nda-signed", "--by", "Rosa", "--now", "2022-05-21T00:00:00Z"], in: folder)
        try succeed(
            ["partner", "advance", "wm-ke", "technical-onboarding", "--by", "Rosa", "--now", "2022-05-22T00:00:00Z"],
            in: folder)
        let told = try succeed(
            ["release", "notify", "partners", "--json", "--now", "2022-05-23T00:00:00Z"], in: folder)
        #expect(try readJSON(told.stdout, "d['partners']") == ["['wm-ke', 'esap', 'wm-ar', 'cee-hub']"])
        let again = try succeed(
            ["release", "notify", "partners", "--json", "--now", "2022-05-23T01:00:00Z"], in: folder)
        #expect(try readJSON(again.stdout, "d['notices']['queued']") == ["[]"], "once per partner and stage")
        let payloads = try Self.payloads(folder)
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

    @Test(arguments: [["notices"], ["notices", "list"], ["notices", "send"], ["release", "notify"]])
    func everyCommandHasAnAbstractDiscussionAndExamples(command: [String]) throws {
        let help = try Processes.cohort(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("cohort \(command.joined(separator: " "))"))
    }
}
