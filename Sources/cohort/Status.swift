import ArgumentParser
import CohortKit

extension Cohort {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where the program stands: the current phase, the next milestones, the waves.",
            discussion: """
                Dates are shown at the precision they were planned ("May–June 2022"). Days left \
                count calendar days in the program's home time zone, to the first day a milestone \
                can fall on.

                Examples:
                  cohort status
                  cohort status --now 2022-03-15T00:00:00Z --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let status = try ProgramReporting(options.session()).status(now: options.now)
            try Output.show(status, json: options.json) { StatusText.render(status, bold: Output.bold) }
        }
    }
}
