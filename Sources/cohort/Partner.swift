import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    /// `cohort partner`: partners through onboarding stages, checklists, a funnel and reminders.
    struct Partner: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Onboard partners stage by stage, with checklists, due dates, a funnel and reminders.",
            discussion: """
                Stages default to invited, nda-signed, technical-onboarding, strategic-onboarding,
                ready, access-granted; onboarding.stages in cohort.yaml renames or adds them, each with
                checklist items due a lag after the stage is entered. Every move and tick is dated by
                --now, attributed by --by and kept in the audit log. Contact addresses are personal
                data: they are used for reminders and never printed.

                Examples:
                  cohort partner import data/partners.csv --now 2022-05-02T09:00:00Z
                  cohort partner advance wm-ke nda-signed --by "Rosa Quintero"
                  cohort partner list --overdue --json
                """,
            subcommands: [
                Import.self, Add.self, Show.self, Advance.self, Check.self, List.self, Funnel.self, Due.self,
                Remind.self,
            ])
    }
}

extension Cohort.Partner {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import partners from a CSV file.",
            discussion: """
                Columns: id,name,kind,region,contact_name,contact_email,time_zone,wave (kind affiliate, hub
                or organisation; wave a release wave of cohort.yaml). Every bad cell is reported as
                FILE: row R, column "C": message and nothing is imported. Importing again is idempotent
                by id: known partners are updated and keep their history; new ones enter the first
                stage at --now.

                Examples:
                  cohort partner import data/partners.csv
                  cohort partner import partners.csv --now 2022-05-02T09:00:00Z --json
                """)

        @Argument(help: "The partners CSV file.") var file: String
        @Option(help: "Who is importing, for the audit log (default: COHORT_ACTOR or the user).") var by: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let session = try options.session()
            let report = try Output.reportingCSVProblems {
                try session.importPartners(
                    try CSVInput.read(file), audit: options.audit(command: "partner import", by: by))
            }
            if options.output.json { return try Output.json(report) }
            print(
                "Imported \(file): \(report.added.count) added, \(report.updated.count) updated, \(report.unchanged.count) unchanged"
            )
            for change in report.updated { print("  \(change.id): \(change.columns.joined(separator: ", ")) changed") }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add one partner; it enters the first stage at --now.",
            discussion: """
                Examples:
                  cohort partner add wm-gh --name "Wikimedia Ghana (example)" --kind affiliate --region Africa \\
                    --contact-name "Kofi Mensah" --contact-email kofi@example.org --time-zone Africa/Accra --wave partners
                """)

        @Argument(help: "A short id: lowercase letters, digits and hyphens.") var id: String
        @Option(help: "The partner's name.") var name: String
        @Option(help: "affiliate, hub or organisation.") var kind: String
        @Option(help: "The region it works in.") var region = ""
        @Option(help: "The contact person's name.") var contactName = ""
        @Option(help: "The contact's address (personal data; used for reminders only).") var contactEmail: String
        @Option(help: "The contact's IANA time zone.") var timeZone: String
        @Option(help: "The release wave that gives it access.") var wave: String
        @Option(help: "Who is adding it, for the audit log.") var by: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let partner = CohortCore.Partner(
                id: id, name: name, kind: CohortCore.Partner.Kind(rawValue: kind.lowercased()) ?? .organisation,
                region: region, contactName: contactName, contactEmail: contactEmail, timeZone: timeZone, wave: wave)
            if CohortCore.Partner.Kind(rawValue: kind.lowercased()) == nil {
                throw ValidationError("--kind \"\(kind)\" is not a kind; write affiliate, hub or organisation")
            }
            let progress = try options.session().addPartner(
                partner, audit: options.audit(command: "partner add", by: by))
            try PartnerOutput.show(progress, options)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One partner: its stage, checklist with due dates, projected dates and history.",
            discussion: """
                Examples:
                  cohort partner show wm-ke
                  cohort partner show wm-ke --now 2022-06-01T00:00:00Z --json
                """)

        @Argument(help: "The partner id.") var id: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            try PartnerOutput.show(try options.session().partnerProgress(id), options)
        }
    }

    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a partner to another stage: forward one at a time, or with --skip or --back and a reason.",
            discussion: """
                A stage with unticked checklist items cannot be left unless --force --reason. Due dates
                of the new stage count from --now, so a stage entered late moves everything after it.

                Examples:
                  cohort partner advance wm-ke nda-signed --by "Rosa Quintero" --note "NDA countersigned"
                  cohort partner advance esap ready --skip --reason "Onboarded in the 2021 pilot" --by "Rosa Quintero"
                  cohort partner advance wm-ke nda-signed --back --reason "NDA sent to the wrong contact" --by "Rosa Quintero"
                """)

        @Argument(help: "The partner id.") var id: String
        @Argument(help: "The stage to move to.") var stage: String
        @Option(help: "Who decides (recorded).") var by: String
        @Option(help: "A note for the history.") var note = ""
        @Flag(help: "Pass over stages (needs --reason).") var skip = false
        @Flag(help: "Go back to an earlier stage (needs --reason).") var back = false
        @Flag(help: "Leave a stage with unticked items (needs --reason).") var force = false
        @Option(help: "Why: required with --skip, --back and --force.") var reason = ""
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let (step, progress) = try options.session().advancePartner(
                id,
                Onboarding.MoveRequest(
                    stage: stage, skip: skip, back: back, force: force, reason: reason, note: note),
                audit: options.audit(command: "partner advance", by: by))
            if options.output.json { return try Output.json(PartnerOutput.Detail(progress, now: options.output.clock)) }
            print("\(id): \(step.from ?? "") → \(step.to) (\(step.move.rawValue)\(step.forced ? ", forced" : ""))")
            for item in progress.items { print("  \(item.id) due \(Instant.format(item.due))") }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tick one checklist item of a partner.",
            discussion: """
                Ticking an item twice changes nothing. Items of stages the partner has not reached are refused.

                Examples:
                  cohort partner check wm-ke account-access --by "Jonas Lindqvist"
                """)

        @Argument(help: "The partner id.") var id: String
        @Argument(help: "The checklist item id.") var item: String
        @Option(help: "Who ticks it (recorded).") var by: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let (ticked, progress) = try options.session().checkPartnerItem(
                id, item: item, audit: options.audit(command: "partner check", by: by))
            if options.output.json { return try Output.json(PartnerOutput.Detail(progress, now: options.output.clock)) }
            print(ticked ? "\(id): ticked \(item)" : "\(id): \(item) was ticked already; nothing changed")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Partners with their stage, wave and overdue items.",
            discussion: """
                --json prints {"partners":[{"id","stage","wave","overdue":[item ids]}]}.

                Examples:
                  cohort partner list --stage technical-onboarding
                  cohort partner list --wave partners --overdue --now 2022-06-01T00:00:00Z --json
                """)

        @Option(help: "Only partners at this stage.") var stage: String?
        @Option(help: "Only partners of this wave.") var wave: String?
        @Flag(help: "Only partners with overdue items.") var overdue = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let session = try options.session()
            let now = options.output.clock
            if let stage, session.program.onboarding.index(of: stage) == nil {
                throw OnboardingError.unknownStage(stage, known: session.program.onboarding.stageIDs)
            }
            if let wave, !session.program.waves.contains(where: { $0.id == wave }) {
                throw ReleaseError.unknownWave(wave, known: session.program.waves.map(\.id))
            }
            let partners = try session.partnerProgress().filter {
                (stage == nil || $0.stage == stage) && (wave == nil || $0.partner.wave == wave)
                    && (!overdue || !$0.overdue(at: now).isEmpty)
            }
            if options.output.json {
                return try Output.json(
                    PartnerOutput.Listing(partners: partners.map { PartnerOutput.Line($0, now: now) }))
            }
            print(PartnerText.list(partners, now: now))
        }
    }

    struct Funnel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Partners per stage, conversion, median and 90th-percentile days per stage, overdue counts.",
            discussion: """
                Days count completed stays (from entering a stage to the next move). --json prints
                {"stages":[{"stage","count","reached","conversion","median_days","p90_days","overdue"}],"overdue":n}.

                Examples:
                  cohort partner funnel
                  cohort partner funnel --now 2022-06-01T00:00:00Z --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let session = try options.session()
            let funnel = PartnerFunnel.make(
                try session.partnerProgress(), rules: session.program.onboarding, now: options.output.clock)
            if options.output.json { return try Output.json(funnel) }
            print(PartnerText.funnel(funnel))
        }
    }

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Checklist items due soon (and overdue), and whose they are.",
            discussion: """
                Examples:
                  cohort partner due
                  cohort partner due --within 14d --now 2022-05-20T00:00:00Z --json
                """)

        @Option(help: "How far ahead to look (7d, 2w).") var within = "7d"
        @OptionGroup var options: GlobalOptions

        func run() throws {
            guard let lag = Lag(within) else { throw OnboardingError.badDuration(within) }
            let items = DueItem.list(try options.session().partnerProgress(), now: options.output.clock, within: lag)
            if options.output.json { return try Output.json(["due": items]) }
            print(PartnerText.due(items, within: lag))
        }
    }

    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue one reminder mail per partner contact with overdue items.",
            discussion: """
                The mail is rendered from templates/reminder.txt.mustache (a built-in text when it is
                missing) and queued in the outbox; an item is not reminded of again within
                onboarding.reminder_interval (default 7d). --dry-run lists what would be queued and
                changes nothing. Addresses are never printed.

                Examples:
                  cohort partner remind --dry-run --now 2022-06-01T00:00:00Z
                  cohort partner remind --json
                """)

        @Flag(help: "List the reminders; queue nothing, record nothing.") var dryRun = false
        @Option(help: "Who sends them, for the audit log.") var by: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let session = try options.session()
            let now = options.output.clock
            let template = try? session.workspace.readText("templates/reminder.txt.mustache")
            let queued = try session.remindPartners(
                dryRun: dryRun, audit: options.audit(command: "partner remind", by: by),
                mail: { try ReminderMailer.outboxItem($0, program: session.program, template: template, now: now) })
            let lines = queued.map { PartnerOutput.ReminderLine($0) }
            if options.output.json {
                return try Output.json(
                    PartnerOutput.Reminders(dryRun: dryRun, batch: ReminderMailer.batch(at: now), reminders: lines))
            }
            guard !lines.isEmpty else { return print("No reminders due") }
            print(
                dryRun
                    ? "Would queue \(Plural.count(lines.count, "reminder")) (dry run; nothing changed):"
                    : "Queued \(Plural.count(lines.count, "reminder")) in outbox batch \(ReminderMailer.batch(at: now)):"
            )
            for line in lines { print("  \(line.partner): \(line.items.joined(separator: ", "))") }
        }
    }
}

/// JSON shapes and printing shared by the partner commands; never with contact addresses.
enum PartnerOutput {
    static func show(_ progress: PartnerProgress, _ options: GlobalOptions) throws {
        if options.output.json { return try Output.json(Detail(progress, now: options.output.clock)) }
        print(PartnerText.show(progress, now: options.output.clock))
    }

    struct Line: Encodable {
        var id: String
        var name: String
        var kind: String
        var stage: String
        var wave: String
        var since: String
        var overdue: [String]

        init(_ progress: PartnerProgress, now: Date) {
            id = progress.partner.id
            name = progress.partner.name
            kind = progress.partner.kind.rawValue
            stage = progress.stage
            wave = progress.partner.wave
            since = Instant.format(progress.enteredAt)
            overdue = progress.overdue(at: now)
        }
    }

    struct Listing: Encodable { var partners: [Line] }

    struct Item: Encodable {
        var id: String
        var name: String
        var stage: String
        var due: String
        var tickedAt: String?
        var tickedBy: String?
        var overdue: Bool

        init(_ item: ItemStatus, now: Date) {
            id = item.id
            name = item.name
            stage = item.stage
            due = Instant.format(item.due)
            tickedAt = item.tick.map { Instant.format($0.at) }
            tickedBy = item.tick?.by
            overdue = item.isOverdue(at: now)
        }

        enum CodingKeys: String, CodingKey {
            case id, name, stage, due, overdue
            case tickedAt = "ticked_at"
            case tickedBy = "ticked_by"
        }
    }

    struct Step: Encodable {
        var at: String
        var move: String
        var from: String?
        var to: String
        var forced: Bool
        var by: String
        var note: String
    }

    struct Detail: Encodable {
        var line: Line
        var region: String
        var contactName: String
        var timeZone: String
        var checklist: [Item]
        var projected: [Item]
        var history: [Step]

        init(_ progress: PartnerProgress, now: Date) {
            line = Line(progress, now: now)
            region = progress.partner.region
            contactName = progress.partner.contactName
            timeZone = progress.partner.timeZone
            checklist = progress.items.map { Item($0, now: now) }
            projected = progress.projected.map { Item($0, now: now) }
            history = progress.history.map {
                Step(
                    at: Instant.format($0.at), move: $0.move.rawValue, from: $0.from, to: $0.to, forced: $0.forced,
                    by: $0.by, note: $0.note)
            }
        }

        enum CodingKeys: String, CodingKey {
            case region, checklist, projected, history
            case contactName = "contact_name"
            case timeZone = "time_zone"
        }

        func encode(to encoder: any Encoder) throws {
            try line.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(region, forKey: .region)
            try container.encode(contactName, forKey: .contactName)
            try container.encode(timeZone, forKey: .timeZone)
            try container.encode(checklist, forKey: .checklist)
            try container.encode(projected, forKey: .projected)
            try container.encode(history, forKey: .history)
        }
    }

    struct ReminderLine: Encodable {
        var partner: String
        var items: [String]
        var queued: String

        init(_ queued: QueuedReminder) {
            partner = queued.reminder.partner.id
            items = queued.reminder.items.map(\.id)
            self.queued =
                switch queued.queued {
                case nil: "dry run"
                case .added: "queued"
                case .replaced: "replaced the unsent copy"
                case .unchanged(let state): "already queued (\(state.rawValue))"
                case .alreadySent: "already sent"
                }
        }
    }

    struct Reminders: Encodable {
        var dryRun: Bool
        var batch: String
        var reminders: [ReminderLine]

        enum CodingKeys: String, CodingKey {
            case batch, reminders
            case dryRun = "dry_run"
        }
    }
}
