import CohortCore
import Foundation
import Logging

/// A workspace whose `cohort.yaml` has been read and validated: what every command starts from.
public struct ProgramSession: Sendable {
    public let workspace: Workspace
    public let program: Program

    /// Finds the workspace (`--workspace`, or the nearest `cohort.yaml` above `start`) and reads its
    /// program. Nothing is created or changed, whatever is wrong.
    public static func open(workspace explicit: String?, from start: URL) throws(StoreError) -> ProgramSession {
        let workspace = try Workspace.locate(explicit: explicit, from: start)
        return ProgramSession(workspace: workspace, program: try workspace.loadProgram())
    }

    public init(workspace: Workspace, program: Program) {
        self.workspace = workspace
        self.program = program
    }

    /// Opens the records database, creating and migrating it as needed.
    public func openStore(logger: Logger = Logger(label: "cohort.store")) throws(StoreError) -> SQLiteRecordStore {
        try SQLiteRecordStore(url: workspace.databaseURL, logger: logger)
    }

    /// Runs `body` in one write transaction: everything a command changes is kept, or nothing is.
    @discardableResult
    public func transaction<T>(_ body: (any RecordWriting) throws -> T) throws -> T {
        try openStore().write(body)
    }

    /// Where the program stands at `now`, with what the records hold.
    public func status(now: Date) throws -> ProgramStatus {
        let store = try openStore()
        let summary = try store.read { records in
            var summary = RecordSummary(auditEntries: try records.auditCount())
            let cohort = try cohort(records)
            if !cohort.signups.isEmpty { summary.pilot = PilotFill(cohort, now: now) }
            if let next = WorkshopSession.next(after: now, in: try records.sessions()) {
                summary.nextWorkshop = NextWorkshop(next, registered: try records.registrations(session: next.id).count)
            }
            let partners = try partnerProgress(records)
            if !partners.isEmpty {
                summary.partners = PartnerFunnel.make(partners, rules: program.onboarding, now: now)
            }
            summary.nextWave = try releasePlan(records, now: now, onboarding: nil).next
            return summary
        }
        return ProgramStatus(program: program, now: now, records: summary)
    }
}

extension Workspace {
    /// Validates the workspace without changing anything: `cohort.yaml`, the folders, and the
    /// records database's permissions when it exists.
    public func check() -> CheckReport {
        var problems: [Diagnostic] = []
        var program: Program?
        do {
            program = try loadProgram()
        } catch .invalidConfiguration(let found) {
            problems += found.diagnostics
        } catch {
            problems.append(
                Diagnostic(SourceLocation(file: displayPath(configurationURL)), error.errorDescription ?? "\(error)"))
        }
        let files = FileManager.default
        for folder in Self.folders {
            var isFolder: ObjCBool = false
            let url = root.appendingPathComponent(folder)
            if !files.fileExists(atPath: url.path, isDirectory: &isFolder) || !isFolder.boolValue {
                problems.append(
                    Diagnostic(
                        SourceLocation(file: displayPath(url) + "/"), "missing folder; create it (mkdir \(folder))"))
            }
        }
        if let attributes = try? files.attributesOfItem(atPath: databaseURL.path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        {
            problems.append(
                Diagnostic(
                    SourceLocation(file: displayPath(databaseURL)),
                    "the records database is readable by others (mode \(String(mode, radix: 8))); run chmod 600 on it"))
        }
        return CheckReport(program: program, problems: problems)
    }
}
