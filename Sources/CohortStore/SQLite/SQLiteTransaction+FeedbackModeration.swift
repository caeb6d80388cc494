import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// Items hidden (and shown again) under the rules of engagement, and questions sent to
    /// commenters whose items were coded unclear. Both are append-only histories.
    static let feedbackModeration = Migration(name: "2026-12-06-feedback-moderation") { db in
        try db.create(table: "feedback_visibility") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("item_id", .text).notNull().indexed().references("feedback_item", onDelete: .restrict)
            table.column("hidden", .boolean).notNull()
            table.column("reason", .text).notNull()
            table.column("decided_by", .text).notNull()
            table.column("at", .text).notNull()
        }
        try db.create(table: "feedback_clarification_request") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("item_id", .text).notNull().indexed().references("feedback_item", onDelete: .restrict)
            table.column("round", .integer).notNull().check { $0 >= 0 }
            table.column("question", .text).notNull()
            table.column("channel", .text).notNull()
            table.column("asked_by", .text).notNull()
            table.column("at", .text).notNull()
        }
    }
}

extension SQLiteTransaction {
    func visibilityChanges() throws -> [VisibilityChange] {
        try Row.fetchAll(db, sql: "SELECT * FROM feedback_visibility ORDER BY id").map { row in
            VisibilityChange(
                itemID: row["item_id"], hidden: row["hidden"], reason: row["reason"], by: row["decided_by"],
                at: Instant.parse(row["at"]) ?? .distantPast)
        }
    }

    func append(_ change: VisibilityChange) throws {
        try db.execute(
            sql: "INSERT INTO feedback_visibility (item_id, hidden, reason, decided_by, at) VALUES (?, ?, ?, ?, ?)",
            arguments: [change.itemID, change.hidden, change.reason, change.by, Instant.format(change.at)])
    }

    func clarificationRequests() throws -> [ClarificationRequest] {
        try Row.fetchAll(db, sql: "SELECT * FROM feedback_clarification_request ORDER BY id").map { row in
            ClarificationRequest(
                itemID: row["item_id"], round: row["round"], question: row["question"],
                channel: ClarificationRequest.Channel(rawValue: row["channel"]) ?? .talkPage, by: row["asked_by"],
                at: Instant.parse(row["at"]) ?? .distantPast)
        }
    }

    func append(_ request: ClarificationRequest) throws {
        try db.execute(
            sql: """
                INSERT INTO feedback_clarification_request (item_id, round, question, channel, asked_by, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                request.itemID, request.round, request.question, request.channel.rawValue, request.by,
                Instant.format(request.at),
            ])
    }
}
