import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// Turns an invitation into the message the outbox sends (rendering lives in CohortRender).
public typealias InvitationMail = @Sendable (Invitation) throws -> OutboxItem

/// An invitation, its message, and what queueing it in the outbox did.
public struct QueuedInvitation: Sendable {
    public var invitation: Invitation
    public var message: OutboxItem
    public var queued: EnqueueResult
}

/// A session with how many registered, wait for a seat, and attended, for `workshop list`.
public struct SessionLine: Sendable, Equatable {
    public var session: WorkshopSession
    public var registered: Int
    public var attended: Int
    public var waitlisted: Int = 0
}

/// The use cases of workshops for the cohort: the poll, the slots, sessions, registration, attendance
/// and invitations. Made with the command's session: its workspace and program, its records (opened
/// once for the command) and the transports it reaches servers through.
public struct WorkshopPlanning: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension WorkshopPlanning {
    /// Replaces the availability poll with the one in `table`; every bad header, row and cell is
    /// reported, and nothing changes when there is one, unless `skipInvalid` (bad rows are left
    /// out and returned, located).
    @discardableResult
    public func importPoll(
        _ table: CSVTable, audience: WorkshopAudience = .pilot, skipInvalid: Bool = false, audit: AuditContext
    ) throws -> (poll: Poll, skipped: [String]) {
        let (poll, skipped) = try Poll.read(table, skipInvalid: skipInvalid)
        try transaction { records in
            try records.replacePoll(poll, audience: audience)
            try records.append(
                audit.entry(
                    action: "import", subject: audience == .pilot ? "poll" : "poll:\(audience.rawValue)",
                    reason: "\(poll.participants.count) participants, \(poll.slots.count) slots from \(table.file)"))
        }
        return (poll, skipped.problems.map(\.description))
    }

