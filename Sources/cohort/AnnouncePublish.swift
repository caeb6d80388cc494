import ArgumentParser
import CohortKit
import Foundation

extension Cohort.Announce {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish an announcement on Meta-Wiki (a section of the page) or the Diff blog (a draft).",
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
                --reason. Editors publish the draft on the blog. Both are recorded in the \
                announcement's lifecycle (`cohort announce status`).

                Examples:
                  cohort announce publish 2022-06-outcome --channel meta --dry-run
                  cohort announce publish 2022-06-outcome --channel blog --json
                """)

        @Argument(help: "The announcement's slug.", completion: .workspace(.announcements)) var slug: String
        @Option(help: "meta or blog.") var channel: PublishChannel
        @Flag(help: "Show the difference between what is live and what would be published; change nothing.")
        var dryRun = false
        @Flag(help: "Write although the page or post changed behind Cohort's back (needs --reason).") var force = false
        @Option(help: "Why overwriting is right (required with --force; kept in the audit log).") var reason: String?
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let report = try options.session().publish(
                slug, on: channel, options: PublishOptions(dryRun: dryRun, force: force, reason: reason),
                audit: options.audit("announce publish"), environment: ProcessInfo.processInfo.environment)
            try Output.show(report, json: options.json) { report.text }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the plan's sequence: the Meta page, the Diff post, then the mail that links it.",
            discussion: """
                As the plan announces: update the Meta portal page, post on the Diff blog, then \
                send the follow-up mail linking the post, once an editor has published it. Each \
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
            let run = try options.session().releaseAnnouncement(
                slug, send: send.options, wait: wait, audit: try options.audit("announce release"),
                environment: ProcessInfo.processInfo.environment, progress: { bar.show($0, of: $1) })
            bar.finish()
            try Output.show(run, json: options.json) { run.text }
            if !run.complete { throw Output.exit(.temporary) }
        }
    }
}

extension PublishChannel: ExpressibleByArgument {}
