import ArgumentParser
import CohortCore
import CohortDelivery
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    struct OutboxGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outbox",
            abstract: "List and send what capabilities queued for mail (reminders, offers, invitations).",
            discussion: """
                Every mail Cohort sends goes through the outbox in the records, in batches: \
                announce:<slug>, invite:<session>:<sequence>, remind:<date>, … A message is marked as being \
                sent before it is handed to the relay and as sent after the relay's 250, so it is \
                never sent twice; see `cohort announce send --help` for the relay and its login.

                Examples:
                  cohort outbox list
                  cohort outbox send remind:2022-05-25T00:00:00Z --smtp-url smtp://127.0.0.1:2525 --use-tls none
                """,
            subcommands: [List.self, Send.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every batch in the outbox and where its messages stand.",
                discussion: """
                    Examples:
                      cohort outbox list
                      cohort outbox list --json
                    """)

            @OptionGroup var options: GlobalOptions

            struct Line: Encodable {
                var batch: String
                var counts: [String: Int]
            }

            func run() throws {
                let sender = BatchSend(session: try options.session(), options: SendOptions(), environment: [:])
                let batches = try sender.batches()
                if options.output.json {
                    let lines = batches.map { batch in
                        Line(
                            batch: batch.batch,
                            counts: Dictionary(uniqueKeysWithValues: batch.counts.map { ($0.key.rawValue, $0.value) }))
                    }
                    try Output.json(["batches": lines])
                } else if batches.isEmpty {
                    print("The outbox is empty.")
                } else {
                    let states = OutboxState.allCases
                    var table = TextTable(
                        headers: ["BATCH"] + states.map { $0.rawValue.uppercased() },
                        alignments: [.left] + states.map { _ in .right })
                    for batch in batches {
                        table.append([batch.batch] + states.map { String(batch.counts[$0, default: 0]) })
                    }
                    print(table.render())
                }
            }
        }

        struct Send: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Send the messages queued under one batch.",
                discussion: """
                    Exit codes: 0 all sent; 75 some wait for a retry; 1 some failed or are unknown.

                    Examples:
                      cohort outbox send remind:2022-05-25T00:00:00Z --dry-run
                      cohort outbox send remind:2022-05-25T00:00:00Z --smtp-url smtp://relay.example.org:587
                    """)

            @Argument(help: "The batch, as `cohort outbox list` shows it.") var batch: String
            @OptionGroup var relay: RelayOptions
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let send = relay.sendOptions()
                let sender = BatchSend(
                    session: try options.session(), options: send, environment: ProcessInfo.processInfo.environment)
                let bar = ProgressBar(enabled: !options.output.json)
                let report = try sender.run(
                    batch, audit: options.audit(command: "outbox send"), progress: { bar.show($0, of: $1) })
                bar.finish()
                try Output.sendReport(report, json: options.output.json)
            }
        }
    }
}
