import ArgumentParser
import CohortKit

/// Workshop sessions: adding them, listing them, registration and attendance.
extension Cohort.Workshop {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a workshop session.",
            discussion: """
                The session gets the next number as its id and a calendar UID that never changes.

                Examples:
                  cohort workshop add --title "Office hour" --start 2022-02-04T16:00:00Z \\
                    --duration 60m --capacity 9 --link https://meet.example.org/el
                """)

        @Option(help: "The session's title.") var title: String
        @Option(help: "When it starts, an ISO 8601 instant.") var start: String
        @Option(help: "How long it lasts (60m, 1h30m).") var duration = "60m"
        @Option(help: "How many can register.") var capacity: Int
        @Option(help: "Where to join (a video-call URL).") var link: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let added = try options.session().addSession(
                title: title, start: start, duration: duration, capacity: capacity, link: link,
                audit: options.audit("workshop add"))
            try Output.show(added, json: options.json) { added.text }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List workshop sessions with registrations and attendance.",
            discussion: """
                Examples:
                  cohort workshop list
                  cohort workshop list --json
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let listing = try options.session().workshopListing()
            try Output.show(listing, json: options.json) { listing.text }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a pilot participant for a session.",
            discussion: """
                The participant must be a known sign-up who has not withdrawn; a full or \
                cancelled session refuses. Registering twice changes nothing.

                Examples:
                  cohort workshop register 1 ameliaK
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @Argument(help: "The username.", completion: .workspace(.participants)) var username: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let registered = try options.session().registerForWorkshop(
                username, session: session, audit: options.audit("workshop register"))
            try Output.show(registered, json: options.json) { registered.text }
        }
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record who attended a session.",
            discussion: """
                Each must be registered; if one is not, nothing is recorded.

                Examples:
                  cohort workshop attend 1 ameliaK ravi.p lena.w
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @Argument(help: "The usernames of those who attended.", completion: .workspace(.participants)) var usernames:
            [String]
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let attended = try options.session().recordAttendance(
                usernames, session: session, audit: options.audit("workshop attend"))
            try Output.show(attended, json: options.json) { attended.text }
        }
    }
}
