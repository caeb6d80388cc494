import CohortCore
import Foundation

/// Why the records could not be used.
public enum StoreError: Error, LocalizedError, CategorizedError, Equatable {
    /// A file or folder of the records could not be written.
    case cannotWrite(path: String, reason: String)
    /// The records database failed.
    case database(path: String, reason: String)
    /// A decision about `subject` dated before that subject's latest recorded decision: it would
    /// reorder the subject's history, so it is refused. Other subjects never hold it back.
    case clockBehind(clock: Date, latest: Date, command: String, subject: String, action: String)
    /// The records server cannot be reached right now (down, refusing, lost mid-command).
    case unreachable(store: String, reason: String)
    /// Another command holds the records longer than the lock timeout, or kept winning the race.
    case busy(store: String, reason: String)
    /// The records cannot be used as named: a bad URL, a refused login, a schema from a newer cohort,
    /// a value the database rejected. Nothing was written.
    case refused(store: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .database(let path, let reason):
            "records database \(path): \(reason)"
        case .clockBehind(let clock, let latest, let command, let subject, let action):
            "a decision about \(subject) at \(Instant.format(clock)) would come before its latest recorded decision (\(action) at \(Instant.format(latest)), by `\(command)`) and reorder its history; record it with --at at or after \(Instant.format(latest))"
        case .unreachable(let store, let reason):
            "records database \(store) cannot be reached: \(reason); nothing was changed; try again when it is up"
        case .busy(let store, let reason):
            "records database \(store): \(reason); another cohort command is writing; try again (nothing was changed)"
        case .refused(let store, let reason):
            "records database \(store): \(reason)"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .cannotWrite, .database: .failure
        case .clockBehind, .refused: .badInput
        case .unreachable, .busy: .temporary
        }
    }
}
