import CohortCore
import Foundation
import Mustache

/// Reminder mails to partner contacts, from `templates/reminder.txt.mustache`.
public enum ReminderMailer {
    /// The template used when the workspace has no `templates/reminder.txt.mustache`.
    public static let defaultTemplate = """
        Dear {{{contact_name}}},

        This is a reminder about onboarding {{{partner_name}}} to the {{{program}}}.
        These items are overdue:
        {{#items}}
          - {{{name}}} ({{{stage}}}), due {{{due}}}
        {{/items}}

        If they are done already, reply to this mail and we will tick them off.

        {{{sender}}}

        """

    /// The outbox batch of reminders sent at one instant.
    public static func batch(at now: Date) -> String { "remind:\(Instant.format(now))" }

    /// Renders one reminder as a plain-text mail to the partner's contact, with a Message-ID stable
    /// for the partner, its items and the day.
    public static func outboxItem(
        _ reminder: Reminder, program: Program, template text: String?, now: Date
    ) throws -> OutboxItem {
        let template = try MustacheTemplate(string: text ?? defaultTemplate)
        let from = program.channels.mail?.from ?? program.contact
        let partner = reminder.partner
        let context: [String: Any] = [
            "contact_name": partner.contactName.isEmpty ? partner.name : partner.contactName,
            "partner_name": partner.name,
            "program": program.name,
            "sender": from.name,
            "items": reminder.items.map {
                ["id": $0.id, "name": $0.name, "stage": $0.stage, "due": Instant.format($0.due)]
            },
        ]
        let message = MailMessage(
            from: MailAddress(name: from.name, address: from.email),
            to: [MailAddress(name: partner.contactName, address: partner.contactEmail)],
            replyTo: program.channels.mail?.replyTo.map { MailAddress(address: $0) },
            subject:
                "Reminder: \(reminder.items.count) overdue onboarding item\(reminder.items.count == 1 ? "" : "s") for \(partner.name)",
            date: now,
            messageID: MailMessage.stableID(
                kind: "reminder",
                key:
                    "\(partner.id)/\(reminder.items.map(\.id).joined(separator: ","))/\(CivilDate(now, in: program.timeZone))",
                recipient: partner.contactEmail, domain: MailAddress(address: from.email).domain),
            body: .text(subtype: "plain", template.render(context)))
        let payload = try message.rendered()
        return OutboxItem(
            batch: batch(at: now), recipient: partner.contactEmail, sender: from.email, messageID: message.messageID,
            hash: StableHash.hex(payload), payload: payload, updatedAt: now)
    }
}

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
