import CohortCore
import CohortRender
import CohortTestSupport
import Foundation
import Testing

/// `calendar/program.ics`: a golden file, read back by Python's icalendar.
@Suite struct ProgramCalendarTests {
    static let stamp = Instant.parse("2022-05-20T00:00:00Z")!

    static func exampleTimeline() throws -> (Program, Timeline) {
        try Timeline.schedule(try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()).get()
    }

    /// Prints, per event: UID, SEQUENCE, the all-day start and exclusive end, and the summary.
    static let readCalendar = """
        import sys, icalendar
        data = sys.stdin.buffer.read()
        assert all(len(line) <= 75 for line in data.split(b"\\r\\n")), "a line is longer than 75 octets"
        assert data.endswith(b"\\r\\n") and b"\\n" not in data.replace(b"\\r\\n", b""), "lines end in CRLF"
        cal = icalendar.Calendar.from_ical(data)
        print(cal["METHOD"], cal["X-WR-CALNAME"])
        for event in cal.walk("VEVENT"):
            assert not event.errors, event.errors
            print(event["UID"], event["SEQUENCE"], event.decoded("DTSTART").isoformat(),
                  event.decoded("DTEND").isoformat(), event["SUMMARY"])
        """

    @Test func theExampleCalendarMatchesItsGoldenFileAndParses() throws {
        let (program, timeline) = try Self.exampleTimeline()
        let text = ProgramCalendar.feed(timeline, program: program, stamp: Self.stamp, remembered: [:]).calendar
            .render()
        let golden = try Snapshots.golden(text, named: "program.ics", beside: #filePath)
        #expect(text == golden, "re-record with RECORD_SNAPSHOTS=1 if the change is intended")
        let read = try Processes.python(Self.readCalendar, input: text)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdoutLines.first == "PUBLISH Equity Landscape pilot & consultation 2022 — timeline")
        #expect(
            read.stdoutLines.contains(
                "phase-outcome@equity-landscape-2022.cohort 0 2022-05-01 2022-07-01 Outcome announced (Meta page, Diff blog, mailing lists) (May–June 2022)"
            ))
        #expect(
            read.stdoutLines.contains(
                "milestone-input-closes@equity-landscape-2022.cohort 0 2022-02-28 2022-03-01 Consultation input closes")
        )
        #expect(
            read.stdoutLines.contains(
                "wave-public@equity-landscape-2022.cohort 0 2022-07-01 2023-01-01 Release: Initial public dashboard (second half of 2022)"
            ))
    }

    @Test func sequenceRisesOnlyForItemsWhoseDatesChanged() throws {
        let (program, timeline) = try Self.exampleTimeline()
        let first = ProgramCalendar.feed(timeline, program: program, stamp: Self.stamp, remembered: [:])
        let again = ProgramCalendar.feed(timeline, program: program, stamp: Self.stamp, remembered: first.states)
        #expect(again.calendar == first.calendar)
        let shifted = try Timeline.shift(
            program, shifts: [], id: "partners", request: .to(try Self.date("2022-Q4")))
        let after = ProgramCalendar.feed(
            shifted.timeline, program: program, stamp: Self.stamp, remembered: again.states)
        let changed = zip(first.calendar.events, after.calendar.events).filter { $0 != $1 }
        #expect(
            changed.map(\.1.uid) == [
                "wave-partners@equity-landscape-2022.cohort", "wave-public@equity-landscape-2022.cohort",
            ])
        #expect(changed.allSatisfy { $0.1.sequence == $0.0.sequence + 1 })
    }

    static func date(_ text: String) throws -> PlannedDate { try PlannedDate.parse(text).get() }
}
