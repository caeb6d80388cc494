import CohortTestSupport
import Foundation
import Testing

/// Calendars that do not change unless the program does, and the social post.
@Suite struct CalendarAndSocialTests {
    @Test func calendarsAreTheSameBytesWhateverTheClockAndEveryPublishEventNamesItsOrganizer() throws {
        let folder = try TemporaryFolder.workspace()
        try succeed(["calendar", "--now", "2022-02-01T00:00:00Z"], in: folder)
        let program = try folder.read("calendar/program.ics")
        let workshops = try folder.read("calendar/workshops.ics")
        try succeed(["calendar", "--now", "2022-09-30T12:34:56Z"], in: folder)
        #expect(try folder.read("calendar/program.ics") == program, "nothing changed, so nothing is rewritten")
        #expect(try folder.read("calendar/workshops.ics") == workshops)
        let read = try Processes.python(
            """
            import icalendar, sys
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = [e for e in cal.walk('VEVENT')]
            print(str(cal['METHOD']), len(events), all('ORGANIZER' in e for e in events))
            print(sorted({str(e['ORGANIZER']) for e in events}))
            """, [folder.path("calendar/program.ics")])
        #expect(read.stdoutLines == ["PUBLISH 13 True", "['mailto:equity-landscape@example.org']"], "\(read.stderr)")

        try succeed(
            [
                "timeline", "shift", "results-blog", "--to", "2022-07", "--reason", "Translations", "--now",
                "2022-10-01T00:00:00Z",
            ], in: folder)
        try succeed(["calendar", "--now", "2022-10-02T00:00:00Z"], in: folder)
        let after = try folder.read("calendar/program.ics")
        let changed = zip(program.components(separatedBy: "\r\n"), after.components(separatedBy: "\r\n")).filter {
            $0 != $1
        }.map(\.1)
        #expect(changed.contains("DTSTAMP:20221002T000000Z"))
        #expect(changed.filter { $0.hasPrefix("DTSTAMP:") }.count == 1, "only the moved item is stamped anew")
        #expect(changed.filter { $0.hasPrefix("SEQUENCE:") } == ["SEQUENCE:1"])
    }

    @Test func theSocialPostLinksTheBlogAndIsCountedAsMastodonCountsIt() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true)
        let post = try folder.read("announcements/2022-06-outcome/social.txt")
        #expect(post.contains("https://diff.example.org/2022/06/15/equity-landscape-pilot-outcome/"))
        let path = "announcements/2022-06-outcome.md"
        let long = String(repeating: "The community told us a great deal. ", count: 14)
        try folder.write(
            path,
            try folder.read(path).replacingOccurrences(
                of: "  excerpt: What the pilot cohort and the community told us, and what we do next.",
                with: "  excerpt: \(long)"))
        let lint = try Processes.cohort(["announce", "lint", "2022-06-outcome"], in: folder.url)
        #expect(lint.status == 65)
        // The title (64), two line ends, the excerpt (14 × 36 less its last space: 503), two more,
        // and the link, which counts 23 whatever its length.
        #expect(
            lint.stderr.contains(
                "announcements/2022-06-outcome/social.txt: 594 characters as Mastodon counts them (each link 23); at most 500"
            ),
            "\(lint.stderr)")
        let shown = try Processes.cohort(
            ["announce", "show", "2022-06-outcome", "--channel", "social"], in: folder.url)
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("What we learned from the Equity Landscape pilot and consultation\n"))
    }
}
