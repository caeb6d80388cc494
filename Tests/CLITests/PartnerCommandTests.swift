import CohortTestSupport
import Foundation
import Testing

/// `cohort partner` (and the partner parts of `release explain` and `status`) run as the built binary.
@Suite struct PartnerCommandTests {
    static let start = "2022-05-02T09:00:00Z"

    /// A workspace on the example program with the example's partners imported at `start`.
    static func imported() throws -> TemporaryFolder {
        let folder = try TemporaryFolder.workspace()
        try folder.write(
            "data/partners.csv",
            try String(contentsOf: Repository.root.appendingPathComponent("data/partners.csv"), encoding: .utf8))
        try folder.write(
            "templates/reminder.txt.mustache",
            try String(
                contentsOf: Repository.root.appendingPathComponent("templates/reminder.txt.mustache"), encoding: .utf8))
        _ = try succeed(
            ["partner", "import", "data/partners.csv", "--now", start, "--by", "Rosa Quintero"], in: folder)
        return folder
    }

    /// Moves the example partners to where the May 2022 scenario has them.
    static func scenario() throws -> TemporaryFolder {
        let folder = try imported()
        for id in ["wm-ke", "esap", "wm-ar", "cee-hub"] {
            _ = try succeed(
                ["partner", "advance", id, "nda-signed", "--by", "Rosa Quintero", "--now", "2022-05-06T09:00:00Z"],
                in: folder)
        }
        _ = try succeed(
            [
                "partner", "advance", "wm-ke", "technical-onboarding", "--by", "Rosa Quintero", "--now",
                "2022-05-09T09:00:00Z",
            ],
            in: folder)
        _ = try succeed(
            [
                "partner", "advance", "wm-ar", "ready", "--skip", "--reason", "Onboarded in the 2021 pilot", "--by",
                "Rosa Quintero", "--now", "2022-05-10T09:00:00Z",
            ], in: folder)
        _ = try succeed(
            [
                "partner", "check", "wm-ke", "account-access", "--by", "Jonas Lindqvist", "--now",
                "2022-05-11T09:00:00Z",
            ],
            in: folder)
        // Last, as the clock runs: a decision is never recorded before an earlier one.
        _ = try succeed(
            [
                "partner", "advance", "esap", "technical-onboarding", "--by", "Rosa Quintero", "--now",
                "2022-05-20T09:00:00Z",
            ],
            in: folder)
        return folder
    }

