import Foundation

/// A thin view over `CSVTable` (rows with their spreadsheet row numbers and cells by header),
/// kept for the partner importer; the pilot and poll importers read `CSVTable` directly, and this
/// can go once partners do too.
public struct LocatedCSV: Sendable {
    /// One record: its row number and cells by header.
    public struct Row: Sendable {
        let row: CSVRow

        public var file: String { row.location.file }
        /// The spreadsheet row number (the header is row 1).
        public var number: Int { row.location.row }

        /// The cell under `column`, trimmed; empty when the row is short.
        public subscript(column: String) -> String { row[column] }

        /// Where the cell under `column` is, for a problem found in it.
        public func location(_ column: String? = nil) -> CSVLocation {
            column.map(row.location) ?? row.location
        }

        /// A problem in the cell under `column`.
        public func problem(_ column: String?, _ message: String) -> CSVProblem {
            CSVProblem(location(column), message)
        }
    }

    public let file: String
    /// The header row, trimmed, in file order.
    public let headers: [String]
    public let rows: [Row]

    /// Parses `text`, requiring the `required` columns (and, unless `allowsOtherColumns`, no others).
    public static func parse(
        _ text: String, file: String, required: [String], allowsOtherColumns: Bool = false
    ) -> Result<LocatedCSV, CSVProblems> {
        do {
            let table = try CSVTable.parse(
                text, file: file, columns: CSVColumns(required, allowsOthers: allowsOtherColumns))
            return .success(LocatedCSV(file: file, headers: table.header, rows: table.rows.map(Row.init)))
        } catch {
            return .failure(error)
        }
    }
}
