import CohortTestSupport
import Foundation
import Testing

/// Dates as announced and plans as they stand: a cascade is told once, a date nobody announced is
/// never "first planned for", and a wave whose date passed is late.
@Suite struct DatesAsAnnouncedTests {
    /// The scenario: a slip of the partners' wave cascades to the public wave; minutes later
    /// the public wave slips again. The first notice names both waves; the second never names the
    /// date only the cascade produced, which nobody announced.
    @Test func aCascadeIsToldInOneNoticeAndItsIntermediateDateIsNeverSaid() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        let first = try Processes.cohort(
            [
                "release", "slip", "partners", "--to", "2022-12", "--reason", "Onboarding takes longer.", "--now",
                "2022-05-20T09:00:00Z",
            ], in: folder.url)
        #expect(first.status == 0, "\(first.stderr)")
        let firstNotice = try folder.read("announcements/2022-05-20-partners-delay/meta.wiki")
        #expect(firstNotice.contains("Partner access, first planned for Q3 2022, is now planned for"), "\(firstNotice)")
        #expect(
            firstNotice.contains(
                "Initial public dashboard moves from the second half of 2022 to <strong>the first half of 2023</strong>"
            ),
            "the cascade is told in the same notice: \(firstNotice)")

        let second = try Processes.cohort(
            [
                "release", "slip", "public", "--to", "2023-H2", "--reason", "The partners need the time.", "--now",
                "2022-05-20T09:05:00Z",
            ], in: folder.url)
        #expect(second.status == 0, "\(second.stderr)")
        for name in ["meta.wiki", "blog.html", "mail.eml"] {
            let notice = try folder.read("announcements/2022-05-20-public-delay/\(name)")
            #expect(!notice.contains("first half of 2023"), "never announced: \(name): \(notice)")
        }
        let secondNotice = try folder.read("announcements/2022-05-20-public-delay/meta.wiki")
        #expect(
            secondNotice.contains("first planned for May–June 2022, then the second half of 2022, is now planned for"),
            "\(secondNotice)")
    }

    @Test func aWaveWhoseDatePassedIsLateNeverNext() throws {
        let folder = try AnnounceCommandTests.exampleCopy(records: true)
        let status = try Processes.cohort(["status", "--now", "2022-05-20T00:00:00Z"], in: folder.url)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(
            status.stdoutLines.contains { $0.hasPrefix("Release  late: pilot, planned for February 2022, ") },
            "\(status.stdout)")
        #expect(!status.stdout.contains("next: pilot"), "\(status.stdout)")
    }

    @Test func aDateItsGatesCanNeverMeetIsAProblemOfCheckAndAShiftSaysWhatItBreaksAtOnce() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        let configuration = try folder.read("cohort.yaml")
        try folder.write(
            "cohort.yaml",
            configuration.replacingOccurrences(of: "      date: 2022-H2\n", with: "      date: 2022-05/2022-06\n"))
        let check = try Processes.cohort(["check", "--now", "2022-03-01T00:00:00Z"], in: folder.url)
        #expect(check.status != 0, "\(check.stdout)")
        #expect(
            check.stderr.contains(
                "wave \"public\" (May–June 2022) is before \"partners\" allows (2022-10-14 at the earliest)"),
            "\(check.stderr)")
        #expect(
            check.stderr.contains("wave \"public\" (May–June 2022) is before its not_before gate allows (2022-07-01"),
            "\(check.stderr)")

        try folder.write("cohort.yaml", configuration)
        let shift = try Processes.cohort(
            [
                "timeline", "shift", "coding-complete", "--to", "2022-06", "--reason", "The judges need longer.",
                "--now", "2022-03-01T00:00:00Z",
            ], in: folder.url)
        #expect(shift.status == 0, "\(shift.stderr)")
        #expect(shift.stdout.contains("The plan no longer holds"), "\(shift.stdout)")
        #expect(shift.stdout.contains("falls outside its phase \"analysis\""), "\(shift.stdout)")
    }

    @Test func theReleasePlanFlagsADateItsGatesNoLongerAllowWithTheEarliestTheyDo() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        let plan = try Processes.cohort(["release", "plan", "--now", "2022-05-20T12:00:00Z"], in: folder.url)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(
            plan.stdoutLines.contains(
                "pilot: planned for February 2022, but its gates allow 2022-05-20 at the earliest; slip it (`cohort release slip pilot`)"
            ), "\(plan.stdout)")
        let json = try Processes.cohort(["release", "plan", "--json", "--now", "2022-05-20T12:00:00Z"], in: folder.url)
        #expect(
            try readJSON(json.stdout, "[(w['id'], w['earliest'], w['date_holds']) for w in d['waves']]") == [
                "[('pilot', '2022-05-20', False), ('partners', '2022-07-15', True), ('public', '2022-07-29', True)]"
            ], "partners: 8 weeks after the pilot could open today; public: 2 weeks after that")
    }
}
