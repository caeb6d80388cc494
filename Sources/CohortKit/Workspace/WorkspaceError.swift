import CohortCore
import Foundation

/// Why the workspace could not be used: found, read, created or written.
public enum WorkspaceError: Error, LocalizedError, CategorizedError, Equatable {
    /// No `cohort.yaml` in the folder or any parent.
    case workspaceNotFound(searchedFrom: String)
    /// `--workspace DIR` names a folder without `cohort.yaml`.
    case notAWorkspace(String)
    /// A workspace file could not be read.
    case unreadable(path: String, reason: String)
    /// `cohort.yaml` has problems; each is located.
    case invalidConfiguration(ConfigurationProblems)
    /// `cohort init` would overwrite these files.
    case wouldOverwrite([String])
    /// A file or folder could not be written.
    case cannotWrite(path: String, reason: String)
    /// A path in the workspace that is (or passes through) a symbolic link leading out of it.
    case leavesWorkspace(path: String, target: String)
    /// `--out` names a file Cohort must never replace (the records, `cohort.yaml`).
    case protectedOutput(path: String, what: String)
    /// `--out` names a file Cohort did not write (or that changed since): replaced only with `--force`.
    case foreignOutput(path: String, changed: Bool)

    public var errorDescription: String? {
        switch self {
        case .workspaceNotFound(let start):
            "no cohort.yaml in \(start) or any folder above it; run `cohort init` to create a workspace, or pass --workspace DIR"
        case .notAWorkspace(let path):
            "\(path) has no cohort.yaml; run `cohort init \(path)` or name the folder that holds cohort.yaml"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .invalidConfiguration(let problems):
            problems.description
        case .wouldOverwrite(let paths):
            "refusing to overwrite \(paths.joined(separator: ", ")); choose an empty folder or move them away"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .leavesWorkspace(let path, let target):
            "\(path) is a symbolic link to \(target), outside the workspace\(Self.recordsNote(target)); nothing was read or written through it; replace the link with the file itself"
        case .protectedOutput(let path, let what):
            "refusing to write \(path): it is \(what); nothing was changed; choose another file for --out"
        case .foreignOutput(let path, let changed):
            changed
                ? "refusing to replace \(path): it changed since cohort wrote it; nothing was changed; pass --force to replace it anyway, or choose another file"
                : "refusing to replace \(path): cohort did not write it; nothing was changed; pass --force to replace it anyway, or choose another file"
        }
    }

    /// Why a link into `.cohort/` counts as leaving: it holds the records and the credentials.
    static func recordsNote(_ target: String) -> String {
        target.split(separator: "/").contains(".cohort") ? " (.cohort/ holds the records and the credentials)" : ""
    }

    public var kind: FailureKind {
        switch self {
        case .workspaceNotFound, .notAWorkspace, .invalidConfiguration, .wouldOverwrite, .leavesWorkspace,
            .protectedOutput, .foreignOutput:
            .badInput
        case .unreadable, .cannotWrite: .failure
        }
    }
}
