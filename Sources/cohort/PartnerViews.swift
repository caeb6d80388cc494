import ArgumentParser
import CohortKit

/// Views of the partners: the list, the funnel and what is due.
extension Cohort.Partner {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Partners with their stage, wave and overdue items.",
            discussion: """
                --json prints {"partners":[{"id","stage","wave","overdue":[item ids]}]}.

                Examples:
                  cohort partner list --stage technical-onboarding
                  cohort partner list --wave partners --overdue \\
                    --now 2022-06-01T00:00:00Z --json
                """)

        @Option(help: "Only partners at this stage.") var stage: String?
        @Option(help: "Only partners of this wave.") var wave: String?
        @Flag(help: "Only partners with overdue items.") var overdue = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let listing = try PartnerOnboarding(options.session()).partnerListing(
                stage: stage, wave: wave, overdueOnly: overdue, now: options.now)
            try Output.show(listing, json: options.json) { listing.text }
        }
    }

    struct Funnel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Partners per stage, conversion, median and 90th-percentile days per stage, overdue counts.",
            discussion: """
                Days count completed stays (from entering a stage to the next move). JSON: \
                stages, each with stage, count (partners now at it), reached, conversion, \
                median_days, p90_days and overdue; and overdue, the partners with overdue \
                items.

                Examples:
                  cohort partner funnel
                  cohort partner funnel --now 2022-06-01T00:00:00Z --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let funnel = try PartnerOnboarding(options.session()).partnerFunnel(now: options.now)
            try Output.show(funnel, json: options.json) { PartnerText.funnel(funnel) }
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
            let due = try PartnerOnboarding(options.session()).dueItems(within: within, now: options.now)
            try Output.show(due, json: options.json) { due.text }
        }
    }
}
