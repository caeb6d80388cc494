import ArgumentParser
import CohortCore
import CohortStore
import Foundation
import Logging

/// The `cohort` command: parses, calls the library, prints. No business logic lives here.
@main
struct Cohort: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Run a community pilot and consultation from one workspace.",
        discussion: """
            A workspace is a folder holding cohort.yaml (the program), templates/, announcements/, \
            calendar/ and a private records database in .cohort/. Commands find it like git finds a \
            repository: the nearest folder upwards holding cohort.yaml, or --workspace DIR.

            Every command takes --now to fix the clock, and --json where it reads or decides. \
            Exit codes: 0 success; 1 failure while running; 64 bad usage or bad input (nothing \
            was changed); 65 a check found problems; 75 temporary failure worth retrying; \
            4 a conflict someone must resolve.

            Examples:
              cohort init my-program --name "Data pilot 2025"
              cohort check
              cohort status --now 2022-03-15T00:00:00Z --json
            """,
        version: version,
        subcommands: [
            Init.self, Check.self, Status.self, Build.self, Announce.self, Pilot.self, Workshop.self,
            CalendarFiles.self, TimelineGroup.self, Release.self, Partner.self, Feedback.self, OutboxGroup.self,
        ]
    )

    static func main() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["COHORT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ConfigurationProblems {
            Output.fail(error.description, code: error.kind.exitCode)
        } catch let error as CSVProblems {
            Output.fail(error.description, code: error.kind.exitCode)
        } catch StoreError.invalidConfiguration(let problems) {
            Output.fail(problems.description, code: problems.kind.exitCode)
        } catch let error as any CategorizedError {
            Output.fail("cohort: \(Output.describe(error))", code: error.kind.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
