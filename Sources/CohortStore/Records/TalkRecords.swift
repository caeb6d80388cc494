import CohortCore
import Foundation

/// Readings of the talk page's questions: what a deciding command found there (how many wait for
/// staff, how many are overdue) and when, so views can show it without asking the wiki.
public protocol TalkRecords {
    /// The latest reading at or before `now` (by the instant it was read, then the order
    /// recorded); nil before any.
    func latestTalkReading(asOf now: Date) throws -> TalkReading?
    /// Adds a reading.
    func save(_ reading: TalkReading) throws
}
