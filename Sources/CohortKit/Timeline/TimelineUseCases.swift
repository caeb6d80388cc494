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

extension ProgramSession {
    /// The timeline in `format`; with `out`, an SVG is written there (atomically) instead of stdout,
    /// over an existing file only if Cohort wrote it or `force` (see `writeUserFile`).
    public func showTimeline(_ format: TimelineFormat, out: String?, force: Bool = false, now: Date) throws
        -> TimelineShown
    {
        let timeline = try timeline()
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
            rendered: ReleaseSlip.renderedTexts(self))
    }

    /// `release slip WAVE (--to|--delay)`: the shift, and the delay notice drafted.
    public func slipWave(_ wave: String, to: String?, delay: String?, reason: String, audit: AuditContext) throws
        -> ShiftReport
    {
        try ReleaseSlip(session: self).run(
            wave, try ShiftRequest.from(to: to, delay: delay), reason: reason, audit: audit)
    }

    /// `release explain WAVE`: each gate of the wave at `now`.
    public func explainWave(_ wave: String, now: Date) throws -> WavePlan {
        let plan = try releasePlan(now: now)
        guard let found = plan[wave] else { throw ReleaseError.unknownWave(wave, known: plan.waves.map(\.id)) }
        return found
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

    public var errorDescription: String? {
        switch self {
        case .oneOfToOrDelay: "give one of --to DATE or --delay DURATION"
        case .outNeedsSVG: "--out goes with --format svg"
        }
    }

    public var kind: FailureKind { .badInput }
}
