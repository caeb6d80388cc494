import CohortCore
internal import CohortRender
import Foundation

/// Why a record context cannot be used or refreshed; nothing was written.
public enum ContextError: Error, LocalizedError, CategorizedError, Equatable {
    /// A refresh would replace real figures with an empty section (no records imported here).
    case wouldEmpty(path: String, section: String, slug: String)

    public var errorDescription: String? {
        switch self {
        case .wouldEmpty(let path, let section, let slug):
            "\(path): refusing to replace its \(section) figures with none: the records here hold no \(section) (import them first, e.g. `cohort \(Self.importCommand(section))`), or keep the committed context by rendering without --refresh \(slug)"
        }
    }

    static func importCommand(_ section: String) -> String {
        switch section {
        case "feedback": "feedback import data/feedback.csv"
        case "cohort": "pilot import data/signups.csv"
        default: "partner import data/partners.csv"
        }
    }

    public var kind: FailureKind { .badInput }
}

extension AnnouncementBuild {
    /// The record sections `source` uses: the first name of every tag in its body, its subject,
    /// its templates and the partials, that is a record section.
    func sectionsUsed(by source: AnnouncementSource, templates: TemplateSet) -> Set<String> {
        // The templates' roots are the same for every announcement of a kind: found once per run.
        let shared = TemplateRoots.shared.roots(
            of: templates.templates.values.map(\.text) + templates.partials.values.map(\.text))
        return TemplateCheck.roots(in: [source.body, source.mail.subject ?? ""]).union(shared)
            .intersection(RecordContext.recordSections)
    }

    /// What `source` renders with: the committed context, or (when there is none, or with
    /// `refresh`) one captured from the records and the timeline now. A refresh that would empty
    /// a section with figures is refused; a context lacking a section the announcement uses is a
    /// located problem.
    func context(for source: AnnouncementSource, templates: TemplateSet, timeline: Timeline, frozen: Bool = false)
        throws -> RecordContext
    {
        let path = RecordContextFile.path(source.slug)
        let uses = sectionsUsed(by: source, templates: templates)
        let live = RecordContext.capture(timeline: timeline, sections: sections, uses: uses, at: now)
        guard workspace.exists(path) else { return live }
        let committed = RecordContextFile.decode(try workspace.readText(path), file: path)
        // What went out was rendered with the committed context: it stays, and so do the channels
        // still to go, so that they tell the same story.
        guard refresh, !frozen else {
            let context = try committed.get()
            let missing = uses.subtracting(context.sections.keys).sorted()
            guard missing.isEmpty else {
                throw ConfigurationProblems([
                    Diagnostic(
                        SourceLocation(file: path, line: 1, column: 1),
                        "holds no \(missing.joined(separator: " or ")) figures, which \(source.file) uses; run `cohort announce render --refresh \(source.slug)` to take them from the records"
                    )
                ])
            }
            return context
        }
        guard case .success(let old) = committed else { return live }
        for name in uses.sorted()
        where RecordContext.hasFigures(old.sections[name]) && !RecordContext.hasFigures(live.sections[name]) {
            throw ContextError.wouldEmpty(path: path, section: name, slug: source.slug)
        }
        return old.sameContent(as: live) ? old : live
    }

    /// Problems of `prepared`'s context: a personal address in it, or figures older than the
    /// records (only where the records hold figures for them: a fresh clone's empty records say
    /// nothing about a committed context).
    func contextProblems(_ prepared: Prepared, timeline: Timeline) -> [Diagnostic] {
        let path = RecordContextFile.path(prepared.source.slug)
        var problems: [Diagnostic] = []
        let lint = linter(prepared)
        problems += lint.privateProblems(inContext: prepared.contextText, file: path)
        for match in prepared.contextText.matches(of: AnnouncementLint.emailPattern)
        where !lint.publicAddresses.contains(String(match.output).lowercased()) {
            let offset = prepared.contextText.unicodeScalars.distance(
                from: prepared.contextText.startIndex, to: match.range.lowerBound)
            problems.append(
                Diagnostic(
                    RecordContextFile.location(ofOffset: offset, in: prepared.contextText, file: path),
                    "\"\(match.output)\" is a personal mail address in a record context; remove it (contexts hold no personal data)"
                ))
        }
        guard workspace.exists(path), prepared.frozen.isEmpty else { return problems }
        let uses = Set(prepared.context.sections.keys)
        let live = RecordContext.capture(timeline: timeline, sections: sections, uses: uses, at: now)
        let stale = prepared.context.staleness(against: live)
        if !stale.isEmpty {
            problems.append(
                Diagnostic(
                    SourceLocation(file: path, line: 1, column: 1),
                    "older than the records it came from (\(stale.joined(separator: "; "))); run `cohort announce render --refresh \(prepared.source.slug)` and commit it"
                ))
        }
        return problems
    }
}

/// The roots of each set of template texts, found once per process (announcements of a kind
/// share their templates).
final class TemplateRoots: @unchecked Sendable {
    // @unchecked: `known` is read and written only while `lock` is held.
    static let shared = TemplateRoots()
    private let lock = NSLock()
    private var known: [[String]: Set<String>] = [:]

    func roots(of texts: [String]) -> Set<String> {
        let key = texts.sorted()
        if let found = lock.withLock({ known[key] }) { return found }
        let found = TemplateCheck.roots(in: texts)
        lock.withLock { known[key] = found }
        return found
    }
}
