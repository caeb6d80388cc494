import ArgumentParser
import CohortKit

/// Coding an item: the next one blind, a code, a reconciliation, a clarification.
extension Cohort.Feedback {
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

        @Option(help: "The judge's id in cohort.yaml.", completion: .workspace(.judges)) var judge: String
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
        @Option(help: "The judge's id in cohort.yaml.", completion: .workspace(.judges)) var judge: String
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
}
