import Foundation

/// The days on which the program promises an answer ("daily during working days"): its working
/// weekdays in its zone, less its holidays, and, when it names an answer period, only the days
/// inside it.
public struct WorkingCalendar: Sendable, Equatable {
    /// ISO weekdays that are working days: 1 is Monday, 7 Sunday.
    public var weekdays: Set<Int>
    public var holidays: Set<CivilDate>
    /// The answer period, when the program names one: no day outside it counts.
    public var period: ClosedRange<CivilDate>?
    public var zone: TimeZone

    /// Monday to Friday.
    public static let weekWeekdays: Set<Int> = [1, 2, 3, 4, 5]
    /// `monday` … `sunday` (and `mon` … `sun`) as ISO weekdays.
    public static let weekdayNames: [String: Int] = [
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
        "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
    ]

    public init(
        weekdays: Set<Int> = weekWeekdays, holidays: Set<CivilDate> = [], period: ClosedRange<CivilDate>? = nil,
        zone: TimeZone
    ) {
        self.weekdays = weekdays
        self.holidays = holidays
        self.period = period
        self.zone = zone
    }

    /// True when answers are owed on `day`.
    public func isWorkingDay(_ day: CivilDate) -> Bool {
        weekdays.contains(day.isoWeekday) && !holidays.contains(day) && (period?.contains(day) ?? true)
    }

    /// Working days after the day of `start` up to and including the day of `end`, both in the
    /// program's zone: 0 on the same day, 1 on the next working day.
    public func days(from start: Date, to end: Date) -> Int {
        let first = CivilDate(start, in: zone)
        let last = CivilDate(end, in: zone)
        guard first < last else { return 0 }
        return (1...first.days(until: last)).count { isWorkingDay(first.adding(days: $0)) }
    }

    /// Overdue: a whole working day went by after the day it was written, unanswered.
    public func isOverdue(since start: Date, now: Date) -> Bool { days(from: start, to: now) > 1 }

    /// The all-day dates of an iCalendar file's events (`DTSTART;VALUE=DATE:20220221`, to `DTEND`,
    /// which is exclusive): a holiday calendar as public calendars publish them.
    public static func holidays(fromICalendar text: String) -> [CivilDate] {
        // Folded lines (a line break then a space or tab) are one line.
        let unfolded = text.replacingOccurrences(of: "\r\n", with: "\n").replacing(/\n[ \t]/, with: "")
        var days: [CivilDate] = []
        var start: CivilDate?
        var end: CivilDate?
        for line in unfolded.split(separator: "\n") {
            if line.hasPrefix("BEGIN:VEVENT") {
                start = nil
                end = nil
            } else if line.hasPrefix("DTSTART") {
                start = date(line)
            } else if line.hasPrefix("DTEND") {
                end = date(line)
            } else if line.hasPrefix("END:VEVENT"), let start {
                let stop = max(end ?? start.adding(days: 1), start.adding(days: 1))
                days += (0..<start.days(until: stop)).map { start.adding(days: $0) }
            }
        }
        return days
    }

    /// The date of a `DTSTART`/`DTEND` line's value (`20220221` or `20220221T000000Z`).
    static func date(_ line: Substring) -> CivilDate? {
        guard let value = line.split(separator: ":").last, value.count >= 8,
            let year = Int(value.prefix(4)), let month = Int(value.dropFirst(4).prefix(2)),
            let day = Int(value.dropFirst(6).prefix(2))
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }
}
