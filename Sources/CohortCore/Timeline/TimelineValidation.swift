import Foundation

extension Timeline {
    /// What the recorded `shifts` broke in the scheduled `program` and its `timeline`: a milestone
    /// moved outside its phase, a deadline missed, an item dated before what it waits on allows.
    /// Each is located where the item is declared and names the shift that moved it, if one did.
    public static func problems(_ timeline: Timeline, program: Program, shifts: [TimelineShift]) -> [Diagnostic] {
        let locations =
            Dictionary(
                program.phases.map { ($0.id, $0.location) } + program.milestones.map { ($0.id, $0.location) }
                    + program.waves.map { ($0.id, $0.location) }, uniquingKeysWith: { first, _ in first })
        func because(_ id: String) -> String {
            guard let shift = shifts.last(where: { $0.item == id }) else { return "" }
            let how = shift.cascaded ? "moved with what it is after" : "shifted"
            return " (\(how) on \(Instant.format(shift.at)): \(shift.reason))"
        }
        var problems: [Diagnostic] = []
        for item in timeline.items {
            guard let date = item.date else { continue }
            let location = (locations[item.id] ?? nil) ?? SourceLocation(file: "cohort.yaml")
            if item.kind == .milestone, let phaseID = program.milestones.first(where: { $0.id == item.id })?.phase,
                let phase = timeline[phaseID]?.date, date.first < phase.first || date.last > phase.last
            {
                problems.append(
                    Diagnostic(
                        location,
                        "milestone \"\(item.id)\" (\(date.spelledOut))\(because(item.id)) falls outside its phase \"\(phaseID)\" (\(phase.spelledOut)); move it back or shift the phase"
                    ))
            }
            if let slack = item.slackDays, slack < 0, let deadline = item.deadline {
                problems.append(
                    Diagnostic(
                        location,
                        "\(item.kind.rawValue) \"\(item.id)\" (\(date.spelledOut))\(because(item.id)) is \(DayCount.days(-slack)) past its deadline \(deadline.spelledOut)"
                    ))
            }
            if item.kind == .wave, let wave = program.waves.first(where: { $0.id == item.id }) {
                for case .notBefore(let earliest) in wave.gates where date.last < earliest.first {
                    problems.append(
                        Diagnostic(
                            location,
                            "wave \"\(item.id)\" (\(date.spelledOut))\(because(item.id)) is before its not_before gate allows (\(earliest.first) at the earliest)"
                        ))
                }
            }
            for dependency in item.dependencies {
                guard let before = timeline[dependency.id]?.date else { continue }
                let earliest = before.last.adding(days: dependency.lag.days)
                if date.last < earliest {
                    problems.append(
                        Diagnostic(
                            location,
                            "\(item.kind.rawValue) \"\(item.id)\" (\(date.spelledOut))\(because(item.id)) is before \"\(dependency.id)\" allows (\(earliest) at the earliest)"
                        ))
                }
            }
        }
        return problems
    }
}

/// Day counts in words.
enum DayCount {
    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
}
