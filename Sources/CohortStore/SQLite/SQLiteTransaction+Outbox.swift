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

    enum CodingKeys: String, CodingKey {
        case id, batch, recipient, sender, hash, payload, state, attempts
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
    }

    var item: OutboxItem {
        OutboxItem(
            id: id, batch: batch, recipient: recipient, sender: sender, messageID: messageID, hash: hash,
            payload: payload, state: OutboxState(rawValue: state) ?? .unknown, attempts: attempts,
            nextAttemptAt: nextAttemptAt.flatMap(OutboxRow.parse), lastReply: lastReply,
            updatedAt: OutboxRow.parse(updatedAt) ?? .distantPast)
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
        if var existing = try OutboxRow.filter(Column("batch") == item.batch && Column("recipient") == item.recipient)
            .fetchOne(db)
        {
            if existing.hash == item.hash { return .unchanged(OutboxState(rawValue: existing.state) ?? .unknown) }
            guard
                existing.state == OutboxState.pending.rawValue || existing.state == OutboxState.failedTemporary.rawValue
            else { return .alreadySent }
            existing.hash = item.hash
            existing.payload = item.payload
            existing.messageID = item.messageID
            existing.sender = item.sender
            existing.updatedAt = OutboxRow.stamp(item.updatedAt)
            try existing.update(db)
            return .replaced
        }
        var row = OutboxRow(item)
        try row.insert(db)
        return .added
    }

    func markInterruptedAsUnknown(batch: String, at: Date) throws -> Int {
        try OutboxRow.filter(Column("batch") == batch && Column("state") == OutboxState.sending.rawValue)
            .updateAll(
                db, Column("state").set(to: OutboxState.unknown.rawValue),
                Column("last_reply").set(to: "interrupted while sending; it may or may not have been delivered"),
                Column("updated_at").set(to: OutboxRow.stamp(at)))
    }

    func resendUnknown(batch: String, at: Date) throws -> Int {
        try OutboxRow.filter(Column("batch") == batch && Column("state") == OutboxState.unknown.rawValue)
            .updateAll(
                db, Column("state").set(to: OutboxState.pending.rawValue),
                Column("updated_at").set(to: OutboxRow.stamp(at)))
    }

    func nextDue(batch: String, now: Date, maxAttempts: Int) throws -> OutboxItem? {
        let pending = try OutboxRow.filter(Column("batch") == batch && Column("state") == OutboxState.pending.rawValue)
            .order(Column("id")).fetchOne(db)
        if let pending { return pending.item }
        return try OutboxRow.filter(
            Column("batch") == batch && Column("state") == OutboxState.failedTemporary.rawValue
                && Column("attempts") < maxAttempts && Column("next_attempt_at") <= OutboxRow.stamp(now)
        ).order(Column("next_attempt_at"), Column("id")).fetchOne(db)?.item
    }

    func claimNext(batch: String, now: Date, maxAttempts: Int, at: Date) throws -> OutboxItem? {
        // A write transaction holds SQLite's one write lock, so nobody else can take the same row.
        guard var item = try nextDue(batch: batch, now: now, maxAttempts: maxAttempts), let id = item.id else {
            return nil
        }
        item.state = .sending
        item.attempts += 1
        item.nextAttemptAt = nil
        item.updatedAt = at
        try update(
            id: id, state: .sending, attempts: item.attempts, nextAttemptAt: nil, lastReply: item.lastReply, at: at)
        return item
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
        try OutboxRow.filter(key: id).updateAll(
            db, Column("state").set(to: state.rawValue), Column("attempts").set(to: attempts),
            Column("next_attempt_at").set(to: nextAttemptAt.map(OutboxRow.stamp)),
            Column("last_reply").set(to: lastReply), Column("updated_at").set(to: OutboxRow.stamp(at)))
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
