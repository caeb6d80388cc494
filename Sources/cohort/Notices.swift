import ArgumentParser
import CohortKit

extension Cohort {
    struct Notices: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List and send the notices that tell people what was decided about them.",
            discussion: """
                Each decision about a person queues its notice in the same transaction that \
                records it: pilot participants enrolled (with the NDA step), wait-listed (with \
                their place), offered a seat (with the deadline in their own zone), whose offer \
                lapsed, or who withdrew; partners welcomed, entering a stage, or holding a \
                release gate back (`cohort release notify WAVE`); commenters asked to clarify. \
                They come from templates/notices/KIND.txt.mustache, in the person's language \
                when templates/notices/LANG/ has the template, else English. A notice whose \
                decision was undone before it went out is dropped, never sent; a person without \
                a mail address is reported undeliverable.

                Examples:
                  cohort notices list
                  cohort notices send --dry-run
                """,
            subcommands: [List.self, Send.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every notice: whom it is for, its kind and language, where it stands.",
                discussion: """
                    States: pending, sent, failed-temporary, failed-permanent, unknown (from \
                    the outbox), undeliverable (no mail address) and dropped (its decision \
                    was undone before it was sent). No address is ever shown.

                    Examples:
                      cohort notices list
                      cohort notices list --json
                    """)

            @OptionGroup var options: GlobalOptions

            func run() throws {
                let listing = try Notifications(options.session()).noticeListing()
                try Output.show(listing, json: options.json) { listing.text }
            }
        }

        struct Send: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Send every queued notice through the outbox, never twice.",
                discussion: """
                    Notices whose decision was undone since they were queued are dropped \
                    first, and the drop is recorded. \(sendDiscussion)

                    Examples:
                      cohort notices send --dry-run
                      cohort notices send --smtp-url smtp://127.0.0.1:2525 --use-tls none
                    """)

            @OptionGroup var send: SendFlags
            @OptionGroup var options: DecidingOptions

            func run() throws { try send.run(.notices, command: "notices send", options: options) }
        }
    }
}
