import ArgumentParser
import CohortKit

/// Workshop sessions: adding them, listing them, registration and attendance.
extension Cohort.Workshop {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a workshop session.",
            discussion: """
                The session gets the next number as its id and a calendar UID that never \
                changes. Adding the same title and start again adds nothing. --audience says who \
                it takes: pilot (enrolled participants with a signed NDA; the default), partners \
                (partner contacts) or community (anyone, by mail address, then a wait-list). The \
                link of a pilot or partner session never appears in the public calendar.

                Examples:
                  cohort workshop add --title "Office hour" --start 2022-02-04T16:00:00Z \\
                    --duration 60m --capacity 9 --link https://meet.example.org/el
                  cohort workshop add --title "Open workshop" --audience community \\
                    --start 2022-06-14T15:00:00Z --capacity 40 --link https://meet.example.org/w
                """)

        @Option(help: "The session's title.") var title: String
        @Option(help: "When it starts, an ISO 8601 instant.") var start: String
        @Option(help: "How long it lasts (60m, 1h30m).") var duration = "60m"
        @Option(help: "How many can register.") var capacity: Int
        @Option(help: "Where to join (a video-call URL).") var link: String
        @Option(help: "Who it is for: pilot, partners or community.") var audience: WorkshopAudience = .pilot
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let added = try WorkshopPlanning(options.session()).addSession(
                title: title, start: start, duration: duration, capacity: capacity, link: link, audience: audience,
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
            let listing = try WorkshopPlanning(options.session()).workshopListing(now: options.now)
            try Output.show(listing, json: options.json) { listing.text }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register someone for a session: a participant, a partner, or anyone by address.",
            discussion: """
                A pilot session takes enrolled participants whose NDA is signed (by username); \
                a partner session takes partners (by id); a community session takes anyone by \
                mail address, and once its seats are taken puts them on its wait-list. A full \
                pilot or partner session, or a cancelled one, refuses. Registering twice \
                changes nothing.

                Examples:
                  cohort workshop register 1 ameliaK
                  cohort workshop register 3 ana@example.org --name Ana --time-zone America/Lima
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @Argument(
            help: "A username, a partner id, or (community) a mail address.", completion: .workspace(.participants))
        var who: String
        @Option(help: "A community registrant's name.") var name = ""
        @Option(help: "A community registrant's IANA time zone, for their invitation.") var timeZone: String?
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let registered = try WorkshopPlanning(options.session()).registerForWorkshop(
                .init(who, name: name, timeZone: timeZone), session: session, audit: options.audit("workshop register"))
            try Output.show(registered, json: options.json) { registered.text }
        }
    }

    struct Unregister: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take someone off a session; in a community session the wait-list moves up.",
            discussion: """
                A seat freed in a community session goes to the first on its wait-list; both \
                are recorded. Invite again (`cohort workshop invite`) to send them theirs.

                Examples:
                  cohort workshop unregister 3 ana@example.org --reason "cannot make it"
                """)

        @Argument(help: "The session id.", completion: .workspace(.sessions)) var session: String
        @Argument(help: "A username, a partner id, or (community) a mail address.") var who: String
        @Option(help: "Why, for the audit log.") var reason: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let left = try WorkshopPlanning(options.session()).leaveWorkshop(
                who, session: session, reason: reason, audit: options.audit("workshop unregister"))
            try Output.show(left, json: options.json) { left.text }
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
            let attended = try WorkshopPlanning(options.session()).recordAttendance(
                usernames, session: session, audit: options.audit("workshop attend"))
            try Output.show(attended, json: options.json) { attended.text }
        }
    }
}
