import CohortCore
import Mustache

/// Parsing and rendering Mustache templates for a channel's content type, with syntax errors
/// located in the template's own file: shared by announcements and notices.
public enum MustacheSources {
    /// `partials` parsed for `contentType`: swift-mustache does not carry the including template's
    /// content type into a partial, so each channel gets partials escaped its own way.
    public static func library(_ partials: [String: TemplateCheck.Source], contentType: String)
        throws(ConfigurationProblems) -> MustacheLibrary
    {
        var library = MustacheLibrary()
        for (name, source) in partials {
            library.register(try parse(source, contentType: contentType), named: name)
        }
        return library
    }

    /// `source` parsed with `contentType`'s escaping (`WIKITEXT`, `HTML`, `TEXT`, `HEADER`, …).
    public static func parse(_ source: TemplateCheck.Source, contentType: String?) throws(ConfigurationProblems)
        -> MustacheTemplate
    {
        _ = ChannelContentTypes.registered
        let pragma = contentType.map { "{{% CONTENT_TYPE: \($0) }}" } ?? ""
        do {
            return try MustacheTemplate(string: pragma + source.text)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber + source.lineOffset
            let column =
                error.context.lineNumber == 1
                ? max(1, error.context.columnNumber - pragma.count) + source.columnOffset
                : error.context.columnNumber
            throw ConfigurationProblems([
                Diagnostic(
                    SourceLocation(file: source.file, line: line, column: column), "template syntax: \(error.error)")
            ])
        } catch {
            throw ConfigurationProblems([
                Diagnostic(SourceLocation(file: source.file, line: 1, column: 1), "template syntax: \(error)")
            ])
        }
    }

    /// Renders `source` with `context`, escaping every value for `contentType`.
    public static func render(
        _ source: TemplateCheck.Source, contentType: String, context: TemplateValue, library: MustacheLibrary
    ) throws(ConfigurationProblems) -> String {
        try parse(source, contentType: contentType).render(context.mustacheValue, library: library)
    }

    /// Renders `source` with `values` (already as swift-mustache takes them), giving the parser
    /// only the lines around the first tag to the last: the lines before and after hold no tag, lie
    /// outside every section and come out as they are, so they are copied around the rendering.
    /// (swift-mustache's parser costs more per character than everything else a body goes through;
    /// most of a body is prose before its first figure.) Call it only on a template whose check
    /// found nothing: a changed delimiter would hide tags from this cut.
    public static func renderFramed(
        _ source: TemplateCheck.Source, contentType: String, values: Any, library: MustacheLibrary
    ) throws(ConfigurationProblems) -> String {
        guard let frame = Frame(source.text) else {
            return try parse(source, contentType: contentType).render(values, library: library)
        }
        let inner = TemplateCheck.Source(
            text: String(frame.template), file: source.file, lineOffset: source.lineOffset + frame.linesBefore,
            columnOffset: frame.linesBefore == 0 ? source.columnOffset : 0)
        let template: MustacheTemplate
        do {
            template = try parse(inner, contentType: contentType)
        } catch {
            // Said about the whole text, where the parser places it (an unclosed section is
            // reported at the end of the text).
            template = try parse(source, contentType: contentType)
        }
        return String(frame.before) + template.render(values, library: library) + String(frame.after)
    }

    /// A text cut at line boundaries around its tags: the lines before (the last line before the
    /// first `{{` that shows a character stays with the tags), those through the line of the last
    /// `{{` or `}}`, and the lines after. None for a text to parse whole: one without tags (rare in
    /// a body, and the parser's way with a last line of white space is kept), or one whose first
    /// line is blank (the pragma put in front stands alone there and takes that line with it).
    struct Frame {
        let before: Substring
        let template: Substring
        let after: Substring
        let linesBefore: Int

        init?(_ text: String) {
            let bytes = text.utf8
            func shows(_ line: some Sequence<UInt8>) -> Bool { line.contains { $0 > 0x20 && $0 < 0x7F } }
            let open = UInt8(ascii: "{")
            let close = UInt8(ascii: "}")
            let newline = UInt8(ascii: "\n")
            var first: String.Index?
            var last: String.Index?
            var previous: UInt8 = 0
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == open, previous == open {
                    if first == nil { first = bytes.index(before: index) }
                    last = index
                } else if byte == close, previous == close {
                    last = index
                }
                // A brace that completed a pair starts no new one: "{{{" is one opening.
                previous = (byte == previous && (byte == open || byte == close)) ? 0 : byte
                index = bytes.index(after: index)
            }
            guard let first, let last, shows(bytes.prefix { $0 != newline }) else { return nil }
            // From the start of the nearest line before the first tag's that shows a character
            // (the content-type pragma put in front goes there: on a tag's line it would stop the
            // tag standing alone, and alone on a blank line it would stand alone and take the line
            // break with it) to the end of the last tag's line, its newline included.
            var start = bytes[..<first].lastIndex(of: newline).map { bytes.index(after: $0) } ?? bytes.startIndex
            while start > bytes.startIndex {
                let lineEnd = bytes.index(before: start)
                let lineStart =
                    bytes[..<lineEnd].lastIndex(of: newline).map { bytes.index(after: $0) } ?? bytes.startIndex
                start = lineStart
                if shows(bytes[lineStart..<lineEnd]) { break }
            }
            var end = bytes[last...].firstIndex(of: newline).map { bytes.index(after: $0) } ?? bytes.endIndex
            // swift-mustache drops a last line of only white space with no line break after it:
            // a text ending so is parsed to its end.
            let lastLine = bytes[end...].split(separator: newline, omittingEmptySubsequences: false).last ?? []
            if !lastLine.isEmpty, !shows(lastLine) { end = bytes.endIndex }
            before = text[..<start]
            template = text[start..<end]
            after = text[end...]
            linesBefore = bytes[..<start].count { $0 == newline }
        }
    }
}
