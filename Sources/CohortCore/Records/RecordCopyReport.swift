import Foundation

/// What `records copy` moved, table by table, and the proof: each table's row count and a hash of
/// its rows (in the table's order, every value as text) read back from the target.
public struct RecordCopyReport: Sendable, Encodable {
    /// One table.
    public struct Table: Sendable, Encodable, Equatable {
        public var table: String
        public var rows: Int
        /// FNV-1a over the rows as text, 16 hex digits: equal on both sides, or the copy is refused.
        public var hash: String

        public init(table: String, rows: Int, hash: String) {
            self.table = table
            self.rows = rows
            self.hash = hash
        }
    }

    public var from: String
    public var to: String
    public var tables: [Table]

    public init(from: String, to: String, tables: [Table]) {
        self.from = from
        self.to = to
        self.tables = tables
    }

    /// Every record copied.
    public var records: Int { tables.reduce(0) { $0 + $1.rows } }
}
