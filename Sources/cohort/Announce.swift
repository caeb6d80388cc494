import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    struct Announce: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an announcement once; render it for Meta-Wiki, the Diff blog and the mailing lists.",
            discussion: """
                An announcement is announcements/<slug>.md: YAML front matter (title, kind, date, \
                channels, and per channel meta.section, blog.url, mail.to, mail.subject) and a \
                CommonMark body that may use template variables such as {{milestone.input-closes.date}}. \
                Rendering writes announcements/<slug>/meta.wiki, blog.html and mail.eml from the \
                templates in templates/ (templates/<kind>/ overrides per kind).

                Examples:
                  cohort announce new delay 2022-05-dashboard-delay
                  cohort announce render --check
                """,
            subcommands: [New.self, Render.self, Lint.self, Show.self, Send.self, Log.self])

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
                let session = try options.session()
                let path = try AnnouncementBuild(session: session).create(
                    kind: kind, slug: slug, today: CivilDate(options.output.clock, in: session.program.timeZone))
                if options.output.json {
                    try Output.json(["file": path])
                } else {
                    print("Wrote \(path); edit it, then run `cohort announce render \(slug)`.")
                }
            }
        }

        struct Render: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Render announcements to announcements/<slug>/meta.wiki, blog.html, mail.eml.",
                discussion: """
                    Renders the named announcements, or all of them. Every problem of every \
                    announcement (an unknown variable, a template error) is reported with its place \
                    and nothing is written. Only files whose contents change are rewritten. \
                    With --check, writes nothing and exits 65 if a committed output is out of date.

                    Examples:
                      cohort announce render
                      cohort announce render 2022-01-call-for-participation --check
                    """)

            @Argument(help: "Announcement slugs (default: all).") var slugs: [String] = []
            @Flag(help: "Write nothing; exit 65 when an output is missing or out of date.") var check = false
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let report = try AnnouncementBuild(session: try options.session()).run(slugs, checkOnly: check)
                if options.output.json {
                    try Output.json(report)
                } else if check {
                    if report.outdated.isEmpty {
                        print("\(Plural.count(report.rendered.count, "announcement")) up to date")
                    }
                } else {
                    print(
                        "Rendered \(Plural.count(report.rendered.count, "announcement")); \(Plural.count(report.written.count, "file")) changed"
                    )
                    for path in report.written { print("  \(path)") }
                }
                if !report.outdated.isEmpty {
                    for path in report.outdated {
                        Output.diagnostic("\(path): out of date; run `cohort announce render` and commit it")
                    }
                    throw ExitCode(FailureKind.problemsFound.exitCode)
                }
            }
        }

        struct Lint: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check announcements before they go public.",
                discussion: """
                    Exits 65 when an announcement names a personal mail address or a private \
                    record in a public channel, states a date the timeline does not have, does not \
                    link the blog post from the mail and the Meta update, or uses an unknown variable.

                    Examples:
                      cohort announce lint
                      cohort announce lint 2022-06-outcome --json
                    """)

            @Argument(help: "Announcement slugs (default: all).") var slugs: [String] = []
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let build = try AnnouncementBuild(session: try options.session())
                let problems: [Diagnostic]
                do {
                    problems = try build.lint(slugs)
                } catch let found as ConfigurationProblems {
                    problems = found.diagnostics
                }
                let report = CheckReport(program: nil, problems: problems)
                if options.output.json { try Output.json(report) }
                guard report.ok else {
                    for problem in problems { Output.diagnostic(problem.description) }
                    Output.diagnostic("\(Plural.count(problems.count, "problem")) found")
                    throw ExitCode(FailureKind.problemsFound.exitCode)
                }
                if !options.output.json {
                    print(
                        "\(Plural.count(slugs.isEmpty ? build.slugs().count : slugs.count, "announcement")): no problems"
                    )
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

            @Argument(help: "The announcement's slug.") var slug: String
            @Option(help: "meta, blog or mail.") var channel: AnnouncementChannel
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let rendered = try AnnouncementBuild(session: try options.session()).render([slug])
                guard let announcement = rendered.first else { return }
                let text: String?
                switch channel {
                case .meta: text = announcement.metaWiki
                case .blog: text = announcement.blogHTML
                case .mail: text = announcement.mailEML
                }
                guard let text else {
                    throw ValidationError(
                        "\(slug) is not told on the \(channel.rawValue) channel; see its front matter")
                }
                if options.output.json {
                    try Output.json(["slug": slug, "channel": channel.rawValue, "text": text])
                } else {
                    print(text, terminator: "")
                }
            }
        }
    }
}

extension AnnouncementChannel: ExpressibleByArgument {}
