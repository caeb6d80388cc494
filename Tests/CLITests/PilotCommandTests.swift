import CohortStore
import CohortTestSupport
import Foundation
import Testing

/// A fresh example workspace holding a copy of the example data files.
func workspaceWithData() throws -> TemporaryFolder {
    let folder = try TemporaryFolder.workspace()
    for name in ["signups.csv", "poll.csv"] {
        try folder.write(
            "data/\(name)",
            try String(contentsOf: Repository.root.appendingPathComponent("data/\(name)"), encoding: .utf8))
    }
    return folder
}

/// The example's pilot enrolled, one office hour for it (session 1, Friday 4 February 2022 at
/// 16:00 UTC, nine seats) with `registered` on it, and their invitations queued.
func workspaceWithInvitations(_ registered: [String]) throws -> TemporaryFolder {
    let folder = try workspaceWithData()
    try succeed(["pilot", "import", "data/signups.csv", "--now", "2022-02-02T18:00:00Z"], in: folder)
    try succeed(["pilot", "select", "--now", "2022-02-02T18:00:00Z"], in: folder)
    try succeed(
        [
            "workshop", "add", "--title", "Pilot office hour", "--start", "2022-02-04T16:00:00Z", "--capacity", "9",
            "--link", "https://meet.example.org/el", "--now", "2022-02-02T19:00:00Z",
        ], in: folder)
    for name in registered {
        try succeed(["workshop", "register", "1", name, "--now", "2022-02-02T19:00:00Z"], in: folder)
    }
    try succeed(["workshop", "invite", "1", "--now", "2022-02-02T19:00:00Z"], in: folder)
    return folder
}

/// Runs `cohort` in `folder` and requires success with nothing on stderr but notes (a clock
/// earlier than the records, when a test looks at the past on purpose).
@discardableResult
func succeed(_ arguments: [String], in folder: TemporaryFolder) throws -> ProcessResult {
    let result = try Processes.cohort(arguments, in: folder.url)
    #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
    #expect(
        result.stderrLines.allSatisfy { $0.hasPrefix("cohort: note: ") },
        "\(arguments.joined(separator: " ")): \(result.stderr)")
    return result
}

/// Reads a JSON document with Python's json module and prints what `expression` of `d` gives, one value a line.
func readJSON(_ document: String, _ expressions: String...) throws -> [String] {
    let script =
        "import json,sys; d=json.load(sys.stdin)\n" + expressions.map { "print(\($0))" }.joined(separator: "\n")
    let read = try Processes.python(script, input: document)
    #expect(read.status == 0, "\(read.stderr)")
    return read.stdoutLines
}

@Suite struct PilotCommandTests {
    static let now = "2022-02-02T18:00:00Z"

