import ArgumentParser
import CohortKit

extension Cohort {
    struct Workshop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose office-hour slots from a poll, run sessions, and send calendar invitations.",
            discussion: """
                A poll's slots are UTC instants; each participant has an IANA zone. `slots` \
                chooses the K slots that let the most participants attend at least one — \
                exactly, not greedily. Sessions have a stable calendar UID; a reschedule or a \
                cancellation raises SEQUENCE and queues updated invitations (REQUEST) or \
                cancellations (CANCEL) in the outbox, which `cohort workshop send` sends, with a \
                private copy of each in .cohort/invitations/workshop-ID/.

                Examples:
                  cohort workshop poll import data/poll.csv
                  cohort workshop slots --count 2
                """,
            subcommands: [
                PollCommands.self, Slots.self, Add.self, List.self, Register.self, Unregister.self, Attend.self,
                Reschedule.self,
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
                    Columns: participant,time_zone, then one column per slot named by its ISO \
                    8601 UTC start (2022-02-04T16:00:00Z); cells yes, ifneedbe, no or empty \
                    (no). Every bad header, row or cell is reported as FILE:row R, column "C": \
                    message, and nothing changes, unless --skip-invalid (bad rows are left out). \
                    Each audience (pilot, partners, community) has its own poll; importing one \
                    replaces that audience's poll only.

                    Examples:
                      cohort workshop poll import data/poll.csv
                      cohort workshop poll import community.csv --audience community
                    """)

            @Option(help: "Whose poll it is: pilot (default), partners or community.") var audience: WorkshopAudience =
                .pilot
            @OptionGroup var csv: ImportOptions

            func run() throws { try csv.run(.poll(audience), command: "workshop poll import") }
        }
    }

    struct Slots: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose the K poll slots that let the most participants attend at least one.",
            discussion: """
                Maximises, in order: participants covered (yes or ifneedbe in a chosen slot); \
                participants with a yes; yes answers over the chosen slots; then fewest \
                participants whose every attendable chosen slot is outside 08:00–21:00 their \
                local time; then the earliest slots. The optimum is exact (branch and bound). \
                Shows each slot in UTC and in the local time of everyone who said yes. \
                --audience picks the poll, counting the people who can attend now: for the pilot, \
                the participants enrolled today (someone who withdrew is left out; someone \
                enrolled since the poll counts, without answers); for partners, the partners. \
                A large K can take long: after --time-limit seconds (30 by default) the search \
                stops and shows the best slots found with the most any K slots could cover; on \
                a terminal it shows its progress on stderr.

                JSON: participants, covered, and slots, each with its start (UTC), yes and \
                ifneedbe (usernames), and the local times of the yes; optimal and \
                coverage_bound say whether the search finished.

                Examples:
                  cohort workshop slots --count 2
                  cohort workshop slots --count 3 --audience community --json
                """)

        @Option(help: "How many slots to choose.") var count: Int
        @Option(help: "Whose poll: pilot (default), partners or community.") var audience: WorkshopAudience = .pilot
        @Option(help: "Choose from this poll CSV instead of the imported poll (nothing is stored).") var poll: String?
        @Option(help: "How long a session lasts, for the 08:00–21:00 local-hours rule (60m, 1h30m).")
        var duration = "60m"
        @Option(help: "Stop the search after this many seconds and show the best found.") var timeLimit = 30.0
        @Flag(help: .hidden) var timing = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let line = ProgressLine()
            let chosen = try WorkshopPlanning(options.session()).chooseSlots(
                count: count, pollFile: poll, duration: duration, audience: audience, timeLimit: timeLimit
            ) { progress, elapsed in
                line.show(SlotsChosen.progressLine(progress, elapsed: elapsed), after: elapsed)
            }
            line.finish()
            if timing { Output.diagnostic(chosen.timing) }
            if let note = chosen.stoppedNote { Output.notes.append(note) }
            try Output.show(chosen.report, json: options.json) { WorkshopText.slots(chosen.report, bold: Output.bold) }
        }
    }

    struct Reschedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a session; SEQUENCE rises and everyone registered gets an updated invitation.",
            discussion: """
                Examples:
                  cohort workshop reschedule 2 --start 2022-02-08T17:00:00Z
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @Option(help: "The new start, an ISO 8601 instant.") var start: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            try invitations(.reschedule(start: start), session, options, command: "workshop reschedule")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a session not yet held; whoever was invited gets a cancellation (METHOD:CANCEL).",
            discussion: """
                Examples:
                  cohort workshop cancel 3 --reason "too few could attend"
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @Option(help: "Why, for the participants and the audit log.") var reason: String
        @OptionGroup var options: DecidingOptions

        func run() throws { try invitations(.cancel(reason: reason), session, options, command: "workshop cancel") }
    }

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one personal invitation per registered participant.",
            discussion: """
                Each is a MIME message (.eml) with the time in UTC and in the participant's \
                zone, and a text/calendar; method=REQUEST part (ORGANIZER, one ATTENDEE, a \
                stable UID, DTSTAMP, SEQUENCE); a cancelled session gets METHOD:CANCEL instead. \
                They are queued in the outbox for `cohort workshop send`, and a copy of each is \
                written to .cohort/invitations/workshop-ID/USER.seqN.request.eml (mode 0600; \
                never committed: they hold personal addresses). Inviting again queues only \
                those not sent this version.

                Examples:
                  cohort workshop invite 1
                  cohort workshop invite 1 --now 2022-02-01T12:00:00Z --json
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @OptionGroup var options: DecidingOptions

        func run() throws { try invitations(.invite, session, options, command: "workshop invite") }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a session's queued invitations through the outbox, never twice.",
            discussion: """
                Sends the invitations of the session's current version (its SEQUENCE); earlier \
                versions never sent are superseded by it. \(sendDiscussion)

                Examples:
                  cohort workshop send 1 --dry-run
                  cohort workshop send 1 --smtp-url smtp://127.0.0.1:2525 --use-tls none --json
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @OptionGroup var send: SendFlags
        @OptionGroup var options: DecidingOptions

        func run() throws { try send.run(.workshop(session), command: "workshop send", options: options) }
    }
}

/// Queues a session's invitations after `change` and prints what was written.
private func invitations(
    _ change: WorkshopPlanning.InvitationChange, _ session: String, _ options: DecidingOptions, command: String
) throws {
    let written = try WorkshopPlanning(options.session()).changeInvitations(
        change, session: session, audit: options.audit(command))
    try Output.show(written, json: options.json) { written.text }
}
