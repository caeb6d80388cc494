import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// Announcements of a workspace: reads `announcements/<slug>.md`, its committed record context
/// (`announcements/<slug>/context.json`) and `templates/`, renders them, and writes the outputs
/// (`meta.wiki`, `blog.html`, `mail.eml`) and the context all at once or not at all. Rendering reads
/// the committed context, never the records, so every clone renders the same bytes; the records are
/// read to capture a context that is missing or asked to be refreshed, and to tell a stale one.
public struct AnnouncementBuild: Sendable {
    public let session: ProgramSession
    /// Sections the records give now (the feedback report, the cohort's fill, partner counts).
    public let sections: [any TemplateContextSection]
    /// The command's clock: when a context captured now says it was captured.
    public let now: Date
    /// Every announcement's channels that went out (sent, published), by slug: their outputs and
    /// their context are frozen.
    public let wentOut: [String: [AnnouncementChannel: ChannelRecord]]
    /// Every recorded timeline shift: an announcement tells the dates as they stood on its date.
    public let shifts: [TimelineShift]
    /// The dates of `shifts` said in public (`TimelineShift.stated`); nil: all of them.
    public var statedDates: Set<String>?
    /// The SHA-256 of every text each channel was recorded with, by slug (what Cohort sent, and
    /// what a destination later showed): a committed output that is one of them is what went out.
    public var recordedHashes: [String: [AnnouncementChannel: Set<String>]] = [:]
    /// Capture the context of the announcements rendered anew from the records (`--refresh`).
    public var refresh = false
    /// The blog post's real address by slug, once WordPress published it: it replaces the planned
    /// `blog.url` of the front matter wherever the announcement links the post.
    public var blogLinks: [String: String] = [:]
    /// What the records know to be private (`PrivateTerms`): lint looks for it in every output
    /// and in every record context.
    public var privateTerms = PrivateTerms()

    public init(
        session: ProgramSession, sections: [any TemplateContextSection], now: Date,
        wentOut: [String: [AnnouncementChannel: ChannelRecord]] = [:], shifts: [TimelineShift] = []
    ) {
        self.session = session
        self.sections = sections
        self.now = now
        self.wentOut = wentOut
        self.shifts = shifts
    }

    /// With the sections the workspace's records provide and the channels they say went out.
    public init(session: ProgramSession, now: Date) throws {
        var wentOut: [String: [AnnouncementChannel: ChannelRecord]] = [:]
        var shifts: [TimelineShift] = []
        var hashes: [String: [AnnouncementChannel: Set<String>]] = [:]
        var privateTerms = PrivateTerms()
        var stated: Set<String>?
        if session.records.exists {
            let (steps, recorded, terms) = try session.openStore().read {
                (
                    try $0.channelRecords(announcement: nil), try $0.shifts(),
                    try PrivateTerms.recorded(in: $0)
                )
            }
            privateTerms = terms
            stated = TimelinePlanning(session).statedDates(recorded, records: steps)
            shifts = recorded
            for (slug, records) in Dictionary(grouping: steps, by: \.announcement) {
                let current = records.current.filter { $0.value.state.wentOut }
                if !current.isEmpty { wentOut[slug] = current }
                for record in records {
                    if let hash = record.hash { hashes[slug, default: [:]][record.channel, default: []].insert(hash) }
                }
            }
        }
        self.init(
            session: session, sections: try RecordSections.load(session), now: now, wentOut: wentOut, shifts: shifts)
        recordedHashes = hashes
        self.privateTerms = privateTerms
        statedDates = stated
    }

    /// Lint for `prepared`, given what the records know to be private.
    func linter(_ prepared: Prepared) -> AnnouncementLint {
        AnnouncementLint(program: prepared.program, privateTerms: privateTerms)
    }

    /// The timeline as it stood on `source`'s date: the shifts recorded by the end of that day.
    /// A delay notice keeps the dates it was written with when the wave slips again later.
    func timeline(asOf source: AnnouncementSource) throws -> Timeline {
        try timeline(knowing: knownShifts(asOf: source))
    }

    /// The positions in `shifts` of the shifts recorded by the end of `source`'s day.
    func knownShifts(asOf source: AnnouncementSource) -> [Int] {
        let cutoff = CivilDate(source.date, in: session.program.timeZone).adding(days: 1).start(
            in: session.program.timeZone)
        return shifts.indices.filter { shifts[$0].at < cutoff }
    }

