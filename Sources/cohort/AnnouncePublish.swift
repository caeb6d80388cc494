import ArgumentParser
import CohortKit
import Foundation

extension Cohort.Announce {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Publish an announcement on Meta-Wiki (a section of the page), the Diff blog (a draft) or Mastodon (the social post).",
            discussion: """
                Meta-Wiki: logs in with a bot password (COHORT_META_USER and \
                COHORT_META_PASSWORD) or an owner-only OAuth token (COHORT_META_TOKEN), reads \
                the page and replaces the announcement's section, or adds it, with maxlag=5 and \
                the edit summary of its front matter; a page that does not exist is refused \
                unless meta.create is true. If someone changed the page since Cohort last saw \
                it, nothing is overwritten: exit 4 with the difference. The same text again \
                changes nothing.

                Diff blog: with an application password (COHORT_BLOG_USER and \
                COHORT_BLOG_PASSWORD) creates the post as a draft (slug, title, content, \
                excerpt, categories and tags by name) or updates the same draft, never a second \
                one; a post edited in WordPress since is a conflict (exit 4) unless --force \
                --reason. Editors publish the draft on the blog.

                Social: with an access token (COHORT_SOCIAL_TOKEN, or a token= line in \
                .cohort/social-credentials) posts social.txt once to the Mastodon account of \
                channels.social.mastodon, with its visibility (default public) and an \
                Idempotency-Key; a run that finds an earlier one interrupted looks for the post \
                among the account's statuses before posting. A rate limit is waited out up to \
                60 s, else exit 75 saying when to try again. Each is recorded in the \
                announcement's lifecycle (`cohort announce status`).

                Lint runs first, --dry-run included: a finding in the channel's output, its \
                source or the record context it was rendered from (a personal address, an \
                enrolled participant's username, a partner's contact, an NDA session's link) \
                refuses with exit 65 before any login, unless --override-lint --reason.

                Examples:
                  cohort announce publish 2022-06-outcome --channel meta --dry-run
                  cohort announce publish 2022-06-outcome --channel blog --json
                  cohort announce publish 2022-06-outcome --channel social
                """)

        @Argument(help: "The announcement's slug.", completion: .workspace(.announcements)) var slug: String
        @Option(help: "meta, blog or social.") var channel: AnnouncementChannel
        @Flag(help: "Show the difference between what is live and what would be published; change nothing.")
        var dryRun = false
        @Flag(help: "Write although the page or post changed behind Cohort's back (needs --reason).") var force = false
        @Flag(help: "Publish although lint found problems in this channel's output (needs --reason).")
        var overrideLint = false
        @Flag(
            help: "Publish without the approvals approvals.announcements asks for (needs --reason and allow_override).")
        var overrideApproval = false
        @Option(help: "Why overwriting or overriding is right (required with --force or --override-lint; audited).")
        var reason: String?
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let report = try Publishing(options.session()).publish(
                slug, on: channel,
                options: PublishOptions(
                    dryRun: dryRun, force: force, reason: reason, overrideLint: overrideLint,
                    overrideApproval: overrideApproval),
                audit: options.audit("announce publish"), environment: ProcessInfo.processInfo.environment)
            try Output.show(report, json: options.json) { report.text }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the plan's sequence: the Meta page, the Diff post, then the mail that links it.",
            discussion: """
                As the plan announces: update the Meta portal page, post on the Diff blog, then, \
                once an editor has published the post, the social post and the follow-up mail \
                that link it. Each \
                step is recorded; running it again goes on where it stopped and does nothing \
                twice. While the post is a draft it stops (exit 75) and says so; --wait keeps \
                checking for that long.

                Examples:
                  cohort announce release 2022-06-outcome
                  cohort announce release 2022-06-outcome --wait 2h --json
                """)

        @Argument(help: "The announcement's slug.", completion: .workspace(.announcements)) var slug: String
        @Option(help: "How long to wait for an editor to publish the post (30m, 2h; default: do not wait).")
        var wait: String?
        @OptionGroup var send: SendFlags
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let bar = ProgressBar(enabled: !options.json)
            let run = try Publishing(options.session()).releaseAnnouncement(
                slug, send: send.options, wait: wait, audit: try options.audit("announce release"),
                environment: ProcessInfo.processInfo.environment, progress: { bar.show($0, of: $1) })
            bar.finish()
            try Output.show(run, json: options.json) { run.text }
            if !run.complete { throw Output.exit(.temporary) }
        }
    }
}
