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
            let report = try AnnouncementDesk(options.session()).announcementStatus(slug)
            try Output.show(report, json: options.json) { report.text }
        }
    }
}

extension Cohort.Announce {
    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow-up",
            abstract: "Draft an update that tells what changed since an announcement went out.",
            discussion: """
                What went out is never rendered again: when a date moved or a figure changed \
                since, `cohort build` says the announcement would now read differently. This \
                drafts announcements/<today>-<slug>-follow-up.md (kind update) naming each \
                moved date and changed figure with template variables, so the follow-up \
                renders with what holds now. Edit it, render it, and send it like any other.

                Examples:
                  cohort announce follow-up 2022-06-outcome
                  cohort announce follow-up 2022-06-outcome --slug 2022-11-outcome-update
                """)

        @Argument(help: "The announcement that went out.", completion: .workspace(.announcements))
        var original: String
        @Option(help: "The follow-up's slug (default: <today>-<slug>-follow-up).") var slug: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let created = try AnnouncementDesk(options.session()).draftFollowUp(original, slug: slug, now: options.now)
            try Output.show(created, json: options.json) { created.text }
        }
    }
}
