import ArgumentParser
import CohortKit

extension Cohort {
    /// `cohort calendar` (named so to keep Foundation's `Calendar` visible here).
    struct CalendarFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Write the program's calendars under calendar/.",
            discussion: """
                Writes calendar/program.ics (METHOD:PUBLISH): phases, milestones and release \
                waves as all-day events over the days each can mean (DTEND exclusive), the \
                precision in the title when coarser than a day; UIDs from the program slug and \
                the item id; SEQUENCE rises by one each time an item's dates change (remembered \
                in the records); DTSTAMP from --now.

                Writes calendar/workshops.ics (METHOD:PUBLISH): every workshop session with its \
                stable UID and SEQUENCE, cancelled ones marked STATUS:CANCELLED, and no \
                participant data. Calendar programs can subscribe to it.

                Examples:
                  cohort calendar
                  cohort calendar --now 2022-02-01T12:00:00Z --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let written = try CalendarExport(options.session()).writeCalendars(stamp: options.now)
            try Output.show(written, json: options.json) { written.text }
        }
    }
}
