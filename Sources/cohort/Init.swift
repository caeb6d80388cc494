import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace: a commented cohort.yaml and its folders.",
            discussion: """
                Writes cohort.yaml, templates/, announcements/, calendar/ and a .gitignore that keeps \
                the records database (.cohort/) out of git. Refuses to overwrite anything: if one of \
                those files exists, nothing is written.

                Examples:
                  cohort init
                  cohort init equity-pilot --name "Equity Landscape pilot" --time-zone Europe/Berlin
                """)

        @Argument(help: "The folder to create the workspace in (default: the current folder).")
        var folder: String = "."

        @Option(help: "The program's name (default: the folder's name).")
        var name: String?

        @Option(help: "The program's home time zone, an IANA name.")
        var timeZone = "UTC"

        @OptionGroup var output: OutputOptions

        /// What `init --json` prints.
        struct Created: Encodable {
            var workspace: String
            var files: [String]
        }

        func validate() throws {
            guard TimeZoneNames.isKnown(timeZone) else {
                throw ValidationError(
                    "unknown time zone \"\(timeZone)\"" + TimeZoneNames.hint(timeZone))
            }
        }

        func run() throws {
            let root = URL(
                fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            )
            .standardizedFileURL
            let zone = TimeZone(identifier: timeZone) ?? .gmt
            let files = WorkspaceScaffold.files(
                name: name ?? root.lastPathComponent, timeZone: timeZone, today: CivilDate(output.clock, in: zone))
            let workspace = try Workspace.create(at: root, files: files)
            let written = files.keys.sorted()
            if output.json {
                try Output.json(Created(workspace: workspace.root.path, files: written))
            } else {
                print("Created a workspace in \(workspace.root.path)")
                for file in written { print("  \(file)") }
                print("Next: edit cohort.yaml, then run `cohort check`.")
            }
        }
    }
}
