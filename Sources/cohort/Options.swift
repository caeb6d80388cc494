import ArgumentParser
import CohortCore
import CohortStore
import Foundation

/// `--now` and `--json`: every command has them.
struct OutputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The clock for this command, an ISO 8601 instant (2022-02-01T12:00:00Z).",
            discussion: "Defaults to the system clock. Reports made with the same --now are the same.",
            valueName: "instant"))
    var now: String?

    @Flag(help: "Print one JSON document on stdout and nothing else there.")
    var json = false

    func validate() throws {
        if let now, Instant.parse(now) == nil {
            throw ValidationError(
                "--now \"\(now)\" is not an ISO 8601 instant; write it like 2022-02-01T12:00:00Z or 2022-02-01T13:00:00+01:00"
            )
        }
    }

    /// The command's clock.
    var clock: Date { now.flatMap(Instant.parse) ?? Date() }
}

/// `--workspace` with `--now` and `--json`: what commands that work in a workspace take.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The workspace folder (default: the nearest folder upwards holding cohort.yaml).", valueName: "dir"))
    var workspace: String?

    @OptionGroup var output: OutputOptions

    /// Stamps for the audit entries a command writes: `--now`, and `--by` or the user running it.
    func audit(command: String, by explicit: String? = nil) -> AuditContext {
        AuditContext(
            now: output.clock,
            actor: Actor.resolve(explicit: explicit, environment: ProcessInfo.processInfo.environment),
            command: command)
    }

    /// The workspace's program, read and validated, with recorded timeline shifts applied.
    func session() throws -> ProgramSession {
        try ProgramSession.open(
            workspace: workspace, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).applyingShifts()
    }
}
