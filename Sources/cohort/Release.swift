import ArgumentParser
import CohortKit

extension Cohort {
    /// `cohort release`: the staggered release of the dashboard, wave by wave.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan, explain, approve, open, pause, resume and slip release waves.",
            discussion: """
                Each wave has a date and gates: not_before: DATE, after: {wave, lag}, nda: \
                signed (every enrolled pilot member signed), onboarded: STAGE (every partner of \
                the wave has reached the stage; explain names those holding it back and their \
                overdue items) and approval: NAME. A wave opens only when every gate holds, or \
                with --override --reason, which is recorded.

                Examples:
                  cohort release plan --now 2022-05-20T00:00:00Z
                  cohort release explain partners
                  cohort release slip public --to 2023-H1 --reason "Pipeline migration"
                """,
            subcommands: [
                Plan.self, Explain.self, Approve.self, Open.self, WaveCommand<Pause>.self, WaveCommand<Resume>.self,
                Slip.self, Notify.self,
            ],
            defaultSubcommand: Plan.self)

        struct Plan: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Each wave's date, precision, status and what blocks it.",
                discussion: """
                    Status is open, paused, ready (every gate holds) or blocked. --json prints \
                    {"waves":[{"id","date","precision","status","blocked_by",...}]}.

                    Examples:
                      cohort release plan
                      cohort release plan --now 2022-07-01T00:00:00Z --json
                    """)

            @OptionGroup var options: GlobalOptions

            func run() throws {
                let plan = try TimelinePlanning(options.session()).releasePlan(now: options.now)
                try Output.show(plan, json: options.json) { ReleaseText.plan(plan) }
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

            @Argument(help: "The wave.", completion: .workspace(.waves)) var wave: String
            @OptionGroup var options: GlobalOptions

            func run() throws {
                try show(try TimelinePlanning(options.session()).explainWave(wave, now: options.now), options)
            }
        }

        struct Notify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Tell each partner holding a wave's onboarding gate back what is still to do.",
                discussion: """
                    One notice per partner of the wave that has not reached the stage its \
                    onboarded: gate waits for: the stage it is at and the items still open, with \
                    their due dates in the contact's zone. Queued in the outbox (`cohort notices \
                    send`), once per partner and stage.

                    Examples:
                      cohort release notify partners --by "Rosa Quintero"
                    """)

            @Argument(help: "The wave.", completion: .workspace(.waves)) var wave: String
            @OptionGroup var options: DecidingOptions

            func run() throws {
                let told = try PartnerOnboarding(options.session()).notifyHoldingBack(
                    wave, audit: options.audit("release notify"))
                try Output.show(told, json: options.json) { told.text }
            }
        }

        struct Approve: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record an approval of a wave by the person its approval gate names.",
                discussion: """
                    Examples:
                      cohort release approve partners --by "Rosa Quintero"
                    """)

            @Argument(help: "The wave.", completion: .workspace(.waves)) var wave: String
            @Option(help: "Why, for the audit log.") var reason = ""
            @OptionGroup var options: DecidingOptions

            func run() throws {
                // The approver is whoever decides: --by, else COHORT_ACTOR; the gate names who may.
                try change(.approve, wave, reason: reason, options, command: "release approve")
            }
        }

        struct Open: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Open a wave; refused while a gate fails unless --override --reason.",
                discussion: """
                    An override is recorded with who overrode which gates and why.

                    Examples:
                      cohort release open pilot --now 2022-02-15T00:00:00Z
                      cohort release open partners --override --reason "Board decision" \\
                        --by "Rosa Quintero"
                    """)

            @Argument(help: "The wave.", completion: .workspace(.waves)) var wave: String
            @Flag(help: "Open even though gates fail (needs --reason).") var override = false
            @Option(help: "Why (required with --override).") var reason = ""
            @OptionGroup var options: DecidingOptions

            func run() throws {
                try change(.open, wave, reason: reason, override: override, options, command: "release open")
            }
        }

        struct Slip: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Move a wave and its dependants, list stale announcements, draft the delay notice.",
                discussion: """
                    Shifts the wave like `cohort timeline shift` and drafts \
                    announcements/<date>-<wave>-delay.md (kind delay) naming the old and new \
                    dates at their precision and the reason. Write a half-year as 2022-H2.

                    Examples:
                      cohort release slip public --to 2023-H1 --reason "Pipeline migration"
                      cohort release slip partners --delay 4w --reason "Onboarding takes longer"
                    """)

            @Argument(help: "The wave.", completion: .workspace(.waves)) var wave: String
            @OptionGroup var move: MoveOptions
            @OptionGroup var options: DecidingOptions

            func run() throws {
                let report = try TimelinePlanning(options.session()).slipWave(
                    wave, to: move.to, delay: move.delay, reason: move.reason, audit: options.audit("release slip"))
                try Output.show(report, json: options.json) { report.text }
            }
        }
    }
}

/// A change of an open wave's state that needs only the wave, why and who: pause, resume.
protocol WaveAction {
    static var action: ReleaseEvent.Action { get }
    static var configuration: CommandConfiguration { get }
}

/// `release pause` and `release resume`: one command, told apart by its action.
struct WaveCommand<Action: WaveAction>: ParsableCommand {
    static var configuration: CommandConfiguration { Action.configuration }

    @Argument(help: "The wave.", completion: .workspace(.waves)) var wave: String
    @Option(help: "Why, for the audit log.") var reason: String
    @OptionGroup var options: DecidingOptions

    func run() throws {
        try change(Action.action, wave, reason: reason, options, command: "release \(Action.action.rawValue)")
    }
}

enum Pause: WaveAction {
    static let action = ReleaseEvent.Action.pause
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause an open wave.",
        discussion: """
            Examples:
              cohort release pause pilot --reason "Data issue found"
            """)
}

enum Resume: WaveAction {
    static let action = ReleaseEvent.Action.resume
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused wave.",
        discussion: """
            Examples:
              cohort release resume pilot --reason "Data issue fixed"
            """)
}

/// Records `action` on `wave` and prints the wave as it now stands.
private func change(
    _ action: ReleaseEvent.Action, _ wave: String, reason: String, override: Bool = false,
    _ options: DecidingOptions, command: String
) throws {
    let audit = try options.audit(command)
    let change = try TimelinePlanning(options.session()).changeWave(
        action, wave: wave, by: action == .approve ? audit.actor : options.by, reason: reason, override: override,
        audit: audit)
    try show(change.wave, options.global)
    if !options.global.json, let told = change.notices.text { Output.say(told) }
}

/// Prints one wave's gates.
private func show(_ wave: WavePlan, _ options: GlobalOptions) throws {
    try Output.show(wave, json: options.json) { ReleaseText.explain(wave) }
}
