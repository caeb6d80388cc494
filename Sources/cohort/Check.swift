import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the workspace and list every problem at once.",
            discussion: """
                Reads cohort.yaml and reports each problem as file:line:column: message, with a \
                suggestion where one is likely (an unknown key or time zone, a misspelt id). Also \
                checks the workspace folders and that the records database is private (mode 0600). \
                Changes nothing. Exits 0 when all is well and 65 when problems were found.

                Examples:
                  cohort check
                  cohort check --workspace ../equity-pilot --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let workspace = try Workspace.locate(
                explicit: options.workspace, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let report = workspace.check()
            if options.output.json {
                try Output.json(report)
            } else if report.ok {
                print(CheckText.summary(report, file: workspace.displayPath(workspace.configurationURL)))
            }
            guard report.ok else {
                for problem in report.problems { Output.diagnostic(problem.description) }
                let count = report.problems.count
                Output.diagnostic("\(Plural.count(count, "problem")) found")
                throw ExitCode(FailureKind.problemsFound.exitCode)
            }
        }
    }
}