    /// The timeline with only the shifts at `known` applied (all of them: the timeline now).
    func timeline(knowing known: [Int]) throws -> Timeline {
        guard known.count < shifts.count else { return try session.timeline() }
        switch Timeline.schedule(session.declaredProgram, shifts: known.map { shifts[$0] }, stated: statedDates) {
        case .success(let (_, timeline)): return timeline
        case .failure(let problems): throw WorkspaceError.invalidConfiguration(problems)
        }
    }

    var workspace: Workspace { session.workspace }

    /// One announcement ready to write: its source, the context it rendered with, that context as
    /// committed text, the program with the context's dates, the rendering, and the channels that
    /// went out (never written again).
    public struct Prepared: Sendable {
        public var source: AnnouncementSource
        var templates: TemplateSet
        public var context: RecordContext
        public var contextText: String
        public var program: Program
        var rendered: RenderedAnnouncement
        public var frozen: [AnnouncementChannel: ChannelRecord]
        /// Every channel's output by file name, each from its channel in the session's registry.
        public var outputs: [String: String]
    }

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
        switch AnnouncementDecoder.decode(
            text, slug: slug, file: file, timeZone: session.program.timeZone, channels: session.channels.ids)
        {
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
    func templates(kind: String) throws -> TemplateSet {
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

    /// Prepares the named announcements (all when `slugs` is empty), collecting every problem of
    /// every announcement before failing. Sources are read on every core; each kind's templates
    /// are read and parsed once for the whole run.
    public func prepare(_ slugs: [String] = []) throws -> [Prepared] {
        let known = self.slugs()
        let chosen = slugs.isEmpty ? known : slugs
        let sources = Concurrently.map(chosen) { slug in Result { try source(slug, known: known) } }
        // Each kind's templates read and parsed once, here; then every announcement prepared on
        // every core (they are independent), results kept in the order asked for.
        var kinds: [String: Result<PreparedTemplates, any Error>] = [:]
        for case .success(let source) in sources where kinds[source.kind] == nil {
            kinds[source.kind] = Result { PreparedTemplates(try self.templates(kind: source.kind)) }
        }
        let chosenKinds = kinds
        // Announcements written on the same days share a timeline: each scheduled once.
        var timelines: [[Int]: Result<Timeline, any Error>] = [:]
        for case .success(let source) in sources {
            let known = knownShifts(asOf: source)
            if timelines[known] == nil { timelines[known] = Result { try timeline(knowing: known) } }
        }
        let scheduled = timelines
        let cache = ContextCache()
        let results = Concurrently.map(Array(zip(chosen, sources))) { slug, read in
            Result { () throws -> Prepared in
                let source = try read.get()
                guard let templates = try chosenKinds[source.kind]?.get() else {
                    throw AnnouncementError.unknownKind(source.kind)
                }
                let frozen = wentOut[slug] ?? [:]
                let context = try context(
                    for: source, templates: templates.set,
                    timeline: try scheduled[knownShifts(asOf: source)]?.get() ?? timeline(asOf: source),
                    frozen: !frozen.isEmpty)
                let made = cache.made(from: context, session.program)
                let (program, rendered) = try render(source, templates: templates, made: made)
                return Prepared(
                    source: source, templates: templates.set, context: context,
                    contextText: RecordContextFile.text(encoded: made.encoded, slug: slug), program: program,
                    rendered: rendered, frozen: frozen,
                    outputs: try session.channels.outputs(of: source, rendered: rendered.files))
            }
        }
        var prepared: [Prepared] = []
        var problems: [Diagnostic] = []
        for result in results {
            switch result {
            case .success(let announcement): prepared.append(announcement)
            case .failure(let found as ConfigurationProblems): problems += found.diagnostics
            case .failure(let error): throw error
            }
        }
        var seen: Set<Diagnostic> = []
        problems = problems.filter { seen.insert($0).inserted }
        guard problems.isEmpty else { throw ConfigurationProblems(problems, kind: .problemsFound) }
        return prepared
    }

    /// Renders `source` with `context`: its dates applied to the program, its sections given to
    /// the templates.
    func render(_ source: AnnouncementSource, templates: PreparedTemplates, context: RecordContext)
        throws(ConfigurationProblems) -> (Program, RenderedAnnouncement)
    {
        try render(source, templates: templates, made: ContextCache.Made(context, session.program))
    }

    func render(_ source: AnnouncementSource, templates: PreparedTemplates, made: ContextCache.Made)
        throws(ConfigurationProblems) -> (Program, RenderedAnnouncement)
    {
        let renderer = AnnouncementRenderer(program: made.program, context: made.values)
        return (made.program, try renderer.render(source, prepared: templates))
    }

    /// Renders the named announcements (all when `slugs` is empty).
    func render(_ slugs: [String] = []) throws -> [RenderedAnnouncement] {
        try prepare(slugs).map(\.rendered)
    }

    /// The output files of `prepared` (renderings and contexts), by path relative to the workspace;
    /// a channel that went out, and the context of an announcement that did, are left as they are.
    public func outputFiles(_ prepared: [Prepared]) -> [String: String] {
        var files: [String: String] = [:]
        for announcement in prepared {
            let slug = announcement.source.slug
            let frozen = Set(announcement.frozen.keys.map(\.outputName))
            for (name, text) in announcement.outputs where !frozen.contains(name) {
                files["announcements/\(slug)/\(name)"] = text
            }
            if frozen.isEmpty { files[RecordContextFile.path(slug)] = announcement.contextText }
        }
        return files
    }

    /// Writes every output (all or none); returns the paths that changed.
    @discardableResult
    public func write(_ prepared: [Prepared]) throws -> [String] {
        let files = outputFiles(prepared)
        let changed = outdated(files)
        let writing = Set(changed)
        try workspace.writeAll(files.filter { writing.contains($0.key) })
        return changed
    }

    /// The paths whose committed contents differ from `files` (or are missing).
    public func outdated(_ files: [String: String]) -> [String] {
        workspace.differing(files)
    }
}

/// A section as a context file holds it.
struct CapturedSection: TemplateContextSection {
    let name: String
    let fields: TemplateValue
    func value() -> TemplateValue { fields }
}

/// The template context sections that come from records. Each capability adds its line here.
public enum RecordSections {
    public static func load(_ session: ProgramSession) throws -> [any TemplateContextSection] {
        let program = session.program
        var ledger = FeedbackLedger(judges: program.judges, items: [])
        var signups: [Signup] = []
        var capacity: Int?
        var progress: [PartnerProgress] = []
        if session.records.exists {
            ledger = try FeedbackCoding(session).feedbackLedger()
            (signups, capacity) = try session.openStore().read { (try $0.signups(), try $0.pilotCapacity()) }
            progress = try PartnerOnboarding(session).partnerProgress()
        }
        let cohort = PilotCohort(signups: signups, capacity: capacity ?? program.pilot.capacity, rules: program.pilot)
        let stages = program.onboarding.stages
        let readyIndex = stages.firstIndex { $0.id == "ready" } ?? stages.count
        return [
            FeedbackContextSection(report: FeedbackReport(ledger, staff: program.channels.meta?.staff ?? [])),
            CohortContextSection(
                enrolled: cohort.enrolled.count, capacity: cohort.capacity, waitlist: cohort.waitlist.count),
            PartnersContextSection(
                stages: stages.map { stage in (stage.id, stage.name, progress.count { $0.stage == stage.id }) },
                ready: progress.count { $0.stageIndex >= readyIndex }),
        ]
    }
}

/// What each distinct record context gives, worked out once per run: its committed text (but for
/// the line naming the announcement), the program with its dates and the template context. The
/// announcements a run captures anew share the records and the clock, so most share a context.
final class ContextCache: @unchecked Sendable {
    struct Made: Sendable {
        let encoded: String
        let program: Program
        let values: TemplateValue

        init(_ context: RecordContext, _ declared: Program) {
            encoded = RecordContextFile.encoded(context)
            program = context.applied(to: declared)
            let sections = context.sections.map { CapturedSection(name: $0.key, fields: $0.value) }
            values = TemplateContext.build(program: program, sections: sections)
        }
    }

    // @unchecked: `known` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var known: [(context: RecordContext, made: Made)] = []

    /// What `context` gives with the program as declared (the same for the whole run).
    func made(from context: RecordContext, _ declared: Program) -> Made {
        if let found = lock.withLock({ known.first { $0.context == context }?.made }) { return found }
        let made = Made(context, declared)
        lock.withLock {
            // Another core may have made it meanwhile: kept once.
            if known.count < 64, !known.contains(where: { $0.context == context }) { known.append((context, made)) }
        }
        return made
    }
}

extension PrivateTerms {
    /// What the records know to be private: enrolled participants, partners' contacts and
    /// sessions. Announcement lint, talk-page replies and a wave's notice all keep these out.
    static func recorded(in records: any RecordReading) throws -> PrivateTerms {
        PrivateTerms(signups: try records.signups(), partners: try records.partners(), sessions: try records.sessions())
    }
}
