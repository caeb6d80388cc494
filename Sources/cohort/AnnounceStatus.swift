import ArgumentParser
import CohortKit

extension Cohort.Announce {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where each channel of each announcement stands: draft, ready, sent or published.",
            discussion: """
                A channel is ready when its committed output is up to date and lint finds \
                nothing; sent (mail) or published (Meta-Wiki, the blog, the social post) once \
                it went out, with the time, who did it, the SHA-256 of exactly what went out \
                and what the destination said (a revision, a post, the outbox batch). What \
                went out is kept in the records as history and never rewritten.

                Examples:
                  cohort announce status
                  cohort announce status 2022-06-outcome --json
                """)

        @Argument(help: "An announcement's slug (default: all).", completion: .workspace(.announcements))
        var slug: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let report = try options.session().announcementStatus(slug)
            try Output.show(report, json: options.json) { report.text }
        }
    }
}
