import ArgumentParser
import CohortKit
import Foundation

extension Cohort {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace: a commented cohort.yaml and its folders.",
            discussion: """
                Writes cohort.yaml, templates/, announcements/, calendar/ and a .gitignore that \
                keeps the records database (.cohort/) out of git. Refuses to overwrite anything: \
                if one of those files exists, nothing is written.

                Examples:
                  cohort init
                  cohort init equity-pilot --name "Equity Landscape pilot" \\
                    --time-zone Europe/Berlin
                """)

        @Argument(help: "The folder to create the workspace in (default: the current folder).")
        var folder: String = "."

        @Option(help: "The program's name (default: the folder's name).")
        var name: String?

        @Option(help: "The program's home time zone, an IANA name.")
        var timeZone = "UTC"

        @OptionGroup var clock: ClockOptions

        func run() throws {
            let context = CommandContext(
                workspace: nil, clock: try clock.resolve(), environment: ProcessInfo.processInfo.environment,
                currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let created = try context.createWorkspace(in: folder, name: name, timeZone: timeZone)
            try Output.show(created, json: clock.json) { created.text }
        }
    }
}
