import ArgumentParser
import CohortKit

extension Cohort {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the workspace and list every problem at once.",
            discussion: """
                Reads cohort.yaml and reports each problem as file:line:column: message, with a \
                suggestion where one is likely (an unknown key or time zone, a misspelt id). Also \
                checks the workspace folders, that the records database is private (mode 0600), \
                and says which records store is in use. Changes nothing. Exits 0 when all is well \
                and 65 when problems were found.

                Examples:
                  cohort check
                  cohort check --workspace ../equity-pilot --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let check = try options.context().checkWorkspace()
            if options.json { try Output.json(check) } else if check.ok { Output.say(check.summary) }
            // Problems first (they fail the check), then what is only late.
            if !check.ok { check.findings.dropLast().forEach(Output.diagnostic) }
            if !options.json { check.warnings.forEach { Output.diagnostic("warning: " + $0) } }
            guard check.ok else {
                check.findings.suffix(1).forEach(Output.diagnostic)
                throw Output.exit(.problemsFound)
            }
        }
    }
}
