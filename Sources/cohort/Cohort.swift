import ArgumentParser
import CohortKit
import Foundation

/// The `cohort` command: parses, calls one CohortKit use case, prints. No business logic lives here.
@main
struct Cohort: ParsableCommand {
    static let version = CohortVersion.number

    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Run a community pilot and consultation from one workspace.",
        discussion: """
            A workspace is a folder holding cohort.yaml (the program), templates/, \
            announcements/, calendar/ and a private records database in .cohort/. Commands \
            find it like git finds a repository: the nearest folder upwards holding cohort.yaml, \
            or --workspace DIR.

            Every command takes --now (or COHORT_NOW) to fix the clock, and --json where it \
            reads or decides; the global options may come before the subcommand too. Exit \
            codes: 0 success; 1 failure while running; 64 bad usage or bad input (nothing was \
            changed); 65 a check found problems; 75 temporary failure worth retrying; 4 a \
            conflict someone must resolve.

            Examples:
              cohort init my-program --name "Data pilot 2025"
              cohort check
              cohort --now 2022-03-15T00:00:00Z --json status
            """,
        version: version,
        subcommands: [
            Init.self, Check.self, Status.self, Build.self, Announce.self, Pilot.self, Workshop.self,
            CalendarFiles.self, TimelineGroup.self, Release.self, Partner.self, Feedback.self, Notices.self,
            OutboxGroup.self, Report.self, Talk.self, RecordsGroup.self,
        ]
    )

    @OptionGroup(title: "Global options") var global: GlobalOptions

    static func main() {
        CohortLogging.bootstrap(environment: ProcessInfo.processInfo.environment)
        let arguments = GlobalArguments.joinNegativeValues(
            GlobalArguments.hoist(Array(CommandLine.arguments.dropFirst())))
        let json = GlobalArguments.wantsJSON(arguments)
        if let refused = ArgumentText.check(arguments) { Output.fail(FailureReport(refused), json: json) }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Output.notes.forEach(Output.diagnostic)
        } catch let exit as ExitCode {
            if exit.rawValue == 0 { Output.notes.forEach(Output.diagnostic) }
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if !(error is any CategorizedError), code.rawValue == FailureKind.badInput.exitCode {
                Output.fail(
                    UsageFailure.report(message: message(for: error), fullMessage: fullMessage(for: error)), json: json)
            }
            Output.fail(FailureReport(error), json: json)
        }
    }
}
