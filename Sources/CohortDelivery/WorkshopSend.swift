import CohortCore
import CohortRender
import CohortStore
import Foundation

/// Sends a workshop session's queued invitations: the outbox batch of its current SEQUENCE
/// (`invite:<session>:<sequence>`), through `BatchSend`. Earlier versions left unsent are
/// superseded by the current one and stay where they are.
public struct WorkshopSend {
    public let session: ProgramSession
    public let options: SendOptions
    public let environment: [String: String]

    public init(session: ProgramSession, options: SendOptions, environment: [String: String]) {
        self.session = session
        self.options = options
        self.environment = environment
    }

    /// The batch holding the session's current invitations.
    public func batch(_ id: String) throws -> String {
        guard let found = try session.sessions().first(where: { $0.id == id }) else {
            let ids = try session.sessions().map(\.id)
            throw WorkshopError.unknownSession(id, suggestion: Suggestion.didYouMean(id, in: ids))
        }
        return WorkshopMail.batch(session: id, sequence: found.sequence)
    }

    /// Sends (or, on a dry run, lists) the current invitations of session `id`, as `outbox send`
    /// would send their batch.
    public func run(_ id: String, audit: AuditContext, progress: @escaping (Int, Int) -> Void = { _, _ in }) throws
        -> SendReport
    {
        try BatchSend(session: session, options: options, environment: environment)
            .run(try batch(id), audit: audit, progress: progress)
    }
}