    /// The imported poll of `audience`, as the people who can attend it stand now: for the pilot,
    /// the participants enrolled now (the withdrawn left out, those enrolled since the poll in,
    /// without answers); for partners, the partners now; for the community, everyone who answered.
    /// Before anyone is enrolled (or any partner added) the poll is taken as it is. Returns who is
    /// counted without having answered.
    public func storedPoll(audience: WorkshopAudience = .pilot) throws -> (poll: Poll, unanswered: [String]) {
        guard records.exists, let stored = try openStore().read({ try $0.poll(audience: audience) }) else {
            throw WorkshopError.noPoll(audience)
        }
        let members: [(name: String, timeZone: String)]
        switch audience {
        case .community: return (stored, [])
        case .pilot:
            members = try openStore().read { records in
                try using(PilotEnrolment.self).cohort(records).enrolled.map { ($0.username, $0.timeZone) }
            }
        case .partners:
            members = try using(PartnerOnboarding.self).partnerProgress().map { ($0.partner.id, $0.partner.timeZone) }
        }
        guard !members.isEmpty else { return (stored, []) }
        let answered = Dictionary(stored.participants.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let unanswered = members.filter { answered[$0.name] == nil }.map(\.name)
        let participants = members.map { member in
            answered[member.name]
                ?? Poll.Participant(
                    name: member.name, timeZone: member.timeZone,
                    answers: Array(repeating: .no, count: stored.slots.count))
        }
        return (Poll(slots: stored.slots, participants: participants), unanswered)
    }

    /// The session named `id`, or an error suggesting a near miss.
    func session(_ id: String, in records: any RecordWriting) throws -> WorkshopSession {
        let sessions = try records.sessions()
        guard let session = sessions.first(where: { $0.id == id }) else {
            throw WorkshopError.unknownSession(id, suggestion: Suggestion.didYouMean(id, in: sessions.map(\.id)))
        }
        return session
    }

    /// Adds a session with the next free number as its id and a UID fixed for its life. A session
    /// with the same title and start exists already: it is returned as it is (`added` false), and
    /// refused if it differs in anything else, so running the same `workshop add` twice adds one.
    public func addSession(
        title: String, start: Date, duration: Int, capacity: Int, link: String, audience: WorkshopAudience = .pilot,
        audit: AuditContext
    ) throws -> (session: WorkshopSession, added: Bool) {
        try transaction { records in
            let sessions = try records.sessions()
            if let same = sessions.first(where: {
                $0.title == title && $0.start == start && $0.status == .scheduled
            }) {
                var differences: [String] = []
                if same.duration != duration { differences.append("\(same.duration) minutes") }
                if same.capacity != capacity { differences.append("\(same.capacity) seats") }
                if same.link != link { differences.append("another link") }
                if same.audience != audience { differences.append("audience \(same.audience.rawValue)") }
                guard differences.isEmpty else {
                    throw WorkshopError.sameTitleAndStart(existing: same.id, differences: differences)
                }
                return (same, false)
            }
            let next = (sessions.compactMap { Int($0.id) }.max() ?? 0) + 1
            let id = String(next)
            let session = WorkshopSession(
                id: id, title: title, start: start, duration: duration, capacity: capacity, link: link,
                uid: WorkshopSession.uid(id: id, created: audit.now, program: program), audience: audience)
            try records.save(session)
            try records.append(
                audit.entry(
                    action: "add", subject: "workshop:\(id)",
                    reason:
                        "\(title) at \(Instant.format(start)) for \(duration) minutes, \(capacity) seats, for \(audience.rawValue)"
                ))
            return (session, true)
        }
    }

    /// Every session with its registration and attendance counts.
    public func sessionLines() throws -> [SessionLine] {
        try openStore().read { records in
            let registrations = try records.registrations(session: nil)
            return try records.sessions().map { session in
                let mine = registrations.filter { $0.session == session.id }
                return SessionLine(
                    session: session, registered: mine.count { !$0.waitlisted }, attended: mine.count { $0.attended },
                    waitlisted: mine.count { $0.waitlisted })
            }
        }
    }

    /// Someone who asks to register: whom, and (community sessions) how to reach them.
    public struct Registrant: Sendable {
        /// A username (pilot), a partner id (partners) or a mail address (community).
        public var who: String
        /// A community registrant's name and zone.
        public var name: String
        public var timeZone: String?

        public init(_ who: String, name: String = "", timeZone: String? = nil) {
            self.who = who
            self.name = name
            self.timeZone = timeZone
        }
    }

    /// Registers someone the session's audience takes: an enrolled participant with a signed NDA
    /// (pilot), a partner (partners), or anyone by mail address (community, wait-listed once the
    /// seats are taken). A full pilot or partner session refuses. Registering twice changes nothing.
    public func register(_ registrant: Registrant, for id: String, audit: AuditContext) throws -> (Registration, Bool) {
        try transaction { records in
            let session = try session(id, in: records)
            guard session.status == .scheduled else { throw WorkshopError.cancelled(id) }
            var registration = Registration(session: id, username: registrant.who, registeredAt: audit.now)
            switch session.audience {
            case .pilot:
                let signups = try records.signups()
                guard let signup = signups.first(where: { $0.username == registrant.who }) else {
                    let partnerIDs = try records.partners().map(\.id)
                    if Signup.isMailAddress(registrant.who) || partnerIDs.contains(registrant.who) {
                        throw WorkshopError.wrongAudience(session: id, audience: .pilot, who: registrant.who)
                    }
                    throw PilotError.unknownParticipant(
                        registrant.who, suggestion: Suggestion.didYouMean(registrant.who, in: signups.map(\.username)))
                }
                if case .withdrawn = signup.standing { throw PilotError.alreadyWithdrawn(signup.username) }
                guard signup.standing == .enrolled else {
                    throw WorkshopError.notEnrolled(
                        session: id, username: signup.username, standing: signup.standing.name)
                }
                guard signup.nda == .signed else {
                    throw WorkshopError.ndaNotSigned(session: id, username: signup.username, nda: signup.nda)
                }
            case .partners:
                let partners = try records.partners()
                guard partners.contains(where: { $0.id == registrant.who }) else {
                    if !Suggestion.didYouMean(registrant.who, in: partners.map(\.id)).isEmpty {
                        throw OnboardingError.unknownPartner(registrant.who, known: partners.map(\.id))
                    }
                    throw WorkshopError.wrongAudience(session: id, audience: .partners, who: registrant.who)
                }
                registration.attendee = .partner
            case .community:
                let address = registrant.who.trimmingCharacters(in: .whitespaces).lowercased()
                guard Signup.isMailAddress(address) else {
                    throw WorkshopError.notAMailAddress(session: id, registrant.who)
                }
                registration.username = address
                registration.attendee = .community
                registration.email = address
                registration.name = Escaping.singleLine(registrant.name).trimmingCharacters(in: .whitespaces)
                registration.timeZone = registrant.timeZone
            }
            let registrations = try records.registrations(session: id)
            if let existing = registrations.first(where: { $0.username == registration.username }) {
                return (existing, false)
            }
            let seated = registrations.count { !$0.waitlisted }
            if seated >= session.capacity {
                guard session.audience == .community else {
                    throw WorkshopError.full(session: id, capacity: session.capacity)
                }
                registration.waitlisted = true
            }
            try records.save(registration)
            let place = registration.waitlisted ? registrations.count { $0.waitlisted } + 1 : seated + 1
            try records.append(
                audit.entry(
                    action: registration.waitlisted ? "register-waitlist" : "register", subject: "workshop:\(id)",
                    reason: registration.waitlisted
                        ? "\(registration.displayName) wait-listed, place \(place)"
                        : "\(registration.displayName) registered, seat \(place) of \(session.capacity)"))
            return (registration, true)
        }
    }

    /// Takes someone off a session; a seat they held in a community session passes to the first
    /// on its wait-list, recorded. Returns who got the seat, if anyone.
    public func unregister(_ who: String, from id: String, reason: String, audit: AuditContext) throws -> String? {
        try transaction { records in
            let session = try session(id, in: records)
            let key = session.audience == .community ? who.trimmingCharacters(in: .whitespaces).lowercased() : who
            let registrations = try records.registrations(session: id)
            guard let leaving = registrations.first(where: { $0.username == key }) else {
                throw WorkshopError.notRegisteredAt(session: id, who: who)
            }
            try records.deleteRegistration(session: id, username: key)
            try records.append(
                audit.entry(
                    action: "unregister", subject: "workshop:\(id)", reason: "\(leaving.displayName): \(reason)"))
            guard !leaving.waitlisted, var next = registrations.first(where: { $0.waitlisted }) else { return nil }
            next.waitlisted = false
            try records.save(next)
            try records.append(
                audit.entry(
                    action: "promote", subject: "workshop:\(id)",
                    reason: "\(next.displayName) takes the seat \(leaving.displayName) left; first on the wait-list"))
            return next.displayName
        }
    }

    /// Marks who attended; each must be registered, and the session must have started. All are
    /// checked before anything changes.
    public func markAttendance(_ usernames: [String], at id: String, audit: AuditContext) throws -> [Registration] {
        try transaction { records in
            let session = try session(id, in: records)
            guard session.start <= audit.now else {
                throw WorkshopError.notStarted(session: id, start: session.start, at: audit.now)
            }
            let registrations = try records.registrations(session: id)
            let missing = usernames.filter { name in !registrations.contains { $0.username == name } }
            guard missing.isEmpty else { throw WorkshopError.notRegistered(session: id, usernames: missing) }
            var marked: [Registration] = []
            for var registration in registrations where usernames.contains(registration.username) {
                if !registration.attended {
                    registration.attended = true
                    try records.save(registration)
                    try records.append(
                        audit.entry(
                            action: "attend", subject: "workshop:\(id)", reason: "\(registration.username) attended"))
                }
                marked.append(registration)
            }
            return marked
        }
    }

    /// Moves a session: its SEQUENCE rises, and everyone registered is sent an update (`mail`
    /// turns each invitation into a message for the outbox, in the same transaction).
    public func reschedule(_ id: String, to start: Date, audit: AuditContext, mail: InvitationMail) throws
        -> [QueuedInvitation]
    {
        try changeSession(id, audit: audit, action: "reschedule", mail: mail) { session in
            guard session.status == .scheduled else { throw WorkshopError.cancelled(id) }
            guard session.start > audit.now else { throw WorkshopError.alreadyHeld(session: id, start: session.start) }
            let reason = "from \(Instant.format(session.start)) to \(Instant.format(start))"
            session.start = start
            return reason
        }
    }

    /// Cancels a session not yet started: its SEQUENCE rises, and everyone who was sent an
    /// invitation and is still registered is sent a cancellation.
    public func cancelSession(_ id: String, reason: String, audit: AuditContext, mail: InvitationMail) throws
        -> [QueuedInvitation]
    {
        try changeSession(id, audit: audit, action: "cancel", mail: mail) { session in
            guard session.status == .scheduled else { throw WorkshopError.cancelled(id) }
            guard session.start > audit.now else { throw WorkshopError.alreadyHeld(session: id, start: session.start) }
            session.status = .cancelled
            session.cancelReason = reason
            return reason
        }
    }

    /// Applies `change` to a session, raises its SEQUENCE, records why, and queues the invitations.
    func changeSession(
        _ id: String, audit: AuditContext, action: String, mail: InvitationMail,
        _ change: (inout WorkshopSession) throws -> String
    ) throws -> [QueuedInvitation] {
        try transaction { records in
            var session = try session(id, in: records)
            let reason = try change(&session)
            session.sequence += 1
            try records.save(session)
            try records.append(
                audit.entry(
                    action: action, subject: "workshop:\(id)", reason: "\(reason); sequence \(session.sequence)"))
            return try queueInvitations(session, records: records, audit: audit, mail: mail)
        }
    }

    /// Queues the invitations for a session as it stands — REQUEST while scheduled, CANCEL once
    /// cancelled, one per registered participant — in the outbox. Queueing again changes nothing
    /// for those already sent this version.
    public func invite(_ id: String, audit: AuditContext, mail: InvitationMail) throws -> [QueuedInvitation] {
        try transaction { records in
            try queueInvitations(try session(id, in: records), records: records, audit: audit, mail: mail)
        }
    }

    func queueInvitations(
        _ session: WorkshopSession, records: any RecordWriting, audit: AuditContext, mail: InvitationMail
    ) throws -> [QueuedInvitation] {
        let signups = Dictionary(try records.signups().map { ($0.username, $0) }, uniquingKeysWith: { a, _ in a })
        let partners = Dictionary(try records.partners().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let kind: Invitation.Kind = session.status == .cancelled ? .cancel : .request
        // A cancellation goes only to those invited to an earlier version (and still registered:
        // someone who cancelled is off the list); someone registered since, never invited, is not
        // told of a cancellation.
        var invited: Set<String> = []
        if kind == .cancel {
            for sequence in 0..<session.sequence {
                for item in try records.outboxItems(batch: WorkshopMail.batch(session: session.id, sequence: sequence))
                {
                    invited.insert(item.recipient.lowercased())
                }
            }
        }
        return try records.registrations(session: session.id).compactMap { registration in
            guard !registration.waitlisted else { return nil }
            let person: (name: String, email: String, timeZone: String)?
            switch registration.attendee {
            case .participant: person = signups[registration.username].map { ($0.username, $0.email, $0.timeZone) }
            case .partner:
                person = partners[registration.username].map {
                    ($0.contactName.isEmpty ? $0.name : $0.contactName, $0.contactEmail, $0.timeZone)
                }
            case .community:
                person = (registration.displayName, registration.email ?? "", registration.timeZone ?? "UTC")
            }
            guard let person, !person.email.isEmpty else { return nil }
            guard kind == .request || invited.contains(person.email.lowercased()) else { return nil }
            var invitation = Invitation(
                kind: kind, session: session, username: registration.username, email: person.email,
                timeZone: person.timeZone, organizer: program.organizer, programName: program.name, stamp: audit.now)
            invitation.name = person.name
            let item = try mail(invitation)
            let result = try records.enqueue(item)
            try records.append(
                audit.entry(
                    action: kind == .cancel ? "invite-cancel" : "invite", subject: "workshop:\(session.id)",
                    reason: "\(registration.displayName), sequence \(session.sequence), \(Self.describe(result))"))
            return QueuedInvitation(invitation: invitation, message: item, queued: result)
        }
    }

    static func describe(_ result: EnqueueResult) -> String {
        switch result {
        case .added: "queued"
        case .replaced: "replaced the unsent copy"
        case .unchanged(let state): "already queued (\(state.rawValue))"
        case .alreadySent: "already sent"
        }
    }

    /// Every session, for `calendar/workshops.ics`.
    public func sessions() throws -> [WorkshopSession] {
        try openStore().read { try $0.sessions() }
    }
}

extension Workspace {
    /// Copies of personal invitations, for reading or forwarding by hand: inside `.cohort/`
    /// (mode 0700, never committed), since they carry personal addresses.
    public var invitationsURL: URL { stateFolderURL.appendingPathComponent("invitations", isDirectory: true) }

    /// Writes `files` (paths relative to `folder`), creating folders 0700 and files 0600 when
    /// `private`; returns the paths as the user should see them.
    @discardableResult
    public func write(_ files: [(String, String)], under folder: URL, private: Bool) throws(WorkspaceError) -> [String]
    {
        var written: [String] = []
        let inWorkspace = Self.isInside(folder.standardizedFileURL.path, root.path)
        let state = stateFolderURL.standardizedFileURL.path
        for (relative, contents) in files {
            let shown = folder.appendingPathComponent(relative)
            let standardized = shown.standardizedFileURL.path
            let path: String
            if Self.isInside(standardized, state) {
                // Cohort's own folder: walked as it is, with no link in it followed.
                path = resolvedRoot + standardized.dropFirst(root.path.count)
            } else if inWorkspace {
                // Through links only as far as the workspace goes (calendar/ may be a link), never into .cohort/.
                path = try containedPath(String(standardized.dropFirst(root.path.count + 1)))
            } else {
                path = NoFollowPath.resolved(standardized)
            }
            if let failure = NoFollowPath.replace(
                path, with: Array(contents.utf8), mode: `private` ? 0o600 : 0o644, folderMode: `private` ? 0o700 : 0o755
            ) {
                throw .cannotWrite(
                    path: displayPath(shown),
                    reason: NoFollowPath.reason(failure, at: path) { displayPath(URL(fileURLWithPath: $0)) })
            }
            written.append(displayPath(shown))
        }
        return written
    }
}

extension WorkshopPlanning {
    /// The outbox batch holding a session's current invitations (its SEQUENCE); earlier versions
    /// left unsent are superseded by it.
    public func workshopBatch(_ id: String) throws -> String {
        let all = try sessions()
        guard let found = all.first(where: { $0.id == id }) else {
            throw WorkshopError.unknownSession(id, suggestion: Suggestion.didYouMean(id, in: all.map(\.id)))
        }
        return WorkshopMail.batch(session: id, sequence: found.sequence)
    }
}