    /// The pilot through the binary, import to acceptance: the select table, every command's
    /// `--json` keys, `--show-email`, a refusal's exit code, and no address unless asked for. What
    /// each decides is in `PilotUseCaseTests`.
    @Test func importSelectWithdrawListAndAcceptThroughTheBinary() throws {
        let folder = try workspaceWithData()
        let imported = try succeed(["pilot", "import", "data/signups.csv", "--now", Self.now], in: folder)
        #expect(imported.stdoutLines == ["Imported data/signups.csv: 14 added, 0 updated, 0 unchanged"])
        let select = try succeed(["pilot", "select", "--now", Self.now], in: folder)
        #expect(select.stdoutLines.first == "Pilot cohort 9/9 seats taken · 2 wait-listed · 3 ineligible")
        #expect(select.stdoutLines.contains("  1  oliver.b  wait-list"))
        #expect(
            select.stdoutLines.contains(
                "     yusuf.t   ineligible: not available during the pilot period; has not agreed to sign the NDA"))
        #expect(select.stdoutLines.last == "Notices: 11 notices queued (`cohort notices send` sends them)")
        let again = try succeed(["pilot", "select", "--now", Self.now, "--json"], in: folder)
        #expect(
            try readJSON(
                again.stdout, "sorted(d)", "sorted(d['ineligible'][0])", "d['capacity']", "d['notices']['queued']")
                == [
                    "['capacity', 'enrolled', 'ineligible', 'notices', 'offered', 'waitlist']",
                    "['reasons', 'username']",
                    "9", "[]",
                ])
        let withdrawn = try succeed(
            ["pilot", "withdraw", "sofia.g", "--reason", "new job", "--now", "2022-02-03T10:00:00Z", "--json"],
            in: folder)
        #expect(
            try readJSON(
                withdrawn.stdout, "sorted(d)", "sorted(d['decisions'][0])",
                "' '.join(x['action'] + ':' + x['username'] for x in d['decisions'])")
                == ["['decisions', 'notices']", "['action', 'reason', 'username']", "withdraw:sofia.g offer:oliver.b"])
        let ahead = try succeed(["pilot", "list", "--json", "--now", "2023-02-03T00:00:00Z"], in: folder)
        #expect(
            try readJSON(
                ahead.stdout, "sorted(d)", "sorted(d['participants'][0])", "sorted(d['projected'][0])",
                "sorted(set(p['standing'] for p in d['participants'] if p.get('projected')))")
                == [
                    "['capacity', 'participants', 'projected']",
                    "['eligible', 'nda', 'place', 'reasons', 'signed_up_at', 'standing', 'time_zone', 'username']",
                    "['action', 'at', 'projected', 'reason', 'username']", "['lapsed']",
                ])
        let shown = try succeed(["pilot", "list", "--now", Self.now, "--show-email"], in: folder)
        #expect(shown.stdout.contains("amelia.k@example.org"))
        for output in [imported.stdout, select.stdout, again.stdout, withdrawn.stdout, ahead.stdout] {
            #expect(!output.contains("@"))
        }
        let unknown = try Processes.cohort(["pilot", "set", "pieter.w", "--nda", "signed"], in: folder.url)
        #expect(unknown.status == 64)
        #expect(
            unknown.stderrLines == [
                "cohort: no sign-up named \"pieter.w\"; did you mean \"pieter.v\"?; `cohort pilot list` shows everyone"
            ])
        #expect(unknown.stdout.isEmpty)
        try succeed(["pilot", "accept", "oliver.b", "--now", "2022-02-04T09:00:00Z"], in: folder)
        let status = try succeed(["status", "--now", "2022-02-04T09:00:00Z", "--json"], in: folder)
        #expect(
            try readJSON(status.stdout, "d['records']['pilot']")
                == ["{'capacity': 9, 'enrolled': 9, 'open_offers': 0, 'waitlist': 1}"])
    }

    @Test func aBadFileIsReportedRowByRowAndNothingIsImported() throws {
        let folder = try workspaceWithData()
        var text = try folder.read("data/signups.csv")
        text = text.replacingOccurrences(
            of: "ravi.p@example.org,2022-02-01T14:05:00+05:30", with: "ravi.p@example.org,2022-02-01 14:05")
        text = text.replacingOccurrences(of: ",declined,Europe/Amsterdam", with: ",maybe,Europe/Amsterdam")
        try folder.write("data/bad.csv", text)
        let result = try Processes.cohort(["pilot", "import", "data/bad.csv"], in: folder.url)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderrLines == [
                "data/bad.csv:row 3, column \"signed_up_at\": \"2022-02-01 14:05\" is not an ISO 8601 instant with an offset; write it like 2022-02-01T09:30:00+01:00 or 2022-02-01T08:30:00Z",
                "data/bad.csv:row 4, column \"nda\": \"maybe\" is not an NDA state; write none, agreed, sent, signed or declined",
                "cohort: 2 problems in data/bad.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        let list = try succeed(["pilot", "list", "--json"], in: folder)
        #expect(try readJSON(list.stdout, "len(d['participants'])") == ["0"])

        let skipped = try Processes.cohort(["pilot", "import", "data/bad.csv", "--skip-invalid"], in: folder.url)
        #expect(skipped.status == 0)
        #expect(skipped.stdoutLines == ["Imported data/bad.csv: 12 added, 0 updated, 0 unchanged, 2 rows skipped"])
        #expect(skipped.stderrLines.count == 2)
        #expect(skipped.stderrLines.allSatisfy { $0.hasPrefix("skipped: data/bad.csv:row ") })
        // The good file brings the two rows in; --accept-changes lets a changed row through.
        let fixed = try succeed(["pilot", "import", "data/signups.csv", "--accept-changes"], in: folder)
        #expect(fixed.stdoutLines == ["Imported data/signups.csv: 2 added, 0 updated, 12 unchanged"])
    }

    @Test func importFromTheWikiIsInTheHelpAndTakesAFileOrThePageNotBoth() throws {
        let folder = try workspaceWithData()
        let help = try Processes.cohort(["pilot", "import", "--help"], in: folder.url)
        #expect(help.status == 0)
        #expect(help.stdout.contains("cohort pilot import --from-wiki --json"))
        let both = try Processes.cohort(["pilot", "import", "data/signups.csv", "--from-wiki"], in: folder.url)
        #expect(both.status == 64)
        #expect(both.stderr.contains("give a CSV file or --from-wiki, one of them"))
        // Without pilot.signup the wiki is never asked.
        var configuration = try Repository.exampleConfiguration()
        let start = try #require(configuration.range(of: "  signup:\n"))
        let end = try #require(
            configuration.range(of: "      nda: nda\n", range: start.upperBound..<configuration.endIndex))
        configuration.removeSubrange(start.lowerBound..<end.upperBound)
        try folder.write("cohort.yaml", configuration)
        let unset = try Processes.cohort(["pilot", "import", "--from-wiki", "--json"], in: folder.url)
        #expect(unset.status == 64, "\(unset.stderr)")
        #expect(unset.stderr.contains("cohort.yaml names no sign-up section; add pilot.signup.section"))
        #expect(unset.stdout.contains("\"bad-input\""))
    }

    @Test(arguments: ["import", "set", "select", "withdraw", "accept", "list"])
    func everyCommandHasAnAbstractDiscussionAndExamples(command: String) throws {
        let help = try Processes.cohort(["pilot", command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("cohort pilot \(command)"))
    }
}
