import CohortCore
import Foundation

/// Workshops as iCalendar: one personal invitation (REQUEST or CANCEL, with one attendee, so no
/// participant ever sees another's address) and the public feed (PUBLISH, no attendees at all).
public enum WorkshopCalendar {
    /// The invitation's calendar. Its METHOD is the one the mail's `method=` parameter must repeat.
    public static func invitation(_ invitation: Invitation) -> ICalendar {
        let session = invitation.session
        let cancelling = invitation.kind == .cancel
        var event = event(session, stamp: invitation.stamp, description: InvitationText.body(invitation))
        event.organizer = CalendarUser(email: invitation.organizer.email, name: invitation.organizer.name)
        event.attendees = [
            ICalendarAttendee(CalendarUser(email: invitation.email, name: invitation.greeting), rsvp: !cancelling)
        ]
        event.status = cancelling ? .cancelled : .confirmed
        return ICalendar(method: method(invitation.kind), events: [event])
    }

    /// The calendar method of an invitation.
    public static func method(_ kind: Invitation.Kind) -> ICalendar.Method {
        kind == .cancel ? .cancel : .request
    }

    /// `calendar/workshops.ics`: every session, cancelled ones marked so, and no personal data; a
    /// session under the pilot's NDA keeps its meeting link out (the personal invitation has it)
    /// unless `pilot.public_session_links` says otherwise.
    public static func feed(_ sessions: [WorkshopSession], program: Program, stamp: Date) -> ICalendar {
        let events = sessions.sorted { ($0.start, $0.id) < ($1.start, $1.id) }.map { session in
            // A pilot or partner session shows data under NDA: its link is for those invited only,
            // unless the program says the pilot's links are public.
            var published = session
            if !publishesLink(session, program: program) { published.link = "" }
            var event = event(published, stamp: stamp, description: publicDescription(session, program: program))
            event.organizer = CalendarUser(email: program.organizer.email, name: program.organizer.name)
            event.status = session.status == .cancelled ? .cancelled : .confirmed
            return event
        }
        return ICalendar(method: .publish, name: "\(program.name) — workshops", events: events)
    }

    static func event(_ session: WorkshopSession, stamp: Date, description: String) -> ICalendarEvent {
        ICalendarEvent(
            uid: session.uid, stamp: stamp, start: .instant(session.start), end: .instant(session.end),
            summary: session.title, description: description, location: session.link.isEmpty ? nil : session.link,
            url: session.link.isEmpty ? nil : session.link, sequence: session.sequence)
    }

    /// True when a public calendar (or report) may show the session's meeting link: a community
    /// session, or a pilot session when `pilot.public_session_links` (or no NDA) says so.
    public static func publishesLink(_ session: WorkshopSession, program: Program) -> Bool {
        session.audience.publishesLink || (session.audience == .pilot && program.pilot.sessionLinksArePublic)
    }

    static func publicDescription(_ session: WorkshopSession, program: Program) -> String {
        var text = "\(session.title), part of \(program.name)."
        if session.status == .cancelled {
            text += "\nCancelled" + (session.cancelReason.map { ": \($0)" } ?? ".")
        } else if !publishesLink(session, program: program) {
            text += "\nFor registered participants: the link comes with your personal invitation."
        } else if !session.link.isEmpty {
            text += "\nJoin: \(session.link)"
        }
        return text
    }
}

/// The words of an invitation: the time in UTC and in the participant's own zone, the link, and
/// what to do next.
public enum InvitationText {
    /// The invitation's subject line.
    public static func subject(_ invitation: Invitation) -> String {
        let session = invitation.session
        let when = LocalTime.day(session.start, in: .gmt) + ", " + LocalTime.clock(session.start, in: .gmt) + " UTC"
        switch invitation.kind {
        case .cancel: return "Cancelled: \(session.title) (\(when))"
        case .request where session.sequence > 0: return "Updated: \(session.title) (\(when))"
        case .request: return "Invitation: \(session.title) (\(when))"
        }
    }

