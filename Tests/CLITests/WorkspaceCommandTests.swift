import CohortTestSupport
import Foundation
import Testing

/// `cohort check`, `status` and `init` as a user runs them: the built binary, its stdout, stderr and exit code.
@Suite struct WorkspaceCommandTests {
    static let threeMistakes: String = {
        let example = try! Repository.exampleConfiguration()
        return
            example
            .replacingOccurrences(of: "time_zone: America/Los_Angeles", with: "time_zone: Asia/Kolkatta")
            .replacingOccurrences(of: "  capacity: 9", with: "  capcity: 9")
            .replacingOccurrences(of: "      end: 2022-04\n", with: "      end: 2022-04-31\n")
    }()

    /// 1-based line and column of the first occurrence of `needle` in `text`.
    static func position(of needle: String, in text: String) -> (line: Int, column: Int) {
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            if let range = line.range(of: needle) {
                return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        Issue.record("\(needle) not found")
        return (0, 0)
    }

    @Test func checkPassesOnTheExampleProgram() throws {
        let result = try Processes.cohort(["check"], in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdoutLines == [
                "cohort.yaml: ok — Equity Landscape pilot & consultation 2022: 3 phases, 7 milestones, 3 release waves, 2 judges",
                "records: SQLite .cohort/state.sqlite",
            ])
    }

    @Test(arguments: [
        ("2022-03-15T00:00:00Z", "analysis", 3),
        ("2022-02-10T00:00:00Z", "input", 3),
        ("2022-05-20T09:30:00+02:00", "outcome", 2),
    ])
    func statusNamesThePhaseNowFallsIn(now: String, phase: String, milestonesAhead: Int) throws {
        let workspace = try TemporaryFolder.workspace()
        let result = try Processes.cohort(["status", "--now", now, "--json"], in: workspace.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        // Python's json module, not ours, reads the document; the whole of stdout must be that one document.
        let read = try Processes.python(
            "import json,sys; d=json.load(sys.stdin); print(d['phase']['id']); print(d['program']); print(len(d['next_milestones']))",
            input: result.stdout)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdoutLines == [phase, "Equity Landscape pilot & consultation 2022", "\(milestonesAhead)"])
    }

    @Test func statusListsTheNextThreeMilestonesWithDaysLeft() throws {
        let workspace = try TemporaryFolder.workspace()
        let result = try Processes.cohort(["status", "--now", "2022-03-15T00:00:00Z"], in: workspace.url)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutLines
        #expect(lines.first == "Equity Landscape pilot & consultation 2022 (equity-landscape-2022)")
        #expect(lines.contains("Now    2022-03-15 00:00 UTC · 2022-03-14 in America/Los_Angeles"))
        #expect(lines.contains("Phase  analysis — Analysis of community input by two staff judges (March–April 2022)"))
        let milestones = lines.filter { $0.hasPrefix("  coding-complete") || $0.hasPrefix("  outcome-announced") }
        #expect(milestones.count == 2)
        #expect(milestones.first?.hasSuffix("April 2022            18") == true)
        #expect(lines.last == "Records  0 audit entries")
    }

    @Test func threeMistakesAreAllReportedWithLineAndColumnAndNothingIsCreated() throws {
        let text = Self.threeMistakes
        let workspace = try TemporaryFolder.workspace(configuration: text)
        let zone = Self.position(of: "Asia/Kolkatta", in: text)
        let key = Self.position(of: "capcity", in: text)
        let date = Self.position(of: "2022-04-31", in: text)

        let check = try Processes.cohort(["check"], in: workspace.url)
        #expect(check.status == 65)
        #expect(check.stdout.isEmpty)
        #expect(
            check.stderrLines == [
                "cohort.yaml:\(zone.line):\(zone.column): unknown time zone \"Asia/Kolkatta\"; did you mean \"Asia/Kolkata\"?",
                "cohort.yaml:\(date.line):\(date.column): phase end \"2022-04-31\" is not a date; write 2022-02-14, 2022-02, 2022-Q2 or 2022-H2",
                "cohort.yaml:\(key.line):\(key.column): unknown key \"capcity\" in pilot; did you mean \"capacity\"?",
                "cohort: 3 problems found",
            ])

        let status = try Processes.cohort(["status"], in: workspace.url)
        #expect(status.status == 64)
        #expect(status.stdout.isEmpty)
        #expect(status.stderrLines.count == 4)
        #expect(!workspace.exists(".cohort"), "bad input must not create the records database")
    }

    @Test func checkJSONListsProblemsWithTheirPlaces() throws {
        let workspace = try TemporaryFolder.workspace(configuration: Self.threeMistakes)
        let result = try Processes.cohort(["check", "--json"], in: workspace.url)
        #expect(result.status == 65)
        let read = try Processes.python(
            "import json,sys; d=json.load(sys.stdin); print(d['ok']); print(' '.join(str(p['line']) for p in d['problems']))",
            input: result.stdout)
        #expect(read.stdoutLines.first == "False")
        #expect(read.stdoutLines.last?.split(separator: " ").count == 3)
    }

