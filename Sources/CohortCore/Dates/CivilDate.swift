import Foundation

/// A calendar day (proleptic Gregorian) with no time and no zone: what a plan means by "14 February 2022".
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years a program's dates may fall in, written or computed: 1900–2199. Wide enough for
    /// any sign-up, plan and ten-year lag; narrow enough that every date keeps the four-digit year
    /// ISO 8601 text (and so the records) can hold, the tz database knows the zone's rules
    /// (it is thin before 1900), and no arithmetic on it can leave what `CivilDate` can represent.
    public static let supportedYears = 1900...2199

    /// `the years 1900–2199`, for messages.
    public static let supportedYearsText = "the years \(supportedYears.lowerBound)–\(supportedYears.upperBound)"

    /// Creates a date, or nil when the day does not exist (e.g. 2022-02-30). Any year from 1 to
    /// 9999 (dates computed on the way, such as a chart's margin); input is held to
    /// `supportedYears` where it is parsed.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when it is malformed, the day does not exist, or the year is
    /// outside `supportedYears` (`isOutOfRange` tells which).
    public init?(iso text: String) {
        guard let (y, m, d) = Self.fields(text), Self.supportedYears.contains(y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// True when `text` is a real `YYYY-MM-DD` day whose year is outside `supportedYears`.
    public static func isOutOfRange(_ text: String) -> Bool {
        guard let (y, m, d) = fields(text), CivilDate(year: y, month: m, day: d) != nil else { return false }
        return !supportedYears.contains(y)
    }

    private static func fields(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return (y, m, d)
    }

    /// True when the date's year is in `supportedYears`.
    public var isSupported: Bool { Self.supportedYears.contains(year) }

    /// The first day of this date's month (never fails, whatever the year).
    public var firstOfMonth: CivilDate { adding(days: 1 - day) }

    /// The first day of the next month (never fails, whatever the year).
    public var firstOfNextMonth: CivilDate {
        adding(days: CivilDate.daysIn(month: month, year: year) - day + 1)
    }

    /// The day on which `instant` falls in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        self = CivilDate(daysSinceEpoch: days)
    }

    /// Number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Days since 1970-01-01 (negative before it); Howard Hinnant's `days_from_civil`.
    public var daysSinceEpoch: Int { Self.daysSinceEpoch(year: year, month: month, day: day) }

    /// `daysSinceEpoch` of any year, month and day (the day need not exist: 2022-02-30 is 2022-03-02).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch`; Howard Hinnant's `civil_from_days`.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let m = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// This date moved by a number of days.
    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The instant this day starts in `zone`: local midnight, or the first instant after it where a
    /// daylight-saving change skips midnight (America/Sao_Paulo, 2018-11-04 began at 01:00).
    public func start(in zone: TimeZone) -> Date {
        let noonUTC = Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch) * 86_400 + 43_200)
        // Local noon of this day is never inside a transition gap in any zone in use.
        let localNoon = noonUTC.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: noonUTC)))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.startOfDay(for: localNoon)
    }

    /// Monday = 1 … Sunday = 7 (ISO 8601).
    public var isoWeekday: Int {
        let weekday = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday (index 3 from Monday)
        return (weekday < 0 ? weekday + 7 : weekday) + 1
    }

    public var description: String {
        // By hand: String(format:) is slow on Linux, and dates are written for every record.
        String(year).zeroPadded(to: 4) + (month < 10 ? "-0" : "-") + String(month)
            + (day < 10 ? "-0" : "-") + String(day)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        // Only records this program wrote are decoded, and every one was in range when written.
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    /// By hand: a day is one string, `YYYY-MM-DD` (what `init(from:)` reads back), not an object of its fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    /// `0`–`9` only: `Int("+1")` accepts a sign and other scripts have digits, dates have neither.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
