import CohortCore
import Foundation

/// The availability poll, workshop sessions and who registered for them.
public protocol WorkshopRecords {
    /// The imported poll of an audience's people, if any.
    func poll(audience: WorkshopAudience) throws -> Poll?
    /// Replaces the poll of `audience` with `poll`.
    func replacePoll(_ poll: Poll, audience: WorkshopAudience) throws
    /// Every session, in the order they were added.
    func sessions() throws -> [WorkshopSession]
    /// Adds or replaces a session (by id).
    func save(_ session: WorkshopSession) throws
    /// Registrations for one session, or for all when `session` is nil, in registration order.
    func registrations(session: String?) throws -> [Registration]
    /// Adds or replaces a registration.
    func save(_ registration: Registration) throws
    /// Removes one registration (someone leaves a session).
    func deleteRegistration(session: String, username: String) throws
}
