import Foundation

/// What a timeline item is.
public enum TimelineKind: String, Sendable, Codable, Equatable {
    case phase, milestone, wave
}

/// One phase, milestone or release wave with its computed date, its slack against a deadline and
/// whether it lies on the critical chain.
public struct TimelineItem: Sendable, Equatable {
    public var kind: TimelineKind
    public var id: String
    public var name: String
    /// The computed date at its precision; nil for a wave nothing dates yet.
    public var date: PlannedDate?
    /// The items this one waits on (its `after`, or a wave's `after` gates).
    public var dependencies: [Dependency]
    /// True when the date was computed from a dependency rather than written down.
    public var relative: Bool
    public var deadline: PlannedDate?
    /// Days between the item's last possible day and its deadline's last day; negative when late.
    public var slackDays: Int?
    /// The date before a recorded shift moved it (or the wave's `previous_date`).
    public var previousDate: PlannedDate?
    /// Every date it had before, oldest first.
    public var history: [DateChange] = []
    /// True when the item is on the chain of dependencies that decides the end (or the tightest deadline).
    public var critical: Bool = false
}

/// The program's phases, milestones and waves, every date computed, in declaration order.
public struct Timeline: Sendable, Equatable {
    public var items: [TimelineItem]
    /// The critical chain, first item first.
    public var criticalChain: [String]

    /// The item with this id.
    public subscript(id: String) -> TimelineItem? { items.first { $0.id == id } }

    /// Computes every relative date, applying `overrides` (dates pinned by recorded shifts), and
    /// returns the program with its dates filled in and the timeline, each item with its earlier
    /// dates (`history`, after a wave's declared `previous_date`); `shifted` names items whose lag a
    /// shift changed, which push fixed dependants like a pinned item does. Unknown ids and cycles
    /// are located errors. A computed date outside `CivilDate.supportedYears` is a problem located
    /// at its item, unless `checkingRange` is false (a shift checks the moved dates itself, to name them).
    public static func schedule(
        _ program: Program, overrides: [String: PlannedDate] = [:], history: [String: [DateChange]] = [:],
        shifted: Set<String> = [], checkingRange: Bool = true
    ) -> Result<(Program, Timeline), ConfigurationProblems> {
        var scheduling = Scheduling(
            program: program, overrides: overrides, history: history, shifted: shifted, checkingRange: checkingRange)
        return scheduling.run()
    }
}

/// The scheduling pass: resolves references, finds cycles, then dates items in dependency order.
private struct Scheduling {
    var program: Program
    let overrides: [String: PlannedDate]
    let history: [String: [DateChange]]
    let shifted: Set<String>
    let checkingRange: Bool
    var problems: [Diagnostic] = []
    var index: [String: (TimelineKind, Int)] = [:]
    var order: [String] = []

    init(
        program: Program, overrides: [String: PlannedDate], history: [String: [DateChange]], shifted: Set<String>,
        checkingRange: Bool
    ) {
        self.program = program
        self.overrides = overrides
        self.history = history
        self.shifted = shifted
        self.checkingRange = checkingRange
        for (offset, phase) in program.phases.enumerated() { index[phase.id] = (.phase, offset) }
        for (offset, milestone) in program.milestones.enumerated() where index[milestone.id] == nil {
            index[milestone.id] = (.milestone, offset)
        }
        for (offset, wave) in program.waves.enumerated() where index[wave.id] == nil {
            index[wave.id] = (.wave, offset)
        }
        order = program.phases.map(\.id) + program.milestones.map(\.id) + program.waves.map(\.id)
    }

    func dependencies(_ id: String) -> [Dependency] {
        guard let (kind, offset) = index[id] else { return [] }
        switch kind {
        case .phase: return program.phases[offset].after.map { [$0] } ?? []
        case .milestone: return program.milestones[offset].after.map { [$0] } ?? []
        case .wave:
            let wave = program.waves[offset]
            return wave.gates.compactMap {
                if case .after(let other, let lag) = $0 {
                    return Dependency(id: other, lag: lag, location: wave.location)
                }
                return nil
            }
        }
    }

    func location(_ id: String) -> SourceLocation {
        guard let (kind, offset) = index[id] else { return SourceLocation(file: "cohort.yaml") }
        let found: SourceLocation? =
            switch kind {
            case .phase: program.phases[offset].location
            case .milestone: program.milestones[offset].location
            case .wave: program.waves[offset].location
            }
        return found ?? SourceLocation(file: "cohort.yaml")
    }

