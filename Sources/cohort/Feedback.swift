import ArgumentParser
import CohortKit

extension Cohort {
    struct Feedback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Code community feedback with two judges, measure their agreement, route and report it.",
            discussion: """
                The plan's analysis: every comment is coded by two staff judges (feedback.judges in \
                cohort.yaml) into six categories, and each final category routes the item to its \
                next step:

                  integrate-now      act-now                   can integrate right away
                  needs-resourcing   strategic-planning        needs time or resourcing
                  no-agreement       idea-parking-lot          not all agree
                  unclear            clarification-requested   unclear
                  out-of-scope       beyond-scope              not a problem space in scope
                  against-aim        challenge-points          goes against the project's aim

                Coding is blind: a judge sees no other judge's code until both have coded an item. \
                Authors are personal data: they are kept private and left out of every report unless \
                asked for.

                Examples:
                  cohort feedback import data/feedback.csv
                  cohort feedback import-codes data/codes.csv
                  cohort feedback agreement
                """,
            subcommands: [
                Import.self, ImportCodes.self, Next.self, Code.self, Agreement.self, Disagreements.self,
                Reconcile.self, Clarify.self, Report.self,
            ])
    }
}

extension Cohort.Feedback {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import feedback items from a CSV file (id,source,received_at,author,text,theme).",
            discussion: """
                One row per item: talk-page sections, pilot-session notes, survey answers. received_at \
                is an ISO 8601 instant or date; author and theme may be empty (theme may list several, \
                separated by ";"). Importing is idempotent by id: a row already imported changes \
                nothing, and a changed row updates its item until a judge has coded it. Every bad row \
                is reported with its row, column and fix, and then nothing is imported, unless \
                --skip-invalid.

                Examples:
                  cohort feedback import data/feedback.csv
                  cohort feedback import survey-answers.csv --json
                """)

        @Argument(help: "The feedback CSV file.") var file: String
        @Flag(help: "Import the good rows and list the bad ones, instead of importing nothing.")
        var skipInvalid = false
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let imported = try options.session().importFeedback(
                file: file, skipInvalid: skipInvalid, audit: options.audit("feedback import"))
            for line in imported.skipped { Output.diagnostic("skipped: \(line)") }
            try Output.show(imported, json: options.json) { imported.text }
        }
    }

    struct ImportCodes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-codes",
            abstract: "Import judges' codes from a CSV file (item_id,judge,category,theme).",
            discussion: """
                One row per judge and item, under the same rules as `cohort feedback code`: the judge \
                must be in cohort.yaml, the category one of the six, each item has two judges, and a \
                code stands once both judges have coded the item. A row already imported changes \
                nothing. Every bad row is reported with its row, column and fix, and then nothing is \
                imported, unless --skip-invalid.

                Examples:
                  cohort feedback import-codes data/codes.csv
                  cohort feedback import-codes amara-march.csv --json
                """)

        @Argument(help: "The codes CSV file.") var file: String
        @Flag(help: "Import the good rows and list the bad ones, instead of importing nothing.")
        var skipInvalid = false
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let imported = try options.session().importCodes(
                file: file, skipInvalid: skipInvalid, audit: options.audit("feedback import-codes"))
            for line in imported.skipped { Output.diagnostic("skipped: \(line)") }
            try Output.show(imported, json: options.json) { imported.text }
        }
    }

    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the next item a judge has not coded, without the other judge's code.",
            discussion: """
                Items come in the order they were imported. An item clarified after being coded \
                unclear comes back to both judges with the clarification. The author is never shown.

                Examples:
                  cohort feedback next --judge amara
                  cohort feedback next --judge jonas --json
                """)

        @Option(help: "The judge's id in cohort.yaml.") var judge: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let shown = try options.session().nextForJudge(judge)
            try Output.show(shown, json: options.json) { shown.text }
        }
    }

    struct Code: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record one judge's category (and themes) for one item.",
            discussion: """
                A judge may change their code until the other judge has coded the item; after that \
                the category stands (themes may still change) and a difference is settled with \
                `cohort feedback reconcile`. Each item has two judges: a third is refused. The other \
                judge's category is shown only once both have coded the item.

                Examples:
                  cohort feedback code fb-003 --judge amara --category needs-resourcing
                  cohort feedback code fb-004 --judge jonas --category unclear --theme privacy
                """)

        @Argument(help: "The item's id.") var item: String
        @Option(help: "The judge's id in cohort.yaml.") var judge: String
        @Option(help: "One of \(FeedbackCategory.idList).") var category: String
        @Option(name: .customLong("theme"), help: "A theme the judge sees in the item; repeat for several.")
        var themes: [String] = []
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let coded = try options.session().code(
                item: item, judge: judge, category: category, themes: themes, audit: options.audit("feedback code"))
            try Output.show(coded, json: options.json) { coded.text }
        }
    }

    struct Agreement: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure how far the two judges agree: kappa, its confidence interval, the confusion matrix.",
            discussion: """
                Over the items both judges have coded: percent agreement, Cohen's kappa with its \
                standard error and 95% confidence interval (as statsmodels computes them), the Landis & \
                Koch reading (poor < 0 ≤ slight ≤ 0.20 < fair ≤ 0.40 < moderate ≤ 0.60 < substantial \
                ≤ 0.80 < almost perfect), Krippendorff's alpha (nominal), the 6×6 confusion matrix \
                (rows: the judge listed first in cohort.yaml) and per-category specific agreement. \
                Kappa is undefined (null) when both judges put every item in one category.

                Examples:
                  cohort feedback agreement
                  cohort feedback agreement --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let agreement = FeedbackAgreement(try options.session().feedbackLedger())
            try Output.show(agreement, json: options.json) { agreement.text(bold: Output.bold) }
        }
    }

    struct Disagreements: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the items the judges coded differently, and which are reconciled.",
            discussion: """
                Only items both judges have coded appear, so listing them reveals no code early.

                Examples:
                  cohort feedback disagreements
                  cohort feedback disagreements --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let listing = try options.session().disagreements()
            try Output.show(listing, json: options.json) { listing.text }
        }
    }

    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the category the judges agreed on for an item they coded differently.",
            discussion: """
                The final category of an item is the reconciled one, or the one both judges gave. \
                Refused for an item both judges agree on or that one judge has not coded yet. A later \
                reconciliation of the same item replaces an earlier one; both stay in the audit log.

                Examples:
                  cohort feedback reconcile fb-014 --category needs-resourcing \\
                      --reason "filtering bots needs the data engineers" --by "Amara and Jonas"
                  cohort feedback reconcile fb-002 --category unclear --reason "ask" --by Rosa
                """)

        @Argument(help: "The item's id.") var item: String
        @Option(help: "The agreed category: one of \(FeedbackCategory.idList).") var category: String
        @Option(help: "Why the judges settled on it (recorded with it).") var reason: String
        @Option(help: "Who agreed it (recorded in the audit log).") var by: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let reconciled = try options.session().reconcile(
                item: item, category: category, reason: reason, by: by,
                audit: options.audit("feedback reconcile", by: by))
            try Output.show(reconciled, json: options.json) { reconciled.text }
        }
    }

    struct Clarify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a clarification for an unclear item, so both judges code it again.",
            discussion: """
                For an item a judge coded unclear (or reconciled as unclear). Its coding round closes: \
                the earlier codes stay in the history, and the item returns to both judges' `next` \
                with the clarification beside it.

                Examples:
                  cohort feedback clarify fb-017 --note "fair access, not equal counts"
                  cohort feedback clarify fb-027 --note "means fb-016" --by Rosa --json
                """)

        @Argument(help: "The item's id.") var item: String
        @Option(help: "What the clarification said (kept with the item).") var note: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let clarified = try options.session().clarifyItem(
                item, note: note, audit: options.audit("feedback clarify"))
            try Output.show(clarified, json: options.json) { clarified.text }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report items per disposition and themes by volume and prevalence.",
            discussion: """
                Each item with a final category is routed to its disposition; items without one yet \
                are listed as pending. Themes (the item's own and those its judges gave) are counted \
                once per item; their share is of all items. --format markdown or wikitext prints the \
                tables the outcome announcement uses. Authors are left out unless --with-authors.

                Examples:
                  cohort feedback report
                  cohort feedback report --json
                  cohort feedback report --format wikitext
                """)

        @Option(help: "text (default), markdown or wikitext.") var format: FeedbackReportFormat = .text
        @Flag(help: "Add each item's author to the text and JSON output (personal data: never publish it).")
        var withAuthors = false
        @OptionGroup var options: GlobalOptions

        func validate() throws {
            if options.json && format != .text {
                throw ValidationError("--json and --format \(format.rawValue) both choose the output; give one")
            }
        }

        func run() throws {
            let report = try options.session().feedbackReport(withAuthors: withAuthors)
            try Output.show(report, json: options.json) { report.text(format, bold: Output.bold) }
        }
    }
}

extension FeedbackReportFormat: ExpressibleByArgument {}
