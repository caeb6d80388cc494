import CohortCore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Records in a PostgreSQL database a team shares, through libpq: one connection per command,
/// every write SERIALIZABLE (re-run, a bounded number of times, when another transaction wins),
/// reads from one snapshot, claims of outbox rows in READ COMMITTED with `FOR UPDATE SKIP LOCKED`,
/// migrations under an advisory lock in one transaction.
public final class PostgresRecordStore: RecordStore, @unchecked Sendable {
    // @unchecked: `connection` is read and written only while `lock` is held (in `transaction`
    // and `init`), so no two threads ever use the PGconn at once; everything else is immutable.
    public let location: PostgresLocation
    private let logger: Logger
    private let lock = NSLock()
    private var connection: PostgresConnection?

    /// How many times a transaction runs before a serialization failure is reported (exit 75).
    static let attempts = 10
    /// The advisory lock every migrating process takes: the same number forever.
    static let migrationLock = "7305202611290001"

    /// Connects and applies every pending migration (or refuses a schema from a newer cohort).
    public init(location: PostgresLocation, logger: Logger = Logger(label: "cohort.store")) throws(StoreError) {
        self.location = location
        self.logger = logger
        let connection = try connect()
        try migrate(connection)
        self.connection = connection
    }

    /// How a transaction is protected from the others running at the same time.
    enum Isolation: String {
        /// Decisions that read records and write from what they read: as if one ran after the other.
        case serializable = "SERIALIZABLE"
        /// A consistent view for a command that only reads.
        case snapshot = "REPEATABLE READ READ ONLY"
        /// Short claims that lock the rows they take (`FOR UPDATE SKIP LOCKED`) and skip the rest.
        case claim = "READ COMMITTED"
    }

    public func read<T>(_ body: (any RecordReading) throws -> T) throws -> T {
        try transaction(.snapshot, durable: false, body)
    }

    @discardableResult
    public func write<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try transaction(.serializable, durable: false, body)
    }

    @discardableResult
    public func durableWrite<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try transaction(.serializable, durable: true, body)
    }

    @discardableResult
    public func claim<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try transaction(.claim, durable: true, body)
    }

    /// A send run's claim, held by a connection of its own (see `PostgresClaimants`).
    public func claimant() throws -> Claimant {
        let connection = try connect()
        do { return try PostgresClaimants.register(connection: connection) } catch {
            throw storeError(error, committing: false)
        }
    }

    /// Asks the server; not to be called inside one of this store's transactions (which check
    /// the claimants themselves, on their own connection).
    public func claimantIsAlive(_ id: String) -> Bool {
        (try? transaction(.snapshot, durable: false) { try PostgresClaimants.isAlive(id, in: $0) }) ?? true
    }

    /// Runs `body` in one transaction; a serialization failure or deadlock rolls it back and runs
    /// it again after a short random pause, at most `attempts` times.
    func transaction<T>(_ isolation: Isolation, durable: Bool, _ body: (PostgresTransaction) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        var attempt = 0
        while true {
            attempt += 1
            let connection = try self.connection ?? connect()
            self.connection = connection
            var committing = false
            do {
                try connection.run("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                if durable { try connection.run("SET LOCAL synchronous_commit = on") }
                let value = try body(PostgresTransaction(connection: connection))
                try connection.flush()
                committing = true
                try connection.run("COMMIT")
                return value
            } catch let failure as PostgresFailure {
                if connection.isOK { connection.rollback() } else { self.connection = nil }
                if failure.isSerializationFailure, attempt < Self.attempts {
                    logger.debug(
                        "serialization failure; running the transaction again", metadata: ["attempt": "\(attempt)"])
                    usleep(UInt32.random(in: 5_000...40_000) * UInt32(attempt))
                    continue
                }
                throw storeError(failure, committing: committing)
            } catch {
                if connection.isOK { connection.rollback() } else { self.connection = nil }
                throw error
            }
        }
    }

    /// A new connection with the session settings every command relies on.
    private func connect() throws(StoreError) -> PostgresConnection {
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(options: location.connectOptions)
            // Timestamps print in UTC whatever the server's zone; a command never waits for locks forever.
            try connection.run(
                "SELECT set_config('TimeZone', 'UTC', false), set_config('lock_timeout', $1, false), set_config('idle_in_transaction_session_timeout', '600s', false)",
                ["\(Int(location.lockTimeout * 1000))ms"])
        } catch {
            throw storeError(error, committing: false)
        }
        logger.debug("connected", metadata: ["database": "\(location.summary)"])
        return connection
    }

    /// Applies the pending migrations, all in one transaction under the advisory lock, so two
    /// commands starting at once never both migrate and a schema is never seen half-changed.
    private func migrate(_ connection: PostgresConnection) throws(StoreError) {
        let known = RecordMigrations.names
        if let applied = try? connection.run("SELECT identifier FROM cohort_migrations").rows.compactMap({ $0[0] }) {
            try refuseNewer(applied)
            if Set(applied) == Set(known) { return }
        }
        do {
            try connection.run("BEGIN ISOLATION LEVEL READ COMMITTED")
            try connection.run("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            try connection.run(
                "CREATE TABLE IF NOT EXISTS cohort_migrations (identifier text PRIMARY KEY, applied_at text NOT NULL)")
            let applied = try connection.run("SELECT identifier FROM cohort_migrations").rows.compactMap { $0[0] }
            do { try refuseNewer(applied) } catch {
                _ = try? connection.run("ROLLBACK")
                throw error
            }
            let stamp = Instant.format(Date())
            for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                for statement in migration.statements { try connection.run(statement) }
                try connection.run(
                    "INSERT INTO cohort_migrations (identifier, applied_at) VALUES ($1, $2)", [migration.name, stamp])
                logger.info(
                    "applied migration",
                    metadata: ["migration": "\(migration.name)", "database": "\(location.summary)"])
            }
            try connection.run("COMMIT")
        } catch let error as StoreError {
            throw error
        } catch {
            if connection.isOK { _ = try? connection.run("ROLLBACK") }
            throw storeError(error, committing: false)
        }
    }

    /// A database migrated by a newer cohort holds tables this one does not know: refuse it.
    private func refuseNewer(_ applied: [String]) throws(StoreError) {
        let unknown = applied.filter { !RecordMigrations.names.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw .refused(
                store: location.summary,
                reason:
                    "its schema is newer than this cohort (migration\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")) unknown here); nothing was changed; upgrade cohort to use it"
            )
        }
    }

    /// What a libpq failure means for the user: 75 when waiting may help, 64 when the URL, the login
    /// or a value is wrong, 1 otherwise.
    func storeError(_ error: any Error, committing: Bool) -> StoreError {
        guard let failure = error as? PostgresFailure else {
            return (error as? StoreError) ?? .database(path: location.summary, reason: "\(error)")
        }
        let store = location.summary
        if failure.stage == .connect {
            if failure.needsPassword {
                return .refused(
                    store: store,
                    reason:
                        "the server asks for a password and none was given; set PGPASSWORD or COHORT_DATABASE_PASSWORD, or add it to ~/.pgpass"
                )
            }
            if failure.passwordRefused {
                return .refused(
                    store: store,
                    reason:
                        "the server refused the login (\(failure.message)); check the user and the password you gave")
            }
            if failure.isUnreachable { return .unreachable(store: store, reason: failure.message) }
            return .refused(store: store, reason: failure.message)
        }
        if committing, failure.connectionLost {
            return .unreachable(
                store: store,
                reason:
                    "the connection was lost while committing, so the change may or may not have been kept (\(failure.message)); look before you run it again"
            )
        }
        if failure.isUnreachable { return .unreachable(store: store, reason: failure.message) }
        if failure.isSerializationFailure {
            return .busy(store: store, reason: "other commands kept changing the same records (\(failure.message))")
        }
        if failure.isLockTimeout {
            return .busy(
                store: store,
                reason: "gave up waiting for records another command holds, after \(Int(location.lockTimeout)) s")
        }
        if let state = failure.sqlstate, state.hasPrefix("22") || state.hasPrefix("23") {
            let constraint = failure.constraint.map { " (\($0))" } ?? ""
            return .refused(store: store, reason: "the database refused a value: \(failure.message)\(constraint)")
        }
        return .database(path: store, reason: failure.message)
    }
}

