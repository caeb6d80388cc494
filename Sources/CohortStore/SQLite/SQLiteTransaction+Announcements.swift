import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// The announcements' channel lifecycle: one row per step, never updated.
    static let announcementChannels = Migration(name: "2026-12-01-announcement-channels") { db in
        try db.create(table: "announcement_channel") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("announcement", .text).notNull()
            table.column("channel", .text).notNull()
            table.column("state", .text).notNull()
            table.column("at", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("hash", .text)
            // The destination's answer as JSON (`ChannelDetails`): revision, post id, batch, ….
            table.column("details", .text).notNull()
        }
        try db.create(
            index: "announcement_channel_by_announcement", on: "announcement_channel", columns: ["announcement"])
    }
}

extension SQLiteTransaction: AnnouncementRecords {
    func channelRecords(announcement: String?) throws -> [ChannelRecord] {
        let rows =
            if let announcement {
                try Row.fetchAll(
                    db, sql: "SELECT * FROM announcement_channel WHERE announcement = ? ORDER BY id",
                    arguments: [announcement])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM announcement_channel ORDER BY id")
            }
        return rows.compactMap { row in
            guard let channel = AnnouncementChannel(rawValue: row["channel"]),
                let state = ChannelState(rawValue: row["state"])
            else { return nil }
            let details = (row["details"] as String?).flatMap {
                try? JSONDecoder().decode(ChannelDetails.self, from: Data($0.utf8))
            }
            return ChannelRecord(
                id: row["id"], announcement: row["announcement"], channel: channel, state: state,
                at: Instant.parse(row["at"]) ?? .distantPast, actor: row["actor"], hash: row["hash"],
                details: details ?? ChannelDetails())
        }
    }

    func append(_ record: ChannelRecord) throws -> ChannelRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let details = String(decoding: try encoder.encode(record.details), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO announcement_channel (announcement, channel, state, at, actor, hash, details)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.announcement, record.channel.rawValue, record.state.rawValue, Instant.format(record.at),
                record.actor, record.hash, details,
            ])
        var stored = record
        stored.id = db.lastInsertedRowID
        return stored
    }
}
