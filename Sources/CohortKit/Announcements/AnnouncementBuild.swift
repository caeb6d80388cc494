import CohortCore
import CohortRender
import CohortStore
import Foundation

/// Announcements of a workspace: reads `announcements/<slug>.md` and `templates/`, renders them,
/// and writes `announcements/<slug>/meta.wiki`, `blog.html`, `mail.eml` all at once or not at all.
public struct AnnouncementBuild: Sendable {
    public let session: ProgramSession
    /// Sections records add to the template context (pilot figures, the feedback report, …).
    public let sections: [any TemplateContextSection]
    /// The blog post's real address by slug, once WordPress published it: it replaces the planned
    /// `blog.url` of the front matter wherever the announcement links the post.
    public var blogLinks: [String: String] = [:]

    public init(session: ProgramSession, sections: [any TemplateContextSection]) {
        self.session = session
        self.sections = sections
    }

    /// With the sections the workspace's records provide (the feedback report, …).
    public init(session: ProgramSession) throws {
        self.init(session: session, sections: try RecordSections.load(session))
    }

    var workspace: Workspace { session.workspace }

    /// The slugs of every announcement source, sorted.
    public func slugs() -> [String] {
        workspace.files(in: "announcements", endingWith: ".md").filter { $0 != "README.md" }.map {
            String($0.dropLast(3))
        }
    }

    /// Reads one source; problems are located in its file. `known`, the slugs when the caller
    /// has listed them already, spares listing the folder again.
    public func source(_ slug: String, known: [String]? = nil) throws -> AnnouncementSource {
        let known = known ?? slugs()
        guard known.contains(slug) else {
            throw AnnouncementError.unknownSlug(slug, suggestion: Suggestion.closest(to: slug, in: known))
        }
        let file = "announcements/\(slug).md"
        let text = try workspace.readText(file)
        switch AnnouncementDecoder.decode(text, slug: slug, file: file, timeZone: session.program.timeZone) {
        case .success(var source):
            if let link = blogLinks[slug] {
                source.blog.url = link
                source.blog.published = true
            }
            return source
        case .failure(let problems): throw problems
        }
    }

    /// The templates for one kind: `templates/<kind>/<name>.mustache` over `templates/<name>.mustache`,
    /// and every `templates/partials/<name>.mustache`.
    public func templates(kind: String) throws -> TemplateSet {
        var templates: [String: TemplateCheck.Source] = [:]
        for name in TemplateSet.names {
            for file in ["templates/\(kind)/\(name).mustache", "templates/\(name).mustache"]
            where workspace.exists(file) {
                templates[name] = TemplateCheck.Source(text: try workspace.readText(file), file: file)
                break
            }
        }
        return TemplateSet(templates: templates, partials: try workspace.templatePartials())
    }

    /// Renders the named announcements (all when `slugs` is empty), collecting every problem of
    /// every announcement before failing.
    /// Sources are read and announcements rendered on every core (they are independent); each
    /// kind's templates are read, parsed and checked once for the whole run, with its first
    /// announcement, so their problems are reported once, not once per announcement.
    public func render(_ slugs: [String] = []) throws -> [RenderedAnnouncement] {
        let known = self.slugs()
        let chosen = slugs.isEmpty ? known : slugs
        let renderer = AnnouncementRenderer(
            program: session.program, context: TemplateContext.build(program: session.program, sections: sections))
        let sources = Concurrently.map(chosen) { slug in Result { try source(slug, known: known) } }
        var problems: [Diagnostic] = []
        var prepared: [String: PreparedTemplates] = [:]
        var checked: [String: Set<String>] = [:]
        var firsts: [Int: RenderedAnnouncement] = [:]
        var failedFirsts: Set<Int> = []
        for (index, result) in sources.enumerated() {
            guard case .success(let source) = result, prepared[source.kind] == nil else { continue }
            let templates = PreparedTemplates(try self.templates(kind: source.kind))
            prepared[source.kind] = templates
            do {
                firsts[index] = try renderer.render(
                    source, prepared: templates, checked: &checked[source.kind, default: []])
            } catch {
                problems += error.diagnostics
                failedFirsts.insert(index)
            }
        }
        let (done, kinds, checks) = (Set(firsts.keys).union(failedFirsts), prepared, checked)
        let rest = Concurrently.map(Array(sources.indices)) { index -> Result<RenderedAnnouncement?, any Error> in
            if done.contains(index) { return .success(nil) }
            return Result {
                let source = try sources[index].get()
                guard let templates = kinds[source.kind] else { return nil }  // reading its templates failed
                var seen = checks[source.kind] ?? []
                return try renderer.render(source, prepared: templates, checked: &seen)
            }
        }
        var rendered: [RenderedAnnouncement] = []
        for (index, result) in rest.enumerated() {
            switch result {
            case .success(let announcement):
                if let announcement = announcement ?? firsts[index] { rendered.append(announcement) }
            case .failure(let found as ConfigurationProblems): problems += found.diagnostics
            case .failure(let error): throw error
            }
        }
        var seen: Set<Diagnostic> = []
        problems = problems.filter { seen.insert($0).inserted }
        guard problems.isEmpty else { throw ConfigurationProblems(problems, kind: .problemsFound) }
        return rendered
    }

