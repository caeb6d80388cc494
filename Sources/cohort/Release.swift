import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    /// `cohort release`: the staggered release of the dashboard, wave by wave.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan, explain, approve, open, pause, resume and slip release waves.",
            discussion: """
                Each wave has a date and gates: not_before: DATE, after: {wave, lag}, nda: signed (every
                enrolled pilot member signed), onboarded: STAGE (every partner of the wave has reached the
                stage; explain names those holding it back and their overdue items) and approval: NAME. A wave opens only
                when every gate holds, or with --override --reason, which is recorded.

                Examples:
                  cohort release plan --now 2022-05-20T00:00:00Z
                  cohort release explain partners
                  cohort release slip public --to 2023-H1 --reason "Pipeline migration"
                """,
            subcommands: [Plan.self, Explain.self, Approve.self, Open.self, Pause.self, Resume.self, Slip.self],
            defaultSubcommand: Plan.self)

        struct Plan: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Each wave's date, precision, status and what blocks it.",
                discussion: """
                    Status is open, paused, ready (every gate holds) or blocked. --json prints
                    {"waves":[{"id","date","precision","status","blocked_by",...}]}.

                    Examples:
                      cohort release plan
                      cohort release plan --now 2022-07-01T00:00:00Z --json
                    """)

            @OptionGroup var options: GlobalOptions

            func run() throws {
                let plan = try options.session().releasePlan(now: options.output.clock)
                if options.output.json { return try Output.json(plan) }
                print(ReleaseText.plan(plan))
            }
        }

        struct Explain: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Each gate of a wave: holds or fails, why, and who holds it back.",
                discussion: """
                    Examples:
                      cohort release explain pilot
                      cohort release explain partners --json
                    """)

            @Argument(help: "The wave.") var wave: String
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let session = try options.session()
                let plan = try session.releasePlan(now: options.output.clock)
                guard let wave = plan[wave] else {
                    throw ReleaseError.unknownWave(wave, known: plan.waves.map(\.id))
                }
                if options.output.json { return try Output.json(wave) }
                print(ReleaseText.explain(wave))
            }
        }

        struct Approve: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record an approval of a wave by the person its approval gate names.",
                discussion: """
                    Examples:
                      cohort release approve partners --by "Rosa Quintero"
                    """)

            @Argument(help: "The wave.") var wave: String
            @Option(help: "Who approves; must be the name in the wave's approval gate.") var by: String
            @Option(help: "Why, for the audit log.") var reason = ""
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let plan = try options.session().release(
                    .approve, wave: wave, by: by, reason: reason,
                    audit: options.audit(command: "release approve", by: by))
                try report(plan, options)
            }
        }

        struct Open: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open a wave; refused while a gate fails unless --override --reason.",
                discussion: """
                    An override is recorded with who overrode which gates and why.

                    Examples:
                      cohort release open pilot --now 2022-02-15T00:00:00Z
                      cohort release open partners --override --reason "Board decision" --by "Rosa Quintero"
                    """)

            @Argument(help: "The wave.") var wave: String
            @Flag(help: "Open even though gates fail (needs --reason).") var override = false
            @Option(help: "Why (required with --override).") var reason = ""
            @Option(help: "Who decides (default: COHORT_ACTOR or the user).") var by: String?
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let plan = try options.session().release(
                    .open, wave: wave, by: by, reason: reason, override: override,
                    audit: options.audit(command: "release open", by: by))
                try report(plan, options)
            }
        }

        struct Pause: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Pause an open wave.",
                discussion: """
                    Examples:
                      cohort release pause pilot --reason "Data issue found"
                    """)

            @Argument(help: "The wave.") var wave: String
            @Option(help: "Why.") var reason: String
            @Option(help: "Who decides (default: COHORT_ACTOR or the user).") var by: String?
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let plan = try options.session().release(
                    .pause, wave: wave, by: by, reason: reason, audit: options.audit(command: "release pause", by: by))
                try report(plan, options)
            }
        }

        struct Resume: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Resume a paused wave.",
                discussion: """
                    Examples:
                      cohort release resume pilot --reason "Data issue fixed"
                    """)

            @Argument(help: "The wave.") var wave: String
            @Option(help: "Why.") var reason: String
            @Option(help: "Who decides (default: COHORT_ACTOR or the user).") var by: String?
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let plan = try options.session().release(
                    .resume, wave: wave, by: by, reason: reason, audit: options.audit(command: "release resume", by: by)
                )
                try report(plan, options)
            }
        }

        struct Slip: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Move a wave and its dependants, list stale announcements, draft the delay notice.",
                discussion: """
                    Shifts the wave like `cohort timeline shift` and drafts
                    announcements/<date>-<wave>-delay.md (kind delay) naming the old and new dates at
                    their precision and the reason. Write a half-year as 2022-H2.

                    Examples:
                      cohort release slip public --to 2023-H1 --reason "Pipeline migration" --now 2022-11-20T00:00:00Z
                      cohort release slip partners --by 4w --reason "Onboarding takes longer"
                    """)

            @Argument(help: "The wave.") var wave: String
            @Option(help: "The new date (2022-H2, 2022-Q3, 2022-09, 2022-09-15).") var to: String?
            @Option(help: "How far to move it (14d, 2w).") var by: String?
            @Option(help: "Why it slipped; goes into the audit log and the delay notice.") var reason: String
            @Option(name: .customLong("actor"), help: "Who decided (default: COHORT_ACTOR or the user).")
            var actor: String?
            @OptionGroup var options: GlobalOptions

            func validate() throws {
                guard (to == nil) != (by == nil) else {
                    throw ValidationError("give one of --to DATE or --by DURATION")
                }
            }

            func run() throws {
                let request = try ShiftOptions.request(to: to, by: by)
                let report = try ReleaseSlip(session: try options.session()).run(
                    wave, request, reason: reason, audit: options.audit(command: "release slip", by: actor))
                if options.output.json { return try Output.json(report) }
                print(TimelineText.shift(report))
            }
        }
    }
}

/// Prints a wave after a release command changed it.
private func report(_ wave: WavePlan, _ options: GlobalOptions) throws {
    if options.output.json { return try Output.json(wave) }
    print(ReleaseText.explain(wave))
}
