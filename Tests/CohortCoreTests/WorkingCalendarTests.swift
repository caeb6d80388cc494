import CohortCore
import Foundation
import Testing

/// The daily-answer promise counted as the program defines its working days.
@Suite struct WorkingCalendarTests {
    static let zone = TimeZone(identifier: "America/Los_Angeles")!

    @Test func aHolidayIsNoWorkingDayAndOverdueMeansAWholeWorkingDayWentBy() throws {
        let holiday = try #require(CivilDate(iso: "2022-02-21"))
        let calendar = WorkingCalendar(holidays: [holiday], zone: Self.zone)
        let now = try #require(Instant.parse("2022-02-23T18:00:00Z"))  // Wednesday, 10:00 in Los Angeles
        // By hand: Thursday 17th → Fri, Tue, Wed (Monday 21st is the holiday) = 3.
        #expect(calendar.days(from: Instant.parse("2022-02-17T10:00:00Z")!, to: now) == 3)
        // Friday 18th, 20:00 UTC (noon in Los Angeles) → Tue, Wed = 2.
        #expect(calendar.days(from: Instant.parse("2022-02-18T20:00:00Z")!, to: now) == 2)
        // Saturday 19th, 05:00 UTC is still Friday in Los Angeles.
        #expect(calendar.days(from: Instant.parse("2022-02-19T05:00:00Z")!, to: now) == 2)
        // Tuesday 22nd → Wed = 1: not overdue yet.
        #expect(calendar.days(from: Instant.parse("2022-02-22T17:00:00Z")!, to: now) == 1)
        #expect(!calendar.isOverdue(since: Instant.parse("2022-02-22T17:00:00Z")!, now: now))
        #expect(calendar.isOverdue(since: Instant.parse("2022-02-18T20:00:00Z")!, now: now))
        let withoutHoliday = WorkingCalendar(zone: Self.zone)
        #expect(withoutHoliday.days(from: Instant.parse("2022-02-17T10:00:00Z")!, to: now) == 4)
    }

    @Test func onlyDaysInsideTheAnswerPeriodAndOnTheProgramsWeekdaysCount() throws {
        let start = try #require(CivilDate(iso: "2022-02-01"))
        let end = try #require(CivilDate(iso: "2022-02-28"))
        let calendar = WorkingCalendar(weekdays: [1, 2, 3, 4, 5, 6], period: start...end, zone: .gmt)
        // Friday 25 February → Sat 26, Mon 28; March does not count.
        #expect(
            calendar.days(from: Instant.parse("2022-02-25T10:00:00Z")!, to: Instant.parse("2022-03-04T10:00:00Z")!)
                == 2)
    }

    @Test func holidaysAreReadFromAnICalendarFile() {
        let ics = """
            BEGIN:VCALENDAR\r
            BEGIN:VEVENT\r
            SUMMARY:Presidents' Day\r
            DTSTART;VALUE=DATE:20220221\r
            DTEND;VALUE=DATE:20220222\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            SUMMARY:Retreat\r
            DTSTART;VALUE=DATE:2022\r
             0301\r
            DTEND;VALUE=DATE:20220303\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        #expect(
            WorkingCalendar.holidays(fromICalendar: ics).map(\.description) == [
                "2022-02-21", "2022-03-01", "2022-03-02",
            ])
    }
}
