import ArgumentParser
import CohortKit

extension Cohort {
    struct Announce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an announcement once; render it for Meta-Wiki, the Diff blog and the mailing lists.",
            discussion: """
                An announcement is announcements/<slug>.md: YAML front matter (title, kind, date, \
                channels, and per channel meta.section, blog.url, mail.to, mail.subject) and a \
                CommonMark body that may use template variables such as \
                {{milestone.input-closes.date}}. Rendering writes announcements/<slug>/meta.wiki, \
                blog.html and mail.eml from the templates in templates/ (templates/<kind>/ \
                overrides per kind).

                Examples:
                  cohort announce new delay 2022-05-dashboard-delay
                  cohort announce render --check
                """,
            subcommands: [
                New.self, Render.self, Lint.self, Show.self, Publish.self, Send.self, Release.self, Log.self,
                Status.self, FollowUp.self, Approve.self,
            ])

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Start an announcement from its kind's skeleton.",
                discussion: """
                    Kinds: call-for-participation, workshop, outcome, delay, release, update. \
                    Writes announcements/<slug>.md with the front matter filled from cohort.yaml.

                    Examples:
                      cohort announce new outcome 2022-06-outcome
                    """)

            @Argument(help: "The kind of announcement.") var kind: String
            @Argument(help: "The slug: lowercase letters, digits and hyphens.") var slug: String
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let created = try AnnouncementDesk(options.session()).newAnnouncement(
                    kind: kind, slug: slug, now: options.now)
                try Output.show(created, json: options.json) { created.text }
            }
        }

        struct Render: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Render announcements to announcements/<slug>/meta.wiki, blog.html, mail.eml.",
                discussion: """
                    Renders the named announcements, or all of them. Every problem of every \
                    announcement (an unknown variable, a template error) is reported with its \
                    place and nothing is written. Only files whose contents change are \
                    rewritten. With --check, writes nothing and exits 65 if a committed output \
                    is out of date.

                    What an announcement draws from the records (feedback figures and themes, \
                    the cohort's fill, partner counts, dates after recorded shifts) comes from \
                    its committed announcements/<slug>/context.json, so every clone renders the \
                    same bytes. The first render captures it; --refresh takes it anew, and \
                    refuses to replace real figures with empty ones.

                    Examples:
                      cohort announce render
                      cohort announce render --refresh 2022-06-outcome
                    """)

            @Argument(help: "Announcement slugs (default: all).", completion: .workspace(.announcements)) var slugs:
                [String] = []
            @Flag(help: "Write nothing; exit 65 when an output is missing or out of date.") var check = false
            @Flag(help: "Take the record context anew from the records (feedback, cohort, partners, dates).")
            var refresh = false
            @OptionGroup var options: GlobalOptions

            func run() throws {
                var build = try AnnouncementBuild(session: try options.session(), now: try options.now)
                build.refresh = refresh
                let report = try build.run(slugs, checkOnly: check)
                try Output.show(report, json: options.json) { report.text(checkOnly: check) }
                report.findings.forEach(Output.diagnostic)
                if !report.ok { throw Output.exit(.problemsFound) }
            }
        }

        struct Lint: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check announcements before they go public.",
                discussion: """
                    Exits 65 when an announcement names a personal mail address or a private \
                    record in a public channel, states a date the timeline does not have, does \
                    not link the blog post from the mail and the Meta update, or uses an unknown \
                    variable.

                    Examples:
                      cohort announce lint
                      cohort announce lint 2022-06-outcome --json
                    """)

            @Argument(help: "Announcement slugs (default: all).", completion: .workspace(.announcements)) var slugs:
                [String] = []
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let lint = try AnnouncementBuild(session: try options.session(), now: try options.now).lintReport(slugs)
                if options.json { try Output.json(lint.report) } else if lint.report.ok { Output.say(lint.text) }
                lint.warnings.map(\.description).forEach(Output.diagnostic)
                guard lint.report.ok else {
                    lint.findings.forEach(Output.diagnostic)
                    throw Output.exit(.problemsFound)
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print one announcement as one channel shows it.",
                discussion: """
                    Examples:
                      cohort announce show 2022-06-outcome --channel meta
                      cohort announce show 2022-06-outcome --channel mail
                    """)

            @Argument(help: "The announcement's slug.", completion: .workspace(.announcements)) var slug: String
            @Option(help: "meta, blog, mail or social.") var channel: AnnouncementChannel
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let shown = try AnnouncementBuild(session: try options.session(), now: try options.now).show(
                    slug, channel: channel)
                if options.json { try Output.json(shown) } else { Output.say(shown.text, terminator: "") }
            }
        }

        struct Send: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Send an announcement's mail to its lists through the outbox, never twice.",
                discussion: """
                    Lint comes first: a personal address in the mail, a missing or unpublished \
                    blog link, a mail.eml out of date with its source or a stale record context \
                    refuses the send (exit 65) and nothing is queued. --override-lint sends \
                    anyway, and the audit log keeps its --reason with every finding overridden. \
                    With approvals.announcements: N in cohort.yaml, the mail goes only once N \
                    people other than the sender (--by) approved its exact content \
                    (`cohort announce approve`); otherwise exit 77. \
                    Each list gets its own message with a stable Message-ID. \(sendDiscussion)

                    Examples:
                      cohort announce send 2022-06-outcome --dry-run
                      cohort announce send 2022-06-outcome --smtp-url smtp://127.0.0.1:2525 \\
                        --use-tls none --test-to me@example.org
                      cohort announce send 2022-06-outcome --rate 5 --json
                    """)

            @Argument(help: "The announcement's slug.", completion: .workspace(.announcements)) var slug: String
            @OptionGroup var send: SendFlags
            @Flag(help: "Send although the blog post the mail links is not published yet.")
            var allowUnpublishedLink = false
            @Flag(help: "Send although lint found problems in the mail (needs --reason).") var overrideLint = false
            @Flag(
                help: "Send without the approvals approvals.announcements asks for (needs --reason and allow_override)."
            )
            var overrideApproval = false
            @Option(help: "Why the findings or approvals are overridden, for the audit log.") var reason: String?
            @OptionGroup var options: DecidingOptions

            func run() throws {
                try send.run(.announcement(slug), command: "announce send", options: options) {
                    $0.allowUnpublishedLink = allowUnpublishedLink
                    $0.overrideLint = overrideLint
                    $0.overrideApproval = overrideApproval
                    $0.reason = reason
                }
            }
        }

        struct Log: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List every delivery of an announcement's mail and where it stands.",
                discussion: """
                    Examples:
                      cohort announce log 2022-06-outcome
                      cohort announce log 2022-06-outcome --json
                    """)

            @Argument(help: "The announcement's slug.", completion: .workspace(.announcements)) var slug: String
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let items = try Publishing(options.session()).deliveries(slug)
                try Output.show(DeliveryLog(items), json: options.json) { SendText.log(items, slug: slug) }
            }
        }
    }
}
