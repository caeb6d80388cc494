import CohortCore

/// The audit log: every decision a command makes, who made it, when it happened and when it was
/// recorded, and why.
public protocol AuditRecords {
    /// Audit entries in the order they were made; the last `limit` when given.
    func auditEntries(limit: Int?) throws -> [AuditEntry]
    /// How many audit entries there are.
    func auditCount() throws -> Int
    /// Appends a decision to the audit log and returns it with its id. A decision dated before the
    /// latest one about the same subject is refused (`StoreError.clockBehind`): each subject's
    /// history is in time order; unrelated subjects never hold each other back.
    @discardableResult
    func append(_ entry: AuditEntry) throws -> AuditEntry
}