    /// The output files of `rendered`, by path relative to the workspace.
    public func outputFiles(_ rendered: [RenderedAnnouncement]) -> [String: String] {
        var files: [String: String] = [:]
        for announcement in rendered {
            for (name, text) in announcement.files { files["announcements/\(announcement.slug)/\(name)"] = text }
        }
        return files
    }

    /// Writes every output (all or none); returns the paths that changed.
    @discardableResult
    public func write(_ rendered: [RenderedAnnouncement]) throws -> [String] {
        let files = outputFiles(rendered)
        let changed = outdated(files)
        try workspace.writeAll(files.filter { changed.contains($0.key) })
        return changed
    }

    /// The paths whose committed contents differ from `files` (or are missing).
    public func outdated(_ files: [String: String]) -> [String] {
        files.keys.sorted().filter { path in (try? workspace.readText(path)) != files[path] }
    }
}

/// The template context sections that come from records. Each capability adds its line here.
public enum RecordSections {
    public static func load(_ session: ProgramSession) throws -> [any TemplateContextSection] {
        // Rendering only reads: a workspace without records gets none, and no database is created.
        let ledger =
            session.records.exists ? try session.feedbackLedger() : FeedbackLedger(judges: session.program.judges)
        return [FeedbackContextSection(report: FeedbackReport(ledger))]
    }
}

/// Why announcements cannot be worked with.
public enum AnnouncementError: Error, LocalizedError, CategorizedError, Equatable {
    case unknownSlug(String, suggestion: String?)
    case exists(String)
    case unknownKind(String)
    case badSlug(String)
    case notOnChannel(String, channel: String)

    public var errorDescription: String? {
        switch self {
        case .unknownSlug(let slug, let suggestion):
            "no announcement \"\(slug)\" in announcements/" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
        case .exists(let path): "\(path) exists already; choose another slug"
        case .badSlug(let slug):
            "slug \"\(slug)\" may hold only lowercase letters, digits and hyphens (e.g. 2022-05-dashboard-delay)"
        case .notOnChannel(let slug, let channel):
            "\(slug) is not told on the \(channel) channel; see its front matter"
        case .unknownKind(let kind):
            "unknown kind \"\(kind)\"\(Suggestion.didYouMean(kind, in: AnnouncementSource.kinds)); kinds: \(AnnouncementSource.kinds.joined(separator: ", "))"
        }
    }

    public var kind: FailureKind { .badInput }
}

/// What `announce render` did.
public struct RenderReport: Sendable, Encodable {
    /// The announcements rendered.
    public var rendered: [String]
    /// The output files written (changed ones only).
    public var written: [String]
    /// With `check`: the output files that are missing or differ from what would be rendered.
    public var outdated: [String]
}

extension AnnouncementBuild {
    /// Renders the announcements and writes the outputs that changed; with `checkOnly`, writes
    /// nothing and reports what is out of date instead.
    public func run(_ slugs: [String] = [], checkOnly: Bool) throws -> RenderReport {
        let rendered = try render(slugs)
        let names = rendered.map(\.slug)
        if checkOnly {
            return RenderReport(rendered: names, written: [], outdated: outdated(outputFiles(rendered)))
        }
        return RenderReport(rendered: names, written: try write(rendered), outdated: [])
    }

    /// Renders in memory and checks what would go public (`AnnouncementLint`).
    public func lint(_ slugs: [String] = [], privateNames: [String] = []) throws -> [Diagnostic] {
        let chosen = slugs.isEmpty ? self.slugs() : slugs
        let rendered = try render(chosen)
        let sources = try chosen.map { try source($0) }
        return AnnouncementLint(program: session.program, privateNames: privateNames).problems(
            rendered, sources: sources)
    }

    /// Writes `announcements/<slug>.md` from the kind's skeleton; refuses to overwrite.
    public func create(
        kind: String, slug: String, today: CivilDate, title: String? = nil, outline: String? = nil
    ) throws -> String {
        guard AnnouncementSource.kinds.contains(kind) else { throw AnnouncementError.unknownKind(kind) }
        guard slug.wholeMatch(of: /[a-z0-9][a-z0-9-]*/) != nil else {
            throw AnnouncementError.badSlug(slug)
        }
        let path = "announcements/\(slug).md"
        guard !workspace.exists(path) else { throw AnnouncementError.exists(path) }
        try workspace.writeAll([
            path: AnnouncementSkeleton.text(
                kind: kind, slug: slug, program: session.program, today: today, title: title, outline: outline)
        ])
        return path
    }
}

