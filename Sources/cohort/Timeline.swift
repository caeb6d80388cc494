import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    /// `cohort timeline`: phases, milestones and waves with every date computed.
    struct TimelineGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "Show the timeline: every date computed, slack against deadlines, the critical chain.",
            discussion: """
                Phases, milestones and release waves from cohort.yaml, with recorded shifts applied. A
                date is fixed at its precision (2022-02-14, 2022-02, 2022-Q2, 2022-H2, or a window
                2022-05/2022-06) or relative: `after: {id: ITEM, lag: 2w}` counts the lag from the
                last day ITEM can mean, and keeps ITEM's precision. SLACK is the days left before an
                item's `deadline`; the critical chain (*) is the run of dependencies that ends at the
                tightest deadline, or at the item that ends last.

                Examples:
                  cohort timeline
                  cohort timeline --json
                  cohort timeline --format mermaid > timeline.mmd
                """,
            subcommands: [Show.self, Shift.self],
            defaultSubcommand: Show.self)

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the timeline as a table, JSON or a Mermaid gantt.",
                discussion: """
                    --format table (default) prints aligned columns; --format mermaid prints a Mermaid \
                    gantt chart a wiki or README can embed; --format svg --out FILE writes a Gantt chart \
                    (bars, milestone diamonds, a line at --now, slipped items' old dates faint); --json \
                    prints one document.

                    Examples:
                      cohort timeline show --format mermaid
                      cohort timeline show --format svg --out timeline.svg --now 2022-05-20T00:00:00Z
                      cohort timeline --json
                    """)

            enum Format: String, ExpressibleByArgument, CaseIterable { case table, mermaid, svg }

            @Option(help: "table, mermaid or svg.") var format: Format = .table
            @Option(help: "With --format svg: the file to write.") var out: String?
            @OptionGroup var options: GlobalOptions

            func validate() throws {
                if format == .svg, out == nil { throw ValidationError("--format svg needs --out FILE") }
                if format != .svg, out != nil { throw ValidationError("--out goes with --format svg") }
            }

            func run() throws {
                let session = try options.session()
                let timeline = try session.timeline()
                if options.output.json { return try Output.json(TimelineDocument(timeline)) }
                switch format {
                case .table: print(TimelineText.table(timeline))
                case .mermaid: print(TimelineText.mermaid(timeline, title: session.program.name), terminator: "")
                case .svg:
                    let svg = TimelineSVG.render(
                        timeline, title: session.program.name,
                        today: CivilDate(options.output.clock, in: session.program.timeZone))
                    let url = URL(fileURLWithPath: out ?? "timeline.svg")
                    do {
                        try Data(svg.utf8).write(to: url, options: .atomic)
                    } catch {
                        throw ValidationError("cannot write \(url.path): \(error.localizedDescription)")
                    }
                    print("Wrote \(out ?? "timeline.svg")")
                }
            }
        }

        struct Shift: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Move one item's date, cascade to its dependants, and list what became stale.",
                discussion: """
                    Records the shift and its reason in the audit log (one transaction), recomputes every
                    item that depends on it, and prints what moved (old → new), the announcements whose
                    text states a moved date, and the calendars to rewrite. --to takes a date at any
                    precision (2022-H2 for the second half of 2022); --by takes days or weeks (14d, 2w,
                    -1w). A --to before what a dependency allows is refused (exit 64), nothing recorded.

                    Examples:
                      cohort timeline shift results-blog --to 2022-07 --reason "Translations took longer"
                      cohort timeline shift coding-complete --by 2w --reason "Second judge away" --json
                    """)

            @Argument(help: "The phase, milestone or wave to move.") var id: String
            @Option(help: "The new date (2022-07-15, 2022-07, 2022-Q3, 2022-H2, 2022-05/2022-06).") var to: String?
            @Option(help: "How far to move it (14d, 2w; -1w moves it earlier).") var by: String?
            @Option(help: "Why it moved, for the audit log and the delay notice.") var reason: String
            @Option(name: .customLong("actor"), help: "Who decided (default: COHORT_ACTOR or the user).")
            var actor: String?
            @OptionGroup var options: GlobalOptions

            func validate() throws {
                guard (to == nil) != (by == nil) else {
                    throw ValidationError("give one of --to DATE or --by DURATION")
                }
            }

            func run() throws {
                let request = try ShiftOptions.request(to: to, by: by)
                let session = try options.session()
                let report = try session.shift(
                    id, request, reason: reason, audit: options.audit(command: "timeline shift", by: actor),
                    rendered: ReleaseSlip.renderedTexts(session))
                if options.output.json { return try Output.json(report) }
                print(TimelineText.shift(report))
            }
        }
    }
}

/// `--to` and `--by` as a shift request; a bad value is bad input.
enum ShiftOptions {
    static func request(to: String?, by: String?) throws -> ShiftRequest {
        if let to {
            guard case .success(let date) = PlannedDate.parse(to) else { throw ShiftError.badDate(to) }
            return .to(date)
        }
        guard let by, let request = ShiftRequest.by(by) else { throw ShiftError.badDuration(by ?? "") }
        return request
    }
}
