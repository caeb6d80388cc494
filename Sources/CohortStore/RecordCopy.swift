import CohortCore
import Foundation
import Logging

/// Copies every record of one store into an empty other one (SQLite to PostgreSQL, or back), in
/// one transaction on the target, and checks each table's count and hash after.
public enum RecordCopy {
    public static func copy(
        from source: RecordStoreLocation, opened: (any RecordStore)? = nil, to target: RecordStoreLocation,
        logger: Logger = Logger(label: "cohort.store")
    ) throws -> RecordCopyReport {
        guard source != target else {
            throw StoreError.refused(store: target.description, reason: "it is the store being copied; name another")
        }
        // The command's own store when it has one open already: one open per command.
        let from = try opened ?? source.open(logger: logger)
        let to = try target.open(logger: logger)
        let tables = RecordTables.all
        let (contents, known) = try from.tables(writing: false) { access in
            (try tables.map { try access.rows($0) }, try access.tableNames())
        }
        let unknown = Set(known).subtracting(tables.map(\.name))
        guard unknown.isEmpty else {
            throw StoreError.database(
                path: source.description,
                reason:
                    "tables \(unknown.sorted().joined(separator: ", ")) are not in RecordTables.all; nothing was copied"
            )
        }
        // Read back inside the same transaction: a table that differs rolls the whole copy back.
        let written = try to.tables(writing: true) { access in
            let filled = try tables.compactMap { table in try access.count(table) > 0 ? table.name : nil }
            guard filled.isEmpty else {
                throw StoreError.refused(
                    store: target.description,
                    reason:
                        "it holds records already (\(filled.joined(separator: ", "))); copy only into an empty database; nothing was changed"
                )
            }
            for (table, rows) in zip(tables, contents) { try access.insert(table, rows) }
            let copied = try tables.map { try access.rows($0) }
            for (index, table) in tables.enumerated() where Self.digest(copied[index]) != Self.digest(contents[index]) {
                throw StoreError.database(
                    path: target.description,
                    reason:
                        "table \(table.name) differs after the copy (\(contents[index].count) rows in, \(copied[index].count) read back); nothing was copied"
                )
            }
            return copied
        }
        let copied = try to.tables(writing: false) { access in try tables.map { try access.rows($0) } }
        var report = RecordCopyReport(from: source.description, to: target.description, tables: [])
        for (index, table) in tables.enumerated() {
            let expected = Self.digest(contents[index])
            guard Self.digest(copied[index]) == expected, Self.digest(written[index]) == expected,
                copied[index].count == contents[index].count
            else {
                throw StoreError.database(
                    path: target.description,
                    reason:
                        "table \(table.name) differs after the copy (\(contents[index].count) rows in, \(copied[index].count) read back); empty the target and copy again"
                )
            }
            report.tables.append(.init(table: table.name, rows: contents[index].count, hash: expected))
        }
        logger.info("copied records", metadata: ["records": "\(report.records)", "to": "\(target.description)"])
        return report
    }

    /// 64-bit FNV-1a over the rows: values separated by U+001F, rows by U+001E, NULL as U+0000.
    static func digest(_ rows: [[String?]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        for row in rows {
            for value in row {
                if let value { value.utf8.forEach(mix) } else { mix(0) }
                mix(0x1F)
            }
            mix(0x1E)
        }
        return String(hash, radix: 16).zeroPadded(to: 16)
    }
}

extension RecordStore {
    /// Every table's row count and hash, as `records copy` proves a copy: what a check that a
    /// command changed nothing compares before and after.
    public func tableDigests() throws -> [RecordCopyReport.Table] {
        try tables(writing: false) { access in
            try RecordTables.all.map { table in
                let rows = try access.rows(table)
                return RecordCopyReport.Table(table: table.name, rows: rows.count, hash: RecordCopy.digest(rows))
            }
        }
    }
}
