import CohortCore
internal import CohortRender
import Foundation

/// How a timeline is shown: a table, a Mermaid gantt, or an SVG Gantt chart.
public enum TimelineFormat: String, Sendable, CaseIterable {
    case table, mermaid, svg
}

/// A timeline as one format shows it, and the file it went to, if any.
public struct TimelineShown: Sendable {
    public var text: String
    /// The file written (`--out`), as the user wrote it; nil when the text is for stdout.
    public var written: String?
}

extension ShiftRequest {
    /// `--to DATE` or `--delay DURATION`: exactly one of them; a bad value is bad input.
    public static func from(to: String?, delay: String?) throws -> ShiftRequest {
        switch (to, delay) {
        case (let to?, nil):
            switch PlannedDate.parse(to) {
            case .success(let date): return .to(date)
            case .failure(.outOfRange): throw ShiftError.outOfRange(item: nil, date: to)
            case .failure: throw ShiftError.badDate(to)
            }
        case (nil, let delay?):
            guard let request = ShiftRequest.by(delay) else { throw ShiftError.badDuration(delay) }
            return request
        default:
            throw TimelineInputError.oneOfToOrDelay
        }
    }
}

extension TimelinePlanning {
    /// The timeline in `format`; with `out`, an SVG is written there (atomically) instead of stdout,
    /// over an existing file only if Cohort wrote it or `force` (see `writeUserFile`).
    public func showTimeline(_ format: TimelineFormat, out: String?, force: Bool = false, now: Date) throws
        -> TimelineShown
    {
        let timeline = try session.timeline()
        switch format {
        case .table:
            guard out == nil else { throw TimelineInputError.outNeedsSVG }
            return TimelineShown(text: TimelineText.table(timeline), written: nil)
        case .mermaid:
            guard out == nil else { throw TimelineInputError.outNeedsSVG }
            return TimelineShown(text: TimelineMermaid.mermaid(timeline, title: program.name), written: nil)
        case .svg:
            let shifts = records.exists ? try openStore().read { try $0.shifts() } : []
            let slips = TimelineSection(timeline, shifts: shifts, staff: false).slips
            let svg = TimelineSVG.render(
                timeline, title: program.name, today: CivilDate(now, in: program.timeZone), slips: slips)
            guard let out else { return TimelineShown(text: svg, written: nil) }
            try writeUserFile(svg, to: out, force: force)
            return TimelineShown(text: "Wrote \(out)", written: out)
        }
    }

    /// `timeline shift ID (--to|--delay)`: moves one item and its dependants, and lists what is
    /// stale (announcements are compared as they render before the shift).
    public func shiftTimeline(_ id: String, to: String?, delay: String?, reason: String, audit: AuditContext) throws
        -> ShiftReport
    {
        try shift(
            id, try ShiftRequest.from(to: to, delay: delay), reason: reason, audit: audit,
            rendered: ReleaseSlip.renderedTexts(session))
    }

    /// `release slip WAVE (--to|--delay)`: the shift, and the delay notice drafted.
    public func slipWave(_ wave: String, to: String?, delay: String?, reason: String, audit: AuditContext) throws
        -> ShiftReport
    {
        try ReleaseSlip(session: session).run(
            wave, try ShiftRequest.from(to: to, delay: delay), reason: reason, audit: audit)
    }

    /// `timeline done MILESTONE`: records the milestone as reached at the decision's instant, once;
    /// a second run changes nothing and says when it was recorded.
    public func completeMilestone(_ id: String, note: String, audit: AuditContext, dryRun: Bool = false) throws
        -> MilestoneDone
    {
        guard let milestone = program.milestones.first(where: { $0.id == id }) else {
            throw TimelineInputError.unknownMilestone(id, known: program.milestones.map(\.id))
        }
        if dryRun {
            // Looks only: what would be recorded, or what was.
            let earlier = records.exists ? try openStore().read { try $0.completions() } : []
            if let done = earlier.first(where: { $0.milestone == id }) {
                return MilestoneDone(milestone, done, recorded: false)
            }
            var would = MilestoneDone(
                milestone, MilestoneCompletion(milestone: id, at: audit.now, by: audit.actor, note: note),
                recorded: false)
            would.dryRun = true
            return would
        }
        return try transaction { records in
            if let done = try records.completions().first(where: { $0.milestone == id }) {
                return MilestoneDone(milestone, done, recorded: false)
            }
            let done = MilestoneCompletion(milestone: id, at: audit.now, by: audit.actor, note: note)
            try records.append(done)
            try records.append(
                audit.entry(
                    action: "done", subject: "milestone:\(id)", reason: note.isEmpty ? "reached" : note))
            return MilestoneDone(milestone, done, recorded: true)
        }
    }

    /// The milestones past their date at `now` with no completion recorded. Looks only.
    public func overdueMilestones(now: Date) throws -> [OverdueMilestone] {
        let completed = records.exists ? Set(try openStore().read { try $0.completions() }.map(\.milestone)) : []
        return OverdueMilestone.find(program, completed: completed, today: CivilDate(now, in: program.timeZone))
    }

    /// `release explain WAVE`: each gate of the wave at `now`.
    public func explainWave(_ wave: String, now: Date) throws -> WavePlan {
        let plan = try releasePlan(now: now)
        guard let found = plan[wave] else { throw ReleaseError.unknownWave(wave, known: plan.waves.map(\.id)) }
        return found
    }
}

/// What `timeline done` did: the milestone, when it was recorded reached and by whom, and whether
/// this run recorded it.
public struct MilestoneDone: Sendable, Encodable {
    public var milestone: String
    public var name: String
    public var at: Date
    public var by: String
    public var note: String
    /// False when it was recorded before: nothing changed.
    public var recorded: Bool
    /// True for `--dry-run` when this run would record it (it records nothing).
    public var dryRun = false

    init(_ milestone: Milestone, _ done: MilestoneCompletion, recorded: Bool) {
        self.milestone = milestone.id
        name = milestone.name
        at = done.at
        by = done.by
        note = done.note
        self.recorded = recorded
    }

    public var text: String {
        if dryRun {
            return
                "\(milestone) (\(name)) would be recorded as reached at \(Instant.format(at)) by \(by); nothing was recorded (--dry-run)."
        }
        return recorded
            ? "\(milestone) (\(name)) recorded as reached at \(Instant.format(at)) by \(by)."
            : "\(milestone) (\(name)) was recorded as reached already, at \(Instant.format(at)) by \(by); nothing changed."
    }
}

extension ShiftReport {
    /// `timeline shift` and `release slip` for people.
    public var text: String { TimelineText.shift(self) }
}

/// Timeline values from the command line that do not go together.
public enum TimelineInputError: Error, LocalizedError, CategorizedError, Equatable {
    case oneOfToOrDelay
    case outNeedsSVG
    case unknownMilestone(String, known: [String])

    public var errorDescription: String? {
        switch self {
        case .oneOfToOrDelay: "give one of --to DATE or --delay DURATION"
        case .outNeedsSVG: "--out goes with --format svg"
        case .unknownMilestone(let id, let known):
            "no milestone \"\(id)\" in cohort.yaml"
                + (known.isEmpty
                    ? " (it declares none)"
                    : "; milestones: \(known.joined(separator: ", "))\(Suggestion.didYouMean(id, in: known))")
        }
    }

    public var kind: FailureKind { .badInput }
}
