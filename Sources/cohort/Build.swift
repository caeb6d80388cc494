import ArgumentParser
import CohortKit

extension Cohort {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the workspace, render every announcement and the calendars, and report.",
            discussion: """
                Runs `cohort check`, renders every announcement (writing only what changed), \
                lints them and writes calendar/program.ics. Announcements render from their \
                committed record context (announcements/<slug>/context.json); --refresh takes \
                every context anew from the records. With --check, writes nothing and exits 65 \
                when an output is out of date, as CI does for the committed example.

                Examples:
                  cohort build
                  cohort build --check
                  cohort build --refresh
                """)

        @Flag(help: "Write nothing; exit 65 when an output is missing or out of date.") var check = false
        @Flag(help: "Take every announcement's record context anew from the records.") var refresh = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let report = try WorkspaceBuild(session: try options.session()).run(
                checkOnly: check, refresh: refresh, now: options.now)
            try Output.show(report, json: options.json) { BuildText.render(report, checkOnly: check) }
            report.findings.forEach(Output.diagnostic)
            if !report.ok { throw Output.exit(.problemsFound) }
        }
    }
}
