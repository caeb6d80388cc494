import CohortCore
internal import CohortRender
import Foundation
internal import Mustache

/// Tables and lines for the partner commands. Contact addresses never appear here.
public enum PartnerText {
    /// `partner list`: one row per partner.
    public static func list(_ progress: [PartnerProgress], now: Date) -> String {
        guard !progress.isEmpty else { return "No partners; add them with `cohort partner import FILE.csv`" }
        let rows = progress.map { partner -> [String] in
            let overdue = partner.overdue(at: now)
            return [
                partner.partner.id, partner.partner.kind.rawValue, partner.stage, partner.partner.wave,
                String(Instant.format(partner.enteredAt).prefix(10)),
                overdue.isEmpty ? "-" : overdue.joined(separator: ", "),
            ]
        }
        return TextTable.render(header: ["ID", "KIND", "STAGE", "WAVE", "SINCE", "OVERDUE"], rows: rows)
    }

    /// `partner show`: who, where it stands, its checklist, what comes next, and its history.
    public static func show(_ partner: PartnerProgress, now: Date) -> String {
        var lines = [
            "\(partner.partner.name) (\(partner.partner.id)) · \(partner.partner.kind.rawValue) · \(partner.partner.region) · wave \(partner.partner.wave)",
            "Contact  \(partner.partner.contactName) (\(partner.partner.timeZone))",
            "Stage    \(partner.stage) since \(Instant.format(partner.enteredAt))",
        ]
        if !partner.items.isEmpty {
            lines.append("Checklist")
            for item in partner.items {
                let state =
                    item.tick.map { "ticked \(Instant.format($0.at)) by \($0.by)" }
                    ?? (item.isOverdue(at: now) ? "OVERDUE" : "open")
                lines.append("  \(item.id)  due \(Instant.format(item.due))  \(state)")
            }
        }
        if !partner.projected.isEmpty {
            lines.append("Projected")
            for item in partner.projected {
                lines.append("  \(item.id) (\(item.stage))  due \(Instant.format(item.due))")
            }
        }
        lines.append("History")
        for step in partner.history {
            var line = "  \(Instant.format(step.at))  \(step.move.rawValue)\(step.forced ? " (forced)" : "")  "
            line += (step.from.map { "\($0) → " } ?? "") + step.to + "  by \(step.by)"
            if !step.note.isEmpty { line += "  — \(step.note)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `partner funnel`: one row per stage, then the overdue count.
    public static func funnel(_ funnel: PartnerFunnel) -> String {
        func days(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        let rows = funnel.stages.map { stage -> [String] in
            [
                stage.stage, "\(stage.count)", "\(stage.reached)",
                stage.conversion.map { String(format: "%.0f%%", $0 * 100) } ?? "-", days(stage.medianDays),
                days(stage.p90Days), "\(stage.overdue)",
            ]
        }
        return TextTable.render(
            header: ["STAGE", "NOW", "REACHED", "ON TO NEXT", "MEDIAN DAYS", "P90 DAYS", "OVERDUE"], rows: rows)
            + "\n\(Plural.count(funnel.partners, "partner")); \(funnel.overdue) with overdue items (\(Plural.count(funnel.overdueItems, "item")))"
    }

    /// `partner due`: what is due soon, by whom.
    public static func due(_ items: [DueItem], within: Lag) -> String {
        guard !items.isEmpty else { return "Nothing due within \(within)" }
        return TextTable.render(
            header: ["DUE", "PARTNER", "ITEM", "STAGE", "BY", ""],
            rows: items.map {
                [Instant.format($0.due), $0.partner, $0.item, $0.stage, $0.contact, $0.overdue ? "OVERDUE" : ""]
            })
    }

    /// The one-line funnel for `cohort status`: partners per stage, and how many are overdue.
    public static func statusLine(_ funnel: PartnerFunnel) -> String {
        let counts = funnel.stages.filter { $0.count > 0 }.map { "\($0.count) \($0.stage)" }
        return "Partners \(counts.joined(separator: " · ")) · \(funnel.overdue) overdue"
    }
}

extension TextTable {
    /// A whole table at once.
    static func render(header: [String], rows: [[String]]) -> String {
        var table = TextTable(headers: header)
        for row in rows { table.append(row) }
        return table.render()
    }
}

extension PartnerText {
    /// `partner advance` for people: the move, and the new stage's due dates.
    public static func moved(_ step: StageStep, _ progress: PartnerProgress) -> String {
        ([
            "\(progress.partner.id): \(step.from ?? "") → \(step.to) (\(step.move.rawValue)\(step.forced ? ", forced" : ""))"
        ]
            + progress.items.map { "  \($0.id) due \(Instant.format($0.due))" }).joined(separator: "\n")
    }
}
