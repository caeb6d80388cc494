/// Renders a Markdown document as plain text for the text/plain part of a mail: wrapped at 72
/// columns, links as numbered references listed at the end.
public struct PlainTextRenderer: Sendable {
    /// Where `wiki:Page` links point; without it they are dropped to their text.
    public var wikiBase: String?
    /// The column text wraps at.
    public var width: Int

    public init(wikiBase: String? = nil, width: Int = 72) {
        self.wikiBase = wikiBase
        self.width = width
    }

    /// The text and, after it, `[n] address` for every link, in order of first appearance.
    public func render(_ document: MarkdownDocument) -> String {
        var references = References()
        let body = blocks(document.blocks, indent: "", references: &references)
        guard !references.urls.isEmpty else { return body }
        let list = references.urls.enumerated().map { "[\($0.offset + 1)] \($0.element)" }
        return body + "\n\n" + list.joined(separator: "\n")
    }

    struct References {
        var urls: [String] = []

        mutating func number(for url: String) -> Int {
            if let index = urls.firstIndex(of: url) { return index + 1 }
            urls.append(url)
            return urls.count
        }
    }

    func blocks(_ blocks: [MarkdownBlock], indent: String, references: inout References) -> String {
        var parts: [String] = []
        for block in blocks { parts.append(self.block(block, indent: indent, references: &references)) }
        return parts.joined(separator: "\n\n")
    }

    func block(_ block: MarkdownBlock, indent: String, references: inout References) -> String {
        switch block {
        case .paragraph(let content):
            return wrap(inlines(content, references: &references), indent: indent)
        case .heading(let level, let content):
            let text = inlines(content, references: &references)
            let rule = String(repeating: level <= 1 ? "=" : "-", count: min(text.count, width))
            return indent + text + "\n" + indent + rule
        case .list(let ordered, let start, let tight, let items):
            var lines: [String] = []
            for (index, item) in items.enumerated() {
                let marker = ordered ? "\(start + index). " : "- "
                let inner = blocks(
                    item, indent: indent + String(repeating: " ", count: marker.count), references: &references)
                let trimmed = inner.drop { $0 == " " }
                lines.append(indent + marker + trimmed)
            }
            return lines.joined(separator: tight ? "\n" : "\n\n")
        case .quote(let children):
            return blocks(children, indent: indent + "> ", references: &references)
        case .code(_, let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { indent + "    " + $0 }.joined(separator: "\n")
                .trimmingTrailingWhitespaceLines()
        case .html(let raw):
            return wrap(raw, indent: indent)
        case .thematicBreak:
            return indent + String(repeating: "-", count: 20)
        case .table(_, let header, let rows):
            var table = TextTable(headers: header.map { inlines($0, references: &references) })
            for row in rows { table.append(row.map { inlines($0, references: &references) }) }
            return table.render(indent: indent)
        }
    }

    func inlines(_ content: [MarkdownInline], references: inout References) -> String {
        var text = ""
        for inline in content {
            switch inline {
            case .text(let value), .code(let value), .html(let value): text += value
            case .emphasis(let children), .strikethrough(let children):
                text += inlines(children, references: &references)
            case .strong(let children): text += inlines(children, references: &references)
            case .softBreak: text += " "
            case .lineBreak: text += "\n"
            case .link(let destination, _, let children):
                let label = inlines(children, references: &references)
                if let url = WikiPageName.resolve(destination, wikiBase: wikiBase) {
                    text +=
                        label == url ? "[\(references.number(for: url))]" : "\(label) [\(references.number(for: url))]"
                } else {
                    text += label
                }
            case .image(let source, _, let alt):
                let label = alt.plainText
                if let url = WikiPageName.resolve(source, wikiBase: wikiBase) {
                    text += "\(label) [\(references.number(for: url))]"
                } else {
                    text += label
                }
            }
        }
        return text
    }

    /// Wraps at `width` on spaces; hard line breaks are kept; words longer than a line stay whole.
    func wrap(_ text: String, indent: String) -> String {
        // Most text is ASCII: there a byte is a character, and the bytes are split directly.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return wrapASCII(text, indent: indent) }
        // Lengths in characters, kept as the line grows (counting a String walks all of it).
        var output: [String] = []
        let indentLength = indent.count
        for hardLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var length = 0
            for word in hardLine.split(separator: " ") {
                let wordLength = word.count
                if length > 0, indentLength + length + 1 + wordLength > width {
                    output.append(indent + line)
                    line = ""
                    length = 0
                }
                if length > 0 {
                    line += " "
                    length += 1
                }
                line += word
                length += wordLength
            }
            output.append(indent + line)
        }
        return output.joined(separator: "\n")
    }

    /// `wrap` of text whose every byte is an ASCII character other than CR (CRLF is one character).
    private func wrapASCII(_ text: String, indent: String) -> String {
        let space = UInt8(ascii: " ")
        let newline = UInt8(ascii: "\n")
        let indentBytes = Array(indent.utf8)
        let indentLength = indent.count
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 16)
        for (index, hardLine) in text.utf8.split(separator: newline, omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output.append(newline) }
            output += indentBytes
            var length = 0
            for word in hardLine.split(separator: space) {
                if length > 0, indentLength + length + 1 + word.count > width {
                    output.append(newline)
                    output += indentBytes
                    length = 0
                }
                if length > 0 {
                    output.append(space)
                    length += 1
                }
                output += word
                length += word.count
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespaceLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " }.reversed())
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
