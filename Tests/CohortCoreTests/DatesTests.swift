import CohortCore
import Foundation
import Testing

@Suite("CivilDate")
struct CivilDateTests {
    /// The next calendar day, computed by counting month lengths: independent of the epoch arithmetic.
    private func nextDay(_ date: (year: Int, month: Int, day: Int)) -> (year: Int, month: Int, day: Int) {
        if date.day < CivilDate.daysIn(month: date.month, year: date.year) {
            return (date.year, date.month, date.day + 1)
        }
        return date.month == 12 ? (date.year + 1, 1, 1) : (date.year, date.month + 1, 1)
    }

    @Test func daysSinceEpochRoundTripsEveryDayFrom1899To2025() throws {
        var walked = (year: 1899, month: 1, day: 1)
        let start = try #require(CivilDate(year: 1899, month: 1, day: 1)).daysSinceEpoch
        var mismatches: [String] = []
        for offset in 0..<(127 * 366) where walked.year <= 2025 {
            let date = try #require(CivilDate(year: walked.year, month: walked.month, day: walked.day))
            if date.daysSinceEpoch != start + offset { mismatches.append("\(date) -> \(date.daysSinceEpoch)") }
            if CivilDate(daysSinceEpoch: start + offset) != date { mismatches.append("\(start + offset) -> \(date)") }
            walked = nextDay(walked)
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        #expect(walked == (2026, 1, 1))
    }

    @Test(arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("1900-01-01", -25_567), ("1900-03-01", -25_508),
        ("2000-02-29", 11_016), ("2000-03-01", 11_017), ("2024-02-29", 19_782),
    ])
    func daysSinceEpochMatchesKnownDays(iso: String, days: Int) throws {
        let date = try #require(CivilDate(iso: iso))
        #expect(date.daysSinceEpoch == days)
        #expect(CivilDate(daysSinceEpoch: days) == date)
        #expect(date.description == iso)
    }

    @Test(arguments: [(2000, true), (1900, false), (2024, true), (2023, false), (2100, false), (2400, true)])
    func februaryHasALeapDayOnlyInLeapYears(year: Int, leap: Bool) {
        #expect(CivilDate.daysIn(month: 2, year: year) == (leap ? 29 : 28))
        #expect((CivilDate(year: year, month: 2, day: 29) != nil) == leap)
    }

    @Test(arguments: [
        "2022-02-30", "2022-04-31", "2022-13-01", "2022-00-10", "2022-01-00", "1900-02-29", "2022-1-01", "22-01-01",
        "2022/01/01", "2022-01-01T00:00:00Z", "", "yesterday",
    ])
    func invalidDatesAreNil(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func invalidComponentsAreNil() {
        #expect(CivilDate(year: 2022, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test(arguments: [
        ("America/Los_Angeles", "2022-03-14"),  // 17:00 the day before (PDT, UTC-7)
        ("Asia/Kolkata", "2022-03-15"),  // 05:30
        ("UTC", "2022-03-15"),
        ("Pacific/Kiritimati", "2022-03-15"),  // 14:00, UTC+14
        ("Pacific/Pago_Pago", "2022-03-14"),  // 13:00 the day before, UTC-11
    ])
    func dayOfAnInstantDependsOnTheZone(zone: String, expected: String) throws {
        let instant = try #require(Instant.parse("2022-03-15T00:00:00Z"))
        let timeZone = try #require(TimeZone(identifier: zone))
        #expect(CivilDate(instant, in: timeZone).description == expected)
    }

    @Test func dayOfAnInstantJustBeforeMidnightInTheZone() throws {
        // 06:59:59 UTC on 15 March is 23:59:59 on 14 March in Los Angeles (PDT).
        let instant = try #require(Instant.parse("2022-03-15T06:59:59Z"))
        let zone = try #require(TimeZone(identifier: "America/Los_Angeles"))
        #expect(CivilDate(instant, in: zone).description == "2022-03-14")
        #expect(CivilDate(instant.addingTimeInterval(1), in: zone).description == "2022-03-15")
    }

    @Test func dayOfAnInstantBeforeTheEpoch() throws {
        let instant = try #require(Instant.parse("1969-12-31T23:30:00Z"))
        #expect(CivilDate(instant, in: .gmt).description == "1969-12-31")
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        #expect(CivilDate(instant, in: kolkata).description == "1970-01-01")
    }

