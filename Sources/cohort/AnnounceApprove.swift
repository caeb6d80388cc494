import ArgumentParser
import CohortKit

extension Cohort.Announce {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve an announcement's exact content, channel by channel.",
            discussion: """
                Records, in the audit log, that --by approved the SHA-256 of each channel's \
                output as `cohort announce render` makes it now (every channel the \
                announcement is told on, or --channel). With approvals.announcements: N in \
                cohort.yaml, send and publish go only once N people other than the one \
                running them approved the current content; any change to it voids the \
                approvals. `cohort announce status` shows who approved which hash.

                Examples:
                  cohort announce approve 2022-06-outcome --by "Amara Okafor"
                  cohort announce approve 2022-06-outcome --channel mail --by "Jonas Lindqvist"
                """)

        @Argument(help: "The announcement's slug.", completion: .workspace(.announcements)) var slug: String
        @Option(help: "Approve only this channel's content.") var channel: AnnouncementChannel?
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let approved = try AnnouncementDesk(options.session()).approveAnnouncement(
                slug, channel: channel, audit: options.audit("announce approve"))
            try Output.show(approved, json: options.json) { approved.text }
        }
    }
}
