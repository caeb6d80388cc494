import CohortCore

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
}

/// Everything a transaction offers. Each capability declares its own records protocol (the audit
/// log's is `AuditRecords`) and adds it to this composition; every backend conforms to all of them.
public typealias RecordWriting = AuditRecords & OutboxRecords & FeedbackRecords & PilotRecords & WorkshopRecords
    & TimelineRecords & PartnerRecords

/// Reads happen through the same protocols; a read transaction refuses writes at the database level.
public typealias RecordReading = RecordWriting

/// The audit log: every decision a command makes, who made it, when (by `--now`) and why.
public protocol AuditRecords {
    /// Audit entries in the order they were made; the last `limit` when given.
    func auditEntries(limit: Int?) throws -> [AuditEntry]
    /// How many audit entries there are.
    func auditCount() throws -> Int
    /// Appends a decision to the audit log and returns it with its id.
    @discardableResult
    func append(_ entry: AuditEntry) throws -> AuditEntry
}
