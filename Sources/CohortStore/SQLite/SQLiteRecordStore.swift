import CohortCore
import Foundation
import GRDB
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Records in a SQLite file through GRDB: WAL, a busy timeout, named forward-only migrations,
/// and a file only its owner can read (it holds personal data under NDA).
public final class SQLiteRecordStore: RecordStore {
    /// Where the database lives.
    public let url: URL
    let pool: DatabasePool

    /// How long one statement waits for another process holding the write lock (SQLite's busy
    /// handler), and how long a command keeps retrying a transaction SQLite refused at once because
    /// of a lock: after that it gives up, changing nothing, with exit 75.
    public static let busyTimeout: TimeInterval = 10
    public static let lockWait: TimeInterval = 10

    /// Opens (creating if needed) the database at `url`: its folder mode 0700, the file mode 0600,
    /// every pending migration applied.
    public init(url: URL, logger: Logger = Logger(label: "cohort.store")) throws(StoreError) {
        self.url = url
        do {
            try Self.prepareFiles(at: url)
            var configuration = Configuration()
            configuration.busyMode = .timeout(Self.busyTimeout)
            configuration.foreignKeysEnabled = true
            configuration.label = "cohort.records"
            // WAL with synchronous=NORMAL: a commit survives a crash of the process; only a power
            // failure can lose the last commits. Writes that must survive that use durableWrite.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            let path = url.path
            pool = try SQLiteFailures.retryingWhileLocked(path: path, limit: Self.lockWait) {
                try DatabasePool(path: path, configuration: configuration)
            }
            let migrator = Self.migrator
            let pool = pool
            // A schema from a newer cohort is refused before anything else happens.
            let superseded = try SQLiteFailures.retryingWhileLocked(path: path, limit: Self.lockWait) {
                try pool.read { try migrator.hasBeenSuperseded($0) }
            }
            if superseded {
                let unknown = try pool.read { db in
                    try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                }.filter { !RecordMigrations.names.contains($0) }
                throw StoreError.refused(
                    store: url.path,
                    reason:
                        "its schema is newer than this cohort (migrations \(unknown.joined(separator: ", ")) unknown here); nothing was changed; upgrade cohort to use it"
                )
            }
            let complete = try SQLiteFailures.retryingWhileLocked(path: path, limit: Self.lockWait) {
                try pool.read { try migrator.hasCompletedMigrations($0) }
            }
            if !complete {
                // Concurrent first runs: one process migrates while the others wait for it, then
                // find nothing left to do (GRDB decides what is pending before it takes SQLite's lock).
                try SQLiteFailures.whileHoldingMigrationLock(path: path, limit: Self.lockWait) {
                    try SQLiteFailures.retryingWhileLocked(path: path, limit: Self.lockWait) {
                        let pending = try pool.read { try migrator.appliedIdentifiers($0) }
                        try migrator.migrate(pool)
                        for name in migrator.migrations where !pending.contains(name) {
                            logger.info("applied migration", metadata: ["migration": "\(name)", "database": "\(path)"])
                        }
                    }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw SQLiteFailures.storeError(error, path: url.path)
        } catch {
            throw .database(path: url.path, reason: SQLiteFailures.reason(error))
        }
    }

    /// Creates the folder (0700) and an empty file (0600) before SQLite opens it, so the file is
    /// never readable by others, not even for a moment. Tightens them if they were looser.
    static func prepareFiles(at url: URL) throws(StoreError) {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: folder.path, reason: SQLiteFailures.reason(error))
        }
        guard chmod(folder.path, 0o700) == 0 else {
            throw .cannotWrite(path: folder.path, reason: String(cString: strerror(errno)))
        }
        // An existing file is never opened here: closing a descriptor of it would drop every
        // lock SQLite holds on it in this process (POSIX fcntl locks are per process and file),
        // and another process could then write beside an open transaction.
        if FileManager.default.fileExists(atPath: url.path) {
            guard chmod(url.path, 0o600) == 0 else {
                throw .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
            }
            return
        }
        let descriptor = open(url.path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return }
            throw .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else {
            throw .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// The schema's history: every capability's migrations, in the order of `Migrations.all`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in Migrations.all {
            migrator.registerMigration(migration.name, migrate: migration.body)
        }
        return migrator
    }

    public func read<T>(_ body: (any RecordReading) throws -> T) throws -> T {
        try SQLiteFailures.retryingWhileLocked(path: url.path, limit: Self.lockWait) {
            try pool.read { db in try body(SQLiteTransaction(db: db)) }
        }
    }

    @discardableResult
    public func durableWrite<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try SQLiteFailures.retryingWhileLocked(path: url.path, limit: Self.lockWait) {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                var result: T?
                try db.inTransaction {
                    result = try body(SQLiteTransaction(db: db))
                    return .commit
                }
                guard let result else {
                    throw StoreError.database(path: url.path, reason: "the transaction was not committed")
                }
                return result
            }
        }
    }

    @discardableResult
    public func write<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try SQLiteFailures.retryingWhileLocked(path: url.path, limit: Self.lockWait) {
            try pool.write { db in try body(SQLiteTransaction(db: db)) }
        }
    }

    public func claimant() throws -> Claimant { try SQLiteClaimants.register(database: url) }

    public func claimantIsAlive(_ id: String) -> Bool { SQLiteClaimants.isAlive(id, database: url) }
}

/// The SQLite side of a transaction. Each capability adds its queries in an extension in its own
/// file (`SQLiteTransaction+Audit.swift`, …) conforming to its records protocol.
struct SQLiteTransaction {
    let db: Database

    /// Runs `sql` through the connection's statement cache: prepared once per command, however
    /// many rows an import writes.
    func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