    @Test func importIsIdempotentByIdAndListPrintsTheDesignShapeWithoutAddresses() throws {
        let folder = try Self.imported()
        let again = try succeed(["partner", "import", "data/partners.csv", "--now", Self.start], in: folder)
        #expect(again.stdout == "Imported data/partners.csv: 0 added, 0 updated, 5 unchanged\n")
        let list = try succeed(["partner", "list", "--json", "--now", Self.start], in: folder)
        #expect(
            try readJSON(list.stdout, "[(p['id'], p['stage'], p['wave'], p['overdue']) for p in d['partners']]")
                == [
                    "[('wm-ke', 'invited', 'partners', []), ('esap', 'invited', 'partners', []), ('wm-ar', 'invited', 'partners', []), ('cee-hub', 'invited', 'partners', []), ('openlib', 'invited', 'public', [])]"
                ])
        #expect(!list.stdout.contains("@"))
        let show = try succeed(["partner", "show", "wm-ke", "--json", "--now", Self.start], in: folder)
        #expect(!show.stdout.contains("@"))
        #expect(
            try readJSON(show.stdout, "d['history'][0]['by']", "d['contact_name']") == [
                "Rosa Quintero", "Achieng Otieno",
            ])
    }

    @Test func aBadCSVIsReportedRowByRowAndNothingIsImported() throws {
        let folder = try TemporaryFolder.workspace()
        try folder.write(
            "bad.csv",
            """
            id,name,kind,region,contact_name,contact_email,time_zone,wave
            wm-ke,Kenya,affiliate,Africa,A,a@example.org,Africa/Nairobi,partners
            wm-ke,Kenya,affiliate,Africa,A,a@example.org,Africa/Nairobi,partnrs

            """)
        let result = try Processes.cohort(["partner", "import", "bad.csv"], in: folder.url)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderrLines == [
                "bad.csv:row 3, column \"id\": \"wm-ke\" already appears in row 2; keep one row per partner",
                "bad.csv:row 3, column \"wave\": unknown wave \"partnrs\"; did you mean \"partners\"?; waves: pilot, partners, public",
                "cohort: 2 problems in bad.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        let list = try succeed(["partner", "list", "--json"], in: folder)
        #expect(try readJSON(list.stdout, "d['partners']") == ["[]"])
    }

    @Test func outOfOrderUnknownStageAndUntickedItemsAreRefusedAndNothingChanges() throws {
        let folder = try Self.scenario()
        let before = try succeed(["partner", "show", "wm-ke", "--json"], in: folder).stdout
        let cases: [([String], String)] = [
            (
                ["partner", "advance", "cee-hub", "ready", "--by", "R"],
                "cohort: partner \"cee-hub\" is at \"nda-signed\"; going to \"ready\" passes over \"technical-onboarding\", \"strategic-onboarding\"; advance one stage at a time, or pass --skip --reason TEXT"
            ),
            (
                ["partner", "advance", "wm-ke", "stratgic-onboarding", "--by", "R"],
                "cohort: unknown stage \"stratgic-onboarding\"; did you mean \"strategic-onboarding\"?; stages: invited, nda-signed, technical-onboarding, strategic-onboarding, ready, access-granted"
            ),
            (
                ["partner", "advance", "wm-ke", "strategic-onboarding", "--by", "R"],
                "cohort: partner \"wm-ke\" cannot leave \"technical-onboarding\" with unticked items: tool-walkthrough; tick them with `cohort partner check wm-ke ITEM --by NAME`, or pass --force --reason TEXT"
            ),
            (
                ["partner", "advance", "wm-ke", "invited", "--by", "R"],
                "cohort: partner \"wm-ke\" is at \"technical-onboarding\", after \"invited\"; going back needs --back --reason TEXT"
            ),
            (
                ["partner", "advance", "wm-kee", "ready", "--by", "R"],
                "cohort: unknown partner \"wm-kee\"; did you mean \"wm-ke\"?; list them with `cohort partner list`"
            ),
            (
                [
                    "partner", "add", "x", "--name", "X", "--kind", "hub", "--contact-email", "x@example.org",
                    "--time-zone", "UTC", "--wave", "partner",
                ],
                "cohort: --wave: unknown wave \"partner\"; did you mean \"partners\"?; waves: pilot, partners, public"
            ),
        ]
        for (arguments, message) in cases {
            let result = try Processes.cohort(arguments, in: folder.url)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderrLines == [message])
            #expect(result.stdout.isEmpty)
        }
        #expect(try succeed(["partner", "show", "wm-ke", "--json"], in: folder).stdout == before)
    }

    @Test func forceAndBackAreRecordedWithTheirReasons() throws {
        let folder = try Self.scenario()
        _ = try succeed(
            [
                "partner", "advance", "wm-ke", "strategic-onboarding", "--force", "--reason",
                "Walkthrough done in a workshop",
                "--by", "Rosa Quintero", "--now", "2022-05-21T09:00:00Z",
            ], in: folder)
        _ = try succeed(
            [
                "partner", "advance", "cee-hub", "invited", "--back", "--reason", "NDA went to the wrong contact",
                "--by",
                "Rosa Quintero", "--now", "2022-05-21T10:00:00Z",
            ], in: folder)
        let wmke = try succeed(["partner", "show", "wm-ke", "--json", "--now", "2022-05-21T09:00:00Z"], in: folder)
        #expect(
            try readJSON(
                wmke.stdout, "[(s['move'], s['to'], s['forced'], s['by'], s['note']) for s in d['history']][-1]",
                "[(i['id'], i['due']) for i in d['checklist']]")
                == [
                    "('advance', 'strategic-onboarding', True, 'Rosa Quintero', 'Walkthrough done in a workshop')",
                    "[('sense-making', '2022-06-04T09:00:00Z')]",
                ])
        let cee = try succeed(["partner", "show", "cee-hub", "--json"], in: folder)
        #expect(try readJSON(cee.stdout, "d['stage']", "d['history'][-1]['move']") == ["invited", "back"])
    }

    @Test func listFunnelAndDueAtAGivenNow() throws {
        let folder = try Self.scenario()
        let now = "2022-05-25T00:00:00Z"
        let overdue = try succeed(["partner", "list", "--overdue", "--json", "--now", now], in: folder)
        #expect(
            try readJSON(overdue.stdout, "[(p['id'], p['overdue']) for p in d['partners']]")
                == ["[('wm-ke', ['tool-walkthrough']), ('esap', ['account-access'])]"])
        let staged = try succeed(["partner", "list", "--stage", "ready", "--json", "--now", now], in: folder)
        #expect(try readJSON(staged.stdout, "[p['id'] for p in d['partners']]") == ["['wm-ar']"])
        let funnel = try succeed(["partner", "funnel", "--json", "--now", now], in: folder)
        #expect(
            try readJSON(
                funnel.stdout, "[(s['stage'], s['count']) for s in d['stages']]", "d['overdue']",
                "[(s['median_days'], s['p90_days'], s['conversion']) for s in d['stages'][:2]]")
                == [
                    "[('invited', 1), ('nda-signed', 1), ('technical-onboarding', 2), ('strategic-onboarding', 0), ('ready', 1), ('access-granted', 0)]",
                    "2", "[(4, 4, 0.8), (4, 14, 0.75)]",
                ])
        let due = try succeed(["partner", "due", "--within", "7d", "--now", now], in: folder)
        #expect(
            due.stdoutLines == [
                "DUE                   PARTNER  ITEM              STAGE                 BY",
                "2022-05-19T09:00:00Z  wm-ke    tool-walkthrough  technical-onboarding  Achieng Otieno  OVERDUE",
                "2022-05-23T09:00:00Z  esap     account-access    technical-onboarding  Lea Santos      OVERDUE",
                "2022-05-30T09:00:00Z  esap     tool-walkthrough  technical-onboarding  Lea Santos",
            ])
        let status = try succeed(["status", "--now", now], in: folder)
        #expect(
            status.stdoutLines.contains(
                "Partners 1 invited · 1 nda-signed · 2 technical-onboarding · 1 ready · 2 overdue"))
    }

    @Test func releaseExplainNamesThePartnersHoldingTheWaveBackAndTheirOverdueItems() throws {
        let folder = try Self.scenario()
        let explain = try succeed(
            ["release", "explain", "partners", "--json", "--now", "2022-05-25T00:00:00Z"], in: folder)
        #expect(
            try readJSON(
                explain.stdout,
                "[(g['holds'], g['holding_back']) for g in d['gates'] if g['gate'] == 'onboarded: ready']")
                == [
                    "[(False, ['wm-ke (at technical-onboarding; overdue: tool-walkthrough)', 'esap (at technical-onboarding; overdue: account-access)', 'cee-hub (at nda-signed)'])]"
                ])
    }

    @Test func remindQueuesOneMailPerOverduePartnerAndNotAgainWithinTheInterval() throws {
        let folder = try Self.scenario()
        let dry = try succeed(
            ["partner", "remind", "--dry-run", "--json", "--now", "2022-05-25T00:00:00Z"], in: folder)
        #expect(
            try readJSON(dry.stdout, "[(r['partner'], r['items'], r['queued']) for r in d['reminders']]")
                == ["[('wm-ke', ['tool-walkthrough'], 'dry run'), ('esap', ['account-access'], 'dry run')]"])
        let sent = try succeed(["partner", "remind", "--json", "--now", "2022-05-25T00:00:00Z"], in: folder)
        #expect(
            try readJSON(sent.stdout, "[r['queued'] for r in d['reminders']]", "d['batch']")
                == ["['queued', 'queued']", "remind:2022-05-25T00:00:00Z"])
        #expect(!sent.stdout.contains("@"))
        let soon = try succeed(["partner", "remind", "--now", "2022-05-27T00:00:00Z"], in: folder)
        #expect(soon.stdout == "No reminders due\n")
        let week = try succeed(["partner", "remind", "--json", "--now", "2022-06-01T00:00:00Z"], in: folder)
        #expect(
            try readJSON(week.stdout, "[(r['partner'], r['items']) for r in d['reminders']]")
                == ["[('wm-ke', ['tool-walkthrough']), ('esap', ['account-access', 'tool-walkthrough'])]"])
        // The queued mail is read back by Python's email package.
        let store = folder.path(".cohort/state.sqlite")
        let mail = try Processes.python(
            """
            import sqlite3, sys, email, email.policy
            row = sqlite3.connect(sys.argv[1]).execute("SELECT payload FROM outbox WHERE recipient = 'achieng@example.org' AND batch LIKE 'remind:%' ORDER BY id LIMIT 1").fetchone()
            m = email.message_from_string(row[0], policy=email.policy.default)
            print(m['To']); print(m['Subject']); print('Tool walkthrough' in m.get_content())
            print([l.strip() for l in m.get_content().splitlines() if 'due ' in l])
            """, [store])
        #expect(
            mail.stdoutLines.prefix(3) == [
                "Achieng Otieno <achieng@example.org>",
                "Reminder: 1 overdue onboarding item for Wikimedia Community Kenya (example)", "True",
            ])
        // The due date as the contact reads it: in the partner's zone, named; never a raw UTC instant.
        let due = mail.stdoutLines.last ?? ""
        #expect(due.contains("(Africa/Nairobi)"), "\(due)")
        #expect(!due.contains("Z'"), "\(due)")

        // What was queued goes out through the outbox, once, to a real SMTP server on loopback;
        // the reminders of 25 May, superseded by those of 1 June, never go out.
        let sink = try SMTPSink()
        let superseded = try Processes.cohort(
            ["outbox", "send", "remind:2022-05-25T00:00:00Z", "--smtp-url", sink.url, "--use-tls", "none"],
            in: folder.url)
        #expect(superseded.status == 0, "\(superseded.stderr)")
        #expect(try sink.received().isEmpty)
        let command = [
            "outbox", "send", "remind:2022-06-01T00:00:00Z", "--smtp-url", sink.url, "--use-tls", "none", "--json",
        ]
        let send = try Processes.cohort(command, in: folder.url)
        #expect(send.status == 0, "\(send.stderr)")
        #expect(try sink.received().map(\.rcptTos).flatMap { $0 }.sorted().count == 2)
        let again = try Processes.cohort(command, in: folder.url)
        #expect(again.status == 0)
        #expect(try sink.received().count == 2, "a finished batch sends nothing")
        let list = try Processes.cohort(["outbox", "list"], in: folder.url)
        #expect(list.stdout.contains("remind:2022-05-25T00:00:00Z"))
        let unknown = try Processes.cohort(["outbox", "send", "remind:2022-05-25T00:00:00"], in: folder.url)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean"))
    }

    @Test(arguments: ["import", "add", "show", "advance", "check", "list", "funnel", "due", "remind"])
    func everyCommandHasHelpWithExamples(command: String) throws {
        let help = try succeed(["partner", command, "--help"], in: try TemporaryFolder.workspace())
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("--now"))
    }
}