    mutating func run() -> Result<(Program, Timeline), ConfigurationProblems> {
        let known = Array(index.keys).sorted()
        for id in order {
            for dependency in dependencies(id) where index[dependency.id] == nil {
                problems.append(
                    Diagnostic(
                        dependency.location ?? location(id),
                        "\"\(id)\" is after unknown id \"\(dependency.id)\"\(Suggestion.didYouMean(dependency.id, in: known))"
                    ))
            }
        }
        let sorted = topologicalOrder()
        guard problems.isEmpty else { return .failure(ConfigurationProblems(problems)) }
        var dates: [String: PlannedDate] = [:]
        var moved = Set(overrides.keys).union(shifted)
        for id in sorted {
            let (kind, offset) = index[id]!
            let earliest = dependencies(id).compactMap { dependency in
                dates[dependency.id].map { $0.last.adding(days: dependency.lag.days) }
            }.max()
            let precision = dependencies(id).compactMap { dates[$0.id]?.precision }.max() ?? .day
            switch kind {
            case .phase:
                var phase = program.phases[offset]
                phase.history += history[id] ?? []
                if let override = overrides[id] {
                    phase.dates = override
                    phase.after = nil
                } else if phase.after != nil, let earliest {
                    let start = DatePeriod.containing(earliest, at: precision)
                    let endDay = earliest.adding(days: max((phase.duration?.days ?? 1) - 1, 0))
                    phase.dates = PlannedDate(from: start, to: .containing(endDay, at: precision)) ?? PlannedDate(start)
                }
                dates[id] = phase.dates
                program.phases[offset] = phase
            case .milestone:
                var milestone = program.milestones[offset]
                milestone.history += history[id] ?? []
                if let override = overrides[id] {
                    milestone.date = override
                    milestone.after = nil
                } else if milestone.after != nil, let earliest {
                    milestone.date = .after(earliest, lag: Lag(days: 0), at: precision)
                }
                dates[id] = milestone.date
                program.milestones[offset] = milestone
            case .wave:
                var wave = program.waves[offset]
                wave.history += history[id] ?? []
                let notBefore = wave.gates.compactMap { gate -> CivilDate? in
                    if case .notBefore(let date) = gate { return date.first }
                    return nil
                }.max()
                let allowed = [earliest, notBefore].compactMap { $0 }.max()
                if let override = overrides[id] {
                    wave.date = override
                } else if let date = wave.date {
                    let dependencyMoved = dependencies(id).contains { moved.contains($0.id) }
                    if dependencyMoved, let earliest, earliest > date.last {
                        // A shifted dependency now ends past this wave's date: it moves too, at its own precision.
                        moved.insert(id)
                        wave.date = .after(earliest, lag: Lag(days: 0), at: date.precision)
                    }
                } else if let allowed {
                    wave.date = .after(allowed, lag: Lag(days: 0), at: precision)
                }
                if let date = wave.date { dates[id] = date }
                wave.previousDate = wave.history.last?.date
                program.waves[offset] = wave
            }
            if checkingRange, let date = dates[id], !date.isSupported {
                problems.append(Diagnostic.outOfRange(id: id, date: date, at: location(id)))
            }
        }
        guard problems.isEmpty else { return .failure(ConfigurationProblems(problems)) }
        return .success((program, timeline()))
    }

    /// Dependencies first; each cycle is reported once, at the reference that closes it.
    mutating func topologicalOrder() -> [String] {
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var sorted: [String] = []
        var path: [String] = []
        func visit(_ id: String, _ scheduling: inout Scheduling) {
            if state[id] == 2 { return }
            state[id] = 1
            path.append(id)
            for dependency in scheduling.dependencies(id) where scheduling.index[dependency.id] != nil {
                if state[dependency.id] == 1 {
                    let start = path.firstIndex(of: dependency.id) ?? 0
                    let cycle = (path[start...] + [dependency.id]).joined(separator: " → ")
                    scheduling.problems.append(
                        Diagnostic(
                            dependency.location ?? scheduling.location(id),
                            "dependency cycle \(cycle); remove one of these after: references"))
                } else {
                    visit(dependency.id, &scheduling)
                }
            }
            path.removeLast()
            state[id] = 2
            sorted.append(id)
        }
        for id in order { visit(id, &self) }
        return sorted
    }

    func timeline() -> Timeline {
        var items: [TimelineItem] = []
        for phase in program.phases {
            items.append(
                TimelineItem(
                    kind: .phase, id: phase.id, name: phase.name, date: phase.dates,
                    dependencies: dependencies(phase.id), relative: phase.after != nil, deadline: phase.deadline,
                    previousDate: phase.history.last?.date, history: phase.history))
        }
        for milestone in program.milestones {
            items.append(
                TimelineItem(
                    kind: .milestone, id: milestone.id, name: milestone.name, date: milestone.date,
                    dependencies: dependencies(milestone.id), relative: milestone.after != nil,
                    deadline: milestone.deadline, previousDate: milestone.history.last?.date,
                    history: milestone.history))
        }
        for wave in program.waves {
            items.append(
                TimelineItem(
                    kind: .wave, id: wave.id, name: wave.name, date: wave.date, dependencies: dependencies(wave.id),
                    relative: wave.date == nil, deadline: wave.deadline, previousDate: wave.history.last?.date,
                    history: wave.history))
        }
        for offset in items.indices {
            if let deadline = items[offset].deadline, let date = items[offset].date {
                items[offset].slackDays = date.last.days(until: deadline.last)
            }
        }
        // The chain ends at the tightest deadline, or else at the item that ends last.
        let end =
            items.filter { $0.slackDays != nil }.min { $0.slackDays! < $1.slackDays! }
            ?? items.filter { $0.date != nil }.max { ($0.date!.last) < ($1.date!.last) }
        var chain: [String] = []
        var current = end
        while let item = current, !chain.contains(item.id) {
            chain.insert(item.id, at: 0)
            // The binding dependency: the one that allows the item latest.
            current =
                item.dependencies.compactMap { dependency -> (TimelineItem, CivilDate)? in
                    guard let before = items.first(where: { $0.id == dependency.id }), let date = before.date else {
                        return nil
                    }
                    return (before, date.last.adding(days: dependency.lag.days))
                }.max { $0.1 < $1.1 }?.0
        }
        for offset in items.indices where chain.contains(items[offset].id) { items[offset].critical = true }
        return Timeline(items: items, criticalChain: chain)
    }
}

extension Diagnostic {
    /// An item whose computed date left `CivilDate.supportedYears` (a lag or a shifted dependency).
    static func outOfRange(id: String, date: PlannedDate, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location,
            "\"\(id)\" works out to \(date), outside \(CivilDate.supportedYearsText); shorten its lag or move what it follows"
        )
    }
}
