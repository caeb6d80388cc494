import CSV
import Foundation

/// A place in a CSV file as a spreadsheet shows it: the header is row 1, so the first record is row 2.
public struct CSVLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's name as the user knows it (`signups.csv`).
    public var file: String
    /// The row, counting the header as row 1 (a quoted field spanning lines is still one row).
    public var row: Int
    /// The column's header, when the problem is in one cell.
    public var column: String?

    public init(file: String, row: Int, column: String? = nil) {
        self.file = file
        self.row = row
        self.column = column
    }

    /// `signups.csv: row 4, column "nda"`.
    public var description: String {
        column.map { "\(file): row \(row), column \"\($0)\"" } ?? "\(file): row \(row)"
    }

    public static func < (lhs: CSVLocation, rhs: CSVLocation) -> Bool {
        (lhs.file, lhs.row, lhs.column ?? "") < (rhs.file, rhs.row, rhs.column ?? "")
    }
}

/// One problem in a CSV file: where, and a lowercase message that says what to write instead.
public struct CSVProblem: Sendable, Hashable, CustomStringConvertible {
    public var location: CSVLocation
    public var message: String

    public init(_ location: CSVLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `signups.csv: row 4, column "nda": "maybe" is not an NDA state; write none, sent or signed`.
    public var description: String { "\(location): \(message)" }
}

/// Every problem found in a CSV file, reported all at once; bad input (exit 64), nothing changed.
public struct CSVProblems: Error, Sendable, Equatable, CustomStringConvertible, CategorizedError {
    public var problems: [CSVProblem]

    public init(_ problems: [CSVProblem]) { self.problems = problems.sorted { $0.location < $1.location } }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
    public var kind: FailureKind { .badInput }
}

/// A CSV table (RFC 4180, UTF-8, header row required) whose cells know where they came from, so
/// every problem can name its file, row and column.
public struct LocatedCSV: Sendable {
    /// One record: its row number and cells by header.
    public struct Row: Sendable {
        public let file: String
        /// The spreadsheet row number (the header is row 1).
        public let number: Int
        public let cells: [String: String]

        /// The cell under `column`, trimmed of surrounding spaces; empty when the row is short.
        public subscript(column: String) -> String {
            (cells[column] ?? "").trimmingCharacters(in: .whitespaces)
        }

        /// Where the cell under `column` is, for a problem found in it.
        public func location(_ column: String? = nil) -> CSVLocation {
            CSVLocation(file: file, row: number, column: column)
        }

        /// The problem with the IANA zone under `column`, if it is empty or unknown (with the nearest name).
        public func zoneProblem(_ column: String) -> CSVProblem? {
            let zone = self[column]
            if TimeZoneNames.isKnown(zone) { return nil }
            return problem(
                column,
                zone.isEmpty
                    ? "is empty; write an IANA zone such as \"Europe/Berlin\""
                    : "unknown time zone \"\(zone)\"\(TimeZoneNames.hint(zone))")
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

    /// Parses `text`. Requires `required` columns in the header (suggesting near misses for
    /// unknown ones) and refuses duplicate headers, rows with more cells than headers, and text
    /// that is not CSV at all.
    public static func parse(
        _ text: String, file: String, required: [String], allowsOtherColumns: Bool = false
    ) -> Result<LocatedCSV, CSVProblems> {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: true)
        } catch {
            return .failure(
                CSVProblems([
                    CSVProblem(
                        CSVLocation(file: file, row: 1),
                        "the file is empty; the first row must name the columns: \(required.joined(separator: ","))")
                ]))
        }
        let headers = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        var problems: [CSVProblem] = []
        let header = CSVLocation(file: file, row: 1)
        var seen: Set<String> = []
        for name in headers where !seen.insert(name).inserted {
            problems.append(CSVProblem(header, "column \"\(name)\" appears twice; keep one"))
        }
        let missing = required.filter { !headers.contains($0) }
        if !missing.isEmpty {
            let unknown = headers.filter { !required.contains($0) }
            let hints = missing.compactMap { name in
                Suggestion.closest(to: name, in: unknown).map { "\"\($0)\" should be \"\(name)\"" }
            }
            let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            let fix =
                hints.isEmpty ? "the header must be \(required.joined(separator: ","))" : hints.joined(separator: ", ")
            problems.append(CSVProblem(header, "missing column\(missing.count == 1 ? "" : "s") \(list); \(fix)"))
        } else if !allowsOtherColumns {
            for name in headers where !required.contains(name) {
                problems.append(
                    CSVProblem(
                        header,
                        "unknown column \"\(name)\"\(Suggestion.didYouMean(name, in: required)); the columns are \(required.joined(separator: ","))"
                    ))
            }
        }
        var rows: [Row] = []
        var number = 1
        while let fields = reader.next() {
            number += 1
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if fields.count > headers.count {
                problems.append(
                    CSVProblem(
                        CSVLocation(file: file, row: number),
                        "\(fields.count) cells but \(headers.count) columns; quote cells that contain commas (\"a, b\")"
                    ))
                continue
            }
            var cells: [String: String] = [:]
            for (index, value) in fields.enumerated() where cells[headers[index]] == nil {
                cells[headers[index]] = value
            }
            rows.append(Row(file: file, number: number, cells: cells))
        }
        if let error = reader.error {
            problems.append(
                CSVProblem(CSVLocation(file: file, row: number), "cannot read the file as UTF-8 CSV (\(error))"))
        }
        guard problems.isEmpty else { return .failure(CSVProblems(problems)) }
        return .success(LocatedCSV(file: file, headers: headers, rows: rows))
    }
}
