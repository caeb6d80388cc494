import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// A timeline section on top of the minimal configuration.
func timelineConfiguration(_ timeline: String, release: String = "") -> String {
    minimalConfiguration + "timeline:\n" + timeline + (release.isEmpty ? "" : "release:\n" + release)
}

func decoded(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Program {
    switch ProgramDecoder.decode(text) {
    case .success(let program): return program
    case .failure(let problems):
        Issue.record("expected the configuration to decode: \(problems)", sourceLocation: sourceLocation)
        throw problems
    }
}

func date(_ text: String) throws -> PlannedDate { try PlannedDate.parse(text).get() }

@Suite("Timeline")
struct TimelineTests {
    static let chain = """
          phases:
            - id: input
              name: Input
              start: 2022-02
              end: 2022-02
            - id: analysis
              name: Analysis
              after: {id: input-closes, lag: 1d}
              duration: 6w
              deadline: 2022-04-30
          milestones:
            - id: input-closes
              name: Input closes
              date: 2022-02-28
            - id: coding-complete
              name: Coding complete
              after: {id: analysis, lag: 2w}
              deadline: 2022-05-31
            - id: results
              name: Results
              after: {id: monthly, lag: 14d}
            - id: monthly
              name: A month-precise milestone
              date: 2022-04

        """

    @Test func relativeDatesCountTheLagFromTheLastDayAndKeepTheDependencysPrecision() throws {
        let program = try decoded(timelineConfiguration(Self.chain))
        let analysis = try #require(program.phases.first { $0.id == "analysis" })
        #expect(analysis.dates.first.description == "2022-03-01")
        #expect(analysis.dates.last.description == "2022-04-11")  // 42 days, the first included
        #expect(analysis.dates.precision == .day)
        let coding = try #require(program.milestones.first { $0.id == "coding-complete" })
        #expect(coding.date.description == "2022-04-25")
        // 2022-04-30 + 14 days falls in May; a month-precise source never yields an invented day.
        let results = try #require(program.milestones.first { $0.id == "results" })
        #expect(results.date.description == "2022-05")
        #expect(results.date.precision == .month)
    }

    @Test func slackAndTheCriticalChain() throws {
        let program = try decoded(timelineConfiguration(Self.chain))
        let timeline = try Timeline.schedule(program).get().1
        #expect(timeline["analysis"]?.slackDays == 19)
        #expect(timeline["coding-complete"]?.slackDays == 36)
        #expect(timeline.criticalChain == ["input-closes", "analysis"], "the tightest deadline ends the chain")
        #expect(timeline["analysis"]?.critical == true)
        #expect(timeline["results"]?.critical == false)
    }

    @Test func theChainEndsAtTheLastItemWithoutDeadlines() throws {
        let program = try decoded(try Repository.exampleConfiguration())
        let timeline = try Timeline.schedule(program).get().1
        #expect(timeline.criticalChain == ["pilot", "partners", "public"])
        #expect(timeline["public"]?.previousDate?.description == "2022-05/2022-06")
    }

    @Test func cyclesAreLocatedErrors() {
        let text = timelineConfiguration(
            """
              milestones:
                - id: a
                  name: A
                  after: {id: b, lag: 1w}
                - id: b
                  name: B
                  after: {id: a}

            """)
        #expect(
            problems(in: text).map(\.description) == [
                expected("a}", in: text, "dependency cycle a → b → a; remove one of these after: references")
            ])
    }

    @Test func unknownIdsAreLocatedWithASuggestion() {
        let text = timelineConfiguration(
            """
              milestones:
                - id: input-closes
                  name: Input closes
                  date: 2022-02-28
                - id: results
                  name: Results
                  after: {id: input-close, lag: 2w}

            """)
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "input-close,", in: text,
                    "\"results\" is after unknown id \"input-close\"; did you mean \"input-closes\"?")
            ])
    }

    @Test func aLagThatIsNotADurationIsALocatedError() {
        let text = timelineConfiguration(
            """
              milestones:
                - id: a
                  name: A
                  date: 2022-02-28
                - id: b
                  name: B
                  after: {id: a, lag: two weeks}

            """)
        #expect(
            problems(in: text).map(\.description) == [
                expected(
                    "two weeks", in: text,
                    "milestone after lag \"two weeks\" is not a number of days or weeks; write it like \"14d\" or \"2w\""
                )
            ])
    }

    // MARK: shifts

    @Test func aShiftCascadesToRelativeDependants() throws {
        let program = try decoded(timelineConfiguration(Self.chain))
        let result = try Timeline.shift(program, shifts: [], id: "input-closes", request: .by(days: 7))
        #expect(
            result.moves.map { "\($0.id) \($0.from!) → \($0.to!)" } == [
                "analysis 2022-03-01/2022-04-11 → 2022-03-08/2022-04-18",
                "input-closes 2022-02-28 → 2022-03-07",
                "coding-complete 2022-04-25 → 2022-05-02",
            ])
        #expect(result.timeline["analysis"]?.slackDays == 12)
    }

    @Test func aShiftedWavePushesAFixedDependantThatItNowOverlaps() throws {
        let program = try decoded(try Repository.exampleConfiguration())
        let result = try Timeline.shift(program, shifts: [], id: "partners", request: .to(try date("2022-Q4")))
        #expect(result.moves.map(\.id) == ["partners", "public"])
        let publicWave = try #require(result.program.waves.first { $0.id == "public" })
        #expect(publicWave.date?.description == "2023-H1")
        #expect(publicWave.previousDate?.description == "2022-H2")
    }

    @Test func aDateBeforeADependencyAllowsIsRefused() throws {
        let program = try decoded(try Repository.exampleConfiguration())
        #expect(throws: ShiftError.self) {
            try Timeline.shift(program, shifts: [], id: "partners", request: .to(try date("2022-03")))
        }
        let error = #expect(throws: ShiftError.self) {
            _ = try Timeline.shift(program, shifts: [], id: "partner", request: .by(days: 7))
        }
        #expect(
            error?.errorDescription?.hasPrefix("unknown timeline id \"partner\"; did you mean \"partners\"?") == true)
    }

    @Test(arguments: [("2w", 14), ("14d", 14), ("-1w", -7)])
    func byDurations(text: String, days: Int) {
        #expect(ShiftRequest.by(text) == .by(days: days))
    }

    @Test func shiftsMoveCoarseDatesAtTheirPrecision() throws {
        #expect(try date("2022-05/2022-06").moved(byDays: 31).description == "2022-06/2022-07")
        #expect(try date("2022-H1").moved(byDays: 190).description == "2022-H2")
    }
}

