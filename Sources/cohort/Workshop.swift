import ArgumentParser
import CohortCore
import CohortDelivery
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    struct Workshop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose office-hour slots from a poll, run sessions, and send calendar invitations.",
            discussion: """
                A poll's slots are UTC instants; each participant has an IANA zone. `slots` chooses the K
                slots that let the most participants attend at least one — exactly, not greedily.
                Sessions have a stable calendar UID; a reschedule or a cancellation raises SEQUENCE and
                writes updated invitations (REQUEST) or cancellations (CANCEL) to the private outbox,
                the outbox (`cohort workshop send` sends them), with a private copy of each in
                .cohort/invitations/workshop-ID/.

                Examples:
                  cohort workshop poll import data/poll.csv
                  cohort workshop slots --count 2
                """,
            subcommands: [
                PollCommands.self, Slots.self, Add.self, List.self, Register.self, Attend.self, Reschedule.self,
                Cancel.self, Invite.self, Send.self,
            ])
    }
}

extension Cohort.Workshop {
    struct PollCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "poll",
            abstract: "Import an availability poll.",
            discussion: """
                Examples:
                  cohort workshop poll import data/poll.csv
                """,
            subcommands: [Import.self])

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import (replace) the availability poll from a CSV file.",
                discussion: """
                    Columns: participant,time_zone, then one column per slot named by its ISO 8601 UTC
                    start (2022-02-04T16:00:00Z); cells yes, ifneedbe, no or empty (no). Every bad header,
                    row or cell is reported as FILE: row R, column "C": message, and nothing changes.

                    Examples:
                      cohort workshop poll import data/poll.csv
                      cohort workshop poll import poll-week2.csv --json
                    """)

            @Argument(help: "The poll CSV file.")
            var file: String

            @Option(help: "Who is deciding, for the audit log.")
            var by: String?

            @OptionGroup var options: GlobalOptions

            func run() throws {
                let session = try options.session()
                let poll = try Output.reportingCSVProblems {
                    try session.importPoll(
                        try CSVInput.read(file), audit: options.audit(command: "workshop poll import", by: by))
                }
                if options.output.json {
                    return try Output.json(["participants": poll.participants.count, "slots": poll.slots.count])
                }
                print(
                    "Imported \(file): \(Plural.count(poll.participants.count, "participant")), \(Plural.count(poll.slots.count, "slot"))"
                )
            }
        }
    }

    struct Slots: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose the K poll slots that let the most participants attend at least one.",
            discussion: """
                Maximises, in order: participants covered (yes or ifneedbe in a chosen slot); participants
                with a yes; yes answers over the chosen slots; then fewest participants whose every
                attendable chosen slot is outside 08:00–21:00 their local time; then the earliest slots.
                The optimum is exact (branch and bound). Shows each slot in UTC and in the local time of
                everyone who said yes.
                JSON: {"participants":N,"covered":N,"slots":[{"start":"<ISO UTC>","yes":[..],"ifneedbe":[..]}]}.

                Examples:
                  cohort workshop slots --count 2
                  cohort workshop slots --count 3 --poll poll-draft.csv --json
                """)

        @Option(help: "How many slots to choose.")
        var count: Int

        @Option(help: "Choose from this poll CSV instead of the imported poll (nothing is stored).")
        var poll: String?

        @Option(help: "How long a session lasts, for the 08:00–21:00 local-hours rule (60m, 1h30m).")
        var duration = "60m"

        @Flag(help: .hidden)
        var timing = false

        @OptionGroup var options: GlobalOptions

        func validate() throws {
            guard count >= 1 else { throw ValidationError("--count must be at least 1") }
            guard Minutes.parse(duration) != nil else {
                throw ValidationError(WorkshopError.badDuration(duration).description)
            }
        }

        func run() throws {
            let chosenFrom: Poll
            if let poll {
                chosenFrom = try Output.reportingCSVProblems(nothing: "chosen") {
                    try ProgramSession.readPoll(try CSVInput.read(poll))
                }
            } else {
                chosenFrom = try options.session().storedPoll()
            }
            let hours = SociableHours(duration: Minutes.parse(duration) ?? 60)
            let started = DispatchTime.now().uptimeNanoseconds
            let choice = SlotChooser(poll: chosenFrom, hours: hours).choose(count: count)
            if timing {
                let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                Output.diagnostic(String(format: "search: %d nodes, %.3f ms", choice.nodes, milliseconds))
            }
            let report = SlotReport(poll: chosenFrom, choice: choice, count: count, hours: hours)
            if options.output.json { return try Output.json(report) }
            print(WorkshopText.slots(report, bold: Output.bold))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a workshop session.",
            discussion: """
                The session gets the next number as its id and a calendar UID that never changes.

                Examples:
                  cohort workshop add --title "Pilot office hour" --start 2022-02-04T16:00:00Z --duration 60m --capacity 9 --link https://meet.example.org/el-office-hour
                """)

        @Option(help: "The session's title.")
        var title: String

        @Option(help: "When it starts, an ISO 8601 instant.")
        var start: String

        @Option(help: "How long it lasts (60m, 1h30m).")
        var duration = "60m"

        @Option(help: "How many can register.")
        var capacity: Int

        @Option(help: "Where to join (a video-call URL).")
        var link: String

        @Option(help: "Who is deciding, for the audit log.")
        var by: String?

        @OptionGroup var options: GlobalOptions

        func validate() throws {
            _ = try WorkshopInput.instant(start)
            guard Minutes.parse(duration) != nil else {
                throw ValidationError(WorkshopError.badDuration(duration).description)
            }
            guard capacity >= 1 else { throw ValidationError("--capacity must be at least 1") }
            guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--title is empty; name the session")
            }
        }

        func run() throws {
            let session = try options.session().addSession(
                title: title, start: try WorkshopInput.instant(start), duration: Minutes.parse(duration) ?? 60,
                capacity: capacity, link: link, audit: options.audit(command: "workshop add", by: by))
            if options.output.json { return try Output.json(WorkshopText.Line(session, registered: 0, attended: 0)) }
            print(
                "Added session \(session.id): \(session.title), \(LocalTime.span(session.start, session.end, in: .gmt)) UTC"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List workshop sessions with registrations and attendance.",
            discussion: """
                Examples:
                  cohort workshop list
                  cohort workshop list --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let lines = try options.session().sessionLines().map {
                WorkshopText.Line($0.session, registered: $0.registered, attended: $0.attended)
            }
            if options.output.json { return try Output.json(["sessions": lines]) }
            print(WorkshopText.list(lines))
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a pilot participant for a session.",
            discussion: """
                The participant must be a known sign-up who has not withdrawn; a full or cancelled
                session refuses. Registering twice changes nothing.

                Examples:
                  cohort workshop register 1 ameliaK
                """)

        @Argument(help: "The session id.")
        var session: String

        @Argument(help: "The username.")
        var username: String

        @Option(help: "Who is deciding, for the audit log.")
        var by: String?

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let (registration, added) = try options.session().register(
                username, for: session, audit: options.audit(command: "workshop register", by: by))
            if options.output.json {
                return try Output.json(["session": registration.session, "username": registration.username])
            }
            print(
                added
                    ? "Registered \(username) for session \(session)"
                    : "\(username) was already registered for session \(session)")
        }
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record who attended a session.",
            discussion: """
                Each must be registered; if one is not, nothing is recorded.

                Examples:
                  cohort workshop attend 1 ameliaK ravi.p lena.w
                """)

        @Argument(help: "The session id.")
        var session: String

        @Argument(help: "The usernames of those who attended.")
        var usernames: [String]

        @Option(help: "Who is deciding, for the audit log.")
        var by: String?

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let marked = try options.session().markAttendance(
                usernames, at: session, audit: options.audit(command: "workshop attend", by: by))
            if options.output.json { return try Output.json(["attended": marked.map(\.username)]) }
            print("Session \(session): \(Plural.count(marked.count, "attendance")) recorded")
        }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a session; SEQUENCE rises and everyone registered gets an updated invitation.",
            discussion: """
                Examples:
                  cohort workshop reschedule 2 --start 2022-02-08T17:00:00Z
                """)

        @Argument(help: "The session id.")
        var session: String

        @Option(help: "The new start, an ISO 8601 instant.")
        var start: String

        @Option(help: "Who is deciding, for the audit log.")
        var by: String?

        @OptionGroup var options: GlobalOptions

        func validate() throws { _ = try WorkshopInput.instant(start) }

        func run() throws {
            let workspace = try options.session()
            let queued = try workspace.reschedule(
                session, to: try WorkshopInput.instant(start),
                audit: options.audit(command: "workshop reschedule", by: by), mail: WorkshopInput.mail(workspace))
            try WorkshopInput.report(queued, session: session, in: workspace, json: options.output.json)
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a session; everyone registered gets a cancellation (METHOD:CANCEL).",
            discussion: """
                Examples:
                  cohort workshop cancel 3 --reason "too few could attend"
                """)

        @Argument(help: "The session id.")
        var session: String

        @Option(help: "Why, for the participants and the audit log.")
        var reason: String

        @Option(help: "Who is deciding, for the audit log.")
        var by: String?

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let workspace = try options.session()
            let queued = try workspace.cancelSession(
                session, reason: reason, audit: options.audit(command: "workshop cancel", by: by),
                mail: WorkshopInput.mail(workspace))
            try WorkshopInput.report(queued, session: session, in: workspace, json: options.output.json)
        }
    }

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one personal invitation per registered participant.",
            discussion: """
                Each is a MIME message (.eml) with the time in UTC and in the participant's zone, and a
                text/calendar; method=REQUEST part (ORGANIZER, one ATTENDEE, a stable UID, DTSTAMP,
                SEQUENCE); a cancelled session gets METHOD:CANCEL instead. They are queued in the
                outbox for `cohort workshop send`, and a copy of each is written to
                .cohort/invitations/workshop-ID/USER.seqN.request.eml (mode 0600; never committed:
                they hold personal addresses). Inviting again queues only those not sent this version.

                Examples:
                  cohort workshop invite 1
                  cohort workshop invite 1 --now 2022-02-01T12:00:00Z --json
                """)

        @Argument(help: "The session id.")
        var session: String

        @Option(help: "Who is deciding, for the audit log.")
        var by: String?

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let workspace = try options.session()
            let queued = try workspace.invite(
                session, audit: options.audit(command: "workshop invite", by: by), mail: WorkshopInput.mail(workspace))
            try WorkshopInput.report(queued, session: session, in: workspace, json: options.output.json)
        }
    }
}

extension Cohort.Workshop {
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a session's queued invitations through the outbox, never twice.",
            discussion: """
                Sends the invitations of the session's current version (its SEQUENCE) with the same
                outbox and relay as `announce send`: each is marked as being sent before it goes and
                as sent after the relay's 250, so none goes twice; 4xx replies are retried. Earlier
                versions that were never sent are superseded by the current one. The relay comes
                from channels.mail.smtp.url or --smtp-url, the login from COHORT_SMTP_USER and
                COHORT_SMTP_PASSWORD or .cohort/smtp-credentials.
                Exit codes: 0 all sent; 75 some wait for a retry; 1 some failed or are unknown.

                Examples:
                  cohort workshop send 1 --dry-run
                  cohort workshop send 1 --smtp-url smtp://127.0.0.1:2525 --use-tls none --json
                """)

        @Argument(help: "The session id.") var session: String
        @Flag(help: "Show what would go out; send nothing.") var dryRun = false
        @Option(help: "The relay, e.g. smtp://relay.example.org:587 (default: channels.mail.smtp.url).")
        var smtpURL: String?
        @Option(help: "TLS to the relay: required, opportunistic or none (default: channels.mail.smtp.use_tls).")
        var useTLS: SMTPSecurity?
        @Option(help: "Attempts per message before giving up for this run.") var maxAttempts = 5
        @Option(help: "Seconds before the first retry (doubling after each).") var retryDelay: Double = 5
        @Flag(help: "Send again the messages whose delivery is unknown.") var resendUnknown = false
        @OptionGroup var options: GlobalOptions

        func validate() throws {
            if let smtpURL, URL(string: smtpURL)?.scheme.map({ ["smtp", "smtps"].contains($0) }) != true {
                throw ValidationError("--smtp-url \"\(smtpURL)\" is not an smtp:// or smtps:// address")
            }
            if maxAttempts < 1 { throw ValidationError("--max-attempts must be 1 or more") }
        }

        func run() throws {
            var send = SendOptions()
            send.smtpURL = smtpURL.flatMap(URL.init(string:))
            send.security = useTLS
            send.dryRun = dryRun
            send.resendUnknown = resendUnknown
            send.policy = SendPolicy(maxAttempts: maxAttempts, retryDelay: retryDelay)
            let sender = WorkshopSend(
                session: try options.session(), options: send, environment: ProcessInfo.processInfo.environment)
            let bar = ProgressBar(enabled: !options.output.json)
            let report = try sender.run(
                session, audit: options.audit(command: "workshop send"), progress: { bar.show($0, of: $1) })
            bar.finish()
            try Output.sendReport(report, json: options.output.json)
        }
    }
}

/// Parsing and writing shared by the workshop commands.
enum WorkshopInput {
    static func instant(_ text: String) throws -> Date {
        guard let date = Instant.parse(text), text.count > 10 else {
            throw ValidationError(
                "--start \"\(text)\" is not an ISO 8601 instant; write it like 2022-02-04T16:00:00Z")
        }
        return date
    }

    /// Renders each invitation as a mail message for the outbox.
    static func mail(_ workspace: ProgramSession) -> InvitationMail {
        let replyTo = workspace.program.channels.mail?.replyTo
        return { try WorkshopMail.outboxItem($0, replyTo: replyTo) }
    }

    /// Writes a copy of each queued invitation to `.cohort/invitations/` and reports them.
    static func report(_ queued: [QueuedInvitation], session: String, in workspace: ProgramSession, json: Bool)
        throws
    {
        let files = queued.map { (WorkshopMail.copyPath($0.invitation), $0.message.payload) }
        let written = try workspace.workspace.write(files, under: workspace.workspace.invitationsURL, private: true)
        let method = queued.first.map { WorkshopCalendar.method($0.invitation.kind).rawValue }
        let batch = queued.first?.message.batch
        let fresh = queued.count { $0.queued != .alreadySent && $0.queued != .unchanged(.sent) }
        if json {
            return try Output.json(
                InvitationsWritten(
                    session: session, method: method, sequence: queued.first?.invitation.session.sequence,
                    batch: batch, queued: fresh, alreadySent: queued.count - fresh, files: written))
        }
        guard let method else { return print("Session \(session): nobody is registered; no invitations written") }
        print(
            "Session \(session): \(Plural.count(queued.count, "invitation")) (\(method)) in the outbox; send them with `cohort workshop send \(session)`"
        )
        if fresh < queued.count { print("  \(queued.count - fresh) of them were sent already and are not sent again") }
        print("Copies (private, 0600):")
        for path in written { print("  \(path)") }
    }

    struct InvitationsWritten: Encodable {
        var session: String
        var method: String?
        var sequence: Int?
        var batch: String?
        var queued: Int
        var alreadySent: Int
        var files: [String]

        enum CodingKeys: String, CodingKey {
            case session, method, sequence, batch, queued, files
            case alreadySent = "already_sent"
        }
    }
}
