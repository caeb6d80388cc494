import ArgumentParser
import CohortKit

extension Cohort {
    /// `cohort partner`: partners through onboarding stages, checklists, a funnel and reminders.
    struct Partner: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Onboard partners stage by stage, with checklists, due dates, a funnel and reminders.",
            discussion: """
                Stages default to invited, nda-signed, technical-onboarding, \
                strategic-onboarding, ready, access-granted; onboarding.stages in cohort.yaml \
                renames or adds them, each with checklist items due a lag after the stage is \
                entered. Every move and tick is dated by --now, attributed by --by and kept in \
                the audit log. Contact addresses are personal data: they are used for reminders \
                and never printed.

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
                Columns: id,name,kind,region,contact_name,contact_email,time_zone,wave (kind \
                affiliate, hub or organisation; wave a release wave of cohort.yaml). Every bad \
                cell is reported as FILE:row R, column "C": message and nothing is imported, \
                unless --skip-invalid. Importing again is idempotent by id: known partners are \
                updated and keep their history; new ones enter the first stage at --now.

                Examples:
                  cohort partner import data/partners.csv
                  cohort partner import partners.csv --now 2022-05-02T09:00:00Z --json
                """)

        @OptionGroup var csv: ImportOptions

        func run() throws { try csv.run(.partners, command: "partner import") }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add one partner; it enters the first stage at --now.",
            discussion: """
                Examples:
                  cohort partner add wm-gh --name "Wikimedia Ghana (example)" \\
                    --kind affiliate --region Africa --contact-name "Kofi Mensah" \\
                    --contact-email kofi@example.org --time-zone Africa/Accra \\
                    --wave partners
                """)

        @Argument(help: "A short id: lowercase letters, digits and hyphens.") var id: String
        @Option(help: "The partner's name.") var name: String
        @Option(help: "affiliate, hub or organisation.") var kind: String
        @Option(help: "The region it works in.") var region = ""
        @Option(help: "The contact person's name.") var contactName = ""
        @Option(help: "The contact's address (personal data; used for reminders only).") var contactEmail: String
        @Option(help: "The contact's IANA time zone.") var timeZone: String
        @Option(help: "The release wave that gives it access.") var wave: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let progress = try PartnerOnboarding(options.session()).addPartner(
                id: id, name: name, kind: kind, region: region, contactName: contactName, contactEmail: contactEmail,
                timeZone: timeZone, wave: wave, audit: options.audit("partner add"))
            try show(progress, options.global)
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

        @Argument(help: "The partner id.", completion: .workspace(.partners)) var id: String
        @OptionGroup var options: GlobalOptions

        func run() throws { try show(try PartnerOnboarding(options.session()).partnerProgress(id), options) }
    }

    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a partner to another stage: forward one at a time, or with --skip or --back and a reason.",
            discussion: """
                A stage with unticked checklist items cannot be left unless --force --reason. \
                Due dates of the new stage count from --now, so a stage entered late moves \
                everything after it.

                Examples:
                  cohort partner advance wm-ke nda-signed --by "Rosa Quintero" \\
                    --note "NDA countersigned"
                  cohort partner advance esap ready --skip \\
                    --reason "Onboarded in the 2021 pilot" --by "Rosa Quintero"
                """)

        @Argument(help: "The partner id.", completion: .workspace(.partners)) var id: String
        @Argument(help: "The stage to move to.") var stage: String
        @Option(help: "A note for the partner's history.") var note = ""
        @Flag(help: "Pass over stages (needs --reason).") var skip = false
        @Flag(help: "Go back to an earlier stage (needs --reason).") var back = false
        @Flag(help: "Leave a stage with unticked items (needs --reason).") var force = false
        @Option(help: "Why: required with --skip, --back and --force.") var reason = ""
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let (step, progress, notices) = try PartnerOnboarding(options.session()).advancePartner(
                id,
                Onboarding.MoveRequest(stage: stage, skip: skip, back: back, force: force, reason: reason, note: note),
                audit: options.audit("partner advance"))
            try Output.show(PartnerOutput.Detail(progress, now: options.now), json: options.json) {
                ([PartnerText.moved(step, progress)] + [notices.text].compactMap { $0 }).joined(separator: "\n")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tick one checklist item of a partner.",
            discussion: """
                Ticking an item twice changes nothing. Items of stages the partner has not \
                reached are refused.

                Examples:
                  cohort partner check wm-ke account-access --by "Jonas Lindqvist"
                """)

        @Argument(help: "The partner id.", completion: .workspace(.partners)) var id: String
        @Argument(help: "The checklist item id.") var item: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let (ticked, progress) = try PartnerOnboarding(options.session()).checkPartnerItem(
                id, item: item, audit: options.audit("partner check"))
            try Output.show(PartnerOutput.Detail(progress, now: options.now), json: options.json) {
                ticked ? "\(id): ticked \(item)" : "\(id): \(item) was ticked already; nothing changed"
            }
        }
    }

    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue one reminder mail per partner contact with overdue items.",
            discussion: """
                The mail is rendered from templates/reminder.txt.mustache (a built-in text when \
                it is missing) and queued in the outbox; an item is not reminded of again within \
                onboarding.reminder_interval (default 7d). --dry-run lists what would be queued \
                and changes nothing. Addresses are never printed.

                Examples:
                  cohort partner remind --dry-run --now 2022-06-01T00:00:00Z
                  cohort partner remind --json
                """)

        @Flag(help: "List the reminders; queue nothing, record nothing.") var dryRun = false
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let reminders = try PartnerOnboarding(options.session()).remindPartners(
                dryRun: dryRun, audit: options.audit("partner remind"))
            try Output.show(reminders, json: options.json) { reminders.text }
        }
    }
}

/// Prints one partner's detail.
private func show(_ progress: PartnerProgress, _ options: GlobalOptions) throws {
    let now = try options.now
    try Output.show(PartnerOutput.Detail(progress, now: now), json: options.json) {
        PartnerText.show(progress, now: now)
    }
}