/// The PostgreSQL side of one transaction. Each capability adds its statements in an extension in
/// its own file (`PostgresTransaction+Audit.swift`, …), mirroring `SQLiteTransaction`.
struct PostgresTransaction {
    let connection: PostgresConnection
    /// What this transaction has learned already, so a command appending many entries asks once.
    let memo = Memo()

    /// Facts read once per transaction.
    final class Memo {
        /// Each subject's latest audit entry (instant as stored, action, command), once read.
        var latestAudit: [String: (at: String, action: String, command: String)?] = [:]
        /// How many subjects' latest decisions were read one at a time; past a few, all are read at once.
        var auditLookups = 0
        /// True once every subject's latest decision is in `latestAudit`.
        var allAuditSubjectsRead = false
        /// Audit ids taken from the table's sequence and not used yet (see `append`).
        var auditIDs: ArraySlice<Int64> = []
    }

    /// Queues a write whose result is not needed, sent with the others in one round trip
    /// (`PostgresConnection.later`).
    func later(_ sql: String, _ parameters: [String?] = []) throws {
        try connection.later(sql, parameters)
    }

    /// The rows of one statement.
    func rows(_ sql: String, _ parameters: [String?] = []) throws -> [PostgresRecord] {
        try connection.run(sql, parameters).records
    }

    /// Runs one statement; returns how many rows it touched.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws -> Int {
        try connection.run(sql, parameters).affected
    }
}

/// A PostgreSQL migration: statements run in order, in the one transaction that records it.
struct PostgresMigration: Sendable {
    let name: String
    let statements: [String]
}

/// Every PostgreSQL migration, in the order of `RecordMigrations.names`. A capability adds its
/// own in its `PostgresTransaction+<Capability>.swift` file and appends it here.
enum PostgresMigrations {
    static let all: [PostgresMigration] = [
        auditLog, outbox, feedback, pilot, workshop, timeline, partners, notices, workshopAudiences, feedbackModeration,
        announcementChannels, timelineCascades, outboxClaims, feedbackCodebookVersion, auditRecordedAt,
        feedbackTalkSections, pilotUnanswered, milestoneCompletions, talkReadings,
    ]
}
