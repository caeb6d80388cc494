import Foundation

/// Who a decision is attributed to in the audit log.
public enum Actor {
    /// The `--by` name when given, else `COHORT_ACTOR`, else the program's `default_actor`, else the
    /// operating-system user, else `unknown`. The environment is passed in so the core reads none
    /// of its own.
    public static func resolve(explicit: String?, environment: [String: String], configured: String? = nil)
        -> String
    {
        let candidates = [
            explicit, environment["COHORT_ACTOR"], configured, environment["USER"], environment["LOGNAME"],
        ]
        for candidate in candidates {
            if let name = candidate?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty { return name }
        }
        return "unknown"
    }
}