    @Test func yamlSyntaxErrorIsLocated() throws {
        let workspace = try TemporaryFolder.workspace(configuration: "version: 1\nprogram:\n  name: [unclosed\n")
        let result = try Processes.cohort(["check"], in: workspace.url)
        #expect(result.status == 65)
        #expect(result.stderrLines.first?.hasPrefix("cohort.yaml:4:1: YAML syntax:") == true, "\(result.stderr)")
    }

    @Test func unknownVersionIsRefused() throws {
        let workspace = try TemporaryFolder.workspace(configuration: "version: 2\nprogram: {}\n")
        let result = try Processes.cohort(["status"], in: workspace.url)
        #expect(result.status == 64)
        #expect(
            result.stderrLines == [
                "cohort.yaml:1:10: unknown version \"2\"; this cohort reads version 1",
                "cohort: 1 problem found; nothing was changed",
            ])
        #expect(!workspace.exists(".cohort"))
    }

    @Test func theRecordsDatabaseIsPrivate() throws {
        let workspace = try TemporaryFolder.workspace()
        let result = try Processes.cohort(["status", "--now", "2022-03-15T00:00:00Z"], in: workspace.url)
        #expect(result.status == 0, "\(result.stderr)")
        let files = FileManager.default
        let database = try files.attributesOfItem(atPath: workspace.path(".cohort/state.sqlite"))
        let folder = try files.attributesOfItem(atPath: workspace.path(".cohort"))
        #expect((database[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func workspaceIsFoundFromASubfolderOrNamedExplicitly() throws {
        let workspace = try TemporaryFolder.workspace()
        try workspace.write("announcements/drafts/note.txt", "x")
        let nested = try Processes.cohort(["check"], in: workspace.url.appendingPathComponent("announcements/drafts"))
        #expect(nested.status == 0, "\(nested.stderr)")

        let elsewhere = try TemporaryFolder()
        let explicit = try Processes.cohort(["check", "--workspace", workspace.url.path], in: elsewhere.url)
        #expect(explicit.status == 0, "\(explicit.stderr)")

        let missing = try Processes.cohort(["status"], in: elsewhere.url)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no cohort.yaml in"))
        #expect(missing.stderr.contains("cohort init"))
    }

    @Test func badNowIsAUsageError() throws {
        let workspace = try TemporaryFolder.workspace()
        let result = try Processes.cohort(["status", "--now", "yesterday"], in: workspace.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--now \"yesterday\" is not an ISO 8601 instant"))
        #expect(!workspace.exists(".cohort"))
    }

    @Test func initScaffoldsAValidWorkspaceAndRefusesToOverwrite() throws {
        let parent = try TemporaryFolder()
        let created = try Processes.cohort(
            [
                "init", "pilot", "--name", "Data pilot: \"2025\"", "--time-zone", "Europe/Berlin", "--now",
                "2025-01-15T10:00:00Z",
            ],
            in: parent.url)
        #expect(created.status == 0, "\(created.stderr)")
        for file in [
            "cohort.yaml", ".gitignore", "templates/README.md", "announcements/README.md", "calendar/README.md",
        ] {
            #expect(parent.exists("pilot/\(file)"), "\(file)")
        }
        // Every template the example's commands use (announcements, notices, the partner
        // reminder), bar translations, is written for the team to see and edit.
        let templates = Repository.root.appendingPathComponent("templates")
        let used = (FileManager.default.enumerator(atPath: templates.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".mustache") && !$0.hasPrefix("notices/es/") }
        #expect(used.contains("reminder.txt.mustache"))
        for template in used { #expect(parent.exists("pilot/templates/\(template)"), "\(template)") }
        let folder = parent.url.appendingPathComponent("pilot")
        let check = try Processes.cohort(["check"], in: folder)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("Data pilot: \"2025\""))

        let before = try parent.read("pilot/cohort.yaml")
        let again = try Processes.cohort(["init", "pilot"], in: parent.url)
        #expect(again.status == 64)
        #expect(again.stderr.contains("refusing to overwrite"))
        #expect(try parent.read("pilot/cohort.yaml") == before)
    }

    @Test func initRejectsAnUnknownTimeZone() throws {
        let parent = try TemporaryFolder()
        let result = try Processes.cohort(["init", "x", "--time-zone", "Europe/Berlinn"], in: parent.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean \"Europe/Berlin\"?"))
        #expect(!parent.exists("x"))
    }

    @Test(arguments: ["init", "check", "status"])
    func everyCommandHelpHasAnExample(command: String) throws {
        let result = try Processes.cohort([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("cohort \(command)"))
    }

    @Test func versionIsPrinted() throws {
        let result = try Processes.cohort(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try Processes.cohort(["frobnicate"])
        #expect(result.status == 64)
    }
}
