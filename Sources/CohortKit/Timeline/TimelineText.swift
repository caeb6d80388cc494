import CohortCore
internal import CohortRender
import Foundation

/// `cohort timeline` for people: a table, and a Mermaid gantt a wiki or README can embed.
public enum TimelineText {
    /// One row per item: its dates at their precision, what it waits on, its slack and whether it is critical.
    public static func table(_ timeline: Timeline) -> String {
        var table = TextTable(headers: ["", "ID", "KIND", "WHEN", "AFTER", "SLACK"])
        for item in timeline.items {
            let when = item.date.map { date in
                item.previousDate.map { "\(date.spelledOut) (was \($0.spelledOut))" } ?? date.spelledOut
            }
            table.append([
                item.critical ? "*" : "", item.id, item.kind.rawValue, when ?? "not yet dated",
                item.dependencies.map { "\($0.id) + \($0.lag)" }.joined(separator: ", "),
                item.slackDays.map { $0 < 0 ? "\(-$0)d late" : "\($0)d" } ?? "",
            ])
        }
        var lines = [table.render()]
        if !timeline.criticalChain.isEmpty {
            lines.append("Critical chain (*): " + timeline.criticalChain.joined(separator: " → "))
        }
        return lines.joined(separator: "\n")
    }

    /// `timeline shift` and `release slip` for people: what moved, and what is stale now.
    public static func shift(_ report: ShiftReport) -> String {
        var lines: [String] = []
        if report.moved.isEmpty { lines.append("Nothing moved") }
        for move in report.moved {
            lines.append(
                "Moved \(move.kind.rawValue) \(move.id): \(move.from?.spelledOut ?? "undated") → \(move.to?.spelledOut ?? "undated")"
            )
        }
        if !report.staleAnnouncements.isEmpty {
            lines.append("Stale announcements (they state a moved date):")
            lines += report.staleAnnouncements.map { "  \($0)" }
        }
        if !report.staleCalendars.isEmpty {
            lines.append("Stale calendars (run `cohort calendar`): " + report.staleCalendars.joined(separator: ", "))
        }
        if !report.findings.isEmpty {
            lines.append("The plan no longer holds (`cohort check` reports it too):")
            lines += report.findings.map { "  \($0)" }
        }
        if let drafted = report.drafted { lines.append("Drafted \(drafted)") }
        return lines.joined(separator: "\n")
    }
}

/// `cohort release` for people.
public enum ReleaseText {
    /// Each wave: its date, status and what blocks it.
    public static func plan(_ plan: ReleasePlan) -> String {
        var table = TextTable(headers: ["WAVE", "WHEN", "STATUS", "BLOCKED BY"])
        var notes: [String] = []
        for wave in plan.waves {
            table.append([
                wave.id, wave.date?.spelledOut ?? "not yet dated", wave.status.rawValue,
                wave.blockedBy.joined(separator: "; "),
            ])
            if !wave.dateHolds, let date = wave.date, let earliest = wave.earliest {
                notes.append(
                    "\(wave.id): planned for \(date.spelledOut), but its gates allow \(earliest) at the earliest; slip it (`cohort release slip \(wave.id)`)"
                )
            }
        }
        return ([table.render()] + notes).joined(separator: "\n")
    }

    /// Each gate of one wave: holds or fails, why, and who holds it back.
    public static func explain(_ wave: WavePlan) -> String {
        var lines = [
            "\(wave.name) (\(wave.id)): \(wave.status.rawValue), planned for \(wave.date?.spelledOut ?? "no date")"
        ]
        if wave.gates.isEmpty { lines.append("  no gates") }
        for gate in wave.gates {
            var line = "  \(gate.holds ? "holds" : "FAILS")  \(gate.gate): \(gate.reason)"
            if !gate.holdingBack.isEmpty { line += " (\(gate.holdingBack.joined(separator: ", ")))" }
            lines.append(line)
        }
        for override in wave.overrides {
            lines.append("  overridden by \(override.by) at \(Instant.format(override.at)): \(override.reason)")
        }
        return lines.joined(separator: "\n")
    }
}
