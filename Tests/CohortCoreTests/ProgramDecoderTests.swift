import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// A minimal valid `cohort.yaml`; tests append sections or replace lines to make one mistake at a time.
let minimalConfiguration = """
    version: 1
    program:
      name: Test program
      slug: test-program
      time_zone: Europe/Berlin
      contact:
        name: Test team
        email: team@example.org

    """

/// Where `needle` starts in `text` (its `occurrence`-th appearance, from 1), as 1-based line and column
/// counted in Unicode scalars: the expected location, computed from the text the test wrote.
func location(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int)? {
    var seen = 0
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
        var searchStart = line.startIndex
        while let range = line.range(of: needle, range: searchStart..<line.endIndex) {
            seen += 1
            if seen == occurrence {
                return (index + 1, line.unicodeScalars.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
            searchStart = range.upperBound
        }
    }
    return nil
}

/// The problems `ProgramDecoder` finds in `text`; records an issue when it decodes.
func problems(in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    switch ProgramDecoder.decode(text) {
    case .success:
        Issue.record("expected problems, but the configuration decoded", sourceLocation: sourceLocation)
        return []
    case .failure(let problems):
        return problems.diagnostics
    }
}

/// `cohort.yaml:L:C: message` for the place `needle` appears in `text`.
func expected(_ needle: String, in text: String, occurrence: Int = 1, _ message: String) -> String {
    guard let place = location(of: needle, in: text, occurrence: occurrence) else { return "<\(needle) not in text>" }
    return "cohort.yaml:\(place.line):\(place.column): \(message)"
}

@Suite("ProgramDecoder")
struct ProgramDecoderTests {
    // MARK: the example program

    @Test func exampleProgramDecodes() throws {
        let program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
        #expect(program.name == "Equity Landscape pilot & consultation 2022")
        #expect(program.slug == "equity-landscape-2022")
        #expect(program.timeZoneName == "America/Los_Angeles")
        #expect(program.timeZone.identifier == "America/Los_Angeles")
        #expect(program.contact == Person(name: "Rosa Quintero", email: "equity-landscape@example.org"))
        #expect(program.phases.map(\.id) == ["input", "analysis", "outcome"])
        #expect(program.phases.map(\.dates.description) == ["2022-02", "2022-03/2022-04", "2022-05/2022-06"])
        #expect(program.milestones.count == 7)
        #expect(program.milestones.allSatisfy { $0.phase != nil })
        #expect(
            program.pilot
                == PilotRules(
                    capacity: 9, ndaRequired: true, offerHours: 48,
                    signup: TalkSignupRules(
                        section: "Pilot sign-up", template: "Pilot signup",
                        fields: ["use_case": "use case", "available": "available", "nda": "nda"])))
        #expect(program.waves.map(\.id) == ["pilot", "partners", "public"])
        #expect(program.judges.map(\.id) == ["amara", "jonas"])
        #expect(program.channels.mail?.lists.map(\.id) == ["movement-data", "affiliates"])
        #expect(program.channels.meta?.api.absoluteString == "https://meta.example.org/w/api.php")
        #expect(program.channels.blog?.site.absoluteString == "https://diff.example.org")
    }

    @Test func exampleWavesCarryTheirGates() throws {
        let program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
        let waves = Dictionary(uniqueKeysWithValues: program.waves.map { ($0.id, $0) })
        #expect(waves["pilot"]?.gates == [.ndaSigned])
        #expect(
            waves["partners"]?.gates == [
                .after(wave: "pilot", lag: Lag(days: 56)), .onboarded(stage: "ready"), .approval(by: "Rosa Quintero"),
            ])
        #expect(
            waves["public"]?.gates == [
                .after(wave: "partners", lag: Lag(days: 14)), .notBefore(try PlannedDate.parse("2022-07").get()),
            ])
        // The public dashboard slipped in May 2022 from May–June to the second half of the year.
        #expect(waves["public"]?.date == (try PlannedDate.parse("2022-H2").get()))
        #expect(waves["public"]?.date?.spelledOut == "second half of 2022")
        #expect(waves["public"]?.previousDate?.spelledOut == "May–June 2022")
    }

    @Test func exampleMilestonesRememberWhereTheyAreDeclared() throws {
        let text = try Repository.exampleConfiguration()
        let program = try ProgramDecoder.decode(text).get()
        let milestone = try #require(program.milestones.first { $0.id == "coding-complete" })
        let place = try #require(location(of: "id: coding-complete", in: text))
        #expect(milestone.location?.line == place.line)
    }

    @Test func minimalConfigurationDecodesWithDefaults() throws {
        let program = try ProgramDecoder.decode(minimalConfiguration).get()
        #expect(program.slug == "test-program")
        #expect(program.phases.isEmpty && program.milestones.isEmpty && program.waves.isEmpty)
        #expect(program.pilot == PilotRules())
        #expect(program.channels == Channels())
    }

    // MARK: every problem at once, located

    @Test func threeMistakesYieldExactlyThreeLocatedDiagnostics() {
        let text = """
            version: 1
            program:
              name: Test program
              slug: test-program
              time_zone: Asia/Kolkatta
              contact:
                name: Test team
                email: team@example.org
            timeline:
              milestones:
                - id: kickoff
                  name: Kick-off
                  date: 2022-13-01
            pilot:
              capcity: 9

            """
        let found = problems(in: text).map(\.description)
        #expect(
            found == [
                expected(
                    "Asia/Kolkatta", in: text, "unknown time zone \"Asia/Kolkatta\"; did you mean \"Asia/Kolkata\"?"),
                expected(
                    "2022-13-01", in: text,
                    "milestone date \"2022-13-01\" is not a date; write 2022-02-14, 2022-02, 2022-Q2, 2022-H2 or a window like 2022-05/2022-06"
                ),
                expected("capcity", in: text, "unknown key \"capcity\" in pilot; did you mean \"capacity\"?"),
            ])
        // The same places, spelt out, so a mistake in `location(of:in:)` cannot hide one in the decoder.
        #expect(
            found.map { $0.split(separator: ":").prefix(3).joined(separator: ":") } == [
                "cohort.yaml:5:14", "cohort.yaml:13:13", "cohort.yaml:15:3",
            ])
    }

    @Test func signupSectionTemplateAndFieldsAreCheckedAndLocated() {
        let text =
            minimalConfiguration + """
                pilot:
                  signup:
                    section: Sign-ups
                    template: Template:Pilot signup
                    feilds: {}
                    fields:
                      use_case: use case
                      availble: available
                      nda: "a|b"
                      time_zone: use case

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected("feilds", in: text, "unknown key \"feilds\" in pilot.signup; did you mean \"fields\"?"),
                expected(
                    "use_case:", in: text,
                    "pilot.signup.fields lacks \"available\"; name the template's parameter that answers it"),
                expected(
                    "availble", in: text,
                    "unknown key \"availble\" in pilot.signup.fields; did you mean \"available\"?"),
                expected(
                    "\"a|b\"", in: text,
                    "pilot.signup.fields.nda: \"a|b\" is not a template parameter; write the parameter's name, like nda"
                ),
                expected(
                    "use case", in: text, occurrence: 2,
                    "pilot.signup.fields.time_zone: the parameter \"use case\" is use_case's already; give each field its own parameter"
                ),
            ])
        let good =
            minimalConfiguration + """
                pilot:
                  signup:
                    section: Sign-ups
                    template: Template:Pilot signup
                    fields: {use_case: use case, available: available, nda: nda}

                """
        #expect(
            (try? ProgramDecoder.decode(good).get())?.pilot.signup
                == TalkSignupRules(
                    section: "Sign-ups", template: "Pilot signup",
                    fields: ["use_case": "use case", "available": "available", "nda": "nda"]))
        let noSection = minimalConfiguration + "pilot:\n  signup:\n    template: Pilot signup\n"
        #expect(
            problems(in: noSection).map(\.message).contains("pilot.signup is missing \"section\""))
    }

    @Test func columnsCountUnicodeScalarsNotBytes() {
        let text = """
            version: 1
            program: {name: "Équité — 公平", slug: equite, time_zone: Asia/Kolkatta, contact: {name: A, email: a@example.org}}

            """
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "Asia/Kolkatta", in: text, "unknown time zone \"Asia/Kolkatta\"; did you mean \"Asia/Kolkata\"?")
            ])
        #expect(problems(in: text).first?.location.column == 57)
    }

    @Test func diagnosticsAreSortedByLocationWhateverOrderTheyAreFoundIn() {
        // Feedback is read after the pilot section but appears before it here.
        let text =
            minimalConfiguration + """
                feedback:
                  judges:
                    - id: Amara
                      name: Amara Okafor
                    - id: jonas
                      name: Jonas Lindqvist
                pilot:
                  capacity: 0

                """
        let found = problems(in: text)
        #expect(found.count == 2)
        #expect(found.map(\.location) == found.map(\.location).sorted())
        #expect(found.first?.message.hasPrefix("judge id \"Amara\" may hold only") == true)
        #expect(found.last?.message == "pilot.capacity must be 1 to 10000, not 0")
    }

    @Test func yamlSyntaxErrorIsLocated() throws {
        let text = """
            version: 1
            program:
              name: Test program
               slug: test-program

            """
        let found = problems(in: text)
        let problem = try #require(found.first)
        #expect(found.count == 1)
        // At the colon after the over-indented key.
        #expect(problem.description == "cohort.yaml:4:8: YAML syntax: mapping values are not allowed in this context")
    }

    @Test func unterminatedQuoteIsASyntaxError() throws {
        let text = "version: 1\nprogram:\n  name: \"Test program\n  slug: test\n"
        #expect(
            problems(in: text).map(\.description) == [
                "cohort.yaml:5:1: YAML syntax: found unexpected end of stream (while scanning a quoted scalar)"
            ])
    }

    @Test func repeatedKeyIsReportedOnce() throws {
        let text = minimalConfiguration + "pilot:\n  capacity: 9\n  capacity: 10\n"
        let found = problems(in: text)
        let first = try #require(location(of: "capacity: 9", in: text)?.line)
        #expect(
            found.map(\.message) == [
                "key \"capacity\" appears twice in the same mapping (first at line \(first)); keep one"
            ])
        #expect(found.first?.location.line == location(of: "capacity: 10", in: text)?.line)
    }

    @Test func repeatedKeyIsReportedAtTheSecondUse() throws {
        let text = minimalConfiguration + "pilot:\n  nda_required: true\n  capacity: 9\n  capacity: 10\n"
        let found = problems(in: text)
        #expect(found.first?.location.line == location(of: "capacity: 10", in: text)?.line)
        #expect(found.first?.location.column == 3)
    }

    @Test func tabIndentationIsASyntaxErrorOnItsLine() throws {
        let text = minimalConfiguration + "pilot:\n\tcapacity: 9\n"
        let problem = try #require(problems(in: text).first)
        #expect(problem.message.hasPrefix("YAML syntax: "))
        #expect(problem.location.line == location(of: "\tcapacity", in: text)?.line)
    }

    @Test func unsupportedVersionIsRejected() {
        let text = minimalConfiguration.replacingOccurrences(of: "version: 1", with: "version: 2")
        #expect(
            problems(in: text).map(\.description) == [
                expected("2", in: text, "unknown version \"2\"; this cohort reads version 1")
            ])
    }

    @Test func missingVersionIsReported() {
        let text = minimalConfiguration.replacingOccurrences(of: "version: 1\n", with: "")
        #expect(problems(in: text).map(\.description) == ["cohort.yaml:1:1: cohort.yaml is missing \"version\""])
    }

    @Test func missingProgramSectionIsReported() {
        #expect(problems(in: "version: 1\n").map(\.message) == ["cohort.yaml is missing \"program\""])
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n"])
    func emptyFileIsReportedAtItsStart(text: String) {
        #expect(
            problems(in: text).map(\.description) == [
                "cohort.yaml:1:1: the file is empty; run `cohort init` to write a starting cohort.yaml"
            ])
    }

    @Test func topLevelListIsNotAProgram() {
        let found = problems(in: "- version: 1\n")
        #expect(found.map(\.message) == ["cohort.yaml must be a mapping of keys to values, not a list"])
    }

    @Test func diagnosticsNameTheFileTheyWereGiven() throws {
        let text = minimalConfiguration.replacingOccurrences(of: "version: 1", with: "version: 3")
        let result = ProgramDecoder.decode(text, file: "programs/pilot.yaml")
        let problems = try #require(result.failure)
        #expect(problems.diagnostics.map(\.location.file) == ["programs/pilot.yaml"])
        #expect(problems.description.hasPrefix("programs/pilot.yaml:1:10: unknown version"))
    }

    // MARK: timeline

    @Test func duplicateIdIsReportedAtTheSecondUseWithTheLineOfTheFirst() throws {
        let text =
            minimalConfiguration + """
                timeline:
                  phases:
                    - id: input
                      name: Input
                      start: 2022-02
                      end: 2022-02
                  milestones:
                    - id: input
                      name: Input closes
                      date: 2022-02-28

                """
        let first = try #require(location(of: "input", in: text, occurrence: 1))
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "input", in: text, occurrence: 2,
                    "duplicate timeline id \"input\" (first used at line \(first.line)); ids must be unique")
            ])
    }

    @Test func phaseEndingBeforeItStartsIsReportedAtItsEnd() {
        let text =
            minimalConfiguration + """
                timeline:
                  phases:
                    - id: analysis
                      name: Analysis
                      start: 2022-04
                      end: 2022-03

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "2022-03", in: text,
                    "phase \"analysis\" ends (2022-03) before it starts (2022-04); swap them or fix the date")
            ])
    }

    @Test func milestoneOutsideItsPhaseIsReportedAtItsDate() {
        let text =
            minimalConfiguration + """
                timeline:
                  phases:
                    - id: input
                      name: Input
                      start: 2022-02
                      end: 2022-02
                  milestones:
                    - id: late
                      name: Too late
                      date: 2022-03-01
                      phase: input

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "2022-03-01", in: text,
                    "milestone \"late\" (1 March 2022) falls outside its phase \"input\" (February 2022)")
            ])
    }

    @Test func milestoneWindowReachingPastItsPhaseIsOutside() {
        let text =
            minimalConfiguration + """
                timeline:
                  phases:
                    - id: outcome
                      name: Outcome
                      start: 2022-05
                      end: 2022-06
                  milestones:
                    - id: dashboard
                      name: Dashboard
                      date: 2022-06/2022-H2
                      phase: outcome

                """
        #expect(
            problems(in: text).map(\.message) == [
                "milestone \"dashboard\" (June 2022–second half of 2022) falls outside its phase \"outcome\" (May–June 2022)"
            ])
    }

    @Test func milestoneNamingAnUnknownPhaseGetsASuggestion() {
        let text =
            minimalConfiguration + """
                timeline:
                  phases:
                    - id: analysis
                      name: Analysis
                      start: 2022-03
                      end: 2022-04
                  milestones:
                    - id: coded
                      name: Coded
                      date: 2022-04
                      phase: analysys

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected("analysys", in: text, "unknown phase \"analysys\"; did you mean \"analysis\"?")
            ])
    }

    @Test func badPhaseDoesNotAlsoFailItsMilestones() {
        let text =
            minimalConfiguration + """
                timeline:
                  phases:
                    - id: input
                      name: Input
                      start: 2022-02
                      end: 2022-02-30
                  milestones:
                    - id: closes
                      name: Closes
                      date: 2022-02-28
                      phase: input

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "2022-02-30", in: text,
                    "phase end \"2022-02-30\" is not a date; write 2022-02-14, 2022-02, 2022-Q2 or 2022-H2")
            ])
    }

    @Test func missingRequiredKeyIsReportedAtItsMapping() {
        let text =
            minimalConfiguration + """
                timeline:
                  phases:
                    - id: input
                      start: 2022-02
                      end: 2022-02

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected("id: input", in: text, "a phase is missing \"name\"")
            ])
    }

    @Test func idWithCapitalsIsRejectedWithAFixedSpelling() {
        let text = minimalConfiguration.replacingOccurrences(of: "slug: test-program", with: "slug: Test Program")
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "Test Program", in: text,
                    "program.slug \"Test Program\" may hold only lowercase letters, digits and hyphens (e.g. \"test-program\")"
                )
            ])
    }

    // MARK: release

    @Test func unknownWaveInAnAfterGateGetsASuggestion() {
        let text =
            minimalConfiguration + """
                release:
                  waves:
                    - id: pilot
                      name: Pilot
                      audience: Pilot participants
                    - id: partners
                      name: Partners
                      audience: Affiliates
                      gates:
                        - after:
                            wave: pilott
                            lag: 2w

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected("pilott", in: text, "unknown wave \"pilott\"; did you mean \"pilot\"?")
            ])
    }

    @Test func afterGateMayNameALaterWave() throws {
        let text =
            minimalConfiguration + """
                release:
                  waves:
                    - id: early
                      name: Early
                      audience: Some
                      gates:
                        - after:
                            wave: late
                    - id: late
                      name: Late
                      audience: Others

                """
        let program = try ProgramDecoder.decode(text).get()
        #expect(program.waves.first?.gates == [.after(wave: "late", lag: Lag(days: 0))])
    }

    @Test func waveWaitingForItselfIsRejected() {
        let text =
            minimalConfiguration + """
                release:
                  waves:
                    - id: pilot
                      name: Pilot
                      audience: Pilot participants
                      gates:
                        - after:
                            wave: pilot

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected("pilot", in: text, occurrence: 2, "wave \"pilot\" cannot wait for itself")
            ])
    }

    @Test func unknownGateKindGetsASuggestion() {
        let text =
            minimalConfiguration + """
                release:
                  waves:
                    - id: public
                      name: Public
                      audience: Everyone
                      gates:
                        - not_befor: 2022-05

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected("not_befor", in: text, "unknown gate \"not_befor\"; did you mean \"not_before\"?")
            ])
    }

    @Test func badLagIsReportedAtTheLag() {
        let text =
            minimalConfiguration + """
                release:
                  waves:
                    - id: pilot
                      name: Pilot
                      audience: Pilot participants
                    - id: public
                      name: Public
                      audience: Everyone
                      gates:
                        - after:
                            wave: pilot
                            lag: 3x

                """
        #expect(
            problems(in: text).map(\.description) == [
                expected("3x", in: text, "lag \"3x\" is not a number of days or weeks; write it like \"14d\" or \"2w\"")
            ])
    }

    // MARK: pilot and feedback

    @Test func fewerThanTwoJudgesIsReported() throws {
        let text =
            minimalConfiguration + """
                feedback:
                  judges:
                    - id: amara
                      name: Amara Okafor

                """
        // Reported at the list of judges, which starts at its first item.
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "- id: amara", in: text,
                    "feedback is coded by two judges; list at least two under feedback.judges")
            ])
    }

    @Test func emptyJudgesListIsReported() {
        let text = minimalConfiguration + "feedback:\n  judges: []\n"
        #expect(
            problems(in: text).map(\.description) == [
                expected("[]", in: text, "feedback is coded by two judges; list at least two under feedback.judges")
            ])
    }

    @Test(arguments: [
        ("capacity: \"nine\"", "\"nine\"", "pilot.capacity must be a whole number, not \"nine\""),
        ("capacity: 9.5", "9.5", "pilot.capacity must be a whole number, not \"9.5\""),
        ("capacity: [9]", "[9]", "pilot.capacity must be a whole number, not a list"),
        ("nda_required: maybe", "maybe", "pilot.nda_required must be true or false, not \"maybe\""),
        ("offer_hours: 0", "0", "pilot.offer_hours must be 1 to 2160, not 0"),
    ])
    func wrongTypesAreReportedAtTheValue(line: String, value: String, message: String) {
        let text = minimalConfiguration + "pilot:\n  \(line)\n"
        #expect(problems(in: text).map(\.description) == [expected(value, in: text, message)])
    }

    @Test func sectionThatIsNotAMappingIsReported() {
        let text = minimalConfiguration + "pilot: 9\n"
        #expect(
            problems(in: text).map(\.description) == [
                expected("9", in: text, "pilot must be a mapping of keys to values, not \"9\"")
            ])
    }

    // MARK: channels

    @Test func badMailAddressAndURLSchemeAreReported() {
        let text =
            minimalConfiguration + """
                channels:
                  blog:
                    site: ftp://diff.example.org
                  mail:
                    from:
                      name: Team
                      email: team-at-example.org
                    smtp:
                      url: https://relay.example.org

                """
        let messages = problems(in: text).map(\.message)
        #expect(messages.count == 3)
        #expect(messages.contains("channels.blog.site \"ftp://diff.example.org\" uses ftp:; write an https:// address"))
        #expect(
            messages.contains(
                "channels.mail.from.email \"team-at-example.org\" is not a mail address like name@example.org"))
        #expect(
            messages.contains(
                "channels.mail.smtp.url \"https://relay.example.org\" uses https:; write an smtp:// address"))
    }

    // MARK: descriptions

    @Test func diagnosticDescriptionIsFileLineColumnMessage() {
        let diagnostic = Diagnostic(SourceLocation(file: "cohort.yaml", line: 14, column: 7), "unknown key \"x\"")
        #expect(diagnostic.description == "cohort.yaml:14:7: unknown key \"x\"")
        #expect(
            Diagnostic(SourceLocation(file: "calendar/"), "missing folder").description == "calendar/: missing folder")
    }

    @Test func checkReportJSONAsPythonReadsIt() throws {
        let program = try ProgramDecoder.decode(minimalConfiguration).get()
        let report = CheckReport(
            program: program,
            problems: [
                Diagnostic(SourceLocation(file: "calendar/"), "missing folder; create it (mkdir calendar)"),
                Diagnostic(SourceLocation(file: "cohort.yaml", line: 4, column: 9), "a \"quoted\" problem"),
            ])
        let document = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        let script = """
            import json, sys
            d = json.loads(sys.stdin.buffer.read())
            print(sorted(d), d["ok"], json.dumps(d["program"], sort_keys=True))
            for p in d["problems"]:
                print(sorted(p), p["file"], p.get("line"), p.get("column"), p["message"])
            """
        let result = try Processes.python(script, input: document)
        #expect(result.status == 0, "python: \(result.stderr)")
        #expect(
            result.stdoutLines == [
                #"['ok', 'problems', 'program'] False {"name": "Test program", "slug": "test-program"}"#,
                "['file', 'message'] calendar/ None None missing folder; create it (mkdir calendar)",
                "['column', 'file', 'line', 'message'] cohort.yaml 4 9 a \"quoted\" problem",
            ])
    }

    @Test func configurationProblemsSortTheirDiagnostics() {
        let late = Diagnostic(SourceLocation(file: "cohort.yaml", line: 9, column: 1), "b")
        let early = Diagnostic(SourceLocation(file: "cohort.yaml", line: 2, column: 5), "a")
        let sameLine = Diagnostic(SourceLocation(file: "cohort.yaml", line: 2, column: 3), "c")
        let problems = ConfigurationProblems([late, early, sameLine])
        #expect(problems.diagnostics == [sameLine, early, late])
        #expect(problems.description == "cohort.yaml:2:3: c\ncohort.yaml:2:5: a\ncohort.yaml:9:1: b")
    }
}

extension Result {
    /// The failure, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
