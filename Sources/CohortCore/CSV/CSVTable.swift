import CSV
import Foundation

/// The columns a CSV format has, in the order its documentation lists them, and which of them
/// the header may leave out.
public struct CSVColumns: Sendable, Equatable {
    /// Every known column, in the format's order.
    public var all: [String]
    /// Columns the header may leave out; their values may be absent.
    public var optional: Set<String>
    /// When true, columns other than these are kept (a poll's slot columns); otherwise they are refused.
    public var allowsOthers: Bool
    /// How each column's values may be written (`TextRule`); a column not named here holds one line.
    public var text: [String: TextRule.Kind]

    public init(
        _ all: [String], optional: Set<String> = [], allowsOthers: Bool = false, text: [String: TextRule.Kind] = [:]
    ) {
        self.all = all
        self.optional = optional
        self.allowsOthers = allowsOthers
        self.text = text
    }

    /// Columns the header must name.
    public var required: [String] { all.filter { !optional.contains($0) } }
}

/// A CSV file read whole, with its header checked: each row knows where it came from, so every
/// problem found in it can be reported as `file.csv:row R, column "x": message`.
///
/// The text is RFC 4180: a header row, comma-separated values, values quoted with `"` when they
/// hold commas, quotes (doubled) or line breaks; CRLF or LF line ends; a UTF-8 byte-order mark is
/// ignored. Blank lines are skipped.
public struct CSVTable: Sendable {
    /// The file's name as the user gave it.
    public let file: String
    /// The header's column names, in file order.
    public let header: [String]
    /// The data rows, in file order, without those `rejected` names.
    public let rows: [CSVRow]
    /// Rows left out because a value breaks the rule for text that enters the records (a NUL, a
    /// control character, a line break in a one-line column): each importer reports them with its
    /// own problems, so `--skip-invalid` leaves them out like any other bad row.
    public let rejected: CSVProblems

    /// Reads `text` as the CSV file `file` whose columns are `columns`. Throws every problem at
    /// once: broken quoting with its line and column, a header that lacks or repeats a column, rows
    /// with too many or too few values.
    public static func parse(_ text: String, file: String, columns: CSVColumns) throws(CSVProblems) -> CSVTable {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var problems = CSVProblems(file: file)
        for quoting in QuoteCheck.problems(in: body) {
            problems.add(at: quoting.line, column: quoting.column, quoting.message)
        }
        try problems.throwIfAny()

        let records = readRecords(body)
        guard let first = records.first else {
            problems.add(
                CSVLocation(file: file, row: 1, line: 1),
                "the file is empty; its first row must be the header \(columns.all.joined(separator: ","))")
            throw problems
        }
        let header = first.values.map { $0.trimmingCharacters(in: .whitespaces) }
        checkHeader(header, columns: columns, at: CSVLocation(file: file, row: 1, line: first.line), &problems)
        try problems.throwIfAny()

        var rows: [CSVRow] = []
        rows.reserveCapacity(records.count)
        var rejected = CSVProblems(file: file)
        // One column index for every row (shared storage), not a dictionary per row.
        var columnIndex: [String: Int] = [:]
        for (index, name) in header.enumerated() where columnIndex[name] == nil { columnIndex[name] = index }
        for (index, record) in records.enumerated().dropFirst() where !record.isBlank {
            let location = CSVLocation(file: file, row: index + 1, line: record.line)
            guard record.values.count == header.count else {
                problems.add(
                    location,
                    "\(Self.count(record.values.count, "value")) where the header has \(header.count) columns; quote values that hold commas (\"like, this\")"
                )
                continue
            }
            let row = CSVRow(location: location, columns: columnIndex, values: record.values)
            var clean = true
            for name in header {
                if let problem = TextRule.problem(in: row[name], kind: columns.text[name] ?? .line) {
                    rejected.add(row.location(name), problem)
                    clean = false
                }
            }
            if clean { rows.append(row) }
        }
        try problems.throwIfAny()
        return CSVTable(file: file, header: header, rows: rows, rejected: rejected)
    }

