import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// What `cohort check` found, and how to say it.
public struct WorkspaceCheck: Sendable, Encodable {
    public var report: CheckReport
    /// `cohort.yaml` as the user should see its path.
    public var file: String
    /// The records store in use.
    public var store: String
    /// What is late but not wrong: milestones past their date at `now` that the records do not
    /// show as reached. They do not fail the check.
    public var warnings: [String] = []

    public var ok: Bool { report.ok }

    /// The one line printed when all is well.
    public var summary: String { CheckText.summary(report, file: file) + "\nrecords: \(store)" }

    /// One line per problem, then the count: what goes to stderr when something is wrong.
    public var findings: [String] {
        report.problems.map(\.description) + ["cohort: \(Plural.count(report.problems.count, "problem")) found"]
    }

    /// By hand: the check report's keys with `store` and `warnings` beside them, in one flat object.
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(store, forKey: .store)
        try container.encode(warnings, forKey: .warnings)
    }

    enum CodingKeys: String, CodingKey { case store, warnings }
}

extension StoreError {
    /// A refused records location as a diagnostic: at the `cohort.yaml` place it names, or at the
    /// variable or flag it came from.
    var located: (SourceLocation, String) {
        guard case .refused(let store, let reason) = self else { return (SourceLocation(file: "records"), "\(self)") }
        let parts = store.split(separator: ":")
        if parts.count == 3, let line = Int(parts[1]), let column = Int(parts[2]) {
            return (SourceLocation(file: String(parts[0]), line: line, column: column), "records.url: \(reason)")
        }
        return (SourceLocation(file: store), reason)
    }
}

/// What `cohort init` wrote.
public struct WorkspaceCreated: Sendable, Encodable {
    public var workspace: String
    public var files: [String]

    public var text: String {
        (["Created a workspace in \(workspace)"] + files.map { "  \($0)" } + [
            "Next: edit cohort.yaml, then run `cohort check`."
        ]).joined(separator: "\n")
    }
}

extension CommandContext {
    /// Validates the workspace without changing anything (`cohort check`).
    /// `cohort check` at `now` (the command's clock when nil): milestones past their date with no
    /// completion recorded are warnings, once there are records to record completions in.
    public func checkWorkspace(now: Date? = nil) throws -> WorkspaceCheck {
        let workspace = try Workspace.locate(explicit: self.workspace, from: currentDirectory)
        var report = workspace.check()
        var store = workspace.records.description
        var opened: RecordStoreLocation?
        do {
            let location = try workspace.records(
                program: report.program, databaseURL: databaseURL, environment: environment)
            store = location.description
            opened = location
        } catch {
            let (place, message) = error.located
            report.problems.append(Diagnostic(place, message))
        }
        // Shifts live in the records: the timeline is checked as they leave it (as declared, when
        // there are none: a date its gates can never meet is a problem from the start).
        var warnings: [String] = []
        if let program = report.program {
            let exists = opened?.exists ?? false
            // Overdue is judged once the program keeps records (an empty database holds none).
            let (shifts, completed, kept) =
                try exists
                ? opened!.open().read {
                    (try $0.shifts(), Set(try $0.completions().map(\.milestone)), try $0.auditCount() > 0)
                } : ([], [], false)
            if case .success(let (shifted, timeline)) = Timeline.schedule(program, shifts: shifts) {
                report.problems += Timeline.problems(timeline, program: shifted, shifts: shifts)
                if kept {
                    let today = CivilDate(now ?? self.now, in: shifted.timeZone)
                    warnings = OverdueMilestone.find(shifted, completed: completed, today: today).map(\.text)
                }
            }
        }
        var check = WorkspaceCheck(
            report: report, file: workspace.displayPath(workspace.configurationURL), store: store)
        check.warnings = warnings
        return check
    }

    /// Creates a workspace in `folder` (`cohort init`): a commented `cohort.yaml`, the folders
    /// and the default templates. Refuses, writing nothing, if any of them exists.
    public func createWorkspace(in folder: String, name: String?, timeZone: String) throws -> WorkspaceCreated {
        guard TimeZoneNames.isKnown(timeZone) else { throw InitError.unknownTimeZone(timeZone) }
        let root = URL(fileURLWithPath: folder, relativeTo: currentDirectory).standardizedFileURL
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        let files = WorkspaceScaffold.files(
            name: name ?? root.lastPathComponent, timeZone: timeZone, today: CivilDate(now, in: zone))
        let workspace = try Workspace.create(at: root, files: files)
        return WorkspaceCreated(workspace: workspace.root.path, files: files.keys.sorted())
    }
}

/// Why `cohort init` refused.
public enum InitError: Error, LocalizedError, CategorizedError, Equatable {
    case unknownTimeZone(String)

    public var errorDescription: String? {
        switch self {
        case .unknownTimeZone(let zone): "--time-zone: unknown time zone \"\(zone)\"" + TimeZoneNames.hint(zone)
        }
    }

    public var kind: FailureKind { .badInput }
}
