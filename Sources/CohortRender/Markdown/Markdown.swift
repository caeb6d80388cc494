/// A CommonMark document as a tree of values, so each channel renders it its own way.
public struct MarkdownDocument: Sendable, Equatable {
    public var blocks: [MarkdownBlock]

    public init(blocks: [MarkdownBlock]) { self.blocks = blocks }
}

/// A block of a CommonMark document (with GitHub's tables).
public indirect enum MarkdownBlock: Sendable, Equatable {
    case paragraph([MarkdownInline])
    case heading(level: Int, [MarkdownInline])
    case list(ordered: Bool, start: Int, tight: Bool, items: [[MarkdownBlock]])
    case quote([MarkdownBlock])
    case code(info: String, text: String)
    /// Raw HTML in the source; channels show it as text, never as markup.
    case html(String)
    case thematicBreak
    case table(alignments: [MarkdownAlignment], header: [[MarkdownInline]], rows: [[[MarkdownInline]]])
}

/// How a table column lines up.
public enum MarkdownAlignment: Sendable, Equatable {
    case none, left, center, right
}

/// Inline content of a CommonMark block.
public indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case strikethrough([MarkdownInline])
    case code(String)
    case link(destination: String, title: String, [MarkdownInline])
    case image(source: String, title: String, alt: [MarkdownInline])
    case softBreak
    case lineBreak
    /// Raw inline HTML in the source; shown as text.
    case html(String)
}

extension Array where Element == MarkdownInline {
    /// The inline content as plain text, without any markup (for alt text, titles, anchors).
    public var plainText: String {
        map { inline in
            switch inline {
            case .text(let text), .code(let text), .html(let text): text
            case .emphasis(let children), .strong(let children), .strikethrough(let children): children.plainText
            case .link(_, _, let children): children.plainText
            case .image(_, _, let alt): alt.plainText
            case .softBreak, .lineBreak: " "
            }
        }.joined()
    }
}