extension RenderReport {
    /// `announce render` for people.
    public func text(checkOnly: Bool) -> String {
        let count = Plural.count(rendered.count, "announcement")
        if checkOnly {
            return outdated.isEmpty ? "\(count) up to date" : "\(count) rendered; some outputs are out of date"
        }
        return (["Rendered \(count); \(Plural.count(written.count, "file")) changed"] + written.map { "  \($0)" })
            .joined(separator: "\n")
    }

    /// What goes to stderr: each output out of date and how to fix it.
    public var findings: [String] {
        guard !outdated.isEmpty else { return [] }
        return outdated.map { "\($0): out of date; run `cohort announce render` and commit it" } + [
            "cohort: \(Plural.count(outdated.count, "output")) out of date"
        ]
    }
}

/// What `announce new` wrote.
public struct AnnouncementCreated: Sendable, Encodable {
    public var file: String
    public var slug: String

    enum CodingKeys: String, CodingKey { case file }

    public var text: String { "Wrote \(file); edit it, then run `cohort announce render \(slug)`." }
}

/// What `announce lint` found.
public struct LintResult: Sendable {
    public var report: CheckReport
    /// How many announcements were checked.
    public var checked: Int

    public var text: String { "\(Plural.count(checked, "announcement")): no problems" }

    /// One line per problem, then the count.
    public var findings: [String] {
        report.problems.map(\.description) + ["cohort: \(Plural.count(report.problems.count, "problem")) found"]
    }
}

/// One announcement as one channel shows it.
public struct ShownAnnouncement: Sendable, Encodable {
    public var slug: String
    public var channel: String
    public var text: String
}

/// `announce log --json`: `{"deliveries":[{"recipient","message_id","state","attempts","last_reply"}]}`.
public struct DeliveryLog: Sendable, Encodable {
    public var deliveries: [DeliveryLine]

    public init(_ items: [OutboxItem]) { deliveries = items.map(DeliveryLine.init) }
}

extension ProgramSession {
    /// Writes `announcements/<slug>.md` from the kind's skeleton, dated `now` in the home zone.
    public func newAnnouncement(kind: String, slug: String, now: Date) throws -> AnnouncementCreated {
        let file = try AnnouncementBuild(session: self).create(
            kind: kind, slug: slug, today: CivilDate(now, in: program.timeZone))
        return AnnouncementCreated(file: file, slug: slug)
    }
}

extension AnnouncementBuild {
    /// Lints the named announcements (all when empty); located problems in the sources count too.
    public func lintReport(_ slugs: [String] = []) throws -> LintResult {
        let problems: [Diagnostic]
        do {
            problems = try lint(slugs)
        } catch let found as ConfigurationProblems {
            problems = found.diagnostics
        }
        return LintResult(
            report: CheckReport(program: nil, problems: problems),
            checked: slugs.isEmpty ? self.slugs().count : slugs.count)
    }

    /// One announcement's rendering on one channel; a channel it is not told on is bad input.
    public func show(_ slug: String, channel: AnnouncementChannel) throws -> ShownAnnouncement {
        guard let announcement = try render([slug]).first else {
            throw AnnouncementError.unknownSlug(slug, suggestion: nil)
        }
        let text: String? =
            switch channel {
            case .meta: announcement.metaWiki
            case .blog: announcement.blogHTML
            case .mail: announcement.mailEML
            case .social: nil
            }
        guard let text else { throw AnnouncementError.notOnChannel(slug, channel: channel.rawValue) }
        return ShownAnnouncement(slug: slug, channel: channel.rawValue, text: text)
    }
}

/// Work spread over the machine's cores, results in input order.
enum Concurrently {
    /// `transform` of every element, run concurrently; the results in the order of `elements`.
    static func map<T: Sendable, R: Sendable>(_ elements: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard elements.count > 1 else { return elements.map(transform) }
        let results = Slots<R>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            results.set(index, transform(elements[index]))
        }
        return results.values
    }

    /// Results written by concurrent workers, each to its own index.
    private final class Slots<R>: @unchecked Sendable {
        // @unchecked: `stored` is only read and written while `lock` is held.
        private let lock = NSLock()
        private var stored: [R?]

        init(count: Int) { stored = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: R) {
            lock.lock()
            stored[index] = value
            lock.unlock()
        }

        var values: [R] {
            lock.lock()
            defer { lock.unlock() }
            return stored.compactMap { $0 }
        }
    }
}