    /// The plain-text body.
    public static func body(_ invitation: Invitation) -> String {
        let session = invitation.session
        let zone = TimeZone(identifier: invitation.timeZone) ?? .gmt
        var lines = ["Hello \(invitation.greeting),", ""]
        switch invitation.kind {
        case .cancel:
            lines.append("\(session.title) (\(invitation.programName)) is cancelled.")
            if let reason = session.cancelReason { lines.append("Reason: \(reason)") }
            lines += ["", "It was planned for:"]
        case .request:
            lines.append(
                session.sequence > 0
                    ? "\(session.title) (\(invitation.programName)) has a new time; this replaces the earlier invitation."
                    : "You are invited to \(session.title) (\(invitation.programName)).")
            lines += [""]
        }
        lines.append("  UTC:        \(LocalTime.span(session.start, session.end, in: .gmt))")
        lines.append("  Your time:  \(LocalTime.span(session.start, session.end, in: zone)) (\(invitation.timeZone))")
        if invitation.kind == .request {
            if !session.link.isEmpty { lines.append("  Join:       \(session.link)") }
            lines += ["", "The attached invitation adds it to your calendar; please accept or decline it there."]
        } else {
            lines += ["", "The attached cancellation removes it from your calendar."]
        }
        lines += ["", "— \(invitation.organizer.name) <\(invitation.organizer.email)>"]
        return lines.joined(separator: "\n")
    }
}

/// Workshop invitations as mail: the text, and a `text/calendar` part whose `method=` parameter
/// is always the calendar's own METHOD, so mail programs offer Accept/Decline (or Remove).
public enum WorkshopMail {
    /// The invitation as a MIME message addressed to its one participant.
    public static func message(_ invitation: Invitation, replyTo: String? = nil) -> MailMessage {
        let calendar = WorkshopCalendar.invitation(invitation)
        let method = calendar.method?.rawValue ?? ICalendar.Method.request.rawValue
        let organizer = invitation.organizer
        let session = invitation.session
        return MailMessage(
            from: MailAddress(name: organizer.name, address: organizer.email),
            to: [MailAddress(name: invitation.greeting, address: invitation.email)],
            replyTo: replyTo.map { MailAddress(address: $0) },
            subject: InvitationText.subject(invitation), date: invitation.stamp,
            messageID: MailMessage.stableID(
                kind: "workshop", key: "\(session.uid)/\(session.sequence)/\(method)", recipient: invitation.email,
                domain: MailAddress(address: organizer.email).domain),
            body: .multipart(
                subtype: "alternative",
                [
                    .text(subtype: "plain", InvitationText.body(invitation)),
                    .attachment(
                        contentType: "text/calendar; charset=UTF-8; method=\(method)", filename: nil,
                        Data(calendar.render().utf8)),
                ]))
    }

    /// The outbox batch of a session's invitations at one SEQUENCE: each version is its own
    /// batch, so an update reaches those who already had the earlier one.
    public static func batch(session: String, sequence: Int) -> String { "invite:\(session):\(sequence)" }

    /// The invitation as an outbox message: one recipient, its stable Message-ID, its whole text.
    public static func outboxItem(_ invitation: Invitation, replyTo: String? = nil) throws -> OutboxItem {
        let message = message(invitation, replyTo: replyTo)
        let payload = try message.rendered()
        return OutboxItem(
            batch: batch(session: invitation.session.id, sequence: invitation.session.sequence),
            recipient: invitation.email, sender: invitation.organizer.email, messageID: message.messageID,
            hash: StableHash.hex(payload), payload: payload, updatedAt: invitation.stamp,
            topic: "workshop:\(invitation.session.id)")
    }

    /// Where a copy of the invitation is written in the private folder `.cohort/invitations/`:
    /// `workshop-1/alice.seq0.request.eml`, one file per participant and version, never overwritten by a newer one.
    public static func copyPath(_ invitation: Invitation) -> String {
        let name = invitation.username
        var safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        if safe != name || safe.hasPrefix(".") { safe = "_" + safe + "-" + StableHash.hex(name).prefix(8) }
        return
            "workshop-\(invitation.session.id)/\(safe).seq\(invitation.session.sequence).\(invitation.kind.rawValue).eml"
    }
}
