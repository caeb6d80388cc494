import Foundation

/// Renders a Markdown document as MediaWiki wikitext. Text is escaped so it stays text; links
/// become `[url text]`, or `[[Page|text]]` for a `wiki:Page` destination.
public enum WikitextRenderer {
    /// The document as wikitext, blocks separated by blank lines, no trailing newline.
    public static func render(_ document: MarkdownDocument) -> String {
        blocks(document.blocks, depth: "")
    }

    static func blocks(_ blocks: [MarkdownBlock], depth: String) -> String {
        blocks.map { block($0, depth: depth) }.joined(separator: "\n\n")
    }

    static func block(_ block: MarkdownBlock, depth: String) -> String {
        switch block {
        case .paragraph(let content):
            return inlines(content)
        case .heading(let level, let content):
            // A page's sections start at level 2; Markdown's # is the section's own heading.
            let marks = String(repeating: "=", count: min(level + 1, 6))
            return "\(marks) \(inlines(content)) \(marks)"
        case .list(true, let start, _, let items) where start != 1:
            // Wikitext's "#" always counts from 1; an HTML list keeps the list's own start.
            let entries = items.map { item in
                "<li>" + item.map { self.block($0, depth: "") }.joined(separator: "<br />") + "</li>"
            }
            return "<ol start=\"\(start)\">\n" + entries.joined(separator: "\n") + "\n</ol>"
        case .list(let ordered, _, _, let items):
            let marker = depth + (ordered ? "#" : "*")
            return items.map { item in listItem(item, marker: marker) }.joined(separator: "\n")
        case .quote(let children):
            return "<blockquote>\n\(blocks(children, depth: ""))\n</blockquote>"
        case .code(_, let text):
            return "<pre>\(Escaping.html(text.hasSuffix("\n") ? String(text.dropLast()) : text))</pre>"
        case .html(let raw):
            return Escaping.wikitext(raw)
        case .thematicBreak:
            return "----"
        case .table(let alignments, let header, let rows):
            return table(alignments: alignments, header: header, rows: rows)
        }
    }

    static func listItem(_ item: [MarkdownBlock], marker: String) -> String {
        var lines: [String] = []
        var text: [String] = []
        for block in item {
            if case .list = block {
                if !text.isEmpty {
                    lines.append("\(marker) \(text.joined(separator: "<br />"))")
                    text = []
                }
                lines.append(self.block(block, depth: marker))
            } else if case .paragraph(let content) = block {
                text.append(inlines(content))
            } else if case .code = block {
                text.append(self.block(block, depth: ""))  // <pre> keeps its lines
            } else {
                text.append(self.block(block, depth: "").replacingOccurrences(of: "\n", with: " "))
            }
        }
        if !text.isEmpty || lines.isEmpty { lines.append("\(marker) \(text.joined(separator: "<br />"))") }
        return lines.joined(separator: "\n")
    }

    static func table(alignments: [MarkdownAlignment], header: [[MarkdownInline]], rows: [[[MarkdownInline]]]) -> String
    {
        func style(_ column: Int) -> String {
            switch column < alignments.count ? alignments[column] : .none {
            case .none, .left: ""
            case .center: "style=\"text-align:center\" | "
            case .right: "style=\"text-align:right\" | "
            }
        }
        var lines = ["{| class=\"wikitable\""]
        if !header.isEmpty {
            lines.append("|-")
            for (column, cell) in header.enumerated() { lines.append("! \(style(column))\(inlines(cell))") }
        }
        for row in rows {
            lines.append("|-")
            for (column, cell) in row.enumerated() { lines.append("| \(style(column))\(inlines(cell))") }
        }
        lines.append("|}")
        return lines.joined(separator: "\n")
    }

    /// Inline content; only the first text at the start of a block can start a wikitext line.
    static func inlines(_ content: [MarkdownInline], atLineStart: Bool = true) -> String {
        content.enumerated().map { inline($1, atLineStart: atLineStart && $0 == 0) }.joined()
    }

    static func inline(_ inline: MarkdownInline, atLineStart: Bool = false) -> String {
        switch inline {
        case .text(let text): return Escaping.wikitext(text, atLineStart: atLineStart)
        case .emphasis(let children): return "<em>\(inlines(children, atLineStart: false))</em>"
        case .strong(let children): return "<strong>\(inlines(children, atLineStart: false))</strong>"
        case .strikethrough(let children): return "<s>\(inlines(children, atLineStart: false))</s>"
        case .code(let code): return "<code>\(Escaping.wikitext(code))</code>"
        case .softBreak: return " "
        case .lineBreak: return "<br />"
        case .html(let raw): return Escaping.wikitext(raw)
        case .link(let destination, _, let children):
            return link(destination, text: inlines(children, atLineStart: false))
        case .image(let source, _, let alt):
            return link(source, text: Escaping.wikitext(alt.plainText))
        }
    }

    /// `[[Page|text]]` for `wiki:Page`, `[url text]` for a web address, the text alone otherwise.
    static func link(_ destination: String, text: String) -> String {
        if destination.hasPrefix("wiki:") {
            let page = WikiPageName.sanitised(String(destination.dropFirst(5)))
            // The leading colon links Category: and File: pages instead of filing or embedding.
            return page.isEmpty ? text : "[[:\(page)|\(text)]]"
        }
        guard let url = ExternalURL.safe(destination) else { return text }
        return "[\(url) \(text)]"
    }
}

/// Wiki page names as MediaWiki accepts them: no characters that would end or extend a link.
public enum WikiPageName {
    /// `name` without the characters a page title may not hold (`# < > [ ] | { }` and controls).
    public static func sanitised(_ name: String) -> String {
        let forbidden = Set("<>[]|{}\n\r\t")
        return String(name.filter { !forbidden.contains($0) }).trimmingCharacters(in: .whitespaces)
    }
}

extension WikiPageName {
    /// A link destination as a web address outside the wiki: `wiki:Page` under `wikiBase`
    /// (spaces as underscores, percent-encoded), web addresses as `ExternalURL.safe` keeps them.
    public static func resolve(_ destination: String, wikiBase: String?) -> String? {
        guard destination.hasPrefix("wiki:") else { return ExternalURL.safe(destination) }
        guard let wikiBase else { return nil }
        let page = sanitised(String(destination.dropFirst(5))).replacingOccurrences(of: " ", with: "_")
        let encoded = page.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? page
        return ExternalURL.safe(wikiBase + encoded)
    }
}

/// Web addresses safe to put in a channel's link syntax.
public enum ExternalURL {
    /// `text` if it is an absolute http(s) or mailto URL, with spaces and link-ending characters
    /// percent-encoded; nil for anything else (javascript:, relative paths, data:).
    public static func safe(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else {
            return nil
        }
        var result = ""
        for scalar in trimmed.unicodeScalars {
            switch scalar {
            case " ": result += "%20"
            case "[": result += "%5B"
            case "]": result += "%5D"
            case "<": result += "%3C"
            case ">": result += "%3E"
            case "\"": result += "%22"
            case "{": result += "%7B"
            case "}": result += "%7D"
            case "|": result += "%7C"
            case "'": result += "%27"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
