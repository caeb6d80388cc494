import CohortCore
internal import CohortRender
import Foundation

/// Why announcements cannot be worked with.
public enum AnnouncementError: Error, LocalizedError, CategorizedError, Equatable {
    case unknownSlug(String, suggestion: String?)
    case exists(String)
    case unknownKind(String)
    case badSlug(String)
    case notOnChannel(String, channel: String)
    case notYetOut(String)

    public var errorDescription: String? {
        switch self {
        case .unknownSlug(let slug, let suggestion):
            "no announcement \"\(slug)\" in announcements/" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
        case .exists(let path): "\(path) exists already; choose another slug"
        case .badSlug(let slug):
            "slug \"\(slug)\" may hold only lowercase letters, digits and hyphens (e.g. 2022-05-dashboard-delay)"
        case .notOnChannel(let slug, let channel):
            "\(slug) is not told on the \(channel) channel; see its front matter"
        case .notYetOut(let slug):
            "nothing of \(slug) went out yet; edit it and render it instead of drafting a follow-up"
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
    /// The channels that went out: never rendered again; whether each would now read differently.
    public var frozen: [FrozenChannel] = []
    /// The program's zone, to say on which day a channel went out.
    public var timeZone: TimeZone = .gmt
    /// The announcements not rendered again: nothing they are made from changed since their last
    /// render, and their outputs are as it wrote them.
    public var unchanged: [String] = []

    /// True when nothing is out of date and every output that went out is still what went out.
    public var ok: Bool { outdated.isEmpty && frozen.allSatisfy(\.committedMatches) }

    enum CodingKeys: String, CodingKey { case rendered, written, outdated, frozen, unchanged }
}

extension AnnouncementBuild {
    /// Renders the announcements and writes the outputs that changed; with `checkOnly`, writes
    /// nothing and reports what is out of date instead.
    /// An announcement whose inputs and outputs are as its last render left them is not rendered
    /// again (`RenderInputs`); `--check` always renders and compares.
    public func run(_ slugs: [String] = [], checkOnly: Bool) throws -> RenderReport {
        let timeZone = session.program.timeZone
        if checkOnly {
            let prepared = try prepare(slugs)
            return RenderReport(
                rendered: prepared.map(\.source.slug), written: [], outdated: outdated(outputFiles(prepared)),
                frozen: try frozenChannels(prepared), timeZone: timeZone)
        }
        let known = self.slugs()
        let chosen = slugs.isEmpty ? known : slugs
        var recorded = RenderInputs.load(workspace)
        let shared = sharedInputs()
        let skipped = shared.map { unchanged(chosen.filter(known.contains), shared: $0, recorded: recorded) } ?? []
        let rendering = chosen.filter { !skipped.contains($0) }
        let prepared = rendering.isEmpty ? [] : try prepare(rendering)
        let written = try write(prepared)
        if let shared {
            let before = recorded
            remember(prepared, shared: shared, in: &recorded)
            recorded.announcements = recorded.announcements.filter { known.contains($0.key) }
            if recorded != before { recorded.save(workspace) }
        }
        var report = RenderReport(
            rendered: chosen, written: written, outdated: [], frozen: try frozenChannels(prepared), timeZone: timeZone)
        report.unchanged = chosen.filter(skipped.contains)
        return report
    }

    /// Renders in memory and checks what would go public (`AnnouncementLint`), each announcement
    /// with the dates it was written with, and its record context.
    public func lint(_ slugs: [String] = []) throws -> [Diagnostic] {
        let prepared = try prepare(slugs)
        var problems: [Diagnostic] = []
        for announcement in prepared {
            problems += linter(announcement).problems([announcement.rendered], sources: [announcement.source])
            problems += channelProblems(announcement)
            problems += contextProblems(announcement, timeline: try timeline(asOf: announcement.source))
        }
        problems += Self.problems(try frozenChannels(prepared), timeZone: session.program.timeZone)
        return problems
    }

    /// What each of `prepared`'s channels finds in its own output beyond what lint finds in every
    /// channel (`Channel.lint`: the social post's length and link, say).
    func channelProblems(_ prepared: Prepared) -> [Diagnostic] {
        let rendering = ChannelRendering(source: prepared.source, outputs: prepared.rendered.files)
        return prepared.source.channels.flatMap { id -> [Diagnostic] in
            guard let channel = session.channels[id], let text = prepared.outputs[id.outputName] else { return [] }
            return channel.lint(text, of: rendering)
        }
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
        return
            (["Rendered \(count); \(Plural.count(written.count, "file")) changed"] + written.map { "  \($0)" }
            + frozenLines + unchangedLines).joined(separator: "\n")
    }

    /// How many were left alone because nothing they are made from changed.
    public var unchangedLines: [String] {
        unchanged.isEmpty ? [] : ["\(Plural.count(unchanged.count, "announcement")) unchanged since the last render"]
    }

    /// The channels that went out, each with what it would now say differently, if anything.
    public var frozenLines: [String] {
        guard !frozen.isEmpty else { return [] }
        return ["Went out, so left as they are:"] + frozen.map { "  " + $0.line(timeZone: timeZone) }
    }

    /// What goes to stderr: each output out of date and how to fix it.
    public var findings: [String] {
        guard !ok else { return [] }
        let changed = AnnouncementBuild.problems(frozen, timeZone: timeZone).map(\.description)
        return outdated.map { "\($0): out of date; run `cohort announce render` and commit it" } + changed + [
            "cohort: \(Plural.count(outdated.count + changed.count, "output")) out of date"
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
    /// What does not fail lint but is worth saying (stderr).
    public var warnings: [Diagnostic] = []

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

extension AnnouncementDesk {
    /// Writes `announcements/<slug>.md` from the kind's skeleton, dated `now` in the home zone.
    public func newAnnouncement(kind: String, slug: String, now: Date) throws -> AnnouncementCreated {
        let file = try AnnouncementBuild(session: session, sections: [], now: now).create(
            kind: kind, slug: slug, today: CivilDate(now, in: program.timeZone))
        return AnnouncementCreated(file: file, slug: slug)
    }
}

extension AnnouncementBuild {
    /// Lints the named announcements (all when empty); located problems in the sources count too.
    public func lintReport(_ slugs: [String] = []) throws -> LintResult {
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        do {
            problems = try lint(slugs)
            warnings = Self.warnings(try prepare(slugs))
        } catch let found as ConfigurationProblems {
            problems = found.diagnostics
        }
        return LintResult(
            report: CheckReport(program: nil, problems: problems),
            checked: slugs.isEmpty ? self.slugs().count : slugs.count, warnings: warnings)
    }

    /// What is worth knowing but does not stop an announcement: an outcome that goes out while
    /// feedback items are still undecided.
    static func warnings(_ prepared: [Prepared]) -> [Diagnostic] {
        prepared.compactMap { announcement in
            let source = announcement.source
            guard source.kind == "outcome", let feedback = announcement.context.sections["feedback"],
                case .number(let pending)? = feedback["pending"], pending > 0,
                case .number(let items)? = feedback["items"]
            else { return nil }
            func count(_ key: String) -> Int {
                if case .number(let value)? = feedback[key] { return value }
                return 0
            }
            return Diagnostic(
                SourceLocation(file: source.file, line: 1, column: 1),
                "warning: \(pending) of \(items) feedback items are still undecided (\(count("awaiting_reconciliation")) awaiting reconciliation, \(count("awaiting_clarification")) awaiting clarification, \(count("awaiting_coding")) still being coded); show them ({{feedback.pending}}) or decide them before the outcome goes out"
            )
        }
    }

    /// One announcement's rendering on one channel; a channel it is not told on is bad input.
    public func show(_ slug: String, channel: AnnouncementChannel) throws -> ShownAnnouncement {
        guard let announcement = try prepare([slug]).first else {
            throw AnnouncementError.unknownSlug(slug, suggestion: nil)
        }
        guard let text = announcement.outputs[channel.outputName] else {
            throw AnnouncementError.notOnChannel(slug, channel: channel.rawValue)
        }
        return ShownAnnouncement(slug: slug, channel: channel.rawValue, text: text)
    }
}
