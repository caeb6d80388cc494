import CohortCore
internal import CohortStore
import Foundation
import Logging

/// A use case (or a small family of them): a type made with the command's `ProgramSession`,
/// which carries what a use case depends on and nothing it decides:
/// - the workspace and its program, read once;
/// - the records unit of work, opened once for the whole command whichever use cases ask;
/// - the transports servers are reached through (`Transports`: the real libcurl ones, or a
///   test's in-memory ones).
/// The clock comes in with each decision (`AuditContext`) or view (`now:`). A command makes the
/// use cases it needs from one session; one use case that needs another makes it from the same
/// session, so they share the unit of work.
public protocol UseCase: Sendable {
    var session: ProgramSession { get }
    init(_ session: ProgramSession)
}

extension UseCase {
    var program: Program { session.program }
    var declaredProgram: Program { session.declaredProgram }
    var workspace: Workspace { session.workspace }
    var currentDirectory: URL { session.currentDirectory }
    var records: RecordStoreLocation { session.records }
    var channels: ChannelRegistry { session.channels }
    var transports: Transports { session.transports }

    /// The command's records, opened once for the command (see `ProgramSession.openStore`).
    func openStore(logger: Logger = Logger(label: "cohort.store")) throws(StoreError) -> any RecordStore {
        try session.openStore(logger: logger)
    }

    /// Runs `body` in one write transaction: everything it changes is kept, or nothing is.
    @discardableResult
    func transaction<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try session.transaction(body)
    }

    /// Reads a CSV file the user named (see `ProgramSession.readCSV`).
    func readCSV(_ path: String, columns: CSVColumns) throws -> CSVTable {
        try session.readCSV(path, columns: columns)
    }

    /// Writes a file the user named with `--out` (see `ProgramSession.writeUserFile`).
    func writeUserFile(_ text: String, to out: String, force: Bool = false) throws(WorkspaceError) -> String {
        try session.writeUserFile(text, to: out, force: force)
    }

    func writeUserFile(_ data: Data, to out: String, force: Bool = false) throws(WorkspaceError) -> String {
        try session.writeUserFile(data, to: out, force: force)
    }

    /// Another use case on the same session: the same workspace, program, records and transports.
    func using<U: UseCase>(_ type: U.Type) -> U { U(session) }
}
