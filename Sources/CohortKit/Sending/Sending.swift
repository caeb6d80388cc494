import CohortCore
import Foundation

/// What a send run sends: an announcement's mail, a workshop session's current invitations, the
/// notices still queued, or any batch in the outbox (reminders, offers).
public enum SendTarget: Sendable, Equatable {
    case announcement(String)
    case workshop(String)
    case batch(String)
    /// Every notice to people still queued, each its own batch (see `Notifications.sendNotices`).
    case notices
}

/// A use case: a send command's target sent by the capability it belongs to. Each capability
/// says what to send (`OutboxDelivery`) and the outbox sends it, knowing no kinds: this is the one
/// place that knows them all. Made with the command's session.
public struct Sending: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }

    /// Sends `target`, never twice, and records the run; `progress` hears (sent, total).
    public func send(
        _ target: SendTarget, options: SendOptions, audit: AuditContext, environment: [String: String],
        progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> SendReport {
        switch target {
        case .announcement(let slug):
            return try using(Publishing.self).sendMail(
                slug, options: options, audit: audit, environment: environment, progress: progress)
        case .workshop(let id):
            return try using(Outbox.self).deliver(
                OutboxDelivery(batch: try using(WorkshopPlanning.self).workshopBatch(id)), options: options,
                audit: audit, environment: environment, progress: progress)
        case .notices:
            return try using(Notifications.self).sendNotices(
                options: options, audit: audit, environment: environment, progress: progress)
        case .batch(let name):
            // An announcement's batch is sent as the announcement: what is still queued follows its
            // source as it is now (and lint), unless the mail went out already.
            if let slug = using(Publishing.self).announcement(ofBatch: name, now: audit.now) {
                return try send(
                    .announcement(slug), options: options, audit: audit, environment: environment, progress: progress)
            }
            return try using(Outbox.self).send(
                batch: name, options: options, audit: audit, environment: environment, progress: progress)
        }
    }
}
