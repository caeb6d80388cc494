import ArgumentParser
import CohortKit

extension Cohort {
    /// `cohort timeline`: phases, milestones and waves with every date computed.
    struct TimelineGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "Show the timeline: every date computed, slack against deadlines, the critical chain.",
            discussion: """
                Phases, milestones and release waves from cohort.yaml, with recorded shifts \
                applied. A date is fixed at its precision (2022-02-14, 2022-02, 2022-Q2, \
                2022-H2, or a window 2022-05/2022-06) or relative: `after: {id: ITEM, lag: 2w}` \
                counts the lag from the last day ITEM can mean, and keeps ITEM's precision. \
                SLACK is the days left before an item's `deadline`; the critical chain (*) is the \
                run of dependencies that ends at the tightest deadline, or at the item that ends \
                last.

                Examples:
                  cohort timeline
                  cohort timeline --json
                  cohort timeline --format mermaid > timeline.mmd
                """,
            subcommands: [Show.self, Shift.self, Done.self],
            defaultSubcommand: Show.self)

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the timeline as a table, JSON, a Mermaid gantt or an SVG Gantt chart.",
                discussion: """
                    --format table (default) prints aligned columns; --format mermaid prints a \
                    Mermaid gantt chart a wiki or README can embed; --format svg prints a Gantt \
                    chart (bars, milestone diamonds, a line at --now, slipped items' old dates \
                    faint), or writes it to --out FILE; --json prints one document. --out \
                    never writes into .cohort/ or over cohort.yaml, and replaces an existing \
                    file only if cohort wrote it (unless --force).

                    Examples:
                      cohort timeline show --format mermaid
                      cohort timeline show --format svg --out timeline.svg \\
                        --now 2022-05-20T00:00:00Z
                      cohort timeline --json
                    """)

            @Option(help: "table, mermaid or svg.") var format: TimelineFormat = .table
            @Option(help: "With --format svg: the file to write (default: stdout).") var out: String?
            @Flag(help: "Replace the --out file even if cohort did not write it.") var force = false
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let session = try options.session()
                if options.json { return try Output.json(TimelineDocument(try session.timeline())) }
                let shown = try TimelinePlanning(session).showTimeline(format, out: out, force: force, now: options.now)
                Output.say(shown.text, terminator: shown.text.hasSuffix("\n") ? "" : "\n")
            }
        }

        struct Shift: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Move one item's date, cascade to its dependants, and list what became stale.",
                discussion: """
                    Records the shift and its reason in the audit log (one transaction), \
                    recomputes every item that depends on it, and prints what moved (old → new), \
                    the announcements whose text states a moved date, and the calendars to \
                    rewrite. --to takes a date at any precision (2022-H2 for the second half of \
                    2022); --delay takes days or weeks (14d, 2w, -1w). A --to before what a \
                    dependency allows is refused (exit 64), nothing recorded.

                    Examples:
                      cohort timeline shift results-blog --to 2022-07 \\
                        --reason "Translations took longer"
                      cohort timeline shift coding-complete --delay 2w --reason "Second judge away"
                    """)

            @Argument(help: "The phase, milestone or wave to move.", completion: .workspace(.timelineItems)) var id:
                String
            @OptionGroup var move: MoveOptions
            @OptionGroup var options: DecidingOptions

            func run() throws {
                let report = try TimelinePlanning(options.session()).shiftTimeline(
                    id, to: move.to, delay: move.delay, reason: move.reason, audit: options.audit("timeline shift"))
                try Output.show(report, json: options.json) { report.text }
            }
        }

        struct Done: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record a milestone as reached, so it is not reported overdue.",
                discussion: """
                    A milestone whose date has passed with no completion recorded is overdue: \
                    `status` lists it, `check` warns of it, and `timeline shift` and \
                    `release slip` name it. Recording it twice changes nothing. --at records a \
                    milestone reached earlier.

                    Examples:
                      cohort timeline done coding-complete --by Rosa
                      cohort timeline done results-blog --at 2022-07-04T10:00:00Z
                      cohort timeline done coding-complete --dry-run
                    """)

            @Argument(help: "The milestone's id.", completion: .workspace(.timelineItems)) var id: String
            @Option(help: "A note for the audit log.") var note = ""
            @Flag(help: "Show what would be recorded; record nothing.") var dryRun = false
            @OptionGroup var options: DecidingOptions

            func run() throws {
                let done = try TimelinePlanning(options.session()).completeMilestone(
                    id, note: note, audit: options.audit("timeline done"), dryRun: dryRun)
                try Output.show(done, json: options.json) { done.text }
            }
        }
    }
}

/// Where a date moves and why: `timeline shift` and `release slip` take the same.
struct MoveOptions: ParsableArguments {
    @Option(help: "The new date (2022-07-15, 2022-07, 2022-Q3, 2022-H2, 2022-05/2022-06).") var to: String?
    @Option(help: "How far to move it (14d, 2w; -1w moves it earlier).") var delay: String?
    @Option(help: "Why it moved, for the audit log and the delay notice.") var reason: String
}

extension TimelineFormat: ExpressibleByArgument {}
