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
        }
    }

    public var kind: FailureKind {
        switch self {
        case .workspaceNotFound, .notAWorkspace, .invalidConfiguration, .wouldOverwrite: .badInput
        case .unreadable, .cannotWrite: .failure
        }
    }
}
