import CohortCore

/// A notice template as written in `templates/notices/[<language>/]<kind>.txt.mustache`: a
/// `Subject:` line, a blank line, then the plain-text body. Both are Mustache templates; the
/// subject is kept to one line and the body is plain text, as in announcements' mail.
public struct NoticeTemplate: Sendable {
    public var kind: NoticeKind
    /// `en`, or the folder it came from (`es`).
    public var language: String
    public var subject: TemplateCheck.Source
    public var body: TemplateCheck.Source

    /// The path of a kind's template in a language: English at the top of `templates/notices/`,
    /// every other language in its own folder.
    public static func path(_ kind: NoticeKind, language: String) -> String {
        language == "en"
            ? "templates/notices/\(kind.templateName)" : "templates/notices/\(language)/\(kind.templateName)"
    }

    /// Splits `text` into subject and body; a template without its `Subject:` line is a located error.
    public static func parse(_ text: String, kind: NoticeKind, language: String, file: String)
        throws(ConfigurationProblems) -> NoticeTemplate
    {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = normalized.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        let prefix = "Subject:"
        guard let first = lines.first, first.hasPrefix(prefix) else {
            throw ConfigurationProblems([
                Diagnostic(
                    SourceLocation(file: file, line: 1, column: 1),
                    "a notice template starts with a \"Subject: …\" line, then a blank line, then the body")
            ])
        }
        guard lines.count >= 2, lines[1].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigurationProblems([
                Diagnostic(
                    SourceLocation(file: file, line: 2, column: 1),
                    "leave a blank line between the Subject: line and the body")
            ])
        }
        let afterPrefix = first.dropFirst(prefix.count)
        let subject = afterPrefix.drop { $0 == " " }
        let columnOffset = prefix.unicodeScalars.count + (afterPrefix.count - subject.count)
        return NoticeTemplate(
            kind: kind, language: language,
            subject: TemplateCheck.Source(text: String(subject), file: file, columnOffset: columnOffset),
            body: TemplateCheck.Source(text: lines.count > 2 ? String(lines[2]) : "", file: file, lineOffset: 2))
    }
}
