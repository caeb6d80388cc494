import CohortCore
import Foundation

/// Why the records could not be used.
public enum StoreError: Error, LocalizedError, CategorizedError, Equatable {
    /// A file or folder of the records could not be written.
    case cannotWrite(path: String, reason: String)
    /// The records database failed.
    case database(path: String, reason: String)
    /// A decision dated before the latest one in the audit log: a clock going backwards would
    /// reorder history, so it is refused.
    case clockBehind(clock: Date, latest: Date, command: String)

    public var errorDescription: String? {
        switch self {
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .database(let path, let reason):
            "records database \(path): \(reason)"
        case .clockBehind(let clock, let latest, let command):
            "the clock (\(Instant.format(clock))) is before the latest recorded decision (\(Instant.format(latest)), \(command)); a decision dated earlier would reorder the records' history; run it with a --now at or after \(Instant.format(latest))"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .cannotWrite, .database: .failure
        case .clockBehind: .badInput
        }
    }
}
