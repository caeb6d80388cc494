import Foundation

/// A recorded change of one item's date, with its reason: the store keeps every one. A shift of
/// the item itself moves it; a `cascaded` one records that a dependant moved with it, for its
/// history only, so a relative item stays relative and moves again with the next shift.
public struct TimelineShift: Sendable, Equatable {
    public var item: String
    public var from: PlannedDate?
    public var to: PlannedDate
    public var reason: String
    public var by: String
    public var at: Date
    /// True when the item moved because an item it depends on was shifted.
    public var cascaded: Bool

    public init(
        item: String, from: PlannedDate?, to: PlannedDate, reason: String, by: String, at: Date,
        cascaded: Bool = false
    ) {
        self.item = item
        self.from = from
        self.to = to
        self.reason = reason
        self.by = by
        self.at = at
        self.cascaded = cascaded
    }
}

extension TimelineShift {
    /// How `stated` sets name one item's date.
    public static func statedKey(_ item: String, _ date: PlannedDate) -> String { "\(item)@\(date)" }

    /// The dates the shifts moved items to that were said in public: each shift's date that a text
    /// which went out (`wentOut`, with when it went out) states, in words, while that date was in
    /// force (from the shift to the item's next one).
    public static func stated(_ shifts: [TimelineShift], wentOut: [(at: Date, text: String)]) -> Set<String> {
        var stated: Set<String> = []
        guard !wentOut.isEmpty else { return stated }
        for (index, shift) in shifts.enumerated() {
            let end = shifts[(index + 1)...].first { $0.item == shift.item }?.at ?? .distantFuture
            let said = wentOut.contains { out in
                out.at >= shift.at && out.at < end
                    && (out.text.contains(shift.to.spelledOut) || out.text.contains(shift.to.phrase))
            }
            if said { stated.insert(statedKey(shift.item, shift.to)) }
        }
        return stated
    }
}

/// What the recorded shifts make of a program: a fixed item's latest shifted date pins it; a
/// relative item's own shifts lengthen (or shorten) its lag, so it keeps following what it is
/// after; every shift, cascaded or not, adds the date it moved from to the item's history.
public struct RecordedShifts: Sendable, Equatable {
    public var pins: [String: PlannedDate] = [:]
    public var lagDays: [String: Int] = [:]
    public var history: [String: [DateChange]] = [:]

    public init() {}

    /// `stated`, when given, names the dates said in public (`TimelineShift.stated`): an item's
    /// history keeps its committed plan's date and those only, so a date that only a cascade
    /// produced, and that no announcement stated, is never "first planned for".
    public init(_ shifts: [TimelineShift], program: Program, stated: Set<String>? = nil) {
        let relative = Set(
            program.phases.filter { $0.after != nil }.map(\.id)
                + program.milestones.filter { $0.after != nil }.map(\.id))
        var moved: Set<String> = []
        for shift in shifts {
            let planned = !moved.contains(shift.item)
            moved.insert(shift.item)
            if let from = shift.from, from != shift.to,
                planned || stated?.contains(TimelineShift.statedKey(shift.item, from)) ?? true
            {
                history[shift.item, default: []].append(
                    DateChange(date: from, changedAt: shift.at, reason: shift.reason))
            }
            guard !shift.cascaded else { continue }
            if relative.contains(shift.item), let from = shift.from {
                lagDays[shift.item, default: 0] += from.first.days(until: shift.to.first)
            } else {
                pins[shift.item] = shift.to
            }
        }
    }

    /// `program` with the lags changed, for scheduling.
    func lengthened(_ program: Program) -> Program {
        var program = program
        for index in program.phases.indices {
            if let days = lagDays[program.phases[index].id], let after = program.phases[index].after {
                program.phases[index].after?.lag = Lag(days: after.lag.days + days)
            }
        }
        for index in program.milestones.indices {
            if let days = lagDays[program.milestones[index].id], let after = program.milestones[index].after {
                program.milestones[index].after?.lag = Lag(days: after.lag.days + days)
            }
        }
        return program
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

    enum CodingKeys: String, CodingKey { case id, kind, from, to, fromSpelled, toSpelled }

    /// By hand: dates as canonical text with their words beside them, `null` for a side that has no date.
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
    /// The program with recorded `shifts` applied, scheduled (`checkingRange` as for `schedule`).
    public static func schedule(
        _ program: Program, shifts: [TimelineShift], checkingRange: Bool = true, stated: Set<String>? = nil
    ) -> Result<(Program, Timeline), ConfigurationProblems> {
        let recorded = RecordedShifts(shifts, program: program, stated: stated)
        return schedule(
            recorded.lengthened(program), overrides: recorded.pins, history: recorded.history,
            shifted: Set(recorded.lagDays.keys), checkingRange: checkingRange)
    }

    /// Moves `id` as `request` says, on top of the recorded `shifts`: returns the shifts to record
    /// (the item's own, then one per dependant that moved with it), the new program and timeline,
    /// and every item whose date changed.
    public static func shift(
        _ program: Program, shifts: [TimelineShift], id: String, request: ShiftRequest, reason: String = "",
        by: String = "", at: Date = Date(timeIntervalSince1970: 0)
    ) throws(ShiftError) -> (
        shifts: [TimelineShift], program: Program, timeline: Timeline, moves: [TimelineMove]
    ) {
        guard case .success(let (_, before)) = schedule(program, shifts: shifts) else {
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
        let own = TimelineShift(item: id, from: item.date, to: target, reason: reason, by: by, at: at)
        guard case .success(let (_, moved)) = schedule(program, shifts: shifts + [own], checkingRange: false) else {
            throw .unknownItem(id, known: before.items.map(\.id))
        }
        if let outside = moved.items.first(where: { $0.date.map { !$0.isSupported } ?? false }), let date = outside.date
        {
            throw .outOfRange(item: outside.id, date: date.description)
        }
        let moves = moved.items.compactMap { after -> TimelineMove? in
            let old = before[after.id]?.date
            return old == after.date ? nil : TimelineMove(id: after.id, kind: after.kind, from: old, to: after.date)
        }
        let recorded =
            [own]
            + moves.filter { $0.id != id }.compactMap { move in
                move.to.map {
                    TimelineShift(
                        item: move.id, from: move.from, to: $0, reason: reason, by: by, at: at, cascaded: true)
                }
            }
        guard case .success(let (shifted, after)) = schedule(program, shifts: shifts + recorded) else {
            throw .unknownItem(id, known: before.items.map(\.id))
        }
        return (recorded, shifted, after, moves)
    }
}
