import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// `cohort status` for people: a heading, the current phase, and aligned tables.
public enum StatusText {
    /// Renders `status`; `bold` styles headings (identity when output is not a terminal).
    public static func render(_ status: ProgramStatus, bold: (String) -> String = { $0 }) -> String {
        var lines: [String] = []
        lines.append(bold(status.program) + " (\(status.slug))")
        lines.append(
            "Now    \(utc(status.now)) · \(status.today) in \(status.timeZone)")
        if let phase = status.phase {
            lines.append("Phase  \(phase.id) — \(phase.name) (\(phase.dates.text))")
        } else if let next = status.phases.first(where: { $0.timing == .upcoming }) {
            lines.append("Phase  none today; next is \(next.id) — \(next.name) (\(next.dates.text))")
        } else {
            lines.append("Phase  none today" + (status.phases.isEmpty ? "" : "; every phase has ended"))
        }
        if !status.phases.isEmpty {
            var table = TextTable(headers: ["ID", "NAME", "DATES", "STATE"])
            for phase in status.phases {
                table.append([phase.id, phase.name, phase.dates.text, phase.timing.rawValue])
            }
            lines += ["", bold("Phases"), table.render(indent: "  ")]
        }
        lines += ["", bold("Next milestones")]
        if status.nextMilestones.isEmpty {
            lines.append("  none ahead")
        } else {
            var table = TextTable(
                headers: ["ID", "NAME", "DATE", "DAYS LEFT"], alignments: [.left, .left, .left, .right])
            for milestone in status.nextMilestones {
                let left = milestone.timing == .current ? "now" : String(milestone.daysLeft)
                table.append([milestone.id, milestone.name, milestone.date.text, left])
            }
            lines.append(table.render(indent: "  "))
        }
        if !status.overdueMilestones.isEmpty {
            lines += ["", bold("Overdue milestones")]
            var table = TextTable(
                headers: ["ID", "NAME", "WAS DUE", "DAYS OVER"], alignments: [.left, .left, .left, .right])
            for milestone in status.overdueMilestones {
                table.append([milestone.id, milestone.name, milestone.date.text, String(milestone.daysOverdue)])
            }
            lines.append(table.render(indent: "  "))
            lines.append("  record each as reached with cohort timeline done, or shift it to when it will be")
        }
        if !status.waves.isEmpty {
            var table = TextTable(headers: ["ID", "NAME", "PLANNED", "AUDIENCE"])
            for wave in status.waves {
                table.append([wave.id, wave.name, wave.date?.text ?? "not dated", wave.audience])
            }
            lines += ["", bold("Release waves"), table.render(indent: "  ")]
        }
        if let records = status.records {
            lines.append("")
            if let pilot = records.pilot {
                var fill = "Pilot    \(pilot.enrolled)/\(pilot.capacity) enrolled · \(pilot.waitlist) wait-listed"
                if pilot.openOffers > 0 { fill += " · \(Plural.count(pilot.openOffers, "open offer"))" }
                lines.append(fill)
            }
            if let next = records.nextWorkshop {
                lines.append(
                    "Workshop \(next.id) — \(next.title), \(utc(next.start)) (\(next.registered)/\(next.capacity) registered)"
                )
            }
            if let wave = records.nextWave {
                // A wave whose date has passed unopened is late, never "next".
                let late = wave.date.map { $0.last < status.today } ?? false
                var line =
                    "Release  \(late ? "late" : "next"): \(wave.id), \(late ? "planned for " : "")\(wave.date?.spelledOut ?? "not dated"), \(wave.status.rawValue)"
                if !wave.blockedBy.isEmpty { line += " by \(wave.blockedBy.joined(separator: "; "))" }
                lines.append(line)
            }
            if let partners = records.partners { lines.append(PartnerText.statusLine(partners)) }
            if let questions = records.questions { lines.append("Talk     \(questions.text)") }
            if let store = records.store { lines.append("Store    \(store)") }
            lines.append("Records  \(Plural.count(records.auditEntries, "audit entry", "audit entries"))")
        }
        return lines.joined(separator: "\n")
    }

    /// `2022-03-15 00:00 UTC`.
    static func utc(_ date: Date) -> String {
        let text = Instant.format(date)  // 2022-03-15T00:00:00Z
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }
}
