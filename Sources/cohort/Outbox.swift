import ArgumentParser
import CohortKit

extension Cohort {
    struct OutboxGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outbox",
            abstract: "List and send what capabilities queued for mail (reminders, offers, invitations).",
            discussion: """
                Every mail Cohort sends goes through the outbox in the records, in batches: \
                announce:<slug>, invite:<session>:<sequence>, remind:<date>, … A message is \
                claimed (marked as being sent, under the run's id) before it is handed to the \
                relay and marked sent after the relay's 250, so it is never sent twice, even by \
                several senders at once.

                Examples:
                  cohort outbox list
                  cohort outbox send remind:2022-05-25T00:00:00Z \\
                    --smtp-url smtp://127.0.0.1:2525 --use-tls none
                """,
            subcommands: [List.self, Send.self, Requeue.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every batch in the outbox and where its messages stand.",
                discussion: """
                    Examples:
                      cohort outbox list
                      cohort outbox list --json
                    """)

            @OptionGroup var options: GlobalOptions

            func run() throws {
                let batches = try Outbox(options.session()).outboxBatches()
                try Output.show(["batches": batches], json: options.json) { SendText.batches(batches) }
            }
        }

        struct Send: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Send the messages queued under one batch.",
                discussion: """
                    \(sendDiscussion)

                    Examples:
                      cohort outbox send remind:2022-05-25T00:00:00Z --dry-run
                      cohort outbox send remind:2022-05-25T00:00:00Z \\
                        --smtp-url smtp://relay.example.org:587
                    """)

            @Argument(help: "The batch, as `cohort outbox list` shows it.", completion: .workspace(.batches)) var batch:
                String
            @OptionGroup var send: SendFlags
            @OptionGroup var options: DecidingOptions

            func run() throws { try send.run(.batch(batch), command: "outbox send", options: options) }
        }

        struct Requeue: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Queue a batch's failed or unknown messages again, on purpose.",
                discussion: """
                    Messages a relay refused for good (failed-permanent), that ran out of \
                    attempts (failed-temporary) or that may or may not have gone out (unknown) \
                    are never sent again by themselves. After fixing the cause, this puts those \
                    of one state back in the queue (attempts counted from zero), recorded in the \
                    audit log; the next send sends each once.

                    Examples:
                      cohort outbox requeue announce:2022-06-outcome \\
                        --state failed-permanent
                    """)

            @Argument(help: "The batch, as `cohort outbox list` shows it.", completion: .workspace(.batches)) var batch:
                String
            @Option(help: "failed-permanent, failed-temporary or unknown.") var state: String
            @OptionGroup var options: DecidingOptions

            func run() throws {
                let done = try Outbox(options.session()).requeue(
                    batch: batch, state: state, audit: options.audit("outbox requeue"))
                try Output.show(done, json: options.json) { done.text }
            }
        }
    }
}
