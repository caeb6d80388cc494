import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// The outbox table.
    static let outbox = Migration(name: "2026-11-29-outbox") { db in
        try db.create(table: "outbox") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("batch", .text).notNull()
            table.column("recipient", .text).notNull()
            table.column("sender", .text).notNull()
            table.column("message_id", .text).notNull()
            table.column("hash", .text).notNull()
            table.column("payload", .text).notNull()
            table.column("state", .text).notNull()
            table.column("attempts", .integer).notNull().defaults(to: 0)
            table.column("next_attempt_at", .text)
            table.column("last_reply", .text)
            table.column("updated_at", .text).notNull()
            table.uniqueKey(["batch", "recipient"])
        }
        try db.create(index: "outbox_due", on: "outbox", columns: ["batch", "state", "id"])
    }
}

extension Migrations {
    /// Who claimed a row `sending` (a send run's id) and on which boot of the machine: what tells
    /// a row in flight from one left by a sender that is gone.
    static let outboxClaims = Migration(name: "2026-12-01-outbox-claims") { db in
        try db.alter(table: "outbox") { table in
            table.add(column: "claimed_by", .text)
            table.add(column: "claim_boot", .text)
            // What a message is about for its recipient across batches: a newer one supersedes it.
            table.add(column: "topic", .text)
        }
        try db.create(index: "outbox_topic", on: "outbox", columns: ["topic", "recipient"])
    }
}

struct OutboxRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    var id: Int64?
    var batch: String
    var recipient: String
    var sender: String
    var messageID: String
    var hash: String
    var payload: String
    var state: String
    var attempts: Int
    var nextAttemptAt: String?
    var lastReply: String?
    var updatedAt: String
    var topic: String?

    enum CodingKeys: String, CodingKey {
        case id, batch, recipient, sender, hash, payload, state, attempts, topic
        case messageID = "message_id"
        case nextAttemptAt = "next_attempt_at"
        case lastReply = "last_reply"
        case updatedAt = "updated_at"
    }

    init(_ item: OutboxItem) {
        id = item.id
        batch = item.batch
        recipient = item.recipient
        sender = item.sender
        messageID = item.messageID
        hash = item.hash
        payload = item.payload
        state = item.state.rawValue
        attempts = item.attempts
        nextAttemptAt = item.nextAttemptAt.map(OutboxRow.stamp)
        lastReply = item.lastReply
        updatedAt = OutboxRow.stamp(item.updatedAt)
        topic = item.topic
    }

    var item: OutboxItem {
        OutboxItem(
            id: id, batch: batch, recipient: recipient, sender: sender, messageID: messageID, hash: hash,
            payload: payload, state: OutboxState(rawValue: state) ?? .unknown, attempts: attempts,
            nextAttemptAt: nextAttemptAt.flatMap(OutboxRow.parse), lastReply: lastReply,
            updatedAt: OutboxRow.parse(updatedAt) ?? .distantPast, topic: topic)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Retry times need sub-second order, so they are stored with milliseconds (sortable text).
    static func stamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? Instant.parse(text)
    }
}

