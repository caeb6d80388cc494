import ArgumentParser
import CohortKit
import Foundation

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
                asked for. Comments hidden under the rules of engagement are only counted.

                Examples:
                  cohort feedback import data/feedback.csv
                  cohort feedback import-codes data/codes.csv
                  cohort feedback agreement
                """,
            subcommands: [
                Import.self, ImportCodes.self, Next.self, Code.self, Agreement.self, Disagreements.self,
                Reconcile.self, Clarify.self, Hide.self, Unhide.self, Report.self, Codebook.self, Export.self,
                Serve.self,
            ])
    }
}

extension Cohort.Feedback {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import feedback items from a CSV file (id,source,received_at,author,text,theme[,hidden]).",
            discussion: """
                One row per item: talk-page sections, pilot-session notes, survey answers. received_at \
                is an ISO 8601 instant or date; author and theme may be empty (theme may list several, \
                separated by ";"). An optional hidden column holds the reason a comment is hidden \
                under the rules of engagement (conduct), or is empty. Importing is idempotent by id: a row already imported changes \
                nothing, and a changed row updates its item until a judge has coded it. Every bad row \
                is reported with its row, column and fix, and then nothing is imported, unless \
                --skip-invalid.

                --from-wiki reads the consultation's talk page instead (channels.meta.talk, or \
                the page named) through the wiki's API: each signed comment becomes an item \
                (source talk-page, the signer as author, the section as a theme), the same \
                comment keeps its id from revision to revision, and comments hidden or \
                removed under the rules of engagement are counted, never imported.

                Examples:
                  cohort feedback import data/feedback.csv
                  cohort feedback import --from-wiki --json
                """)

        @Argument(help: "The feedback CSV file.", completion: .file(extensions: ["csv"])) var file: String?
        @Option(
            name: .customLong("from-wiki"), defaultAsFlag: "",
            help: ArgumentHelp("Read the talk page (default: channels.meta.talk) instead of a file.", valueName: "page")
        )
        var fromWiki: String?
        @Flag(help: "Import the good rows and list the bad ones, instead of importing nothing.")
        var skipInvalid = false
        @OptionGroup var options: DecidingOptions

        func validate() throws {
            guard (file == nil) != (fromWiki == nil) else {
                throw ValidationError("give a CSV file or --from-wiki, one of them")
            }
        }

        func run() throws {
            guard let fromWiki else {
                return try importCSV(
                    .feedback, file: file ?? "", skipInvalid: skipInvalid, options: options, command: "feedback import")
            }
            let imported = try TalkPageDesk(options.session()).importTalkPage(
                fromWiki.isEmpty ? nil : fromWiki, audit: options.audit("feedback import"),
                environment: ProcessInfo.processInfo.environment)
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

        @OptionGroup var csv: ImportOptions

        func run() throws { try csv.run(.codes, command: "feedback import-codes") }
    }

    struct Agreement: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure how far the two judges agree: kappa, its confidence interval, the confusion matrix.",
            discussion: """
                The unit is an item both judges coded in its current round; items coded by one \
                judge, items not coded yet and hidden items are left out and counted. Over those \
                items: percent agreement, Cohen's kappa with its standard error and 95% confidence \
                interval (as statsmodels computes them), the Landis & Koch reading (poor < 0 ≤ \
                slight ≤ 0.20 < fair ≤ 0.40 < moderate ≤ 0.60 < substantial ≤ 0.80 < almost \
                perfect), Krippendorff's alpha (nominal) with a percentile bootstrap interval \
                (items resampled with replacement; --resamples and --seed fix it), the 6×6 \
                confusion matrix (rows: the judge listed first in cohort.yaml), per-category \
                specific agreement and kappa (each category against the rest, with its interval), \
                and kappa per theme (the theme present or absent in each judge's code) with their \
                mean. Kappa is undefined (null) when both judges put every item in one category. \
                --codebook-version V reads only items both judges coded under version V of \
                codebook.yaml.

                Examples:
                  cohort feedback agreement
                  cohort feedback agreement --json --resamples 2000 --seed 7
                  cohort feedback agreement --codebook-version 2
                """)

        @Option(help: "Read only codes made under this codebook version.") var codebookVersion: Int?
        @Option(help: "Bootstrap resamples for alpha's interval.") var resamples = AlphaBootstrap.Plan.standard
            .resamples
        @Option(help: "The bootstrap's seed.") var seed = AlphaBootstrap.Plan.standard.seed
        @OptionGroup var options: GlobalOptions

        func validate() throws {
            guard (1...1_000_000).contains(resamples) else {
                throw ValidationError("--resamples must be between 1 and 1000000, not \(resamples)")
            }
        }

        func run() throws {
            let agreement = FeedbackAgreement(
                try FeedbackCoding(options.session()).feedbackLedger(), codebookVersion: codebookVersion,
                bootstrap: AlphaBootstrap.Plan(resamples: resamples, seed: seed))
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
            let listing = try FeedbackCoding(options.session()).disagreements()
            try Output.show(listing, json: options.json) { listing.text }
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
            let report = try FeedbackCoding(options.session()).feedbackReport(withAuthors: withAuthors)
            try Output.show(report, json: options.json) { report.text(format, bold: Output.bold) }
        }
    }
}

extension FeedbackReportFormat: ExpressibleByArgument {}
