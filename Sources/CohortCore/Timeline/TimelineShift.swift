import Foundation

/// A recorded change of one item's date, with its reason: the store keeps every one, and the
/// latest per item overrides what `cohort.yaml` says.
public struct TimelineShift: Sendable, Equatable {
    public var item: String
    public var from: PlannedDate?
    public var to: PlannedDate
    public var reason: String
    public var by: String
    public var at: Date

    public init(item: String, from: PlannedDate?, to: PlannedDate, reason: String, by: String, at: Date) {
        self.item = item
        self.from = from
        self.to = to
        self.reason = reason
        self.by = by
        self.at = at
    }

    /// The dates recorded shifts set: the latest shift of each item wins.
    public static func overrides(_ shifts: [TimelineShift]) -> [String: PlannedDate] {
        var dates: [String: PlannedDate] = [:]
        for shift in shifts { dates[shift.item] = shift.to }
        return dates
    }
}

/// Where to move an item: to a date, or by a number of days (negative moves it earlier).
public enum ShiftRequest: Sendable, Equatable {
    case to(PlannedDate)
    case by(days: Int)

    /// Parses `--delay`: `2w`, `14d`, or `-1w` to move earlier.
    public static func by(_ text: String) -> ShiftRequest? {
        let negative = text.hasPrefix("-")
        guard let lag = Lag(negative ? String(text.dropFirst()) : text) else { return nil }
        return .by(days: negative ? -lag.days : lag.days)
    }
}

/// One item that moved: old date → new date.
public struct TimelineMove: Sendable, Equatable, Encodable {
    public var id: String
    public var kind: TimelineKind
    public var from: PlannedDate?
    public var to: PlannedDate?

    enum CodingKeys: String, CodingKey {
        case id, kind, from, to, fromSpelled = "from_spelled", toSpelled = "to_spelled"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(from?.description, forKey: .from)
        try container.encode(to?.description, forKey: .to)
        try container.encode(from?.spelledOut, forKey: .fromSpelled)
        try container.encode(to?.spelledOut, forKey: .toSpelled)
    }
}

/// Why a shift was refused; nothing was recorded.
public enum ShiftError: Error, LocalizedError, CategorizedError, Equatable {
    case unknownItem(String, known: [String])
    case beforeDependency(item: String, to: PlannedDate, dependency: String, earliest: CivilDate)
    case noChange(item: String, date: PlannedDate)
    case badDate(String)
    case badDuration(String)
    case emptyReason
    /// The date asked for (or one it moves) lies outside `CivilDate.supportedYears`.
    case outOfRange(item: String?, date: String)

    public var errorDescription: String? {
        switch self {
        case .unknownItem(let id, let known):
            "unknown timeline id \"\(id)\"\(Suggestion.didYouMean(id, in: known)); run `cohort timeline` to list them"
        case .beforeDependency(let item, let to, let dependency, let earliest):
            "\"\(item)\" cannot move to \(to): it is after \"\(dependency)\", which allows \(earliest) at the earliest"
        case .noChange(let item, let date): "\"\(item)\" is already planned for \(date); nothing to shift"
        case .badDate(let text):
            "--to \"\(text)\" is not a date; write 2022-02-14, 2022-02, 2022-Q2, 2022-H2 or a window like 2022-05/2022-06"
        case .badDuration(let text):
            "--delay \"\(text)\" is not a duration; write it like \"14d\", \"2w\" or \"-1w\""
        case .emptyReason: "--reason must say why the date moved"
        case .outOfRange(nil, let date):
            "--to \"\(date)\" lies outside \(CivilDate.supportedYearsText); choose a date within them"
        case .outOfRange(let item?, let date):
            "the shift would put \"\(item)\" at \(date), outside \(CivilDate.supportedYearsText); choose a smaller move"
        }
    }

    public var kind: FailureKind { .badInput }
}

extension Timeline {
    /// Moves `id` as `request` says, on top of the recorded `overrides`: returns the new overrides,
    /// the new program and timeline, and every item whose date changed (the item and its dependants).
    public static func shift(
        _ program: Program, overrides: [String: PlannedDate], id: String, request: ShiftRequest
    ) throws(ShiftError) -> (
        overrides: [String: PlannedDate], program: Program, timeline: Timeline, moves: [TimelineMove]
    ) {
        guard case .success(let (_, before)) = schedule(program, overrides: overrides) else {
            throw .unknownItem(id, known: [])
        }
        guard let item = before[id] else { throw .unknownItem(id, known: before.items.map(\.id)) }
        let target: PlannedDate
        switch request {
        case .to(let date): target = date
        case .by(let days):
            guard let date = item.date else {
                throw .noChange(item: id, date: PlannedDate(DatePeriod(day: CivilDate(daysSinceEpoch: 0))))
            }
            target = date.moved(byDays: days)
        }
        guard target.isSupported else { throw .outOfRange(item: id, date: target.description) }
        if let date = item.date, date == target { throw .noChange(item: id, date: date) }
        for dependency in item.dependencies {
            guard let date = before[dependency.id]?.date else { continue }
            let earliest = date.last.adding(days: dependency.lag.days)
            if target.last < earliest {
                throw .beforeDependency(item: id, to: target, dependency: dependency.id, earliest: earliest)
            }
        }
        var next = overrides
        next[id] = target
        guard case .success(let (shifted, after)) = schedule(program, overrides: next, checkingRange: false) else {
            throw .unknownItem(id, known: before.items.map(\.id))
        }
        if let outside = after.items.first(where: { $0.date.map { !$0.isSupported } ?? false }), let date = outside.date
        {
            throw .outOfRange(item: outside.id, date: date.description)
        }
        let moves = after.items.compactMap { moved -> TimelineMove? in
            let old = before[moved.id]?.date
            return old == moved.date ? nil : TimelineMove(id: moved.id, kind: moved.kind, from: old, to: moved.date)
        }
        return (next, shifted, after, moves)
    }
}
