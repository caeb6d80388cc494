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

    /// Parses the canonical text forms; nil when the text is none of them.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit), let year = Int(parts[0]),
            year >= 1
        else { return nil }
        if parts.count == 3 {
            guard let day = CivilDate(iso: text) else { return nil }
            self.init(day: day)
            return
        }
        guard parts.count == 2 else { return nil }
        let unit = parts[1]
        let precision: DatePrecision
        let firstMonth: Int
        let months: Int
        if unit.count == 2, unit.allSatisfy(\.isASCIIDigit), let month = Int(unit), (1...12).contains(month) {
            (precision, firstMonth, months) = (.month, month, 1)
        } else if unit.count == 2, unit.uppercased().hasPrefix("Q"), unit.last!.isASCIIDigit,
            let q = Int(unit.dropFirst()), (1...4).contains(q)
        {
            (precision, firstMonth, months) = (.quarter, (q - 1) * 3 + 1, 3)
        } else if unit.count == 2, unit.uppercased().hasPrefix("H"), unit.last!.isASCIIDigit,
            let h = Int(unit.dropFirst()), (1...2).contains(h)
        {
            (precision, firstMonth, months) = (.halfYear, (h - 1) * 6 + 1, 6)
        } else {
            return nil
        }
        let lastMonth = firstMonth + months - 1
        guard let first = CivilDate(year: year, month: firstMonth, day: 1),
            let last = CivilDate(year: year, month: lastMonth, day: CivilDate.daysIn(month: lastMonth, year: year))
        else { return nil }
        self.init(precision: precision, first: first, last: last)
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
    }

    /// Parses `2022-02-14`, `2022-02`, `2022-Q2`, `2022-H2`, or two of them joined by `/`.
    public static func parse(_ text: String) -> Result<PlannedDate, ParseError> {
        let ends = text.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard (1...2).contains(ends.count), let from = DatePeriod(ends[0]) else { return .failure(.malformed) }
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
    public static func containing(_ day: CivilDate, at precision: DatePrecision) -> DatePeriod {
        let text: String
        switch precision {
        case .day: return DatePeriod(day: day)
        case .month: text = String(format: "%04d-%02d", day.year, day.month)
        case .quarter: text = "\(day.year)-Q\((day.month - 1) / 3 + 1)"
        case .halfYear: text = "\(day.year)-H\((day.month - 1) / 6 + 1)"
        }
        return DatePeriod(text) ?? DatePeriod(day: day)
    }

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
