import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// The use cases of calendars of the program's dates. Made with the command's session: its workspace
/// and program, its records (opened once for the command) and the transports it reaches servers
/// through.
public struct CalendarExport: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension CalendarExport {
    /// Renders `calendar/program.ics` against the remembered SEQUENCE numbers; when `remember`,
    /// stores the new state in the same transaction.
    func programCalendar(stamp: Date, remember: Bool) throws -> ICalendar {
        let timeline = try session.timeline()
        let render = { (records: any RecordWriting) throws -> ICalendar in
            let (calendar, states) = ProgramCalendar.feed(
                timeline, program: program, stamp: stamp, remembered: try records.calendarItems())
            if remember {
                for (uid, state) in states { try records.saveCalendarItem(uid: uid, state) }
            }
            return calendar
        }
        guard remember || FileManager.default.fileExists(atPath: workspace.databaseURL.path) else {
            return ProgramCalendar.feed(timeline, program: program, stamp: stamp, remembered: [:]).calendar
        }
        return remember ? try transaction(render) : try openStore().read(render)
    }
}

/// What `cohort calendar` wrote.
public struct CalendarsWritten: Sendable, Encodable {
    public var files: [String]
    /// How many entries each file holds, as words ("9 items").
    var counts: [String]

    enum CodingKeys: String, CodingKey { case files }

    public var text: String { zip(files, counts).map { "Wrote \($0) (\($1))" }.joined(separator: "\n") }
}

extension CalendarExport {
    /// Writes `calendar/program.ics` and `calendar/workshops.ics` (public: no participant data).
    public func writeCalendars(stamp: Date) throws -> CalendarsWritten {
        // Unchanged events keep the DTSTAMP and SEQUENCE they were written with: the same program
        // gives the same bytes, whatever the clock.
        let feed = WorkshopCalendar.feed(try using(WorkshopPlanning.self).sessions(), program: program, stamp: stamp)
            .keepingStamps(
                of: try? workspace.readText("calendar/workshops.ics"))
        let calendar = try programCalendar(stamp: stamp, remember: true).keepingStamps(
            of: try? workspace.readText("calendar/program.ics"))
        let written = try workspace.write(
            [("program.ics", calendar.render()), ("workshops.ics", feed.render())],
            under: workspace.root.appendingPathComponent("calendar"), private: false)
        return CalendarsWritten(
            files: written,
            counts: [Plural.count(calendar.events.count, "item"), Plural.count(feed.events.count, "session")])
    }
}
