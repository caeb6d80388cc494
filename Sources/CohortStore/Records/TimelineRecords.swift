import CohortCore
import Foundation

/// Shifts of the timeline, release-wave events, and the calendar's memory of what it emitted.
public protocol TimelineRecords {
    /// Every shift, oldest first.
    func shifts() throws -> [TimelineShift]
    func append(_ shift: TimelineShift) throws
    /// Every milestone recorded as reached, oldest first.
    func completions() throws -> [MilestoneCompletion]
    func append(_ completion: MilestoneCompletion) throws
    /// Every release event, oldest first.
    func releaseEvents() throws -> [ReleaseEvent]
    func append(_ event: ReleaseEvent) throws
    /// The last emitted state of every calendar item, by UID.
    func calendarItems() throws -> [String: CalendarItemState]
    func saveCalendarItem(uid: String, _ state: CalendarItemState) throws
}