    @Test func startOfDayIsLocalMidnight() throws {
        let day = try #require(CivilDate(iso: "2022-03-15"))
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        #expect(day.start(in: kolkata) == Instant.parse("2022-03-14T18:30:00Z"))
        let losAngeles = try #require(TimeZone(identifier: "America/Los_Angeles"))
        #expect(day.start(in: losAngeles) == Instant.parse("2022-03-15T07:00:00Z"))
        // 13 March 2022 began in PST (UTC-8); the clocks went forward at 02:00 that day.
        let switchDay = try #require(CivilDate(iso: "2022-03-13"))
        #expect(switchDay.start(in: losAngeles) == Instant.parse("2022-03-13T08:00:00Z"))
    }

    @Test(arguments: [
        "America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "UTC",
    ])
    func startOfEachDayFallsOnThatDay(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let first = try #require(CivilDate(iso: "2021-01-01")).daysSinceEpoch
        let wrong = (first..<(first + 3 * 366)).map(CivilDate.init(daysSinceEpoch:)).filter { day in
            let start = day.start(in: timeZone)
            return CivilDate(start, in: timeZone) != day || CivilDate(start.addingTimeInterval(-1), in: timeZone) == day
        }
        #expect(wrong.isEmpty, "days whose start is off: \(wrong.prefix(3))")
    }

    /// Cairo's clocks jumped from 00:00 to 01:00 on 28 April 2023: the day started at 01:00 (UTC+3).
    @Test func startOfADayWhoseMidnightIsSkippedIsItsFirstHour() throws {
        let cairo = try #require(TimeZone(identifier: "Africa/Cairo"))
        let date = try #require(CivilDate(iso: "2023-04-28"))
        #expect(Instant.format(date.start(in: cairo)) == "2023-04-27T22:00:00Z")
    }

    /// São Paulo (2018) and Havana (2022) also skipped midnight, but west of Greenwich the second
    /// guess in `start(in:)` lands an hour early, in the day before.
    @Test(arguments: [
        ("America/Sao_Paulo", "2018-11-04", "2018-11-04T03:00:00Z"),
        ("America/Havana", "2022-03-13", "2022-03-13T05:00:00Z"),
    ])
    func startOfADayWhoseMidnightIsSkippedWestOfGreenwich(zone: String, day: String, start: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let date = try #require(CivilDate(iso: day))
        #expect(Instant.format(date.start(in: timeZone)) == start)
        #expect(CivilDate(date.start(in: timeZone), in: timeZone) == date)
    }

    @Test(arguments: [
        ("2022-02-04", 5),  // the Friday office hour
        ("2022-02-08", 2),  // the Tuesday office hour
        ("1970-01-01", 4), ("1969-12-28", 7), ("2024-02-29", 4), ("2000-01-03", 1),
    ])
    func isoWeekdayCountsMondayAsOne(iso: String, weekday: Int) throws {
        #expect(try #require(CivilDate(iso: iso)).isoWeekday == weekday)
    }

    @Test func addingAndCountingDaysCrossMonthsAndYears() throws {
        let day = try #require(CivilDate(iso: "2024-02-28"))
        #expect(day.adding(days: 1).description == "2024-02-29")
        #expect(day.adding(days: 2).description == "2024-03-01")
        #expect(day.adding(days: 308).description == "2025-01-01")
        #expect(day.days(until: try #require(CivilDate(iso: "2024-03-01"))) == 2)
        #expect(try #require(CivilDate(iso: "2024-03-01")).days(until: day) == -2)
    }

    @Test func orderingIsChronological() throws {
        let dates = try ["2022-02-01", "2021-12-31", "2022-01-15", "2022-02-01"].map {
            try #require(CivilDate(iso: $0))
        }
        #expect(dates.sorted().map(\.description) == ["2021-12-31", "2022-01-15", "2022-02-01", "2022-02-01"])
    }
}

