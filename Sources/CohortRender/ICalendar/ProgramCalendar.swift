import CohortCore
import Foundation

/// `calendar/program.ics`: phases, milestones and release waves as all-day events over the days
/// each can mean (DTEND exclusive), with the precision in the title when coarser than a day.
public enum ProgramCalendar {
    /// The stable UID of an item: the same on every run and every machine.
    public static func uid(_ item: TimelineItem, program: Program) -> String {
        "\(item.kind.rawValue)-\(item.id)@\(program.slug).cohort"
    }

    /// The calendar, and the state to remember per UID: SEQUENCE rises by one whenever an item's
    /// dates differ from what was last emitted (`remembered`).
    public static func feed(
        _ timeline: Timeline, program: Program, stamp: Date, remembered: [String: CalendarItemState]
    ) -> (calendar: ICalendar, states: [String: CalendarItemState]) {
        var states: [String: CalendarItemState] = [:]
        let events = timeline.items.compactMap { item -> ICalendarEvent? in
            guard let date = item.date else { return nil }
            let uid = uid(item, program: program)
            let fingerprint = date.description
            var sequence = 0
            if let last = remembered[uid] {
                sequence = last.fingerprint == fingerprint ? last.sequence : last.sequence + 1
            }
            states[uid] = CalendarItemState(fingerprint: fingerprint, sequence: sequence)
            // RFC 5546 §3.2.1: every event a PUBLISH carries names its ORGANIZER.
            return ICalendarEvent(
                uid: uid, stamp: stamp, start: .day(date.first), end: .day(date.last.adding(days: 1)),
                summary: summary(item, date: date), description: description(item, date: date, program: program),
                organizer: CalendarUser(email: program.organizer.email, name: program.organizer.name),
                sequence: sequence)
        }
        return (ICalendar(method: .publish, name: "\(program.name) — timeline", events: events), states)
    }

    static func summary(_ item: TimelineItem, date: PlannedDate) -> String {
        let prefix = item.kind == .wave ? "Release: " : ""
        return date.precision == .day && date.first == date.last
            ? prefix + item.name : "\(prefix)\(item.name) (\(date.spelledOut))"
    }

    static func description(_ item: TimelineItem, date: PlannedDate, program: Program) -> String {
        var lines = ["\(item.kind.rawValue.capitalized) of \(program.name)."]
        lines.append("Planned for \(date.spelledOut) (\(date.precision.rawValue) precision).")
        if let previous = item.previousDate { lines.append("Previously planned for \(previous.spelledOut).") }
        return lines.joined(separator: "\n")
    }
}
