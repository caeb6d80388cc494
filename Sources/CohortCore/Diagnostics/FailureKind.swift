/// What kind of failure an error is, which decides the exit code (see the README).
public enum FailureKind: Sendable, Equatable {
    /// Bad usage or bad input; nothing was changed (exit 64).
    case badInput
    /// A check ran and found problems (exit 65).
    case problemsFound
    /// A temporary failure worth retrying, e.g. a server is down (exit 75).
    case temporary
    /// A conflict someone must resolve, e.g. the wiki page changed since it was rendered (exit 4).
    case conflict
    /// Anything else that failed while running (exit 1).
    case failure
    /// A send, publish or opening refused for want of approval by someone else (exit 77).
    case notApproved

    /// The process exit code for this kind of failure.
    public var exitCode: Int32 {
        switch self {
        case .badInput: 64
        case .problemsFound: 65
        case .temporary: 75
        case .conflict: 4
        case .failure: 1
        case .notApproved: 77
        }
    }
}

/// An error that knows what kind of failure it is. Every library error type conforms.
public protocol CategorizedError: Error {
    /// What kind of failure this is.
    var kind: FailureKind { get }
}

extension ConfigurationProblems: CategorizedError {}
