import ArgumentParser
import CohortKit
import Foundation

/// `--workspace`, `--now` and `--json`: what every command that works in a workspace takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The workspace folder (default: the nearest folder upwards holding cohort.yaml).", valueName: "dir"))
    var workspace: String?

    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "A PostgreSQL database holding the records (default: COHORT_DATABASE_URL, records: in cohort.yaml, else .cohort/state.sqlite).",
            valueName: "url"))
    var databaseURL: String?

    @OptionGroup var clock: ClockOptions

    var json: Bool { clock.json }

    /// What the command hands to Kit.
    func context() throws -> CommandContext {
        CommandContext(
            workspace: workspace, clock: try clock.resolve(), environment: ProcessInfo.processInfo.environment,
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), databaseURL: databaseURL,
            unit: .process)
    }

    /// The workspace's program with recorded shifts applied; notes a clock behind the records.
    func session() throws -> ProgramSession {
        let context = try context()
        let session = try context.session()
        if let note = context.clockNote(session) { Output.notes.append("cohort: \(note)") }
        return session
    }

    /// Stamps for the audit entries a command writes: the clock, and `--by` or the user running it.
    func audit(_ command: String, by explicit: String? = nil, at happened: String? = nil) throws -> AuditContext {
        try context().audit(command, by: explicit, at: happened)
    }

    /// The command's clock.
    var now: Date { get throws { try clock.resolve().now } }
}

/// `--now` and `--json`, for commands outside a workspace (`init`).
struct ClockOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The clock for this command, an ISO 8601 instant (2022-02-01T12:00:00Z).",
            discussion: "Defaults to COHORT_NOW, else the system clock. Reports made with the same clock are the same.",
            valueName: "instant"))
    var now: String?

    @Flag(help: "Print one JSON document on stdout and nothing else there.")
    var json = false

    /// A bad `--now` is a usage error; a bad `COHORT_NOW` is reported when the clock is read.
    func validate() throws {
        if let now, Instant.parse(now) == nil {
            throw ValidationError(ClockError.notAnInstant(now, source: .flag).localizedDescription)
        }
    }

    func resolve() throws -> CommandClock {
        try CommandClock.resolve(flag: now, environment: ProcessInfo.processInfo.environment)
    }
}

/// `--by` and `--at` with the global options: what every command that decides (and so writes
/// audit entries) takes. The one place these options are declared: a new deciding command adds
/// `@OptionGroup var options: DecidingOptions` and nothing else.
struct DecidingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Who decides, for the audit log (default: COHORT_ACTOR, else program.default_actor, else the user running the command).",
            valueName: "name"))
    var by: String?

    @Option(
        help: ArgumentHelp(
            "When it happened, an ISO 8601 instant no later than the clock (default: the clock).",
            discussion:
                "For a decision recorded late. The audit log keeps both when it happened and when it was recorded; a decision before the latest one about the same subject is refused.",
            valueName: "instant"))
    var at: String?

    @OptionGroup var global: GlobalOptions

    var json: Bool { global.json }
    /// When the decisions happen: `--at`, else the clock.
    var now: Date { get throws { try global.context().audit("", at: at).now } }
    func session() throws -> ProgramSession { try global.session() }
    func context() throws -> CommandContext { try global.context() }

    /// A bad `--at` is a usage error.
    func validate() throws {
        if let at, Instant.parse(at) == nil {
            throw ValidationError(ClockError.notAnInstant(at, source: .at).localizedDescription)
        }
    }

    /// Audit stamps naming `--by`, else `COHORT_ACTOR`, else the program's `default_actor`, else
    /// whoever runs the command, at `--at` or the clock.
    func audit(_ command: String) throws -> AuditContext {
        try Self.audit(command, by: by, at: at, global: global)
    }

    /// The same stamps for a command that takes `--by` without the rest of these options
    /// (`feedback serve --reconcile`, a server, has no `--at`).
    static func audit(_ command: String, by: String?, at: String? = nil, global: GlobalOptions) throws -> AuditContext {
        let context = try global.context()
        let configured =
            by == nil && context.environment["COHORT_ACTOR"] == nil ? try? context.session().program.defaultActor : nil
        return try context.audit(command, by: by, at: at, configured: configured)
    }

    /// Who decides: `--by`, else `COHORT_ACTOR`, else the program's `default_actor`, else the user
    /// running the command.
    var actor: String { get throws { try audit("").actor } }
}

/// `yes` or `no` as an option value.
enum YesNo: String, ExpressibleByArgument, CaseIterable {
    case yes, no
    var value: Bool { self == .yes }
}

extension NDAStatus: ExpressibleByArgument {}
extension WorkshopAudience: ExpressibleByArgument {}
extension AnnouncementChannel: ExpressibleByArgument {}
extension SMTPSecurity: ExpressibleByArgument {}

extension CompletionKind {
    /// Completes from the workspace: announcement slugs, usernames, wave or partner ids, ….
    static func workspace(_ kind: CompletionCandidates) -> CompletionKind {
        .custom { words, _, prefix in
            kind.values(
                words: words, prefix: prefix,
                currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        }
    }
}

/// A CSV file to import and how: what every import command takes.
struct ImportOptions: ParsableArguments {
    @Argument(help: "The CSV file.", completion: .file(extensions: ["csv"])) var file: String
    @Flag(help: "Import the good rows and list the bad ones, instead of importing nothing.")
    var skipInvalid = false
    @OptionGroup var options: DecidingOptions

    /// Imports `file` as `kind`, lists the rows left out on stderr and prints what changed.
    func run(_ kind: CSVImport, command: String) throws {
        try importCSV(kind, file: file, skipInvalid: skipInvalid, options: options, command: command)
    }
}

/// Imports `file` as `kind`, lists the rows left out on stderr and prints what changed.
func importCSV(_ kind: CSVImport, file: String, skipInvalid: Bool, options: DecidingOptions, command: String) throws {
    let report = try options.session().importCSV(
        kind, file: file, skipInvalid: skipInvalid, audit: options.audit(command))
    for line in report.skipped { Output.diagnostic("skipped: \(line)") }
    if options.json { try Output.json(report) } else { Output.say(report.text(file: file)) }
}
