import CohortCore

/// What every records backend offers, SQLite now and PostgreSQL later, checked by the same
/// conformance tests. Each command does its work in one `write` (or `read`) transaction.
public protocol RecordStore: Sendable {
    /// Runs `body` in one read transaction.
    func read<T>(_ body: (any RecordReading) throws -> T) throws -> T
    /// Runs `body` in one write transaction: all of it is kept, or none of it.
    func write<T>(_ body: (any RecordWriting) throws -> T) throws -> T
}

/// Queries on the records, inside a transaction.
public protocol RecordReading {
    /// Audit entries in the order they were made; the last `limit` when given.
    func auditEntries(limit: Int?) throws -> [AuditEntry]
    /// How many audit entries there are.
    func auditCount() throws -> Int
}

/// Changes to the records, inside a write transaction.
public protocol RecordWriting: RecordReading {
    /// Appends a decision to the audit log and returns it with its id.
    @discardableResult
    func append(_ entry: AuditEntry) throws -> AuditEntry
}
