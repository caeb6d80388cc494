import CohortCore
internal import CohortStore
import Foundation
import Logging

/// A workspace whose `cohort.yaml` has been read and validated: what every command starts from,
/// and what every use case (`UseCase`) is made with. It holds dependencies, not behaviour: the
/// workspace and program, the records unit of work, the channels and the transports.
public struct ProgramSession: Sendable {
    public let workspace: Workspace
    /// The program with recorded timeline shifts applied (when `applyingShifts` made the session).
    public let program: Program
    /// The program as `cohort.yaml` declares it, before any recorded shift.
    public let declaredProgram: Program
    /// Where files the user names (CSV imports, `--out`) are found from.
    public var currentDirectory: URL
    /// Where the records live: the workspace's SQLite file unless `records:`, `COHORT_DATABASE_URL`
    /// or `--database-url` name a PostgreSQL database (see `Workspace.records(program:…)`).
    var records: RecordStoreLocation
    /// Where the command's records are opened, once.
    let unit: RecordsUnit
    /// The channels announcements are told on (Cohort's four unless a caller adds one).
    public var channels = ChannelRegistry.standard
    /// How use cases reach servers: the libcurl transports unless a test hands in its own.
    public var transports = Transports.live

    /// Finds the workspace (`--workspace`, or the nearest `cohort.yaml` above `start`) and reads its
    /// program. Nothing is created or changed, whatever is wrong.
    /// `channels`: the channels announcements may be told on (a test adds its own).
    public static func open(
        workspace explicit: String?, from start: URL, unit: RecordsUnit = RecordsUnit(),
        channels: ChannelRegistry = .standard
    ) throws(WorkspaceError) -> ProgramSession {
        let workspace = try Workspace.locate(explicit: explicit, from: start)
        var session = ProgramSession(
            workspace: workspace, program: try workspace.loadProgram(channels: channels), declared: nil,
            currentDirectory: start, unit: unit)
        session.channels = channels
        return session
    }

    public init(
        workspace: Workspace, program: Program,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        unit: RecordsUnit = RecordsUnit()
    ) {
        self.init(workspace: workspace, program: program, declared: nil, currentDirectory: currentDirectory, unit: unit)
    }

    init(workspace: Workspace, program: Program, declared: Program?, currentDirectory: URL, unit: RecordsUnit) {
        self.workspace = workspace
        self.program = program
        self.declaredProgram = declared ?? program
        self.currentDirectory = currentDirectory
        self.records = workspace.records
        self.unit = unit
    }

    /// The same session with the declared program's recorded shifts applied.
    func with(program: Program) -> ProgramSession {
        var session = ProgramSession(
            workspace: workspace, program: program, declared: declaredProgram, currentDirectory: currentDirectory,
            unit: unit)
        session.records = records
        session.channels = channels
        session.transports = transports
        return session
    }

    /// Reads a CSV file the user named, with `columns`; with `skipInvalid` false, its problems
    /// say how to import the good rows anyway.
    func readCSV(_ path: String, columns: CSVColumns) throws -> CSVTable {
        try CSVFile.read(path, columns: columns, relativeTo: currentDirectory)
    }

    /// The command's records, opened (created and migrated as needed) once for the command.
    func openStore(logger: Logger = Logger(label: "cohort.store")) throws(StoreError) -> any RecordStore {
        try unit.store(records, logger: logger)
    }

    /// Runs `body` in one write transaction: everything a command changes is kept, or nothing is.
    @discardableResult
    func transaction<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try openStore().write(body)
    }
}
