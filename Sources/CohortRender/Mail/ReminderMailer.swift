import CohortCore
import Foundation
import Mustache

/// Reminder mails to partner contacts, from `templates/reminder.txt.mustache`.
public enum ReminderMailer {
    /// Where a workspace keeps its reminder template (`cohort init` writes the default there).
    public static let templatePath = "templates/reminder.txt.mustache"

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

    /// `2027-03-25 12:00 (Africa/Nairobi)`: a due instant in `zone`, which is named.
    static func localDue(_ due: Date, zone name: String) -> String {
        let zone = TimeZone(identifier: name) ?? .gmt
        let shown = TimeZone(identifier: name) == nil ? "UTC" : name
        return "\(CivilDate(due, in: zone)) \(LocalTime.clock(due, in: zone)) (\(shown))"
    }

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
            // Due dates as the contact reads them: in the partner's zone, the zone named.
            "items": reminder.items.map {
                [
                    "id": $0.id, "name": $0.name, "stage": $0.stage, "due": localDue($0.due, zone: partner.timeZone),
                    "due_utc": Instant.format($0.due),
                ]
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
            hash: StableHash.hex(payload), payload: payload, updatedAt: now, topic: "remind:\(partner.id)")
    }
}
