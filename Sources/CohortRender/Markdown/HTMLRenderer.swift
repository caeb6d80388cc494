/// Renders a Markdown document as HTML for a blog post body. Raw HTML in the source is shown
/// as text; only http(s) and mailto links are kept.
public struct HTMLRenderer: Sendable {
    /// Where `wiki:Page` links point (`https://meta.example.org/wiki/`); without it they stay text.
    public var wikiBase: String?

    public init(wikiBase: String? = nil) { self.wikiBase = wikiBase }

    /// The document as HTML, one block a line.
    public func render(_ document: MarkdownDocument) -> String {
        blocks(document.blocks, tight: false)
    }

    func blocks(_ blocks: [MarkdownBlock], tight: Bool) -> String {
        blocks.map { block($0, tight: tight) }.joined(separator: "\n")
    }

    func block(_ block: MarkdownBlock, tight: Bool) -> String {
        switch block {
        case .paragraph(let content):
            return tight ? inlines(content) : "<p>\(inlines(content))</p>"
        case .heading(let level, let content):
            let level = min(level + 1, 6)
            return "<h\(level)>\(inlines(content))</h\(level)>"
        case .list(let ordered, let start, let isTight, let items):
            let tag = ordered ? "ol" : "ul"
            let open = ordered && start != 1 ? "<ol start=\"\(start)\">" : "<\(tag)>"
            let body = items.map { "<li>\(blocks($0, tight: isTight))</li>" }.joined(separator: "\n")
            return "\(open)\n\(body)\n</\(tag)>"
        case .quote(let children):
            return "<blockquote>\n\(blocks(children, tight: false))\n</blockquote>"
        case .code(let info, let text):
            let language =
                info.split(separator: " ").first.map { " class=\"language-\(Escaping.html(String($0)))\"" } ?? ""
            return "<pre><code\(language)>\(Escaping.html(text))</code></pre>"
        case .html(let raw):
            return "<p>\(Escaping.html(raw))</p>"
        case .thematicBreak:
            return "<hr />"
        case .table(let alignments, let header, let rows):
            func cell(_ tag: String, _ column: Int, _ content: [MarkdownInline]) -> String {
                let align: String
                switch column < alignments.count ? alignments[column] : .none {
                case .none: align = ""
                case .left: align = " style=\"text-align:left\""
                case .center: align = " style=\"text-align:center\""
                case .right: align = " style=\"text-align:right\""
                }
                return "<\(tag)\(align)>\(inlines(content))</\(tag)>"
            }
            var lines = ["<table>"]
            if !header.isEmpty {
                lines.append("<thead>")
                lines.append("<tr>" + header.enumerated().map { cell("th", $0, $1) }.joined() + "</tr>")
                lines.append("</thead>")
            }
            lines.append("<tbody>")
            for row in rows { lines.append("<tr>" + row.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>") }
            lines.append("</tbody>")
            lines.append("</table>")
            return lines.joined(separator: "\n")
        }
    }

    func inlines(_ content: [MarkdownInline]) -> String {
        content.map(inline).joined()
    }

    func inline(_ inline: MarkdownInline) -> String {
        switch inline {
        case .text(let text): return Escaping.html(text)
        case .emphasis(let children): return "<em>\(inlines(children))</em>"
        case .strong(let children): return "<strong>\(inlines(children))</strong>"
        case .strikethrough(let children): return "<del>\(inlines(children))</del>"
        case .code(let code): return "<code>\(Escaping.html(code))</code>"
        case .softBreak: return "\n"
        case .lineBreak: return "<br />\n"
        case .html(let raw): return Escaping.html(raw)
        case .link(let destination, let title, let children):
            let text = inlines(children)
            guard let url = url(destination) else { return text }
            let titleAttribute = title.isEmpty ? "" : " title=\"\(Escaping.html(title))\""
            return "<a href=\"\(Escaping.html(url))\"\(titleAttribute)>\(text)</a>"
        case .image(let source, let title, let alt):
            guard let url = ExternalURL.safe(source), !url.lowercased().hasPrefix("mailto:") else {
                return Escaping.html(alt.plainText)
            }
            let titleAttribute = title.isEmpty ? "" : " title=\"\(Escaping.html(title))\""
            return "<img src=\"\(Escaping.html(url))\" alt=\"\(Escaping.html(alt.plainText))\"\(titleAttribute) />"
        }
    }

    /// A link's address: web addresses as they are, `wiki:Page` under `wikiBase`.
    func url(_ destination: String) -> String? {
        WikiPageName.resolve(destination, wikiBase: wikiBase)
    }
}