@Suite("DatePeriod and PlannedDate")
struct PlannedDateTests {
    @Test(arguments: [
        ("2022-02-14", DatePrecision.day, "2022-02-14", "2022-02-14", "14 February 2022"),
        ("2022-02", .month, "2022-02-01", "2022-02-28", "February 2022"),
        ("2024-02", .month, "2024-02-01", "2024-02-29", "February 2024"),
        ("2022-Q1", .quarter, "2022-01-01", "2022-03-31", "Q1 2022"),
        ("2022-Q2", .quarter, "2022-04-01", "2022-06-30", "Q2 2022"),
        ("2022-Q4", .quarter, "2022-10-01", "2022-12-31", "Q4 2022"),
        ("2022-H1", .halfYear, "2022-01-01", "2022-06-30", "first half of 2022"),
        ("2022-H2", .halfYear, "2022-07-01", "2022-12-31", "second half of 2022"),
    ])
    func periodParsesAtItsPrecision(
        text: String, precision: DatePrecision, first: String, last: String, words: String
    ) throws {
        let period = try #require(DatePeriod(text))
        #expect(period.precision == precision)
        #expect(period.first.description == first)
        #expect(period.last.description == last)
        #expect(period.description == text)
        let planned = try PlannedDate.parse(text).get()
        #expect(planned.precision == precision)
        #expect(planned.description == text)
        #expect(planned.spelledOut == words)
        #expect(planned.first.description == first)
        #expect(planned.last.description == last)
    }

    @Test(arguments: ["2022-+1", "2022-+1-01", "+022-01"])
    func signedNumbersAreNotDates(text: String) {
        #expect(DatePeriod(text) == nil)
    }

    @Test func lowercaseQuarterAndHalfAreReadAndWrittenCanonically() throws {
        #expect(try #require(DatePeriod("2022-q3")).description == "2022-Q3")
        #expect(try #require(DatePeriod("2022-h2")).description == "2022-H2")
    }

    @Test(arguments: [
        "2022-13", "2022-00", "2022-Q5", "2022-Q0", "2022-H3", "2022-H0", "22-01", "2022-1", "2022", "", "2022-02-30",
        "2022-Q12", "2022-W05", "May 2022", "2022-05-01-01", "0000-01",
    ])
    func malformedPeriodsAreRejected(text: String) {
        #expect(DatePeriod(text) == nil)
        #expect(PlannedDate.parse(text) == .failure(.malformed))
    }

    @Test(arguments: [
        ("2022-05/2022-06", DatePrecision.month, "2022-05-01", "2022-06-30", "May–June 2022"),
        ("2022-02-04/2022-02-08", .day, "2022-02-04", "2022-02-08", "4–8 February 2022"),
        ("2022-01-30/2022-02-02", .day, "2022-01-30", "2022-02-02", "30 January–2 February 2022"),
        ("2021-12/2022-01", .month, "2021-12-01", "2022-01-31", "December 2021–January 2022"),
        ("2022-Q2/2022-Q3", .quarter, "2022-04-01", "2022-09-30", "Q2 2022–Q3 2022"),
        ("2022-05/2022-H2", .halfYear, "2022-05-01", "2022-12-31", "May 2022–second half of 2022"),
        ("2022-05-15/2022-06", .month, "2022-05-15", "2022-06-30", "15 May 2022–June 2022"),
    ])
    func windowSpansFromTheFirstEndToTheLast(
        text: String, precision: DatePrecision, first: String, last: String, words: String
    ) throws {
        let window = try PlannedDate.parse(text).get()
        #expect(window.precision == precision)
        #expect(window.first.description == first)
        #expect(window.last.description == last)
        #expect(window.description == text)
        #expect(window.spelledOut == words)
    }

    @Test func windowToleratesSpacesAroundTheSlash() throws {
        #expect(try PlannedDate.parse("2022-05 / 2022-06").get().description == "2022-05/2022-06")
    }

    @Test(arguments: ["2022-06/2022-05", "2022-H2/2022-05", "2022-02-08/2022-02-04", "2023-01/2022-12"])
    func reversedWindowEndsBeforeItStarts(text: String) {
        #expect(PlannedDate.parse(text) == .failure(.endsBeforeItStarts))
    }

    @Test(arguments: ["2022-05/", "/2022-06", "2022-05/2022-06/2022-07", "2022-05/2022-13", "2022-05//2022-06"])
    func malformedWindowsAreRejected(text: String) {
        #expect(PlannedDate.parse(text) == .failure(.malformed))
    }

