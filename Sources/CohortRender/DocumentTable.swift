/// A table for documents people publish: a GitHub-flavoured Markdown pipe table or a MediaWiki
/// `wikitable`. Each format escapes what it embeds, so a cell's text can never become markup
/// (a wiki template, a link, an HTML tag, a table cell of its own).
public struct DocumentTable: Sendable, Equatable {
    /// The markup a table is written in.
    public enum Format: String, Sendable, CaseIterable {
        case markdown, wikitext
    }

    public var headers: [String]
    public var alignments: [TextTable.Alignment]
    public private(set) var rows: [[String]] = []

    /// A table with these column headers; columns align left unless told otherwise.
    public init(headers: [String], alignments: [TextTable.Alignment]? = nil) {
        self.headers = headers
        let given = alignments ?? []
        self.alignments = headers.indices.map { $0 < given.count ? given[$0] : .left }
    }

    /// Adds a row; missing cells are blank, extra ones dropped.
    public mutating func append(_ row: [String]) {
        rows.append(headers.indices.map { $0 < row.count ? row[$0] : "" })
    }

    /// The table in `format`, lines joined by `\n`, without a final line break.
    public func render(_ format: Format) -> String {
        switch format {
        case .markdown: markdown
        case .wikitext: wikitext
        }
    }

    /// The same table for a terminal: aligned columns under upper-case headers.
    public func renderText(indent: String = "") -> String {
        var table = TextTable(headers: headers.map { $0.uppercased() }, alignments: alignments)
        for row in rows { table.append(row) }
        return table.render(indent: indent)
    }

    private var markdown: String {
        func line(_ cells: [String]) -> String { "| " + cells.map(Self.markdownEscape).joined(separator: " | ") + " |" }
        let rule = "|" + alignments.map { $0 == .right ? " ---: |" : " --- |" }.joined()
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }

    private var wikitext: String {
        var lines = ["{| class=\"wikitable\""]
        lines.append("! " + headers.map(Self.wikitextEscape).joined(separator: " !! "))
        for row in rows {
            lines.append("|-")
            let cells = zip(row, alignments).map { cell, alignment in
                (alignment == .right ? "style=\"text-align:right\" | " : "") + Self.wikitextEscape(cell)
            }
            lines.append("| " + cells.joined(separator: " || "))
        }
        lines.append("|}")
        return lines.joined(separator: "\n")
    }

    /// Text as one Markdown table cell: line breaks become spaces and every character with a
    /// meaning inside a paragraph or a table is backslash-escaped.
    public static func markdownEscape(_ text: String) -> String {
        var escaped = ""
        for character in flattened(text) {
            if "\\`*_[]<>|~&!#".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Text as one wikitext table cell: line breaks become spaces and the characters that start
    /// markup inside a line (templates, links and bare URLs, tags, table syntax, bold and italics,
    /// signatures, magic words)
    /// become character references, which MediaWiki shows as the characters themselves.
    public static func wikitextEscape(_ text: String) -> String {
        var escaped = ""
        for character in flattened(text) {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            // A cell never starts a line ("| " comes first), so the line-start markup (* # ; - =)
            // needs no escape; ":" is escaped so that "http://…" does not become a link.
            case "[", "]", "{", "}", "|", "!", "'", "~", "_", ":":
                escaped += "&#\(character.unicodeScalars.first!.value);"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func flattened(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
