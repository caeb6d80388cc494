/// A plain-text table for terminals: a header row, then rows, columns padded to line up.
public struct TextTable: Sendable {
    /// How a column's cells line up.
    public enum Alignment: Sendable {
        case left, right
    }

    public var headers: [String]
    public var alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    /// A table with these column headers; columns align left unless told otherwise.
    public init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        let given = alignments ?? []
        self.alignments = headers.indices.map { $0 < given.count ? given[$0] : .left }
    }

    /// Adds a row; missing cells are blank.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as lines joined by `\n`, with two spaces between columns and no trailing spaces.
    /// Each cell's width is counted once (counting walks the text).
    public func render(indent: String = "") -> String {
        let all = [headers] + rows
        let counts = all.map { row in headers.indices.map { $0 < row.count ? row[$0].count : 0 } }
        let widths = headers.indices.map { column in counts.map { $0[column] }.max() ?? 0 }
        var lines: [String] = []
        lines.reserveCapacity(all.count)
        for (row, rowCounts) in zip(all, counts) {
            var line = indent
            for column in headers.indices {
                if column > 0 { line += "  " }
                let text = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - rowCounts[column])
                line += alignments[column] == .right ? padding + text : text + padding
            }
            // Trailing spaces dropped on the bytes: a space is one byte and never part of the
            // character before it.
            var end = line.utf8.endIndex
            while end > line.utf8.startIndex, line.utf8[line.utf8.index(before: end)] == UInt8(ascii: " ") {
                end = line.utf8.index(before: end)
            }
            lines.append(String(decoding: line.utf8[..<end], as: UTF8.self))
        }
        return lines.joined(separator: "\n")
    }
}
