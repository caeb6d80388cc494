import CohortCore
import Foundation

/// Notices to people: what each decision queued in the outbox for whom, and those that could not
/// be queued (no address) or were dropped (their decision was undone before they went out).
public protocol NoticeRecords {
    /// Every notice, in the order they were first recorded.
    func notices() throws -> [Notice]
    /// Adds a notice, or replaces the one with the same batch (keeping its place in the order).
    func save(_ notice: Notice) throws
}
