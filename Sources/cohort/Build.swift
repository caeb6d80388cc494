import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the workspace, render every announcement, and report.",
            discussion: """
                Runs `cohort check`, renders every announcement (writing only what changed), and \
                lints them. With --check, writes nothing and exits 65 when an output is out of date, \
                as CI does for the committed example.

                Examples:
                  cohort build
                  cohort build --check
                """)

        @Flag(help: "Write nothing; exit 65 when an output is missing or out of date.") var check = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let report = try WorkspaceBuild(session: try options.session()).run(
                checkOnly: check, now: options.output.clock)
            if options.output.json {
                try Output.json(report)
            } else {
                print(BuildText.render(report, checkOnly: check))
            }
            for problem in report.problems { Output.diagnostic(problem.description) }
            for path in report.announcements.outdated {
                Output.diagnostic("\(path): out of date; run `cohort build` and commit it")
            }
            for path in report.calendars.outdated {
                Output.diagnostic("\(path): out of date; run `cohort build` (or `cohort calendar`) and commit it")
            }
            if !report.ok { throw ExitCode(FailureKind.problemsFound.exitCode) }
        }
    }
}
