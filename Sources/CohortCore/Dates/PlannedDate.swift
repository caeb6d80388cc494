/// How precisely a plan states a date. A date is never shown more precisely than it was planned.
public enum DatePrecision: String, Sendable, Hashable, Comparable, Codable, CaseIterable {
    case day
    case month
    case quarter
    case halfYear = "half-year"

    private var rank: Int {
        switch self {
        case .day: 0
        case .month: 1
        case .quarter: 2
        case .halfYear: 3
        }
    }

    public static func < (lhs: DatePrecision, rhs: DatePrecision) -> Bool { lhs.rank < rhs.rank }
}

/// A calendar period at a precision: a day (`2022-02-14`), a month (`2022-02`), a quarter
/// (`2022-Q2`) or a half-year (`2022-H2`).
public struct DatePeriod: Sendable, Hashable, CustomStringConvertible {
    /// The precision the period was stated at.
    public let precision: DatePrecision
    /// The first day of the period.
    public let first: CivilDate
    /// The last day of the period.
    public let last: CivilDate

    /// A single day.
    public init(day: CivilDate) {
        self.init(precision: .day, first: day, last: day)
    }

    private init(precision: DatePrecision, first: CivilDate, last: CivilDate) {
        self.precision = precision
        self.first = first
        self.last = last
    }

    /// Parses the canonical text forms; nil when the text is none of them, or its year is outside
    /// `CivilDate.supportedYears` (`isOutOfRange` tells which).
    public init?(_ text: String) {
        guard let parsed = Self.parseAnyYear(text), parsed.first.isSupported, parsed.last.isSupported else {
            return nil
        }
        self = parsed
    }

    /// True when `text` is a well-formed period whose year is outside `CivilDate.supportedYears`.
    public static func isOutOfRange(_ text: String) -> Bool {
        guard let parsed = parseAnyYear(text) else { return false }
        return !parsed.first.isSupported || !parsed.last.isSupported
    }

    /// True when both ends are within `CivilDate.supportedYears`.
    public var isSupported: Bool { first.isSupported && last.isSupported }

    private static func parseAnyYear(_ text: String) -> DatePeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit), let year = Int(parts[0]),
            year >= 1
        else { return nil }
        if parts.count == 3 {
            guard let month = Int(parts[1]), let dayNumber = Int(parts[2]), parts[1].count == 2, parts[2].count == 2,
                parts[1].allSatisfy(\.isASCIIDigit), parts[2].allSatisfy(\.isASCIIDigit),
                let day = CivilDate(year: year, month: month, day: dayNumber)
            else { return nil }
            return DatePeriod(day: day)
        }
        guard parts.count == 2 else { return nil }
        let unit = Array(parts[1])
        guard unit.count == 2, unit[1].isASCIIDigit, let number = Int(String(unit[1])) else { return nil }
        if unit[0].isASCIIDigit, let month = Int(parts[1]), (1...12).contains(month) {
            return DatePeriod(year: year, precision: .month, index: month)
        } else if unit[0] == "Q" || unit[0] == "q", (1...4).contains(number) {
            return DatePeriod(year: year, precision: .quarter, index: number)
        } else if unit[0] == "H" || unit[0] == "h", (1...2).contains(number) {
            return DatePeriod(year: year, precision: .halfYear, index: number)
        }
        return nil
    }

    /// The `index`th month, quarter or half-year of `year` (1-based). It never fails: the first
    /// and last days are computed from the first day of the year, for any year.
    init(year: Int, precision: DatePrecision, index: Int) {
        let months: Int
        switch precision {
        case .day, .month: months = 1
        case .quarter: months = 3
        case .halfYear: months = 6
        }
        let januaryFirst = CivilDate(daysSinceEpoch: CivilDate.daysSinceEpoch(year: year, month: 1, day: 1))
        var first = januaryFirst
        for _ in 0..<((index - 1) * months) { first = first.firstOfNextMonth }
        var next = first
        for _ in 0..<months { next = next.firstOfNextMonth }
        self.init(precision: precision == .day ? .month : precision, first: first, last: next.adding(days: -1))
    }

    /// The canonical text form, as written in `cohort.yaml` (`2022-02`, `2022-Q2`, `2022-H2`, `2022-02-14`).
    public var description: String {
        switch precision {
        case .day: first.description
        case .month: String(format: "%04d-%02d", first.year, first.month)
        case .quarter: "\(first.year)-Q\((first.month - 1) / 3 + 1)"
        case .halfYear: "\(first.year)-H\((first.month - 1) / 6 + 1)"
        }
    }
}

/// A planned date: one period, or a window from one period to another (`2022-05/2022-06`, as in
/// ISO 8601 intervals). Its precision is the coarser of its ends.
public struct PlannedDate: Sendable, Hashable, CustomStringConvertible {
    /// Where the window begins.
    public let from: DatePeriod
    /// Where the window ends (the same as `from` for a single period).
    public let to: DatePeriod

    /// The window's precision: the coarser of its two ends.
    public var precision: DatePrecision { max(from.precision, to.precision) }
    /// The first day the date can mean.
    public var first: CivilDate { from.first }
    /// The last day the date can mean.
    public var last: CivilDate { to.last }

