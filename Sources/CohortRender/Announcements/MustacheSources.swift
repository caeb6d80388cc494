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
}
