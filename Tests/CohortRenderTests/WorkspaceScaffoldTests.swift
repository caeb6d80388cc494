import CohortCore
import CohortRender
import CohortTestSupport
import Foundation
import Testing

@Suite("WorkspaceScaffold")
struct WorkspaceScaffoldTests {
    static let today = CivilDate(year: 2022, month: 3, day: 15)!

    /// Names a user might pass to `cohort init --name`, each trying to break out of its YAML scalar.
    static let hostileNames = [
        "Equity Landscape pilot & consultation 2022",
        #"The "quoted" program"#,
        #"back\slash \n not a newline"#,
        "key: value",
        "# not a comment",
        "trailing comment # here",
        "- not a list item",
        "Équité — 公平",
        "{{name}}",
        "{{{name}}} and {{& name}}",
        "null",
        "yes",
        "0x1F",
        "'single' quotes",
        "&anchor *alias !tag %directive @at `tick` | >",
        "tab\there",
        "line\u{2028}separator",
        "a\u{FEFF}byte order mark",
        "Party 🎉 time",
        "---",
        "...",
        "[flow, list]",
        "{flow: map}",
    ]

    private func configuration(for name: String, timeZone: String = "Asia/Kolkata") throws -> String {
        let files = WorkspaceScaffold.files(name: name, timeZone: timeZone, today: Self.today)
        return try #require(files["cohort.yaml"])
    }

    @Test func writesTheConfigurationTheFoldersAndTheGitignore() {
        let files = WorkspaceScaffold.files(name: "Pilot", timeZone: "UTC", today: Self.today)
        #expect(
            files.keys.sorted() == [
                ".gitignore", "announcements/README.md", "calendar/README.md", "codebook.yaml", "cohort.yaml",
                "templates/README.md",
                "templates/blog.html.mustache", "templates/mail.html.mustache", "templates/mail.txt.mustache",
                "templates/meta.wiki.mustache", "templates/notices/clarification.txt.mustache",
                "templates/notices/clarification.wiki.mustache", "templates/notices/digest.txt.mustache",
                "templates/notices/enrolled.txt.mustache",
                "templates/notices/gate.txt.mustache", "templates/notices/lapsed.txt.mustache",
                "templates/notices/offered.txt.mustache", "templates/notices/stage.txt.mustache",
                "templates/notices/waitlisted.txt.mustache", "templates/notices/wave-open.txt.mustache",
                "templates/notices/wave-pause.txt.mustache", "templates/notices/wave-resume.txt.mustache",
                "templates/notices/welcome.txt.mustache",
                "templates/notices/withdrawn.txt.mustache", "templates/partials/signature.mustache",
                "templates/reminder.txt.mustache", "templates/social.txt.mustache",
            ])
        #expect(files[".gitignore"]?.split(separator: "\n").contains(".cohort/") == true)
        #expect(files.values.allSatisfy { $0.hasSuffix("\n") })
    }

    @Test func configurationDecodesWithTheGivenZoneAndDates() throws {
        let program = try ProgramDecoder.decode(try configuration(for: "Pilot 2022")).get()
        #expect(program.name == "Pilot 2022")
        #expect(program.slug == "pilot-2022")
        #expect(program.timeZoneName == "Asia/Kolkata")
        #expect(program.phases.map(\.dates.description) == ["2022-03/2022-05"])
        #expect(program.milestones.map(\.date.description) == ["2022-03-15"])
        #expect(program.milestones.first?.phase == program.phases.first?.id)
        #expect(program.judges.count == 2)
    }

    @Test(arguments: [
        (CivilDate(year: 2022, month: 12, day: 31)!, "2022-12/2023-03"),
        (CivilDate(year: 2024, month: 1, day: 31)!, "2024-01/2024-04"),
    ])
    func phaseRunsFromThisMonthAcrossYearEnds(today: CivilDate, phase: String) throws {
        let files = WorkspaceScaffold.files(name: "Pilot", timeZone: "UTC", today: today)
        let program = try ProgramDecoder.decode(try #require(files["cohort.yaml"])).get()
        #expect(program.phases.map(\.dates.description) == [phase])
        #expect(program.milestones.map(\.date.description) == [today.description])
    }

    /// Names the scaffold can write but the rule for text entering the records refuses: each is a
    /// located problem in cohort.yaml, not a name that reaches a mail header or a terminal.
    static let refusedNames = ["line one\nline two", "bell\u{07} and delete\u{7F}", "next\u{85}line", "nul\u{0}"]

    @Test(arguments: refusedNames)
    func namesWithControlCharactersAreRefusedAtTheirLine(name: String) throws {
        let text = try configuration(for: name)
        guard case .failure(let problems) = ProgramDecoder.decode(text) else {
            Issue.record("\(name.debugDescription) was accepted")
            return
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.hasPrefix("  name:") }) + 1
        #expect(problems.diagnostics.map(\.location.line) == [line])
        #expect(problems.diagnostics.first?.message.hasPrefix("program.name contains ") == true)
    }

    @Test(arguments: hostileNames)
    func hostileNameRoundTripsThroughOurDecoder(name: String) throws {
        let text = try configuration(for: name)
        switch ProgramDecoder.decode(text) {
        case .success(let program):
            #expect(program.name == name)
            #expect(program.slug == WorkspaceScaffold.slug(for: name))
            #expect(program.phases.count == 1, "the name must not add or remove anything else")
            #expect(program.judges.count == 2)
        case .failure(let problems):
            Issue.record("the scaffold for \(name.debugDescription) does not decode:\n\(problems)")
        }
    }

    @Test(arguments: hostileNames)
    func hostileNameRoundTripsThroughPyYAML(name: String) throws {
        let text = try configuration(for: name)
        let script = """
            import sys, yaml
            document = yaml.safe_load(sys.stdin.buffer.read().decode("utf-8"))
            assert sorted(document) == ["channels", "feedback", "pilot", "program", "release", "timeline", "version"], sorted(document)
            assert document["version"] == 1
            assert sorted(document["program"]) == ["contact", "name", "slug", "time_zone"], sorted(document["program"])
            sys.stdout.buffer.write(document["program"]["name"].encode("utf-8"))
            """
        let result = try Processes.python(script, input: text)
        #expect(result.status == 0, "PyYAML: \(result.stderr)")
        #expect(result.stdout == name)
    }

    @Test(arguments: [
        ("Equity Landscape pilot & consultation 2022", "equity-landscape-pilot-consultation-2022"),
        ("  Pilot  ", "pilot"),
        ("C'est la vie", "c-est-la-vie"),
        ("{{name}}", "name"),
        ("2022 Pilot", "2022-pilot"),
        ("--- ###", "program"),
        ("", "program"),
        ("公平", "program"),
    ])
    func slugKeepsLowercaseLettersAndDigits(name: String, slug: String) {
        #expect(WorkspaceScaffold.slug(for: name) == slug)
    }

    @Test(arguments: hostileNames)
    func slugIsAlwaysAValidID(name: String) {
        let slug = WorkspaceScaffold.slug(for: name)
        #expect(slug.wholeMatch(of: /[a-z0-9][a-z0-9-]*/) != nil)
        #expect(!slug.hasSuffix("-"))
    }

    @Test func slugKeepsAccentedLettersAsTheirBaseLetters() {
        #expect(WorkspaceScaffold.slug(for: "Équité — 公平") == "equite")
        #expect(WorkspaceScaffold.slug(for: "Café Ñandú") == "cafe-nandu")
    }
}
