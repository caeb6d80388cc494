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

    /// A short durable write on work rows other processes may be handling at the same time:
    /// queueing outbox messages and claiming them (`OutboxRecords.claim`). PostgreSQL runs it in
    /// READ COMMITTED, relying on row locks (`FOR UPDATE SKIP LOCKED`, `ON CONFLICT`) rather than a
    /// serializable snapshot, so senders never wait on each other's unrelated rows; SQLite's one
    /// writer makes it a `durableWrite`.
    @discardableResult
    func claim<T>(_ body: (any RecordWriting) throws -> T) throws -> T

    /// Records what became of a message handed over, before the next one is: committed before it
    /// returns (a crash of the process never loses it); SQLite does not sync it to disk (a crash
    /// of the machine may), PostgreSQL runs it like `claim`.
    @discardableResult
    func settle<T>(_ body: (any RecordWriting) throws -> T) throws -> T

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

extension RecordStore {
    @discardableResult
    public func claim<T>(_ body: (any RecordWriting) throws -> T) throws -> T { try durableWrite(body) }

    @discardableResult
    public func settle<T>(_ body: (any RecordWriting) throws -> T) throws -> T { try write(body) }
}

/// Everything a transaction offers. Each capability declares its own records protocol (the audit
/// log's is `AuditRecords`) and adds it to this composition; every backend conforms to all of them.
public typealias RecordWriting = AuditRecords & OutboxRecords & FeedbackRecords & PilotRecords & WorkshopRecords
    & TimelineRecords & PartnerRecords & NoticeRecords & AnnouncementRecords & TalkRecords

/// Reads happen through the same protocols; a read transaction refuses writes at the database level.
public typealias RecordReading = RecordWriting

/// Where a workspace's records live: the one place a store is opened from configuration, so a
/// second backend plugs in here and nowhere else.
public enum RecordStoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (by default `.cohort/state.sqlite` in the workspace).
    case sqlite(URL)
    /// A PostgreSQL database a team shares (`records:` in cohort.yaml, `COHORT_DATABASE_URL`, `--database-url`).
    case postgres(PostgresLocation)

    /// Opens the store, creating and migrating it as needed.
    public func open(logger: Logger = Logger(label: "cohort.store")) throws(StoreError) -> any RecordStore {
        logger.debug("opening the records: \(description)")
        return switch self {
        case .sqlite(let url): try SQLiteRecordStore(url: url, logger: logger)
        case .postgres(let location): try PostgresRecordStore(location: location, logger: logger)
        }
    }

    /// True when the records exist already, so a command that only reads need not create them.
    /// A database server's records are there to be read (opening migrates an empty one).
    public var exists: Bool {
        switch self {
        case .sqlite(let url): FileManager.default.fileExists(atPath: url.path)
        case .postgres: true
        }
    }

    /// What `cohort check` and `cohort status` say about the store in use.
    public var description: String {
        switch self {
        case .sqlite(let url): "SQLite " + url.pathComponents.suffix(2).joined(separator: "/")
        case .postgres(let location): location.description
        }
    }

    /// `sqlite` or `postgres`, for JSON.
    public var backend: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }
}