    /// One record as the reader returned it, with the line it starts on.
    private struct Record {
        var values: [String]
        var line: Int
        var isBlank: Bool { values.count == 1 && values[0].trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Every record, header included, with its first line: a record spans one line plus the line
    /// breaks inside its quoted values.
    private static func readRecords(_ text: String) -> [Record] {
        // The reader over a string has no I/O that could fail; its init throws only for a missing
        // header row, which is not asked for here.
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false) else { return [] }
        var records: [Record] = []
        var line = 1
        while let values = reader.next() {
            records.append(Record(values: values, line: line))
            line += 1 + values.reduce(0) { $0 + lineBreaks(in: $1) }
        }
        return records
    }

    /// CRLF, LF and a lone CR each end one line, as the reader counts them.
    static func lineBreaks(in value: String) -> Int {
        let scalars = Array(value.unicodeScalars)
        return scalars.indices.filter { index in
            scalars[index] == "\n"
                || (scalars[index] == "\r" && (index + 1 == scalars.count || scalars[index + 1] != "\n"))
        }.count
    }

    private static func checkHeader(
        _ header: [String], columns: CSVColumns, at location: CSVLocation, _ problems: inout CSVProblems
    ) {
        let expected = columns.all.joined(separator: ",")
        var seen: Set<String> = []
        for name in header {
            var here = location
            here.column = name
            if let problem = TextRule.problem(in: name) {
                problems.add(location, "a column name \(problem)")
            } else if name.isEmpty {
                problems.add(location, "the header has an empty column name; the header is \(expected)")
            } else if !seen.insert(name).inserted {
                problems.add(here, "the header names this column twice; keep one")
            } else if !columns.allowsOthers && !columns.all.contains(name) {
                problems.add(
                    here,
                    "unknown column\(Suggestion.didYouMean(name, in: columns.all.filter { !header.contains($0) })); the header is \(expected)"
                )
            }
        }
        // Missing columns are one problem: a wrong file lacks them all, and one line says so.
        let missing = columns.required.filter { !header.contains($0) }
        if missing.count == 1 {
            problems.add(location, "the header lacks the column \"\(missing[0])\"; the header is \(expected)")
        } else if !missing.isEmpty {
            let names = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            problems.add(location, "the header lacks the columns \(names); the header is \(expected)")
        }
    }

    static func count(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}

/// One data row of a `CSVTable`: its values by column name and where it is in the file.
public struct CSVRow: Sendable {
    /// Where the row is; `column` is nil.
    public let location: CSVLocation
    private let columns: [String: Int]
    private let values: [String]

    init(location: CSVLocation, columns: [String: Int], values: [String]) {
        self.location = location
        self.columns = columns
        self.values = values
    }

    /// The value in `column`, without surrounding spaces and line breaks; empty when the column is
    /// absent (an optional column the header leaves out).
    public subscript(column: String) -> String {
        guard let index = columns[column], index < values.count else { return "" }
        return values[index].trimmed
    }

    /// The value in `column`, or nil when it is empty.
    public func optional(_ column: String) -> String? {
        let value = self[column]
        return value.isEmpty ? nil : value
    }

    /// Where the value of `column` is.
    public func location(_ column: String) -> CSVLocation {
        var location = location
        location.column = column
        return location
    }
}

/// Where something is in a CSV file: the row as a spreadsheet numbers it (the header is row 1),
/// the line it starts on, and the column's name.
public struct CSVLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    /// The row, counting the header as row 1, as spreadsheets show it.
    public var row: Int
    /// The line the row starts on; it differs from `row` after a quoted value that spans lines or
    /// a blank line.
    public var line: Int
    /// The column's name, when the problem is in one value.
    public var column: String?

    /// A location by row alone (the line is taken to be the row's number).
    public init(file: String, row: Int, column: String? = nil) {
        self.init(file: file, row: row, line: row, column: column)
    }

    public init(file: String, row: Int, line: Int, column: String? = nil) {
        self.file = file
        self.row = row
        self.line = line
        self.column = column
    }

    /// `file.csv:row 7, column "received_at"`, with `(line 9)` after the row when they differ.
    public var description: String {
        var text = "\(file):row \(row)"
        if line != row { text += " (line \(line))" }
        if let column { text += ", column \"\(column)\"" }
        return text
    }

    public static func < (lhs: CSVLocation, rhs: CSVLocation) -> Bool {
        (lhs.file, lhs.row) < (rhs.file, rhs.row)
    }
}

/// One problem in a CSV file: where, and what to do about it.
public struct CSVProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where, by row and column; nil for a problem located by line and character instead.
    public var location: CSVLocation?
    /// For quoting problems: `file:line:column`, as editors count them.
    public var source: SourceLocation?
    /// A short, lowercase message that names the fix.
    public var message: String

