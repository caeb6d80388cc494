import ArgumentParser
import CohortKit
import Foundation

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
            let shown = try FeedbackCoding(options.session()).nextForJudge(judge)
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
            let coded = try FeedbackCoding(options.session()).code(
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
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let audit = try options.audit("feedback reconcile")
            let reconciled = try FeedbackCoding(options.session()).reconcile(
                item: item, category: category, reason: reason, by: audit.actor, audit: audit)
            try Output.show(reconciled, json: options.json) { reconciled.text }
        }
    }

    struct Clarify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the commenter of an unclear item, or record their clarification.",
            discussion: """
                For an item a judge coded unclear (or reconciled as unclear). --ask QUESTION sends \
                the question: a mail to the commenter when the item has an address (its author \
                is a mail address or a sign-up's username), queued as a notice for `cohort \
                notices send`; otherwise a talk-page reply drafted in .cohort/clarifications/ \
                for staff to post. The item awaits clarification until it is coded again. --note \
                TEXT records the answer: the coding round closes, the earlier codes stay in the \
                history, and the item returns to both judges' `next` with it.

                Examples:
                  cohort feedback clarify fb-017 --ask "Fair access, or equal counts?"
                  cohort feedback clarify fb-017 --note "fair access, not equal counts"
                """)

        @Argument(help: "The item's id.") var item: String
        @Option(help: "What the clarification said (kept with the item).") var note: String?
        @Option(help: "A question to send to the commenter.") var ask: String?
        @OptionGroup var options: DecidingOptions

        func validate() throws {
            guard (note == nil) != (ask == nil) else {
                throw ValidationError("give --ask QUESTION (to ask the commenter) or --note TEXT (their answer)")
            }
        }

        func run() throws {
            if let ask {
                let asked = try TalkPageDesk(options.session()).askClarification(
                    item, question: ask, audit: options.audit("feedback clarify"),
                    environment: ProcessInfo.processInfo.environment)
                return try Output.show(asked, json: options.json) { asked.text }
            }
            let clarified = try FeedbackCoding(options.session()).clarifyItem(
                item, note: note ?? "", audit: options.audit("feedback clarify"))
            try Output.show(clarified, json: options.json) { clarified.text }
        }
    }

    struct Hide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hide a comment that breaks the rules of engagement.",
            discussion: """
                The plan: comments that violate its expectations are hidden or removed. A \
                hidden item is never offered for coding, never quoted, and left out of \
                agreement and prevalence; the report counts it ("N comments hidden under the \
                rules of engagement") so the synthesis stays honest. Recorded with who decided \
                and why; `cohort feedback unhide` shows it again, recorded too.

                Examples:
                  cohort feedback hide fb-031 --reason conduct --by "Rosa Quintero"
                  cohort feedback hide talk-1a2b3c4d5e --reason conduct --by Rosa --on-wiki
                """)

        @Argument(help: "The item's id.") var item: String
        @Option(help: "Why, one short word or phrase (conduct).") var reason: String
        @Flag(
            help:
                "Also on the wiki: the talk-page comment wrapped in (or out of) the first of channels.meta.hide_templates."
        ) var onWiki = false
        @OptionGroup var options: DecidingOptions

        func run() throws {
            try setHidden(true, item: item, reason: reason, onWiki: onWiki, options: options, command: "feedback hide")
        }
    }

    struct Unhide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a hidden comment again.",
            discussion: """
                It is back in coding, agreement and prevalence; the unhiding is recorded with \
                who decided and why.

                Examples:
                  cohort feedback unhide fb-031 --reason "hidden by mistake" --by Rosa
                  cohort feedback unhide talk-1a2b3c4d5e --reason mistake --by Rosa --on-wiki
                """)

        @Argument(help: "The item's id.") var item: String
        @Option(help: "Why it is shown again.") var reason: String
        @Flag(
            help:
                "Also on the wiki: the talk-page comment wrapped in (or out of) the first of channels.meta.hide_templates."
        ) var onWiki = false
        @OptionGroup var options: DecidingOptions

        func run() throws {
            try setHidden(
                false, item: item, reason: reason, onWiki: onWiki, options: options, command: "feedback unhide")
        }
    }
}

/// `feedback hide` and `unhide`: on the wiki too with `--on-wiki` (the talk page's comment
/// wrapped in, or out of, a hiding template), else in the records alone.
private func setHidden(
    _ hidden: Bool, item: String, reason: String, onWiki: Bool, options: DecidingOptions, command: String
) throws {
    let audit = try options.audit(command)
    if onWiki {
        let done = try TalkPageDesk(options.session()).setFeedbackHiddenOnWiki(
            hidden, item: item, reason: reason, by: audit.actor, audit: audit,
            environment: ProcessInfo.processInfo.environment)
        return try Output.show(done, json: options.json) { done.text }
    }
    let set = try FeedbackCoding(options.session()).setFeedbackHidden(
        hidden, item: item, reason: reason, by: audit.actor, audit: audit)
    try Output.show(set, json: options.json) { set.text }
}
