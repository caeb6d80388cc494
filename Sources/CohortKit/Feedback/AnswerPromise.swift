import CohortCore
import Foundation

extension TalkPageDesk {
    /// The program's working days for the daily-answer promise: `channels.meta.working_days`,
    /// `.holidays` (dates and an `.ics` file) and `.answer_period`, in the program's zone.
    public func workingCalendar() throws -> WorkingCalendar {
        let meta = program.channels.meta
        var holidays = Set(meta?.holidays ?? [])
        if let file = meta?.holidayCalendar {
            let url = URL(fileURLWithPath: file, relativeTo: workspace.root)
            do {
                holidays.formUnion(
                    WorkingCalendar.holidays(fromICalendar: try String(contentsOf: url, encoding: .utf8)))
            } catch {
                throw WorkspaceError.unreadable(
                    path: file,
                    reason: "channels.meta.holidays names it, but it cannot be read (\(error.localizedDescription))")
            }
        }
        var period: ClosedRange<CivilDate>?
        if let name = meta?.answerPeriod {
            let dates =
                program.phases.first { $0.id == name }?.dates ?? program.milestones.first { $0.id == name }?.date
                ?? (try? PlannedDate.parse(name).get())
            guard let dates else {
                throw WorkspaceError.unreadable(
                    path: workspace.configurationURL.lastPathComponent,
                    reason:
                        "channels.meta.answer_period \"\(name)\" is no phase or milestone id and no dates; write one, or a window like 2022-02-01/2022-02-28"
                )
            }
            period = dates.first...dates.last
        }
        return WorkingCalendar(
            weekdays: meta?.workingDays ?? WorkingCalendar.weekWeekdays, holidays: holidays, period: period,
            zone: program.timeZone)
    }
}
