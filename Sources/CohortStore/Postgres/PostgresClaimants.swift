import Foundation

/// Who holds a claim on outbox rows, for PostgreSQL: each send run keeps a connection of its own
/// that holds a session advisory lock for as long as the run lives. The server releases the lock
/// when that session ends, however it ends (the process killed, the machine gone, the network
/// cut), so every sender on every machine sees from `pg_locks` which runs are alive: no clock, no
/// lease to renew.
enum PostgresClaimants {
    /// The first key of every claimant's lock (the second is the run's own number).
    static let lockClass: Int32 = 73_052_026

    /// A new claimant holding its lock on `connection`, which it keeps open until released.
    static func register(connection: PostgresConnection) throws -> Claimant {
        for _ in 0..<8 {
            let key = Int32.random(in: 1...Int32.max)
            let taken = try connection.run(
                "SELECT pg_try_advisory_lock($1::integer, $2::integer) AS taken", [String(lockClass), String(key)]
            ).records.first?.bool("taken")
            guard taken == true else { continue }  // another run drew the same number: draw again
            let holder = Holder(connection)
            return Claimant(id: "pg-\(key)") { holder.release() }
        }
        throw StoreError.busy(store: "PostgreSQL", reason: "no free claimant lock on the records server; try again")
    }

    /// True while the run `id` holds its lock, as the server sees it from `transaction`.
    static func isAlive(_ id: String, in transaction: PostgresTransaction) throws -> Bool {
        guard id.hasPrefix("pg-"), let key = Int32(id.dropFirst(3)), key > 0 else { return false }
        return try !transaction.rows(
            """
            SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid = $1::bigint::oid AND objid = $2::bigint::oid
            """, [String(lockClass), String(key)]
        ).isEmpty
    }

    /// The connection a claimant keeps, closed (and its lock with it) when the claimant goes.
    private final class Holder: @unchecked Sendable {
        // @unchecked: the connection is touched only by `release`, once, under `lock`.
        private var connection: PostgresConnection?
        private let lock = NSLock()

        init(_ connection: PostgresConnection) { self.connection = connection }

        func release() {
            lock.lock()
            defer { lock.unlock() }
            connection = nil  // PQfinish ends the session, which releases the lock
        }
    }
}
