import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
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
                is reported with its row, column and fix, and then nothing is imported.

                Examples:
                  cohort feedback import data/feedback.csv
                  cohort feedback import survey-answers.csv --json
                """)

        @Argument(help: "The feedback CSV file.")
        var file: String

        @OptionGroup var options: GlobalOptions

        struct Imported: Encodable {
            var file: String
            var added: [String]
            var updated: [String]
            var unchanged: Int
            var items: Int
        }

        func run() throws {
            let session = try options.session()
            let table = try CSVFile.read(file, columns: FeedbackImport.itemColumns)
            let changes = try session.importFeedback(table, audit: options.audit(command: "feedback import"))
            let total = try session.feedbackLedger().items.count
            if options.output.json {
                try Output.json(
                    Imported(
                        file: file, added: changes.added.map(\.id), updated: changes.updated.map(\.id),
                        unchanged: changes.unchanged, items: total))
            } else {
                print(
                    "Imported \(file): \(changes.added.count) new, \(changes.updated.count) updated, "
                        + "\(changes.unchanged) unchanged (\(Plural.count(total, "feedback item")) in all).")
            }
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
                imported.

                Examples:
                  cohort feedback import-codes data/codes.csv
                  cohort feedback import-codes amara-march.csv --json
                """)

        @Argument(help: "The codes CSV file.")
        var file: String

        @OptionGroup var options: GlobalOptions

        struct Imported: Encodable {
            var file: String
            var recorded: Int
            var replaced: Int
            var unchanged: Int
        }

        func run() throws {
            let session = try options.session()
            let table = try CSVFile.read(file, columns: FeedbackImport.codeColumns)
            let outcomes = try session.importCodes(table, audit: options.audit(command: "feedback import-codes"))
            let counts = Imported(
                file: file,
                recorded: outcomes.count { if case .recorded = $0 { true } else { false } },
                replaced: outcomes.count { if case .replaced = $0 { true } else { false } },
                unchanged: outcomes.count { if case .unchanged = $0 { true } else { false } })
            if options.output.json {
                try Output.json(counts)
            } else {
                print(
                    "Imported \(file): \(Plural.count(counts.recorded, "new code")), \(counts.replaced) replaced, "
                        + "\(counts.unchanged) unchanged.")
            }
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

        @Option(help: "The judge's id in cohort.yaml.")
        var judge: String

        @OptionGroup var options: GlobalOptions

        struct Shown: Encodable {
            struct Item: Encodable {
                var id: String
                var source: String
                var receivedAt: String
                var themes: [String]
                var text: String
                var round: Int
                var clarifications: [String]

                enum CodingKeys: String, CodingKey {
                    case id, source, themes, text, round, clarifications
                    case receivedAt = "received_at"
                }
            }

            var judge: String
            var remaining: Int
            @EncodedAsNull var item: Item?
        }

        func run() throws {
            let ledger = try options.session().feedbackLedger()
            let judge = try ledger.judge(self.judge)
            let next = try ledger.next(for: judge.id)
            if options.output.json {
                try Output.json(
                    Shown(
                        judge: judge.id, remaining: next?.remaining ?? 0,
                        item: next.map {
                            Shown.Item(
                                id: $0.item.id, source: $0.item.source, receivedAt: Instant.format($0.item.receivedAt),
                                themes: $0.item.themes, text: $0.item.text, round: $0.round,
                                clarifications: $0.clarifications)
                        }))
            } else {
                print(FeedbackText.next(next, judge: judge))
            }
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

        @Argument(help: "The item's id.")
        var item: String

        @Option(help: "The judge's id in cohort.yaml.")
        var judge: String

        @Option(help: "One of \(FeedbackCategory.idList).")
        var category: String

        @Option(name: .customLong("theme"), help: "A theme the judge sees in the item; repeat for several.")
        var themes: [String] = []

        @OptionGroup var options: GlobalOptions

        struct Coded: Encodable {
            var item: String
            var judge: String
            var category: String
            var themes: [String]
            var outcome: String
            var status: String
            /// Only once both judges have coded the item (and agree, or reconciled).
            var finalCategory: String?

            enum CodingKeys: String, CodingKey {
                case item, judge, category, themes, outcome, status
                case finalCategory = "final_category"
            }
        }

        func run() throws {
            let session = try options.session()
            let category = try FeedbackCategory.parse(self.category)
            let (outcome, state) = try session.code(
                item: item, judge: judge, category: category, themes: themes.flatMap(Themes.parse),
                audit: options.audit(command: "feedback code"))
            if options.output.json {
                let kind =
                    switch outcome {
                    case .recorded: "recorded"
                    case .replaced: "replaced"
                    case .unchanged: "unchanged"
                    }
                try Output.json(
                    Coded(
                        item: item, judge: judge, category: category.rawValue, themes: outcome.code.themes,
                        outcome: kind, status: state.status.rawValue, finalCategory: state.finalCategory?.rawValue))
            } else {
                print(FeedbackText.coded(outcome, state: state, judges: session.program.judges))
            }
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
            if options.output.json {
                try Output.json(agreement)
            } else {
                print(FeedbackText.agreement(agreement, bold: Output.bold))
            }
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

        struct Listed: Encodable {
            struct Entry: Encodable {
                var item: String
                var codes: [String: String]
                @EncodedAsNull var reconciled: String?
                var text: String
            }

            var disagreements: [Entry]
            var open: Int
        }

        func run() throws {
            let ledger = try options.session().feedbackLedger()
            let items = ledger.disagreements
            if options.output.json {
                try Output.json(
                    Listed(
                        disagreements: items.map { state in
                            Listed.Entry(
                                item: state.item.id,
                                codes: Dictionary(
                                    uniqueKeysWithValues: state.codes.map { ($0.judge, $0.category.rawValue) }),
                                reconciled: state.reconciliation?.category.rawValue, text: state.item.text)
                        }, open: items.count { $0.reconciliation == nil }))
            } else {
                print(FeedbackText.disagreements(items, judges: ledger.judges))
            }
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
                      --note "filtering bots needs the data engineers" --by "Amara and Jonas"
                  cohort feedback reconcile fb-002 --category unclear --note "ask" --by Rosa
                """)

        @Argument(help: "The item's id.")
        var item: String

        @Option(help: "The agreed category: one of \(FeedbackCategory.idList).")
        var category: String

        @Option(help: "Why the judges settled on it.")
        var note: String

        @Option(help: "Who agreed it (recorded in the audit log).")
        var by: String

        @OptionGroup var options: GlobalOptions

        struct Reconciled: Encodable {
            var item: String
            var category: String
            var disposition: String
            var codes: [String: String]
            var note: String
            var by: String
        }

        func run() throws {
            let category = try FeedbackCategory.parse(self.category)
            let (reconciliation, state) = try options.session().reconcile(
                item: item, category: category, note: note, by: by,
                audit: options.audit(command: "feedback reconcile", by: by))
            if options.output.json {
                try Output.json(
                    Reconciled(
                        item: item, category: category.rawValue, disposition: category.disposition.rawValue,
                        codes: Dictionary(uniqueKeysWithValues: state.codes.map { ($0.judge, $0.category.rawValue) }),
                        note: reconciliation.note, by: reconciliation.by))
            } else {
                let codes = state.codes.map { "\($0.judge): \($0.category.rawValue)" }.joined(separator: ", ")
                print(
                    "Reconciled \(item) as \(category.rawValue) (\(codes)); it goes to \(category.disposition.rawValue)."
                )
            }
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

        @Argument(help: "The item's id.")
        var item: String

        @Option(help: "What the clarification said.")
        var note: String

        @Option(help: "Who received it (default: COHORT_ACTOR or the user running the command).")
        var by: String?

        @OptionGroup var options: GlobalOptions

        struct Clarified: Encodable {
            var item: String
            var round: Int
            var note: String
            var by: String
        }

        func run() throws {
            let clarification = try options.session().clarify(
                item: item, note: note, audit: options.audit(command: "feedback clarify", by: by))
            if options.output.json {
                try Output.json(
                    Clarified(
                        item: item, round: clarification.round + 1, note: clarification.note, by: clarification.by))
            } else {
                print(
                    "Recorded the clarification of \(item); its earlier codes are kept and both judges code it again "
                        + "(round \(clarification.round + 2)).")
            }
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

        @Option(help: "text (default), markdown or wikitext.")
        var format: Format = .text

        @Flag(help: "Add each item's author to the text and JSON output (personal data: never publish it).")
        var withAuthors = false

        @OptionGroup var options: GlobalOptions

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, markdown, wikitext
        }

        func validate() throws {
            if options.output.json && format != .text {
                throw ValidationError("--json and --format \(format.rawValue) both choose the output; give one")
            }
        }

        func run() throws {
            let report = FeedbackReport(try options.session().feedbackLedger(), includeAuthors: withAuthors)
            if options.output.json {
                try Output.json(report)
            } else if let document = DocumentTable.Format(rawValue: format.rawValue) {
                print(FeedbackReportTables.document(report, document))
            } else {
                print(FeedbackText.report(report, bold: Output.bold))
            }
        }
    }
}