    /// A problem at a row and column.
    public init(_ location: CSVLocation, _ message: String) {
        self.init(location: location, source: nil, message: message)
    }

    public init(location: CSVLocation?, source: SourceLocation?, message: String) {
        self.location = location
        self.source = source
        self.message = message
    }

    /// `file.csv:row 7, column "x": message` or `file.csv:7:15: message`.
    public var description: String {
        if let location { return "\(location): \(message)" }
        return "\(source.map(\.description) ?? ""): \(message)"
    }
}

/// Every problem found in a CSV file, reported at once; nothing of the file is used when there is one.
public struct CSVProblems: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError, CategorizedError {
    /// The file's name as the user gave it.
    public let file: String
    public private(set) var problems: [CSVProblem] = []
    /// What to do about them, said after the count (e.g. how to import the good rows anyway).
    public var hint: String?

    public init(file: String) { self.file = file }

    /// The problems found in one file, in row order.
    public init(_ problems: [CSVProblem]) {
        self.file = problems.first?.location?.file ?? problems.first?.source?.file ?? ""
        self.problems = problems.sorted {
            ($0.location?.row ?? 0, $0.location?.column ?? "") < ($1.location?.row ?? 0, $1.location?.column ?? "")
        }
    }

    public var isEmpty: Bool { problems.isEmpty }

    /// Adds a problem located by row (and column).
    public mutating func add(_ location: CSVLocation, _ message: String) {
        problems.append(CSVProblem(location: location, source: nil, message: message))
    }

    /// Adds a problem located by line and character.
    public mutating func add(at line: Int, column: Int, _ message: String) {
        problems.append(
            CSVProblem(location: nil, source: SourceLocation(file: file, line: line, column: column), message: message))
    }

    /// Adds every problem of `other`.
    public mutating func add(contentsOf other: CSVProblems) { problems += other.problems }

    /// Throws `self` when a problem was found.
    public func throwIfAny() throws(CSVProblems) {
        if !problems.isEmpty { throw self }
    }

    /// One line per problem, in file order, then how many there were.
    public var description: String {
        let ordered = problems.enumerated().sorted { left, right in
            let l = left.element.location?.row ?? left.element.source?.line ?? 0
            let r = right.element.location?.row ?? right.element.source?.line ?? 0
            return (l, left.offset) < (r, right.offset)
        }
        let count = CSVTable.count(problems.count, "problem")
        let summary = "\(count) in \(file); nothing was changed" + (hint.map { "; \($0)" } ?? "")
        return (ordered.map(\.element.description) + [summary]).joined(separator: "\n")
    }

    public var errorDescription: String? { description }

    public var kind: FailureKind { .badInput }
}

/// Finds what the reader would silently misread: text after a closing quote (it would drop a
/// character) and a quote that never closes (it would swallow the rest of the file).
enum QuoteCheck {
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    static func problems(in text: String) -> [Problem] {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var state = State.fieldStart
        var problems: [Problem] = []
        var line = 1
        var column = 0
        var opened = (line: 1, column: 1)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previous == "\r" {
                previous = scalar
                continue  // the CR already ended the line
            }
            column += 1
            let breaksLine = scalar == "\n" || scalar == "\r"
            switch state {
            case .fieldStart:
                if scalar == "\"" {
                    state = .quoted
                    opened = (line, column)
                } else if scalar != "," && !breaksLine {
                    state = .unquoted
                }
            case .unquoted:
                if scalar == "," || breaksLine { state = .fieldStart }
            case .quoted:
                if scalar == "\"" { state = .quoteInQuoted }
            case .quoteInQuoted:
                if scalar == "\"" {
                    state = .quoted
                } else if scalar == "," || breaksLine {
                    state = .fieldStart
                } else {
                    problems.append(
                        Problem(
                            line: line, column: column,
                            message:
                                "text after a closing quote; quote the whole value and double each quote inside it (\"say \"\"yes\"\"\")"
                        ))
                    state = .unquoted
                }
            }
            if breaksLine {
                line += 1
                column = 0
            }
            previous = scalar
        }
        if state == .quoted {
            problems.append(
                Problem(
                    line: opened.line, column: opened.column,
                    message: "this quoted value never closes; add the closing quote (\")"))
        }
        return problems
    }
}
