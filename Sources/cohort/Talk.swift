import ArgumentParser
import CohortKit
import Foundation

extension Cohort {
    /// `cohort talk`: the consultation's talk page, read back.
    struct Talk: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the consultation's talk page: the questions waiting for staff.",
            discussion: """
                The plan promises a response to questions on the central talk page daily during \
                working days of the consultation. The talk page is channels.meta.talk \
                (default: Talk: and channels.meta.page), its questions section \
                channels.meta.questions (default: Q&A), and staff are channels.meta.staff and \
                the account Cohort logs in as.

                Examples:
                  cohort talk questions
                  cohort talk questions --now 2022-02-14T09:00:00Z --json
                  cohort talk reply t-1a2b3c4d --text "It opens in June." --by Rosa
                """,
            subcommands: [Questions.self, Digest.self, Reply.self])

        struct Digest: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mail program.contact the day's digest of the questions waiting for staff.",
                discussion: """
                    Without --send it prints the digest as it would go out and records nothing. \
                    With --send it queues it in the outbox for program.contact, at most once a \
                    day: the batch is digest:DATE, the date in the program's zone, so a second \
                    run that day queues nothing new, and with no question waiting nothing is \
                    queued. `cohort notices send` delivers it. --send also records the counts \
                    read (unanswered, overdue, when), which `status` and `report` show without \
                    asking the wiki; --dry-run says what --send would do and records nothing. \
                    The text is templates/notices/digest.txt.mustache (built in by default).

                    Examples:
                      cohort talk digest --now 2022-02-23T18:00:00Z
                      cohort talk digest --send --by Rosa --json
                    """)

            @Flag(help: "Queue the digest in the outbox (once a day) and record the counts.") var send = false
            @Flag(help: "With --send: say what would be queued; record nothing.") var dryRun = false
            @OptionGroup var options: DecidingOptions

            func run() throws {
                let session = try options.session()
                let environment = ProcessInfo.processInfo.environment
                let digest =
                    send
                    ? try TalkPageDesk(session).sendTalkDigest(
                        audit: try options.audit("talk digest"), dryRun: dryRun, environment: environment)
                    : try TalkPageDesk(session).talkDigest(now: try options.now, environment: environment)
                try Output.show(digest, json: options.json) { digest.text }
            }
        }

        struct Reply: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Answer a question on the talk page: an indented, signed reply in its thread.",
                discussion: """
                    THREAD is an id that `talk questions` prints, or the heading of a question's \
                    own subsection. The reply is saved with action=edit on the thread's section \
                    and basetimestamp: if the page changed meanwhile, nothing is written and the \
                    command exits 4. A reply whose text is in the thread already is not posted \
                    again, so running it twice (or after a crash) posts it once.

                    Examples:
                      cohort talk reply t-1a2b3c4d --text "It opens in June." --by Rosa
                      cohort talk reply "Dashboard dates" --file answer.txt --by Rosa --json
                    """)

            @Argument(help: "The thread: its id, or its subsection's heading.") var thread: String
            @Option(help: "The reply's text.") var text: String?
            @Option(help: "A file holding the reply's text (UTF-8).") var file: String?
            @OptionGroup var options: DecidingOptions

            func validate() throws {
                guard (text == nil) != (file == nil) else { throw ValidationError("pass either --text or --file") }
            }

            func run() throws {
                let reply = try text ?? TextFile.read(URL(fileURLWithPath: file ?? ""), as: file ?? "")
                let session = try options.session()
                let audit = try options.audit("talk reply")
                let done = try TalkPageDesk(session).replyOnTalkPage(
                    thread: thread, reply: reply, by: audit.actor, audit: audit,
                    environment: ProcessInfo.processInfo.environment)
                try Output.show(done, json: options.json) { done.text }
            }
        }

        struct Questions: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the questions whose last comment is not by staff, with their age in working days.",
                discussion: """
                    A thread is a comment in the questions section and the replies indented \
                    under it; it waits for staff when its last signed comment is someone \
                    else's. Age counts working days in the program's zone: \
                    channels.meta.working_days (default Monday to Friday), less \
                    channels.meta.holidays (dates, or an .ics file), and only inside \
                    channels.meta.answer_period when it is set. A question is overdue when a \
                    whole working day went by after the day it was written, unanswered.

                    Examples:
                      cohort talk questions
                      cohort talk questions --overdue --json
                    """)

            @OptionGroup var options: GlobalOptions
            @Flag(help: "List only the questions that are overdue.") var overdue = false

            func run() throws {
                let open = try TalkPageDesk(options.session()).openQuestions(
                    now: try options.now, overdueOnly: overdue, environment: ProcessInfo.processInfo.environment)
                try Output.show(open, json: options.json) { open.text }
            }
        }
    }
}
