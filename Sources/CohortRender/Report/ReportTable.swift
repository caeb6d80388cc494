/// A data table of the report: what a chart shows, in full, for screen readers and printouts.
/// Every text cell is escaped; long names wrap rather than widen the page.
struct ReportTable {
    /// One cell.
    enum Cell {
        /// Text, escaped.
        case text(String)
        /// A figure, right-aligned.
        case number(String)
        /// A date or time: kept on one line.
        case date(String)
        /// Markup the report made itself from escaped parts.
        case html(String)
    }

    var caption: String
    var headers: [String]
    /// Which columns hold figures (right-aligned headers).
    var numeric: Set<Int> = []
    var rows: [[Cell]] = []
    var className = "data"

    init(caption: String, headers: [String], numeric: Set<Int> = []) {
        self.caption = caption
        self.headers = headers
        self.numeric = numeric
    }

    mutating func append(_ row: [Cell]) { rows.append(row) }

    /// `text` escaped, with a line-break opportunity (`<wbr>`) in every run of more than 20
    /// characters without a space or hyphen, so a long name wraps in its cell instead of
    /// widening the table past the page.
    static func breakable(_ text: String) -> String {
        var result = ""
        var run = 0
        for character in text {
            if character.isWhitespace || character == "-" || character == "/" {
                run = 0
            } else {
                run += 1
                if run > 20 {
                    result += "<wbr>"
                    run = 1
                }
            }
            result += Escaping.html(String(character))
        }
        return result
    }

    var html: String {
        var lines = ["<table class=\"\(className)\">", "<caption>\(Escaping.html(caption))</caption>", "<thead><tr>"]
        for (index, header) in headers.enumerated() {
            let kind = numeric.contains(index) ? " class=\"number\"" : ""
            lines.append("<th scope=\"col\"\(kind)>\(Escaping.html(header))</th>")
        }
        lines.append("</tr></thead>")
        lines.append("<tbody>")
        for row in rows {
            var cells = ""
            for (index, cell) in row.enumerated() {
                let tag = index == 0 ? "th scope=\"row\"" : "td"
                let close = index == 0 ? "th" : "td"
                switch cell {
                case .text(let text): cells += "<\(tag)>\(Self.breakable(text))</\(close)>"
                case .date(let text): cells += "<\(tag) class=\"date\">\(Escaping.html(text))</\(close)>"
                case .number(let text): cells += "<\(tag) class=\"number\">\(Escaping.html(text))</\(close)>"
                case .html(let markup): cells += "<\(tag)>\(markup)</\(close)>"
                }
            }
            lines.append("<tr>\(cells)</tr>")
        }
        lines.append("</tbody>")
        lines.append("</table>")
        return lines.joined(separator: "\n")
    }
}
