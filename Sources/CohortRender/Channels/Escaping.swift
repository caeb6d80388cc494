import Mustache

/// How each channel makes an inserted value inert: whatever a value holds, it stays text.
public enum Escaping {
    /// Wikitext: neutralises everything that could become a template, parser function, link,
    /// external link, tag, table, list, heading, signature, bold/italic or magic word, using HTML
    /// entities MediaWiki shows as the same characters. Line breaks become spaces.
    public static func wikitext(_ value: String, atLineStart: Bool = true) -> String {
        // Most values are words and spaces: nothing to neutralise, found at byte speed.
        if let first = value.utf8.first, !(atLineStart && Self.lineStartBytes.contains(first)),
            value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && !Self.wikitextBytes.contains($0) })
        {
            return value
        }
        // By scalar, not by Character: a combining mark after "[" or "'" would make a Character that
        // is not the bracket, and the bracket itself would pass unescaped.
        let text = Array(collapseLineBreaks(value).unicodeScalars)
        var result = String.UnicodeScalarView()
        result.reserveCapacity(text.count)
        func append(_ entity: String) { result.append(contentsOf: entity.unicodeScalars) }
        for (index, character) in text.enumerated() {
            let previous = index > 0 ? text[index - 1] : nil
            let next = index + 1 < text.count ? text[index + 1] : nil
            switch character {
            case "&": append("&amp;")
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "[": append("&#91;")
            case "]": append("&#93;")
            case "{": append("&#123;")
            case "}": append("&#125;")
            case "|": append("&#124;")
            case "~": append("&#126;")
            case "'" where previous == "'" || next == "'" || index == 0 || next == nil: append("&#39;")
            case "_" where previous == "_" || next == "_": append("&#95;")
            case "!" where previous == "!" || next == "!" || index == 0: append("&#33;")
            case ":" where index == 0 || endsWithURLScheme(text[..<index]) || next == "/": append("&#58;")
            case _ where index == 0 && atLineStart && "*#;=- ".unicodeScalars.contains(character):
                append("&#\(character.value);")
            default: result.append(character)
            }
        }
        return String(result)
    }

    /// Bytes that may start wikitext markup anywhere, and those that do so at the start of a line.
    static let wikitextBytes = Set("&<>[]{}|~'_!:".utf8)
    static let lineStartBytes = Set("*#;=- ".utf8)
    static let htmlBytes = Set("&<>\"'".utf8)

    /// HTML text and attribute values: `& < > " '`.
    public static func html(_ value: String) -> String {
        if !value.utf8.contains(where: { Self.htmlBytes.contains($0) }) { return value }
        // By scalar: a quote followed by a combining mark is one Character, but still a quote to a
        // browser, and would end an attribute value unescaped.
        var result = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&#39;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// XML 1.0 text and attribute values: HTML's five, and CR, tab and LF as character references
    /// (a parser would otherwise fold CR LF to LF, and tabs and line breaks in attributes to
    /// spaces, moving the character positions a REFI-QDA selection counts).
    public static func xml(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in html(value).unicodeScalars {
            switch scalar {
            case "\r": result.append(contentsOf: "&#13;".unicodeScalars)
            case "\t": result.append(contentsOf: "&#9;".unicodeScalars)
            case "\n": result.append(contentsOf: "&#10;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// CommonMark: backslash before every ASCII punctuation character, so a value inserted into a
    /// Markdown body is read back as exactly its own text. Line breaks become spaces.
    public static func markdown(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        var leading = true
        // By scalar: "*" followed by a combining mark is still an asterisk to a Markdown parser.
        for scalar in collapseLineBreaks(value).unicodeScalars {
            // Leading spaces would make an indented code block at the start of a line.
            if leading, scalar == " " {
                result.append(contentsOf: "&#32;".unicodeScalars)
                continue
            }
            leading = false
            if Self.asciiPunctuation.contains(scalar) { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }

    /// CommonMark's ASCII punctuation: every one of them may be backslash-escaped.
    static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// One line of plain text (a mail header before encoding): control characters, CR and LF
    /// become spaces, so no value can start a new header.
    public static func singleLine(_ value: String) -> String {
        String(
            String.UnicodeScalarView(
                value.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}"
                        ? " " : scalar
                }))
    }

    static func collapseLineBreaks(_ value: String) -> String {
        // Line breaks are control characters or (U+0085, U+2028, U+2029) beyond ASCII.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) { return value }
        return String(value.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// Schemes MediaWiki turns into free external links when followed by `:` (its $wgUrlProtocols).
    static let urlSchemes: Set<String> = [
        "bitcoin", "ftp", "ftps", "geo", "git", "gopher", "http", "https", "irc", "ircs", "magnet", "mailto",
        "matrix", "mms", "news", "nntp", "redis", "sftp", "sip", "sips", "sms", "ssh", "svn", "tel", "telnet",
        "urn", "worldwind", "xmpp",
    ]

    private static func endsWithURLScheme(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        // MediaWiki starts a free link at any word boundary, so the scheme is the letters and digits
        // right before the colon ("a.mailto:" links "mailto:").
        // The longest scheme has nine letters: a longer word before the colon is none of them.
        var letters: [UInt8] = []
        for scalar in text.reversed() {
            guard scalar.isASCII,
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            else { break }
            letters.append(UInt8(scalar.value) | 0x20)
            if letters.count > 10 { return false }
        }
        return urlSchemes.contains(String(decoding: letters.reversed(), as: UTF8.self))
    }
}

/// Mustache content types, one per channel, registered under the names templates select with
/// `{{% CONTENT_TYPE: WIKITEXT }}` and friends. HTML and TEXT are swift-mustache's own.
public enum ChannelContentTypes {
    struct Wikitext: MustacheContentType {
        func escapeText(_ text: String) -> String { Escaping.wikitext(text) }
    }

    struct Markdown: MustacheContentType {
        func escapeText(_ text: String) -> String { Escaping.markdown(text) }
    }

    struct SingleLine: MustacheContentType {
        func escapeText(_ text: String) -> String { Escaping.singleLine(text) }
    }

    struct StrictHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { Escaping.html(text) }
    }

    /// Registers every channel's content type (once per process).
    public static let registered: Void = {
        MustacheContentTypes.register(Wikitext(), named: "WIKITEXT")
        MustacheContentTypes.register(Markdown(), named: "MARKDOWN")
        MustacheContentTypes.register(SingleLine(), named: "HEADER")
        MustacheContentTypes.register(StrictHTML(), named: "HTML")
        _ = YAMLContentType.registered
    }()
}
