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
    public func render(indent: String = "") -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return all.map { row in
            let cells = headers.indices.map { column -> String in
                let text = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return alignments[column] == .right ? padding + text : text + padding
            }
            let line = indent + cells.joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n")
    }
}
