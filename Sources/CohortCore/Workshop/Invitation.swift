import Foundation

/// One personal invitation to a session: for one participant, with the calendar method that
/// says whether it invites (`REQUEST`) or calls off (`CANCEL`).
public struct Invitation: Sendable, Equatable {
    /// What the invitation does.
    public enum Kind: String, Sendable {
        /// A new invitation, or an update (a higher SEQUENCE) after a reschedule.
        case request
        /// The session is cancelled.
        case cancel
    }

    public var kind: Kind
    public var session: WorkshopSession
    public var username: String
    /// How to greet them, when it is not their username (a partner's contact, a community registrant).
    public var name: String?
    /// Personal data: only ever written to the private outbox.
    public var email: String
    /// The participant's IANA zone, for the local time in the text.
    public var timeZone: String
    /// Who sends it and receives the replies.
    public var organizer: Person
    public var programName: String
    /// When it was written (`DTSTAMP`, the mail's Date).
    public var stamp: Date

    public init(
        kind: Kind, session: WorkshopSession, username: String, email: String, timeZone: String, organizer: Person,
        programName: String, stamp: Date
    ) {
        self.kind = kind
        self.session = session
        self.username = username
        self.email = email
        self.timeZone = timeZone
        self.organizer = organizer
        self.programName = programName
        self.stamp = stamp
        name = nil
    }

    /// How the invitation greets its attendee.
    public var greeting: String { name ?? username }
}

extension Program {
    /// Who workshop invitations come from: the mail channel's sender, or else the program's contact.
    public var organizer: Person { channels.mail?.from ?? contact }
}
