import CohortTestSupport
import Foundation
import Testing

/// The options every command shares, wherever they are written, and errors in one voice.
@Suite struct GlobalOptionsTests {
    @Test func globalOptionsWorkBeforeTheSubcommandToo() throws {
        let folder = try TemporaryFolder.workspace()
        let elsewhere = try TemporaryFolder()
        let after = try Processes.cohort(
            ["status", "--workspace", folder.url.path, "--now", "2022-03-15T00:00:00Z", "--json"], in: elsewhere.url)
        let before = try Processes.cohort(
            ["--workspace", folder.url.path, "--now", "2022-03-15T00:00:00Z", "--json", "status"], in: elsewhere.url)
        let mixed = try Processes.cohort(
            ["--now=2022-03-15T00:00:00Z", "--json", "release", "plan", "--workspace", folder.url.path],
            in: elsewhere.url)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout == after.stdout)
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(try readJSON(mixed.stdout, "[w['id'] for w in d['waves']]") == ["['pilot', 'partners', 'public']"])
    }

    @Test func theClockComesFromCohortNowWhenNoFlagSetsIt() throws {
        let folder = try TemporaryFolder.workspace()
        let environment = try Processes.cohort(
            ["status", "--json"], in: folder.url, environment: ["COHORT_NOW": "2022-02-10T00:00:00Z"])
        let flag = try Processes.cohort(
            ["status", "--json", "--now", "2022-03-15T00:00:00Z"], in: folder.url,
            environment: ["COHORT_NOW": "2022-02-10T00:00:00Z"])
        #expect(try readJSON(environment.stdout, "d['phase']['id']") == ["input"])
        #expect(try readJSON(flag.stdout, "d['phase']['id']") == ["analysis"], "--now wins over COHORT_NOW")
        let bad = try Processes.cohort(["status"], in: folder.url, environment: ["COHORT_NOW": "soon"])
        #expect(bad.status == 64)
        #expect(
            bad.stderrLines == [
                "cohort: COHORT_NOW \"soon\" is not an ISO 8601 instant; write it like 2022-02-01T12:00:00Z or 2022-02-01T13:00:00+01:00"
            ])
    }

    @Test func whoDecidesIsByThenCOHORTACTORThenTheProgramsDefaultActor() throws {
        let configuration = try Repository.exampleConfiguration().replacingOccurrences(
            of: "  time_zone: America/Los_Angeles\n",
            with: "  time_zone: America/Los_Angeles\n  default_actor: Rosa Quintero\n")
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        try folder.write(
            "data/partners.csv",
            try String(contentsOf: Repository.root.appendingPathComponent("data/partners.csv"), encoding: .utf8))
        let now = "2022-03-01T15:00:00Z"
        try succeed(["partner", "import", "data/partners.csv", "--now", now], in: folder)
        let byEnvironment = try Processes.cohort(
            ["partner", "advance", "wm-ke", "nda-signed", "--now", "2022-03-02T09:00:00Z"], in: folder.url,
            environment: ["COHORT_ACTOR": "Jonas Lindqvist"])
        #expect(byEnvironment.status == 0, "\(byEnvironment.stderr)")
        try succeed(
            ["partner", "advance", "wm-ke", "technical-onboarding", "--by", "Amara", "--now", "2022-03-02T10:00:00Z"],
            in: folder)
        let actors = try Processes.python(
            "import sqlite3, sys\nfor row in sqlite3.connect(sys.argv[1]).execute(\"SELECT DISTINCT command, actor FROM audit_log WHERE command LIKE 'partner %' ORDER BY id\"): print(*row, sep='|')",
            [folder.path(".cohort/state.sqlite")])
        #expect(
            actors.stdoutLines == [
                "partner import|Rosa Quintero", "partner advance|Jonas Lindqvist", "partner advance|Amara",
            ])
    }

    @Test func aDecisionDatedBeforeTheLatestIsRefusedAndAReadSaysSo() throws {
        let folder = try workspaceWithData()
        try succeed(["pilot", "import", "data/signups.csv", "--now", "2022-02-02T18:00:00Z"], in: folder)
        let earlier = try Processes.cohort(["pilot", "select", "--now", "2022-02-01T00:00:00Z"], in: folder.url)
        #expect(earlier.status == 64)
        #expect(
            earlier.stderrLines == [
                "cohort: a decision about signup:ameliaK at 2022-02-01T00:00:00Z would come before its latest recorded decision (import at 2022-02-02T18:00:00Z, by `pilot import`) and reorder its history; record it with --at at or after 2022-02-02T18:00:00Z"
            ])
        let future = try Processes.cohort(
            ["pilot", "select", "--at", "2022-03-01T00:00:00Z", "--now", "2022-02-03T00:00:00Z"], in: folder.url)
        #expect(future.status == 64)
        #expect(
            future.stderrLines == [
                "cohort: --at 2022-03-01T00:00:00Z is after the clock (--now, 2022-02-03T00:00:00Z); a decision is recorded when or after it happens; give an earlier --at or a later --now"
            ])
        let list = try Processes.cohort(["pilot", "list", "--json"], in: folder.url)
        #expect(try readJSON(list.stdout, "sorted(set(p['standing'] for p in d['participants']))") == ["['pending']"])
        let read = try Processes.cohort(["status", "--now", "2022-02-01T00:00:00Z"], in: folder.url)
        #expect(read.status == 0)
        #expect(
            read.stderrLines == [
                "cohort: note: the clock (--now, 2022-02-01T00:00:00Z) is before the latest recorded decision (2022-02-02T18:00:00Z, pilot import); the records shown include it"
            ])
    }

    @Test(arguments: [
        (["status", "--now", "tomorrow"], "bad-input", "--now \"tomorrow\" is not an ISO 8601 instant"),
        (["workshop", "slots"], "bad-input", "missing expected argument '--count <count>'"),
        (["announce", "show", "nope", "--channel", "mail"], "bad-input", "no announcement \"nope\" in announcements/"),
        (["check"], "problems-found", "problems found"),
    ])
    func aFailureWithJSONPrintsAnErrorDocumentToo(arguments: [String], kind: String, message: String) throws {
        let folder = try TemporaryFolder.workspace(configuration: arguments == ["check"] ? "version: 2\n" : nil)
        let result = try Processes.cohort(arguments + ["--json"], in: folder.url)
        #expect(result.status != 0)
        #expect(result.stderrLines.last?.hasPrefix("cohort: ") == true, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        if arguments != ["check"] {
            #expect(try readJSON(result.stdout, "d['error']['kind']") == [kind], "\(result.stdout)")
            #expect(
                try readJSON(
                    result.stdout,
                    "message in d['error']['message']".replacingOccurrences(
                        of: "message", with: "'\(message.replacingOccurrences(of: "'", with: "\\'"))'", options: [],
                        range: "message".startIndex..<"message".endIndex)) == ["True"])
        }
    }

    @Test func parserErrorsSpeakInTheSameVoice() throws {
        let result = try Processes.cohort(["pilot", "withdraw"])
        #expect(result.status == 64)
        #expect(
            result.stderrLines == [
                "cohort: missing expected argument '<username>'; see `cohort pilot withdraw --help`"
            ])
        let unknown = try Processes.cohort(["pilot", "enrol"])
        #expect(unknown.status == 64)
        #expect(unknown.stderrLines.first?.hasPrefix("cohort: ") == true, "\(unknown.stderr)")
    }
}
