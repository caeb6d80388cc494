import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// The timeline and the release waves decided in process: refused shifts and gates, an opening
/// overridden, and the calendar a shift changes. `TimelineCommandTests` keeps what only the
/// binary shows.
@Suite struct TimelineUseCaseTests {
    static let now = "2022-05-20T00:00:00Z"

    /// Each refusal is one line, exit 64, and records nothing: the timeline is as declared.
    @Test func badInputIsOneLineExit64AndNothingRecorded() throws {
        let audit = decided(Self.now, "timeline shift")
        let cases: [(String, @Sendable (TimelinePlanning) throws -> Void)] = [
            (
                "unknown timeline id \"partner\"; did you mean \"partners\"?",
                { _ = try $0.shiftTimeline("partner", to: nil, delay: "2w", reason: "x", audit: audit) }
            ),
            (
                "\"partners\" cannot move to 2022-03",
                { _ = try $0.shiftTimeline("partners", to: "2022-03", delay: nil, reason: "x", audit: audit) }
            ),
            (
                "--delay \"two weeks\" is not a duration",
                { _ = try $0.shiftTimeline("partners", to: nil, delay: "two weeks", reason: "x", audit: audit) }
            ),
            (
                "wave \"partners\" is blocked by after: pilot + 8w",
                { _ = try $0.changeWave(.open, wave: "partners", audit: decided(Self.now, "release open")) }
            ),
            (
                "wave \"partners\" waits for approval by Rosa Quintero",
                {
                    let audit = decided(Self.now, "release approve", by: "Someone Else")
                    _ = try $0.changeWave(.approve, wave: "partners", by: audit.actor, audit: audit)
                }
            ),
        ]
        for (message, attempt) in cases {
            let folder = try TemporaryFolder.workspace()
            let session = try commandSession(folder, now: Self.now)
            let refused = try #require(refusal { try attempt(TimelinePlanning(session)) }, "\(message)")
            #expect(refused.exitCode == 64, "\(message)")
            #expect(refused.lines.count == 1, "\(refused.lines)")
            #expect(refused.lines.first?.contains(message) == true, "\(refused.lines)")
            let timeline = try commandSession(folder, now: Self.now).timeline()
            #expect(timeline.items.first { $0.id == "partners" }?.previousDate == nil, "\(message)")
        }
    }

    @Test func openWithOverrideRecordsWhoOverrodeWhat() throws {
        let folder = try TemporaryFolder.workspace()
        let planning = TimelinePlanning(try commandSession(folder, now: Self.now))
        let open = try planning.changeWave(
            .open, wave: "pilot", by: "Rosa Quintero", reason: "NDAs signed on paper", override: true,
            audit: decided("2022-02-15T00:00:00Z", "release open", by: "Rosa Quintero"))
        let opened = ReleaseText.explain(open.wave).components(separatedBy: "\n")
        #expect(opened.first == "NDA pilot cohort (pilot): open, planned for February 2022")
        #expect(
            opened.last?.contains("overridden by Rosa Quintero at 2022-02-15T00:00:00Z: NDAs signed on paper") == true)
        #expect(open.notices.text == nil, "nobody is enrolled to be told")
        let overrides = try planning.session.openStore().read { try $0.releaseEvents() }.filter {
            $0.action == .override
        }
        #expect(overrides.map { "\($0.wave) \($0.by) \($0.reason)" } == ["pilot Rosa Quintero NDAs signed on paper"])

        let approval = decided(Self.now, "release approve", by: "Rosa Quintero")
        _ = try planning.changeWave(.approve, wave: "partners", by: approval.actor, audit: approval)
        let explained = try planning.explainWave("partners", now: instant(Self.now))
        #expect(
            ReleaseText.explain(explained).components(separatedBy: "\n") == [
                "Partner access (partners): blocked, planned for Q3 2022",
                "  holds  after: pilot + 8w: \"pilot\" opened 8w or more ago",
                "  FAILS  onboarded: ready: no partners in wave \"partners\" yet",
                "  holds  approval: Rosa Quintero: approved by Rosa Quintero at 2022-05-20T00:00:00Z",
            ])
        let paused = try planning.changeWave(
            .pause, wave: "pilot", reason: "a leak", audit: decided(Self.now, "release pause"))
        #expect(
            ReleaseText.explain(paused.wave).components(separatedBy: "\n").first
                == "NDA pilot cohort (pilot): paused, planned for February 2022")
        let again = try #require(
            refusal {
                _ = try planning.changeWave(
                    .pause, wave: "pilot", reason: "again", audit: decided("2022-05-21T00:00:00Z", "release pause"))
            })
        #expect(again.exitCode == 64)
        #expect(again.lines == ["cohort: wave \"pilot\" is not open; there is nothing to pause"])
    }

    @Test func calendarTwiceIsIdenticalAndAShiftRaisesOnlyTheMovedItemsSequence() throws {
        let folder = try TemporaryFolder.workspace()
        let session = try commandSession(folder, now: Self.now)
        _ = try CalendarExport(session).writeCalendars(stamp: instant(Self.now))
        let first = try folder.read("calendar/program.ics")
        _ = try CalendarExport(session).writeCalendars(stamp: instant(Self.now))
        #expect(try folder.read("calendar/program.ics") == first)
        let shift = try TimelinePlanning(session).shiftTimeline(
            "results-blog", to: "2022-07", delay: nil, reason: "Translations",
            audit: decided(Self.now, "timeline shift"))
        #expect(shift.text.components(separatedBy: "\n").first == "Moved milestone results-blog: June 2022 → July 2022")
        // The next command reads the program with the shift applied.
        _ = try CalendarExport(try commandSession(folder, now: Self.now)).writeCalendars(stamp: instant(Self.now))
        let after = try folder.read("calendar/program.ics")
        let lines = (first.components(separatedBy: "\r\n"), after.components(separatedBy: "\r\n"))
        #expect(lines.0.count == lines.1.count)
        let changed = zip(lines.0, lines.1).filter { $0 != $1 }.map(\.1)
        #expect(
            changed == [
                "DTSTART;VALUE=DATE:20220701", "DTEND;VALUE=DATE:20220801", "SEQUENCE:1",
                "SUMMARY:Results post published on the Diff blog (July 2022)",
                " ed for July 2022 (month precision).\\nPreviously planned for June 2022.",
            ])
    }
}