extension SQLiteTransaction: OutboxRecords {
    func enqueue(_ item: OutboxItem) throws -> EnqueueResult {
        let result = try queue(item)
        if let topic = item.topic, result != .alreadySent {
            // Never sent after the newer one: what still waits on the same topic for this
            // recipient in another batch is superseded (an `unknown` one is never re-sent either).
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'superseded', updated_at = ?,
                      last_reply = CASE state WHEN 'unknown' THEN 'superseded by ' || ? || ' (its delivery was unknown)'
                                   ELSE 'superseded by ' || ? END
                    WHERE topic = ? AND recipient = ? AND batch <> ? AND state IN ('pending', 'failed-temporary', 'unknown')
                    """,
                arguments: [OutboxRow.stamp(item.updatedAt), item.batch, item.batch, topic, item.recipient, item.batch])
        }
        return result
    }

    func queue(_ item: OutboxItem) throws -> EnqueueResult {
        // Prepared once per connection: queueing thousands of messages parses no SQL again.
        let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, hash, state FROM outbox WHERE batch = ? AND recipient = ?"),
            arguments: [item.batch, item.recipient])
        if let existing {
            let state = OutboxState(rawValue: existing["state"]) ?? .unknown
            if existing["hash"] == item.hash { return .unchanged(state) }
            guard state == .pending || state == .failedTemporary else { return .alreadySent }
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET hash = ?, payload = ?, message_id = ?, sender = ?, topic = ?, updated_at = ?
                    WHERE id = ?
                    """
            ).execute(
                arguments: [
                    item.hash, item.payload, item.messageID, item.sender, item.topic, OutboxRow.stamp(item.updatedAt),
                    existing["id"] as Int64,
                ])
            return .replaced
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (batch, recipient, sender, message_id, hash, payload, state, attempts,
                  next_attempt_at, last_reply, updated_at, topic)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                item.batch, item.recipient, item.sender, item.messageID, item.hash, item.payload, item.state.rawValue,
                item.attempts, item.nextAttemptAt.map(OutboxRow.stamp), item.lastReply, OutboxRow.stamp(item.updatedAt),
                item.topic,
            ])
        return .added
    }

    func claim(batch: String, now: Date, maxAttempts: Int, limit: Int, claimant: String, at: Date) throws
        -> [OutboxItem]
    {
        // Prepared once per connection: the claim and the light fetch of what sending needs, in
        // the caller's (durable) transaction. Pending messages first, then retries that are due;
        // each through the (batch, state, id) index, so a claim never scans what was sent.
        let claimed = """
            UPDATE outbox SET state = 'sending', claimed_by = ?, claim_boot = ?, attempts = attempts + 1,
              next_attempt_at = NULL, updated_at = ?
            """
        let returning = "RETURNING id, recipient, sender, message_id, payload, attempts, last_reply"
        let pending = try db.cachedStatement(
            sql: """
                \(claimed) WHERE id IN (
                  SELECT id FROM outbox WHERE batch = ? AND state = 'pending' ORDER BY id LIMIT ?)
                \(returning)
                """)
        let stamp = OutboxRow.stamp(at)
        var rows = try Row.fetchAll(
            pending, arguments: [claimant, SQLiteClaimants.boot, stamp, batch, limit])
        if rows.count < limit {
            let retries = try db.cachedStatement(
                sql: """
                    \(claimed) WHERE id IN (
                      SELECT id FROM outbox WHERE batch = ? AND state = 'failed-temporary' AND attempts < ?
                        AND next_attempt_at <= ? ORDER BY id LIMIT ?)
                    \(returning)
                    """)
            rows += try Row.fetchAll(
                retries,
                arguments: [
                    claimant, SQLiteClaimants.boot, stamp, batch, maxAttempts, OutboxRow.stamp(now), limit - rows.count,
                ])
        }
        return rows.map { row in
            OutboxItem(
                id: row["id"], batch: batch, recipient: row["recipient"], sender: row["sender"],
                messageID: row["message_id"], hash: "", payload: row["payload"], state: .sending,
                attempts: row["attempts"], lastReply: row["last_reply"], updatedAt: at)
        }.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }

    func unclaim(ids: [Int64], at: Date) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE outbox SET state = 'pending', attempts = MAX(attempts - 1, 0), updated_at = ?
                WHERE id = ? AND state = 'sending'
                """)
        for id in ids { try statement.execute(arguments: [OutboxRow.stamp(at), id]) }
    }

    func releaseAbandoned(batch: String, isAlive: (String) -> Bool, at: Date) throws -> AbandonedClaims {
        var released = AbandonedClaims()
        let stamp = OutboxRow.stamp(at)
        let interrupted = "interrupted while sending; it may or may not have been delivered"
        let claims = try Row.fetchAll(
            db,
            sql: """
                SELECT claimed_by, claim_boot, MIN(id) AS first, COUNT(*) AS count FROM outbox
                WHERE batch = ? AND state = 'sending' GROUP BY claimed_by, claim_boot
                """, arguments: [batch])
        for claim in claims {
            let claimant: String? = claim["claimed_by"]
            if let claimant, isAlive(claimant) { continue }
            let boot: String? = claim["claim_boot"]
            let count: Int = claim["count"]
            // Settled results were committed without a sync: they are intact unless the machine
            // restarted since the claim, and then only the first unsettled row can have been
            // handed over (a sender settles each message before it hands over the next).
            if let claimant, let boot, boot == SQLiteClaimants.boot {
                let first: Int64 = claim["first"]
                try db.execute(
                    sql: "UPDATE outbox SET state = 'unknown', last_reply = ?, updated_at = ? WHERE id = ?",
                    arguments: [interrupted, stamp, first])
                try db.execute(
                    sql: """
                        UPDATE outbox SET state = 'pending', attempts = MAX(attempts - 1, 0), updated_at = ?
                        WHERE batch = ? AND state = 'sending' AND claimed_by = ? AND id <> ?
                        """, arguments: [stamp, batch, claimant, first])
                released.unknown += 1
                released.requeued += count - 1
            } else {
                try db.execute(
                    sql: """
                        UPDATE outbox SET state = 'unknown', last_reply = ?, updated_at = ?
                        WHERE batch = ? AND state = 'sending' AND claimed_by IS ? AND claim_boot IS ?
                        """, arguments: [interrupted, stamp, batch, claimant, boot])
                released.unknown += count
            }
        }
        return released
    }

    func resendUnknown(batch: String, at: Date) throws -> Int {
        try OutboxRow.filter(Column("batch") == batch && Column("state") == OutboxState.unknown.rawValue)
            .updateAll(
                db, Column("state").set(to: OutboxState.pending.rawValue),
                Column("updated_at").set(to: OutboxRow.stamp(at)))
    }

    func earliestRetry(batch: String, maxAttempts: Int) throws -> Date? {
        try String.fetchOne(
            db,
            sql: """
                SELECT MIN(next_attempt_at) FROM outbox
                WHERE batch = ? AND state = ? AND attempts < ?
                """, arguments: [batch, OutboxState.failedTemporary.rawValue, maxAttempts]
        ).flatMap(OutboxRow.parse)
    }

    func update(id: Int64, state: OutboxState, attempts: Int, nextAttemptAt: Date?, lastReply: String?, at: Date) throws
    {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_reply = ?, updated_at = ?
                WHERE id = ?
                """)
        try statement.execute(
            arguments: [
                state.rawValue, attempts, nextAttemptAt.map(OutboxRow.stamp), lastReply, OutboxRow.stamp(at), id,
            ])
    }

    func outboxItem(id: Int64) throws -> OutboxItem? { try OutboxRow.fetchOne(db, key: id)?.item }

    func outboxItems(batch: String) throws -> [OutboxItem] {
        try OutboxRow.select(
            Column("id"), Column("batch"), Column("recipient"), Column("sender"), Column("message_id"), Column("hash"),
            SQL("'' AS payload"), Column("state"), Column("attempts"), Column("next_attempt_at"), Column("last_reply"),
            Column("updated_at")
        ).filter(Column("batch") == batch).order(Column("id")).fetchAll(db).map(\.item)
    }

    func outboxBatches() throws -> [String] {
        try String.fetchAll(db, sql: "SELECT batch FROM outbox GROUP BY batch ORDER BY MIN(id)")
    }

    func outboxCounts(batch: String) throws -> [OutboxState: Int] {
        var counts: [OutboxState: Int] = [:]
        let rows = try Row.fetchAll(
            db, sql: "SELECT state, COUNT(*) AS n FROM outbox WHERE batch = ? GROUP BY state", arguments: [batch])
        for row in rows {
            if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
        }
        return counts
    }
}
