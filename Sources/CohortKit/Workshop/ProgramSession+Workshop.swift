import CohortCore
import CohortRender
import CohortStore
import Foundation

/// Turns an invitation into the message the outbox sends (rendering lives in CohortRender).
public typealias InvitationMail = @Sendable (Invitation) throws -> OutboxItem

/// An invitation, its message, and what queueing it in the outbox did.
public struct QueuedInvitation: Sendable {
    public var invitation: Invitation
    public var message: OutboxItem
    public var queued: EnqueueResult
}

/// A session with how many registered and attended, for `workshop list`.
public struct SessionLine: Sendable, Equatable {
    public var session: WorkshopSession
    public var registered: Int
    public var attended: Int
}

extension ProgramSession {
    /// Replaces the availability poll with the one in `table`; every bad header, row and cell is
    /// reported, and nothing changes when there is one, unless `skipInvalid` (bad rows are left
    /// out and returned, located).
    @discardableResult
    public func importPoll(_ table: CSVTable, skipInvalid: Bool = false, audit: AuditContext) throws
        -> (poll: Poll, skipped: [String])
    {
        let (poll, skipped) = try Poll.read(table, skipInvalid: skipInvalid)
        try transaction { records in
            try records.replacePoll(poll)
            try records.append(
                audit.entry(
                    action: "import", subject: "poll",
                    reason: "\(poll.participants.count) participants, \(poll.slots.count) slots from \(table.file)"))
        }
        return (poll, skipped.problems.map(\.description))
    }

    /// The imported poll.
    public func storedPoll() throws -> Poll {
        guard let poll = try openStore().read({ try $0.poll() }) else { throw WorkshopError.noPoll }
        return poll
    }

    /// The session named `id`, or an error suggesting a near miss.
    func session(_ id: String, in records: any RecordWriting) throws -> WorkshopSession {
        let sessions = try records.sessions()
        guard let session = sessions.first(where: { $0.id == id }) else {
            throw WorkshopError.unknownSession(id, suggestion: Suggestion.didYouMean(id, in: sessions.map(\.id)))
        }
        return session
    }

    /// Adds a session with the next free number as its id and a UID fixed for its life.
    public func addSession(
        title: String, start: Date, duration: Int, capacity: Int, link: String, audit: AuditContext
    ) throws -> WorkshopSession {
        try transaction { records in
            let next = (try records.sessions().compactMap { Int($0.id) }.max() ?? 0) + 1
            let id = String(next)
            let session = WorkshopSession(
                id: id, title: title, start: start, duration: duration, capacity: capacity, link: link,
                uid: WorkshopSession.uid(id: id, created: audit.now, program: program))
            try records.save(session)
            try records.append(
                audit.entry(
                    action: "add", subject: "workshop:\(id)",
                    reason: "\(title) at \(Instant.format(start)) for \(duration) minutes, \(capacity) seats"))
            return session
        }
    }

    /// Every session with its registration and attendance counts.
    public func sessionLines() throws -> [SessionLine] {
        try openStore().read { records in
            let registrations = try records.registrations(session: nil)
            return try records.sessions().map { session in
                let mine = registrations.filter { $0.session == session.id }
                return SessionLine(session: session, registered: mine.count, attended: mine.count { $0.attended })
            }
        }
    }

    /// Registers a known, not withdrawn sign-up for a session with a free seat. Registering twice changes nothing.
    public func register(_ username: String, for id: String, audit: AuditContext) throws -> (Registration, Bool) {
        try transaction { records in
            let session = try session(id, in: records)
            guard session.status == .scheduled else { throw WorkshopError.cancelled(id) }
            let cohort = try cohort(records)
            let signup = cohort.signups[try cohort.index(of: username)]
            if case .withdrawn = signup.standing { throw PilotError.alreadyWithdrawn(username) }
            let registrations = try records.registrations(session: id)
            if let existing = registrations.first(where: { $0.username == username }) { return (existing, false) }
            guard registrations.count < session.capacity else {
                throw WorkshopError.full(session: id, capacity: session.capacity)
            }
            let registration = Registration(session: id, username: username, registeredAt: audit.now)
            try records.save(registration)
            try records.append(
                audit.entry(action: "register", subject: "workshop:\(id)", reason: "\(username) registered"))
            return (registration, true)
        }
    }

    /// Marks who attended; each must be registered. All are checked before anything changes.
    public func markAttendance(_ usernames: [String], at id: String, audit: AuditContext) throws -> [Registration] {
        try transaction { records in
            _ = try session(id, in: records)
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
            let reason = "from \(Instant.format(session.start)) to \(Instant.format(start))"
            session.start = start
            return reason
        }
    }

    /// Cancels a session: its SEQUENCE rises, and everyone registered is sent a cancellation.
    public func cancelSession(_ id: String, reason: String, audit: AuditContext, mail: InvitationMail) throws
        -> [QueuedInvitation]
    {
        try changeSession(id, audit: audit, action: "cancel", mail: mail) { session in
            guard session.status == .scheduled else { throw WorkshopError.cancelled(id) }
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
        let kind: Invitation.Kind = session.status == .cancelled ? .cancel : .request
        return try records.registrations(session: session.id).compactMap { registration in
            guard let signup = signups[registration.username] else { return nil }
            let invitation = Invitation(
                kind: kind, session: session, username: signup.username, email: signup.email,
                timeZone: signup.timeZone, organizer: program.organizer, programName: program.name, stamp: audit.now)
            let item = try mail(invitation)
            let result = try records.enqueue(item)
            try records.append(
                audit.entry(
                    action: kind == .cancel ? "invite-cancel" : "invite", subject: "workshop:\(session.id)",
                    reason: "\(registration.username), sequence \(session.sequence), \(Self.describe(result))"))
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
        let manager = FileManager.default
        let inWorkspace = Self.isInside(folder.standardizedFileURL.path, root.path)
        for (relative, contents) in files {
            var url = folder.appendingPathComponent(relative)
            if inWorkspace {
                // Through links only as far as the workspace goes (calendar/ may be a link).
                url = try contained(String(url.standardizedFileURL.path.dropFirst(root.path.count + 1)))
            }
            do {
                let attributes: [FileAttributeKey: Any]? = `private` ? [.posixPermissions: 0o700] : nil
                try manager.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: attributes)
                try Data(contents.utf8).write(to: url, options: .atomic)
                if `private` { try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path) }
            } catch {
                throw .cannotWrite(path: displayPath(url), reason: FileProblem.writeReason(error, at: url))
            }
            written.append(displayPath(folder.appendingPathComponent(relative)))
        }
        return written
    }
}

extension ProgramSession {
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
