import CohortCore
import CohortTestSupport
import Foundation
import Testing

@Suite("ProgramStatus")
struct ProgramStatusTests {
    let program: Program

    init() throws {
        program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
    }

    private func status(at text: String, records: RecordSummary? = nil) throws -> ProgramStatus {
        ProgramStatus(program: program, now: try #require(Instant.parse(text)), records: records)
    }

    @Test func midMarchIsInTheAnalysisPhase() throws {
        let status = try status(at: "2022-03-15T00:00:00Z")
        // Midnight UTC is still 14 March in the program's home zone (Los Angeles, UTC-7).
        #expect(status.today.description == "2022-03-14")
        #expect(status.timeZone == "America/Los_Angeles")
        #expect(status.phase?.id == "analysis")
        #expect(status.phase?.dates.text == "March–April 2022")
        #expect(status.phases.map(\.timing) == [.past, .current, .upcoming])
    }

    @Test func midMarchNextMilestonesCountDaysFromTheLocalDay() throws {
        let status = try status(at: "2022-03-15T00:00:00Z")
        #expect(status.nextMilestones.map(\.id) == ["coding-complete", "outcome-announced", "results-blog"])
        // From 14 March to 1 April, 1 May and 1 June.
        #expect(status.nextMilestones.map(\.daysLeft) == [18, 48, 79])
        #expect(status.nextMilestones.map(\.timing) == [.upcoming, .upcoming, .upcoming])
        #expect(status.nextMilestones.map(\.date.text) == ["April 2022", "May–June 2022", "June 2022"])
        #expect(status.nextMilestones.count == ProgramStatus.milestoneCount)
    }

    @Test func earlyFebruaryIsInTheInputPhase() throws {
        let status = try status(at: "2022-02-10T00:00:00Z")
        #expect(status.today.description == "2022-02-09")
        #expect(status.phase?.id == "input")
        #expect(status.phases.map(\.timing) == [.current, .upcoming, .upcoming])
        #expect(status.nextMilestones.map(\.id) == ["input-closes", "coding-complete", "outcome-announced"])
        #expect(status.nextMilestones.map(\.daysLeft) == [19, 51, 81])
    }

    @Test func milestoneOnTodayIsCurrentWithNoDaysLeft() throws {
        // 2022-02-04T20:00:00Z is noon on 4 February in Los Angeles: the Friday office hour.
        let status = try status(at: "2022-02-04T20:00:00Z")
        let first = try #require(status.nextMilestones.first)
        #expect(first.id == "office-hours-friday")
        #expect(first.timing == .current)
        #expect(first.daysLeft == 0)
    }

    @Test func monthMilestoneIsCurrentThroughItsMonth() throws {
        let status = try status(at: "2022-04-20T12:00:00Z")
        let first = try #require(status.nextMilestones.first)
        #expect(first.id == "coding-complete")
        #expect(first.timing == .current)
        #expect(first.daysLeft == 0)
    }

    @Test(arguments: ["2022-07-01T12:00:00Z", "2023-01-01T00:00:00Z"])
    func afterEveryMilestoneNothingIsNext(now: String) throws {
        let status = try status(at: now)
        #expect(status.nextMilestones.isEmpty)
        #expect(status.phase == nil)
        #expect(status.phases.allSatisfy { $0.timing == .past })
    }

    @Test func lastDayOfJuneInLosAngelesStillHasTheResultsPost() throws {
        // 2022-07-01T06:00:00Z is 23:00 on 30 June in Los Angeles.
        let status = try status(at: "2022-07-01T06:00:00Z")
        #expect(status.today.description == "2022-06-30")
        #expect(status.phase?.id == "outcome")
        #expect(status.nextMilestones.map(\.id) == ["outcome-announced", "results-blog"])
    }

    @Test func beforeTheProgramNoPhaseIsCurrent() throws {
        let status = try status(at: "2022-01-15T00:00:00Z")
        #expect(status.phase == nil)
        #expect(status.nextMilestones.first?.id == "call-for-participation")
        #expect(status.nextMilestones.first?.daysLeft == 18)
    }

    @Test func wavesAreListedWithTheirPlannedDates() throws {
        let status = try status(at: "2022-03-15T00:00:00Z")
        #expect(status.waves.map(\.id) == ["pilot", "partners", "public"])
        #expect(status.waves.map { $0.date?.text } == ["February 2022", "Q3 2022", "second half of 2022"])
        #expect(status.waves.map { $0.date?.precision } == [.month, .quarter, .halfYear])
    }

    // MARK: JSON, read back by Python's json module

    private func json(_ status: ProgramStatus) throws -> String { try JSONDocument.compact(status) }

    @Test func jsonHasTheContractKeysAsPythonReadsThem() throws {
        let document = try json(try status(at: "2022-03-15T00:00:00Z"))
        let script = """
            import json, sys
            sys.stdout.reconfigure(encoding="utf-8")
            d = json.loads(sys.stdin.buffer.read())
            print(",".join(sorted(d)))
            print(d["program"], d["slug"], d["now"], d["time_zone"], d["today"], sep="|")
            print(d["phase"]["id"], d["phase"]["timing"], d["phase"]["dates"]["date"], d["phase"]["dates"]["precision"], sep="|")
            print(",".join(p["id"] + ":" + p["timing"] for p in d["phases"]))
            for m in d["next_milestones"]:
                assert isinstance(m["days_left"], int) and not isinstance(m["days_left"], bool)
                print(m["id"], m["days_left"], m["timing"], m["date"]["first"], m["date"]["last"], m["date"]["text"], sep="|")
            print(",".join(w["id"] + ":" + (w["date"]["date"] if w["date"] else "-") for w in d["waves"]))
            """
        let result = try Processes.python(script, input: document)
        #expect(result.status == 0, "python: \(result.stderr)")
        #expect(
            result.stdoutLines == [
                "next_milestones,now,overdue_milestones,phase,phases,program,slug,time_zone,today,waves",
                "Equity Landscape pilot & consultation 2022|equity-landscape-2022|2022-03-15T00:00:00Z|America/Los_Angeles|2022-03-14",
                "analysis|current|2022-03/2022-04|month",
                "input:past,analysis:current,outcome:upcoming",
                "coding-complete|18|upcoming|2022-04-01|2022-04-30|April 2022",
                "outcome-announced|48|upcoming|2022-05-01|2022-06-30|May–June 2022",
                "results-blog|79|upcoming|2022-06-01|2022-06-30|June 2022",
                "pilot:2022-02,partners:2022-Q3,public:2022-H2",
            ])
    }

    @Test func jsonPhaseIsNullWhenNoPhaseIsCurrent() throws {
        let document = try json(try status(at: "2023-01-01T00:00:00Z"))
        let script = """
            import json, sys
            d = json.loads(sys.stdin.buffer.read())
            print("phase" in d, d["phase"] is None, d["next_milestones"] == [], "records" in d)
            """
        let result = try Processes.python(script, input: document)
        #expect(result.status == 0, "python: \(result.stderr)")
        #expect(result.stdoutLines == ["True True True False"])
    }

    @Test func jsonCarriesRecordsWhenTheyWereRead() throws {
        let document = try json(try status(at: "2022-03-15T00:00:00Z", records: RecordSummary(auditEntries: 3)))
        let result = try Processes.python(
            "import json, sys; print(json.loads(sys.stdin.buffer.read())['records'])", input: document)
        #expect(result.status == 0, "python: \(result.stderr)")
        #expect(result.stdoutLines == ["{'audit_entries': 3}"])
    }
}