    @Test func windowContainsItsFirstAndLastDaysOnly() throws {
        let window = try PlannedDate.parse("2022-05/2022-06").get()
        #expect(window.contains(try #require(CivilDate(iso: "2022-05-01"))))
        #expect(window.contains(try #require(CivilDate(iso: "2022-06-30"))))
        #expect(!window.contains(try #require(CivilDate(iso: "2022-04-30"))))
        #expect(!window.contains(try #require(CivilDate(iso: "2022-07-01"))))
    }

    @Test func precisionsOrderFromFineToCoarse() {
        #expect(DatePrecision.allCases.sorted() == [.day, .month, .quarter, .halfYear])
        #expect(DatePrecision.halfYear.rawValue == "half-year")
    }
}

@Suite("Lag")
struct LagTests {
    @Test(arguments: [("14d", 14), ("2w", 14), ("0d", 0), ("1w", 7), (" 3d ", 3), ("8w", 56)])
    func lagParsesDaysAndWeeks(text: String, days: Int) throws {
        #expect(try #require(Lag(text)).days == days)
    }

    @Test(arguments: ["3x", "d", "w", "", "-1d", "2.5w", "two weeks", "14", "1 w"])
    func badLagsAreRejected(text: String) {
        #expect(Lag(text) == nil)
    }

    @Test func lagsUpToTenYearsStayExact() throws {
        #expect(try #require(Lag("520w")).days == 3_640)
        #expect(try #require(Lag("3660d")).days == Lag.maximumDays)
    }

    @Test(arguments: ["3661d", "523w", "100000d", "2000000000000000000w", "99999999999999999999d"])
    func lagsBeyondTenYearsAreRejectedInsteadOfOverflowing(text: String) {
        #expect(Lag(text) == nil)
    }

    @Test(arguments: [(14, "2w"), (3, "3d"), (0, "0d"), (10, "10d")])
    func lagIsWrittenInWeeksWhenWhole(days: Int, text: String) {
        #expect(Lag(days: days).description == text)
    }
}

@Suite("Instant")
struct InstantTests {
    /// 2022-02-01T12:00:00Z as seconds since 1970, computed by hand: 19024 days × 86400 + 12 h.
    static let noonFirstFebruary = Date(timeIntervalSince1970: 19_024 * 86_400 + 12 * 3_600)

    @Test func parsesUTC() {
        #expect(Instant.parse("2022-02-01T12:00:00Z") == Self.noonFirstFebruary)
    }

    @Test(arguments: ["2022-02-01T13:00:00+01:00", "2022-02-01T07:00:00-05:00", "2022-02-01T17:30:00+05:30"])
    func offsetNamesTheSameInstant(text: String) {
        #expect(Instant.parse(text) == Self.noonFirstFebruary)
    }

    @Test func parsesFractionalSeconds() throws {
        let instant = try #require(Instant.parse("2022-02-01T12:00:00.250Z"))
        #expect(abs(instant.timeIntervalSince(Self.noonFirstFebruary) - 0.25) < 0.000_5)
    }

    @Test func bareDateMeansMidnightUTC() {
        #expect(Instant.parse("2022-02-01") == Self.noonFirstFebruary.addingTimeInterval(-12 * 3_600))
    }

    @Test(arguments: [
        "yesterday", "", "2022-02-30", "2022-02-01 12:00", "12:00:00Z", "2022-02-01T12:00:00", "2022-13-01T00:00:00Z",
    ])
    func rejectsWhatIsNotAnInstant(text: String) {
        #expect(Instant.parse(text) == nil)
    }

    @Test(arguments: ["2022-02-01T25:00:00Z", "2022-02-30T12:00:00Z", "2022-02-01T12:61:00Z"])
    func rejectsOutOfRangeFields(text: String) {
        #expect(Instant.parse(text) == nil)
    }

    @Test func formatsInUTCWithoutFraction() throws {
        #expect(Instant.format(Self.noonFirstFebruary) == "2022-02-01T12:00:00Z")
        let offset = try #require(Instant.parse("2022-02-01T13:00:00+01:00"))
        #expect(Instant.format(offset) == "2022-02-01T12:00:00Z")
    }
}