    /// A window from `from` to `to`; nil when `to` begins before `from` does.
    public init?(from: DatePeriod, to: DatePeriod) {
        guard from.first <= to.first, from.last <= to.last else { return nil }
        self.from = from
        self.to = to
    }

    /// A single period.
    public init(_ period: DatePeriod) {
        from = period
        to = period
    }

    /// Why a text is not a planned date.
    public enum ParseError: Error, Equatable {
        case malformed
        case endsBeforeItStarts
        /// A year outside `CivilDate.supportedYears`.
        case outOfRange
    }

    /// True when both ends are within `CivilDate.supportedYears`.
    public var isSupported: Bool { from.isSupported && to.isSupported }

    /// Parses `2022-02-14`, `2022-02`, `2022-Q2`, `2022-H2`, or two of them joined by `/`.
    public static func parse(_ text: String) -> Result<PlannedDate, ParseError> {
        let ends = text.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard (1...2).contains(ends.count) else { return .failure(.malformed) }
        if ends.contains(where: DatePeriod.isOutOfRange) { return .failure(.outOfRange) }
        guard let from = DatePeriod(ends[0]) else { return .failure(.malformed) }
        guard ends.count == 2 else { return .success(PlannedDate(from)) }
        guard let to = DatePeriod(ends[1]) else { return .failure(.malformed) }
        guard let window = PlannedDate(from: from, to: to) else { return .failure(.endsBeforeItStarts) }
        return .success(window)
    }

    /// True when `day` falls inside the window.
    public func contains(_ day: CivilDate) -> Bool { first <= day && day <= last }

    /// The canonical text form (`2022-05/2022-06`, or one period).
    public var description: String { from == to ? from.description : "\(from)/\(to)" }

    /// The date as a sentence says it after "planned for": "the second half of 2022",
    /// "May–June 2022", "Q3 2022".
    public var phrase: String { precision == .halfYear && from == to ? "the \(spelledOut)" : spelledOut }

    /// The date at its precision in words: `14 February 2022`, `May–June 2022`, `Q2 2022`, `second half of 2022`.
    public var spelledOut: String {
        if from == to { return DateWords.spell(from) }
        if from.first.year == to.first.year, from.precision == to.precision {
            switch from.precision {
            case .day where from.first.month == to.first.month:
                return "\(from.first.day)–\(to.first.day) \(DateWords.month(to.first.month)) \(to.first.year)"
            case .day:
                return "\(from.first.day) \(DateWords.month(from.first.month))–\(DateWords.spell(to))"
            case .month:
                return "\(DateWords.month(from.first.month))–\(DateWords.month(to.first.month)) \(to.first.year)"
            case .quarter, .halfYear:
                break
            }
        }
        return "\(DateWords.spell(from))–\(DateWords.spell(to))"
    }
}

/// English words for dates (the language of the program's announcements).
enum DateWords {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    static func month(_ number: Int) -> String { months[number - 1] }

    static func spell(_ period: DatePeriod) -> String {
        let year = period.first.year
        switch period.precision {
        case .day: return "\(period.first.day) \(month(period.first.month)) \(year)"
        case .month: return "\(month(period.first.month)) \(year)"
        case .quarter: return "Q\((period.first.month - 1) / 3 + 1) \(year)"
        case .halfYear: return period.first.month == 1 ? "first half of \(year)" : "second half of \(year)"
        }
    }
}

extension DatePeriod {
    /// The period at `precision` that contains `day` (the month, quarter or half-year it falls in).
    /// It never fails, whatever the year; whether the result is in range is for the caller to check.
    public static func containing(_ day: CivilDate, at precision: DatePrecision) -> DatePeriod {
        switch precision {
        case .day: DatePeriod(day: day)
        case .month: DatePeriod(year: day.year, precision: .month, index: day.month)
        case .quarter: DatePeriod(year: day.year, precision: .quarter, index: (day.month - 1) / 3 + 1)
        case .halfYear: DatePeriod(year: day.year, precision: .halfYear, index: (day.month - 1) / 6 + 1)
        }
    }

    /// The month `day` falls in.
    public static func month(containing day: CivilDate) -> DatePeriod { containing(day, at: .month) }

    /// The period at the same precision, moved by `days` (a month-precise period moves to the month
    /// its first day lands in).
    public func moved(byDays days: Int) -> DatePeriod {
        DatePeriod.containing(first.adding(days: days), at: precision)
    }
}

extension PlannedDate {
    /// The date at the same precision, moved by `days`; a window keeps its length.
    public func moved(byDays days: Int) -> PlannedDate {
        let from = from.moved(byDays: days)
        let to = to.moved(byDays: days)
        return PlannedDate(from: from, to: to) ?? PlannedDate(from)
    }

    /// The date `lag` after `day`, at `precision` (never more precise than what it was computed from).
    public static func after(_ day: CivilDate, lag: Lag, at precision: DatePrecision) -> PlannedDate {
        PlannedDate(DatePeriod.containing(day.adding(days: lag.days), at: precision))
    }

    /// The first day (ISO 8601) and the precision, as JSON shapes print a planned date.
    public var isoFirstDay: String { first.description }
}
