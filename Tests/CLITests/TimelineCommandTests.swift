import CohortTestSupport
import Foundation
import Testing

/// `cohort timeline`, `cohort release` and `cohort calendar` run as the built binary.
@Suite struct TimelineCommandTests {
    static let now = "2022-05-20T00:00:00Z"

    /// The example as it stood before the May 2022 update: the public wave still in May–June, with
    /// the example's templates and announcement sources.
    static func beforeTheSlip() throws -> TemporaryFolder {
        let root = Repository.root
        let configuration = try Repository.exampleConfiguration().replacingOccurrences(
            of: "      date: 2022-H2\n      previous_date: 2022-05/2022-06\n", with: "      date: 2022-05/2022-06\n")
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        let manager = FileManager.default
        for folderName in ["templates", "templates/partials", "announcements"] {
            for name in try manager.contentsOfDirectory(atPath: root.appendingPathComponent(folderName).path)
            where name.hasSuffix(".mustache") || name.hasSuffix(".md") {
                let relative = "\(folderName)/\(name)"
                try folder.write(
                    relative, try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8))
            }
        }
        return folder
    }

    @Test func timelineJSONAndMermaid() throws {
        let folder = try TemporaryFolder.workspace()
        let json = try succeed(["timeline", "--json", "--now", Self.now], in: folder)
        #expect(
            try readJSON(
                json.stdout, "d['critical_chain']", "[i['id'] for i in d['items'] if i['kind'] == 'wave']",
                "[(i['date'], i['precision'], i['start'], i['end']) for i in d['items'] if i['id'] == 'public']",
                "[i['after'] for i in d['items'] if i['id'] == 'partners']")
                == [
                    "['pilot', 'partners', 'public']", "['pilot', 'partners', 'public']",
                    "[('2022-H2', 'half-year', '2022-07-01', '2022-12-31')]", "[[{'id': 'pilot', 'lag': '8w'}]]",
                ])
        let mermaid = try succeed(["timeline", "--format", "mermaid"], in: folder)
        #expect(mermaid.stdoutLines.first == "gantt")
        #expect(
            mermaid.stdoutLines.contains(
                "    Initial public dashboard (second half of 2022) :crit, public, 2022-07-01, 2023-01-01"))
    }

    @Test func slipMovesThePublicWaveListsStaleAnnouncementsAndDraftsANoticeOnAllChannels() throws {
        let folder = try Self.beforeTheSlip()
        let slip = try succeed(
            [
                "release", "slip", "public", "--to", "2022-H2", "--reason", "The pipeline moved to Data as a Service.",
                "--now", Self.now, "--by", "Rosa Quintero",
            ], in: folder)
        #expect(slip.stdoutLines.first == "Moved wave public: May–June 2022 → second half of 2022")
        #expect(slip.stdoutLines.contains("  announcements/2022-05-dashboard-delay.md"))
        // 2022-05-20T00:00Z is still the 19th in the program's zone (America/Los_Angeles).
        #expect(slip.stdoutLines.last == "Drafted announcements/2022-05-19-public-delay.md")
        let draft = try folder.read("announcements/2022-05-19-public-delay.md")
        #expect(draft.contains("title: \"Initial public dashboard moves to the second half of 2022\""))
        #expect(draft.contains("The pipeline moved to Data as a Service."))
        try succeed(["announce", "render", "2022-05-19-public-delay", "--now", Self.now], in: folder)
        let wiki = try folder.read("announcements/2022-05-19-public-delay/meta.wiki")
        #expect(
            wiki.contains(
                "first planned for May–June 2022, is now planned for <strong>the second half of 2022</strong>."))
        #expect(try folder.read("announcements/2022-05-19-public-delay/blog.html").contains("second half of 2022"))
        #expect(try folder.read("announcements/2022-05-19-public-delay/mail.eml").contains("Subject: Initial public"))
        let plan = try succeed(["release", "plan", "--json", "--now", Self.now], in: folder)
        #expect(
            try readJSON(
                plan.stdout, "[(w['id'], w['date'], w['precision'], w['previous_date']) for w in d['waves']][2]")
                == ["('public', '2022-07-01', 'half-year', '2022-05/2022-06')"])
    }

    /// Bad values and refused decisions through the binary, one per option that takes them: one
    /// line, exit 64, nothing recorded. What each refusal decides is in `TimelineUseCaseTests`.
    @Test(arguments: [
        (
            ["timeline", "shift", "partners", "--delay", "two weeks", "--reason", "x"],
            "--delay \"two weeks\" is not a duration"
        ),
        (["timeline", "shift", "partners", "--to", "2022-03", "--reason", "x"], "\"partners\" cannot move to 2022-03"),
        (["release", "open", "partners"], "wave \"partners\" is blocked by after: pilot + 8w"),
        (
            ["release", "approve", "partners", "--by", "Someone Else"],
            "wave \"partners\" waits for approval by Rosa Quintero"
        ),
    ])
    func badInputIsOneLineExit64AndNothingRecorded(arguments: [String], message: String) throws {
        let folder = try TemporaryFolder.workspace()
        let result = try Processes.cohort(arguments + ["--now", Self.now], in: folder.url)
        #expect(result.status == 64)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let timeline = try succeed(["timeline", "--json"], in: folder)
        #expect(
            try readJSON(timeline.stdout, "[i.get('previous_date') for i in d['items'] if i['id'] == 'partners']") == [
                "[None]"
            ])
    }

    /// `release open --override --reason --by` and `release explain` print the wave's gates and
    /// the override; a resume of a wave not paused is refused. What is recorded is in
    /// `TimelineUseCaseTests`.
    @Test func openWithOverridePrintsTheOverrideAndExplainShowsIt() throws {
        let folder = try TemporaryFolder.workspace()
        let open = try succeed(
            [
                "release", "open", "pilot", "--override", "--reason", "NDAs signed on paper", "--by", "Rosa Quintero",
                "--now", "2022-02-15T00:00:00Z",
            ], in: folder)
        let wave = [
            "NDA pilot cohort (pilot): open, planned for February 2022",
            "  FAILS  nda: signed: no enrolled members yet",
            "  overridden by Rosa Quintero at 2022-02-15T00:00:00Z: NDAs signed on paper",
        ]
        #expect(open.stdoutLines == wave)
        let explain = try succeed(["release", "explain", "pilot", "--now", Self.now], in: folder)
        #expect(explain.stdoutLines == wave)
        let resume = try Processes.cohort(
            ["release", "resume", "pilot", "--reason", "x", "--now", Self.now], in: folder.url)
        #expect(resume.status == 64)
        #expect(resume.stderrLines == ["cohort: wave \"pilot\" is not paused; there is nothing to resume"])
    }

    @Test(arguments: [
        ["timeline"], ["timeline", "show"], ["timeline", "shift"], ["release"], ["release", "plan"],
        ["release", "explain"], ["release", "approve"], ["release", "open"], ["release", "pause"],
        ["release", "resume"], ["release", "slip"], ["calendar"],
    ])
    func everyCommandHasAnAbstractDiscussionAndExamples(command: [String]) throws {
        let help = try Processes.cohort(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdoutLines.first?.hasPrefix("OVERVIEW: ") == true, "\(command)")
        #expect(help.stdout.contains("Examples:"), "\(command)")
        if command.count > 1 || command == ["calendar"] {
            #expect(help.stdout.contains("--now"), "\(command)")
        }
    }
}
