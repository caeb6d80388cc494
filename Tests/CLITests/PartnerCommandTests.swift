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

    /// Import, list and show through the binary: the import line, the `--json` keys, no contact
    /// address in any output, and a refusal's exit code and stderr. What onboarding decides is in
    /// `PartnerUseCaseTests`.
    @Test func importListAndShowKeepTheirShapeAndNeverPrintAnAddress() throws {
        let folder = try Self.imported()
        let again = try succeed(["partner", "import", "data/partners.csv", "--now", Self.start], in: folder)
        #expect(again.stdout == "Imported data/partners.csv: 0 added, 0 updated, 5 unchanged\n")
        let list = try succeed(["partner", "list", "--json", "--now", Self.start], in: folder)
        #expect(
            try readJSON(list.stdout, "sorted(d)", "sorted(d['partners'][0])", "[p['id'] for p in d['partners']]")
                == [
                    "['partners']", "['id', 'kind', 'name', 'overdue', 'since', 'stage', 'wave']",
                    "['wm-ke', 'esap', 'wm-ar', 'cee-hub', 'openlib']",
                ])
        let show = try succeed(["partner", "show", "wm-ke", "--json", "--now", Self.start], in: folder)
        #expect(
            try readJSON(
                show.stdout, "sorted(d)", "sorted(d['history'][0])", "sorted(d['projected'][0])",
                "d['history'][0]['by']",
                "d['contact_name']")
                == [
                    "['checklist', 'contact_name', 'history', 'id', 'kind', 'name', 'overdue', 'projected', 'region', 'since', 'stage', 'time_zone', 'wave']",
                    "['at', 'by', 'forced', 'move', 'note', 'to']", "['due', 'id', 'name', 'overdue', 'stage']",
                    "Rosa Quintero", "Achieng Otieno",
                ])
        for output in [again.stdout, list.stdout, show.stdout] { #expect(!output.contains("@")) }

        let unknown = try Processes.cohort(["partner", "advance", "wm-kee", "ready", "--by", "R"], in: folder.url)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderrLines == [
                "cohort: unknown partner \"wm-kee\"; did you mean \"wm-ke\"?; list them with `cohort partner list`"
            ])
        #expect(unknown.stdout.isEmpty)
    }

    /// A partner through onboarding to a reminder sent to a real SMTP server on loopback: the due
    /// table, the funnel's keys, the gate the partner holds back (`release explain --json`), `partner remind --json`,
    /// and the batch sent once through `outbox send`.
    @Test func anOverduePartnerIsListedHoldsTheWaveBackAndIsRemindedOnceThroughARealServer() throws {
        let folder = try Self.imported()
        for (stage, now) in [("nda-signed", "2022-05-06T09:00:00Z"), ("technical-onboarding", "2022-05-09T09:00:00Z")] {
            _ = try succeed(["partner", "advance", "wm-ke", stage, "--by", "Rosa Quintero", "--now", now], in: folder)
        }
        let now = "2022-05-25T00:00:00Z"
        let due = try succeed(["partner", "due", "--within", "7d", "--now", now], in: folder)
        #expect(
            due.stdoutLines == [
                "DUE                   PARTNER  ITEM              STAGE                 BY",
                "2022-05-12T09:00:00Z  wm-ke    account-access    technical-onboarding  Achieng Otieno  OVERDUE",
                "2022-05-19T09:00:00Z  wm-ke    tool-walkthrough  technical-onboarding  Achieng Otieno  OVERDUE",
            ])
        let listed = try succeed(
            ["partner", "list", "--overdue", "--stage", "technical-onboarding", "--json", "--now", now], in: folder)
        #expect(
            try readJSON(listed.stdout, "[(p['id'], p['overdue']) for p in d['partners']]") == [
                "[('wm-ke', ['account-access', 'tool-walkthrough'])]"
            ])
        let funnel = try succeed(["partner", "funnel", "--json", "--now", now], in: folder)
        #expect(
            try readJSON(funnel.stdout, "sorted(d)", "sorted(d['stages'][0])")
                == [
                    "['overdue', 'overdue_items', 'partners', 'stages']",
                    "['conversion', 'count', 'median_days', 'overdue', 'p90_days', 'reached', 'stage']",
                ])
        let explain = try succeed(["release", "explain", "partners", "--json", "--now", now], in: folder)
        #expect(
            try readJSON(
                explain.stdout, "sorted(d['gates'][0])",
                "[(g['holds'], g['holding_back'][0]) for g in d['gates'] if g['gate'] == 'onboarded: ready']")
                == [
                    "['gate', 'holding_back', 'holds', 'reason']",
                    "[(False, 'wm-ke (at technical-onboarding; overdue: account-access, tool-walkthrough)')]",
                ])
        let dry = try succeed(["partner", "remind", "--dry-run", "--json", "--now", now], in: folder)
        #expect(
            try readJSON(dry.stdout, "d['dry_run']", "[r['queued'] for r in d['reminders']]") == [
                "True", "['dry run']",
            ])
        let reminded = try succeed(["partner", "remind", "--json", "--now", now], in: folder)
        #expect(
            try readJSON(
                reminded.stdout, "sorted(d)", "[(r['partner'], r['items'], r['queued']) for r in d['reminders']]")
                == [
                    "['batch', 'dry_run', 'reminders']",
                    "[('wm-ke', ['account-access', 'tool-walkthrough'], 'queued')]",
                ])
        #expect(!reminded.stdout.contains("@"))

        let sink = try SMTPSink()
        let command = [
            "outbox", "send", "remind:2022-05-25T00:00:00Z", "--smtp-url", sink.url, "--use-tls", "none", "--json",
        ]
        let send = try Processes.cohort(command, in: folder.url)
        #expect(send.status == 0, "\(send.stderr)")
        #expect(try sink.received().map(\.rcptTos) == [["achieng@example.org"]])
        let again = try Processes.cohort(command, in: folder.url)
        #expect(again.status == 0)
        #expect(try sink.received().count == 1, "a finished batch sends nothing")
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
