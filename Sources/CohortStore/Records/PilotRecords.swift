import CohortCore
import Foundation

/// Sign-ups and their standing in the pilot.
public protocol PilotRecords {
    /// Every sign-up, in first-come-first-served order.
    func signups() throws -> [Signup]
    /// Adds or replaces a sign-up (by username).
    func save(_ signup: Signup) throws
    /// The capacity the last `pilot select --capacity` set, if any.
    func pilotCapacity() throws -> Int?
    func setPilotCapacity(_ capacity: Int) throws
}
