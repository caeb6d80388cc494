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
                """,
            subcommands: [Questions.self])

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
                let open = try options.session().openQuestions(
                    now: try options.now, overdueOnly: overdue, environment: ProcessInfo.processInfo.environment)
                try Output.show(open, json: options.json) { open.text }
            }
        }
    }
}
