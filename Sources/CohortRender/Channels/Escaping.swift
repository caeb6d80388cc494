import Mustache

/// How each channel makes an inserted value inert: whatever a value holds, it stays text.
public enum Escaping {
    /// Wikitext: neutralises everything that could become a template, parser function, link,
    /// external link, tag, table, list, heading, signature, bold/italic or magic word, using HTML
    /// entities MediaWiki shows as the same characters. Line breaks become spaces.
    public static func wikitext(_ value: String, atLineStart: Bool = true) -> String {
        let text = Array(collapseLineBreaks(value))
        var result = ""
        result.reserveCapacity(text.count)
        for (index, character) in text.enumerated() {
            let previous = index > 0 ? text[index - 1] : nil
            let next = index + 1 < text.count ? text[index + 1] : nil
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "[": result += "&#91;"
            case "]": result += "&#93;"
            case "{": result += "&#123;"
            case "}": result += "&#125;"
            case "|": result += "&#124;"
            case "~": result += "&#126;"
            case "'" where previous == "'" || next == "'" || index == 0 || next == nil: result += "&#39;"
            case "_" where previous == "_" || next == "_": result += "&#95;"
            case "!" where previous == "!" || next == "!" || index == 0: result += "&#33;"
            case ":" where index == 0 || endsWithURLScheme(text[..<index]) || next == "/": result += "&#58;"
            case _ where index == 0 && atLineStart && "*#;=- ".contains(character):
                result += "&#\(character.unicodeScalars.first!.value);"
            default: result.append(character)
            }
        }
        return result
    }

    /// HTML text and attribute values: `& < > " '`.
    public static func html(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.count)
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// CommonMark: backslash before every ASCII punctuation character, so a value inserted into a
    /// Markdown body is read back as exactly its own text. Line breaks become spaces.
    public static func markdown(_ value: String) -> String {
        var result = ""
        var leading = true
        for character in collapseLineBreaks(value) {
            // Leading spaces would make an indented code block at the start of a line.
            if leading, character == " " {
                result += "&#32;"
                continue
            }
            leading = false
            if character.isASCII, character.isPunctuation || character.isSymbol {
                result.append("\\")
            }
            result.append(character)
        }
        return result
    }

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
        String(value.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// Schemes MediaWiki turns into free external links when followed by `:` (its $wgUrlProtocols).
    static let urlSchemes: Set<String> = [
        "bitcoin", "ftp", "ftps", "geo", "git", "gopher", "http", "https", "irc", "ircs", "magnet", "mailto",
        "matrix", "mms", "news", "nntp", "redis", "sftp", "sip", "sips", "sms", "ssh", "svn", "tel", "telnet",
        "urn", "worldwind", "xmpp",
    ]

    private static func endsWithURLScheme(_ text: ArraySlice<Character>) -> Bool {
        // MediaWiki starts a free link at any word boundary, so the scheme is the letters and digits
        // right before the colon ("a.mailto:" links "mailto:").
        let letters = text.reversed().prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return urlSchemes.contains(String(letters.reversed()).lowercased())
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