/// Gates, judged against facts the test states.
@Suite("Release gates")
struct ReleaseGateTests {
    let program: Program
    let at = Instant.parse("2022-05-20T12:00:00Z")!

    init() throws {
        program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
    }

    func facts(
        _ events: [ReleaseEvent] = [], members: [(username: String, ndaSigned: Bool)] = [],
        onboarding: any OnboardingGateEvaluator = OnboardingNotAvailable(), now: Date? = nil
    ) -> ReleaseFacts {
        ReleaseFacts(now: now ?? at, events: events, members: members, onboarding: onboarding)
    }

    @Test func ndaNamesTheMembersHoldingTheWaveBack() {
        let plan = ReleasePlan.make(program, facts: facts(members: [("ana", true), ("ben", false), ("chen", false)]))
        let gate = plan["pilot"]!.gates[0]
        #expect(!gate.holds)
        #expect(gate.holdingBack == ["ben", "chen"])
        #expect(plan["pilot"]?.status == .blocked)
        let signed = ReleasePlan.make(program, facts: facts(members: [("ana", true)]))
        #expect(signed["pilot"]?.status == .ready)
    }

    @Test func onboardingReportsItIsNotAvailableUntilAnEvaluatorPlugsIn() {
        let plan = ReleasePlan.make(program, facts: facts())
        #expect(plan["partners"]?.gates[1].reason.hasPrefix("onboarding records not available") == true)
        struct AllReady: OnboardingGateEvaluator {
            func evaluate(stage: String, wave: ReleaseWave) -> GateOutcome {
                GateOutcome(gate: "onboarded: \(stage)", holds: true, reason: "every partner is \(stage)")
            }
        }
        let plugged = ReleasePlan.make(program, facts: facts(onboarding: AllReady()))
        #expect(plugged["partners"]?.gates[1].holds == true)
    }

    @Test func afterAndApprovalAndNotBefore() throws {
        let opened = Instant.parse("2022-02-15T18:00:00Z")!
        let events = [
            ReleaseEvent(wave: "pilot", action: .open, by: "Rosa", at: opened),
            ReleaseEvent(wave: "partners", action: .approve, by: "rosa quintero", at: opened),
        ]
        let early = ReleasePlan.make(program, facts: facts(events, now: Instant.parse("2022-04-01T00:00:00Z")!))
        #expect(early["partners"]?.blockedBy == ["after: pilot + 8w", "onboarded: ready"])
        #expect(early["pilot"]?.status == .open)
        let later = ReleasePlan.make(program, facts: facts(events))
        #expect(later["partners"]?.blockedBy == ["onboarded: ready"])
        #expect(later["public"]?.blockedBy == ["after: partners + 2w", "not_before: 2022-07"])
        #expect(later.next?.id == "partners")
    }

    @Test func pausedAndResumed() {
        let t = at
        let events = [
            ReleaseEvent(wave: "pilot", action: .open, by: "Rosa", at: t),
            ReleaseEvent(wave: "pilot", action: .pause, by: "Rosa", at: t, reason: "leak"),
        ]
        #expect(ReleasePlan.make(program, facts: facts(events))["pilot"]?.status == .paused)
        let resumed = events + [ReleaseEvent(wave: "pilot", action: .resume, by: "Rosa", at: t)]
        #expect(ReleasePlan.make(program, facts: facts(resumed))["pilot"]?.status == .open)
    }
}
