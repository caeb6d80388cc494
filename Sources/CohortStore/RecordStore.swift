import CohortCore
import Foundation
import Logging

/// What every records backend offers, SQLite now and PostgreSQL later, checked by the same
/// conformance tests. Each command does its work in one `write` (or `read`) transaction.
public protocol RecordStore: Sendable {
    /// Runs `body` in one read transaction.
    func read<T>(_ body: (any RecordReading) throws -> T) throws -> T
    /// Like `write`, but the commit is on disk before this returns, even against a power failure.
    /// For the few writes whose loss could cause harm (a message marked as being sent).
    @discardableResult
    func durableWrite<T>(_ body: (any RecordWriting) throws -> T) throws -> T

    /// Runs `body` in one write transaction: all of it is kept, or none of it. A commit survives
    /// the process crashing; a power failure may lose the last few (use `durableWrite` when that matters).
    @discardableResult
    func write<T>(_ body: (any RecordWriting) throws -> T) throws -> T

    /// Registers this process as a claimant of work other processes may take too (a send run):
    /// it holds its claim until the value is released or the process ends, even killed, and
    /// `claimantIsAlive` tells every other process so.
    func claimant() throws -> Claimant
    /// True while the claimant `id` holds its claim.
    func claimantIsAlive(_ id: String) -> Bool
}

/// A process's hold on the work it claims: released when this value is (or the process ends).
public final class Claimant: Sendable {
    public let id: String
    private let release: @Sendable () -> Void

    public init(id: String, release: @escaping @Sendable () -> Void) {
        self.id = id
        self.release = release
    }

    deinit { release() }
}

/// Everything a transaction offers. Each capability declares its own records protocol (the audit
/// log's is `AuditRecords`) and adds it to this composition; every backend conforms to all of them.
public typealias RecordWriting = AuditRecords & OutboxRecords & FeedbackRecords & PilotRecords & WorkshopRecords
    & TimelineRecords & PartnerRecords & NoticeRecords & AnnouncementRecords

/// Reads happen through the same protocols; a read transaction refuses writes at the database level.
public typealias RecordReading = RecordWriting

/// Where a workspace's records live: the one place a store is opened from configuration, so a
/// second backend plugs in here and nowhere else.
public enum RecordStoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (by default `.cohort/state.sqlite` in the workspace).
    case sqlite(URL)

    /// Opens the store, creating and migrating it as needed.
    public func open(logger: Logger = Logger(label: "cohort.store")) throws(StoreError) -> any RecordStore {
        switch self {
        case .sqlite(let url): try SQLiteRecordStore(url: url, logger: logger)
        }
    }

    /// True when the records exist already, so a command that only reads need not create them.
    public var exists: Bool {
        switch self {
        case .sqlite(let url): FileManager.default.fileExists(atPath: url.path)
        }
    }

    /// What `cohort check` and `cohort status` say about the store in use.
    public var description: String {
        switch self {
        case .sqlite(let url): "SQLite " + url.pathComponents.suffix(2).joined(separator: "/")
        }
    }
}
