import CohortCore
internal import CohortRender
import Foundation

/// Workshops for people: chosen slots with local times, and the session list.
public enum WorkshopText {
    /// A session as `workshop list` and `add --json` show it.
    public struct Line: Sendable, Equatable, Encodable {
        public var id: String
        public var title: String
        public var start: String
        public var end: String
        public var durationMinutes: Int
        public var capacity: Int
        public var registered: Int
        public var attended: Int
        public var status: String
        public var sequence: Int
        public var uid: String
        public var link: String
        public var audience: String
        public var waitlisted: Int

        /// The session at `now`: past, it is held (with its attendance) or not held.
        public init(_ session: WorkshopSession, registered: Int, attended: Int, waitlisted: Int = 0, now: Date) {
            audience = session.audience.rawValue
            self.waitlisted = waitlisted
            id = session.id
            title = session.title
            start = Instant.format(session.start)
            end = Instant.format(session.end)
            durationMinutes = session.duration
            capacity = session.capacity
            self.registered = registered
            self.attended = attended
            status = session.standing(at: now, attended: attended)
            sequence = session.sequence
            uid = session.uid
            link = session.link
        }
    }

    /// `workshop list`.
    public static func list(_ lines: [Line]) -> String {
        guard !lines.isEmpty else { return "No workshop sessions yet; add one with `cohort workshop add`." }
        var table = TextTable(
            headers: ["ID", "TITLE", "AUDIENCE", "START (UTC)", "MIN", "REGISTERED", "ATTENDED", "STATUS"],
            alignments: [.right, .left, .left, .left, .right, .right, .right, .left])
        for line in lines {
            table.append([
                line.id, line.title, line.audience, line.start, String(line.durationMinutes),
                "\(line.registered)/\(line.capacity)" + (line.waitlisted > 0 ? " +\(line.waitlisted) waiting" : ""),
                String(line.attended), line.status + (line.sequence > 0 ? " (seq \(line.sequence))" : ""),
            ])
        }
        return table.render()
    }

    /// `workshop slots`: the totals, then each slot in UTC with everyone who said yes in their local time.
    public static func slots(_ report: SlotReport, bold: (String) -> String = { $0 }) -> String {
        var lines = [
            bold(
                "\(Plural.count(report.slots.count, "slot")) cover \(report.covered) of \(Plural.count(report.participants, "participant"))"
            )
                + " (\(report.coveredWithYes) with a yes; \(Plural.count(report.yesAnswers, "yes answer")); \(report.outsideHours) only outside 08:00–21:00 local)",
            "chosen from \(Plural.count(report.candidateSlots, "candidate slot"))"
                + (report.optimal
                    ? ""
                    : "; not proven optimal: no \(report.count) slots cover more than \(report.coverageBound)"),
        ]
        for slot in report.slots {
            lines += [
                "",
                bold(LocalTime.shortDay(slot.start, in: .gmt) + " " + LocalTime.clock(slot.start, in: .gmt) + " UTC")
                    + "  yes \(slot.yes.count) · if need be \(slot.ifneedbe.count)",
            ]
            var table = TextTable(headers: ["YES", "LOCAL TIME", "ZONE", ""])
            for local in slot.local {
                table.append([local.participant, local.local, local.timeZone, local.sociable ? "" : "outside 08–21"])
            }
            if !slot.local.isEmpty { lines.append(table.render(indent: "  ")) }
            if !slot.ifneedbe.isEmpty { lines.append("  if need be: " + slot.ifneedbe.joined(separator: ", ")) }
        }
        if !report.uncovered.isEmpty { lines += ["", "Not covered: " + report.uncovered.joined(separator: ", ")] }
        if !report.unanswered.isEmpty {
            lines.append("Not in the poll yet (counted, with no answers): " + report.unanswered.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
