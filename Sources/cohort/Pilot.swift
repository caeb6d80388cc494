import ArgumentParser
import CohortKit
import Foundation

extension Cohort {
    struct Pilot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sign-ups, select the pilot cohort fairly, and manage withdrawals and offers.",
            discussion: """
                Eligibility follows the plan: an applicable use case AND availability during the \
                pilot AND agreeing to sign the NDA (when pilot.nda_required: nda agreed, sent or \
                signed); pilot sessions and the pilot wave need it signed. Eligible sign-ups are served \
                first come, first served by signed_up_at as an instant (offsets respected); ties \
                go to the username that sorts first. Every decision goes to the audit log; an \
                enrolled participant is never displaced. A withdrawal offers the seat to the next \
                eligible person for pilot.offer_hours; every pilot command first lets expired \
                offers lapse and passes them on. Each decision queues a notice to the person it is \
                about (`cohort notices`).

                Examples:
                  cohort pilot import data/signups.csv
                  cohort pilot select --now 2022-02-01T12:00:00Z --json
                """,
            subcommands: [Import.self, Set.self, Select.self, Withdraw.self, Accept.self, List.self])
    }
}

extension Cohort.Pilot {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sign-ups from a CSV file or from the talk page.",
            discussion: """
                Columns, in this order: username, email, signed_up_at, use_case, \
                use_case_applicable, available, nda, time_zone, languages (signed_up_at ISO \
                8601 with an offset; yes/no; nda none, agreed, sent, signed or declined, or the \
                sheet's yes for agreed and no for none; email may be empty, and notices to them \
                are then reported undeliverable). Every bad row is reported as FILE:row R, column "C": message \
                (the header is row 1) and nothing is imported, unless --skip-invalid. Importing \
                again is idempotent by username; a changed signed_up_at would change someone's \
                place in line and is refused unless --accept-changes.

                --from-wiki reads the sign-up section (pilot.signup.section) of the talk page \
                (channels.meta.talk, or the page named) instead: each person's first signed \
                entry is their sign-up, the signer's wiki user name the username and the \
                signature's time (UTC) signed_up_at. The answers come from the sign-up template's \
                parameters (pilot.signup.template and .fields), read as in the CSV; an entry \
                without them is incomplete (answers-missing) until answered, and the use case \
                waits for `pilot set USER --use-case-applicable yes|no` (use-case-not-reviewed) \
                unless the template asks it. Later entries by the same person, staff's comments \
                and hidden entries are not imported. Problems are located as \
                PAGE§Section, comment N: message.

                Examples:
                  cohort pilot import data/signups.csv
                  cohort pilot import late-signups.csv --skip-invalid --json
                  cohort pilot import --from-wiki --json
                """)

        @Argument(help: "The CSV file.", completion: .file(extensions: ["csv"])) var file: String?
        @Option(
            name: .customLong("from-wiki"), defaultAsFlag: "",
            help: ArgumentHelp(
                "Read the sign-up section of the talk page (default: channels.meta.talk) instead of a file.",
                valueName: "page")
        )
        var fromWiki: String?
        @Flag(help: "Import the good rows (entries) and list the bad ones, instead of importing nothing.")
        var skipInvalid = false
        @Flag(help: "Accept a changed signed_up_at for a known username.") var acceptChanges = false
        @OptionGroup var options: DecidingOptions

        func validate() throws {
            guard (file == nil) != (fromWiki == nil) else {
                throw ValidationError("give a CSV file or --from-wiki, one of them")
            }
        }

        func run() throws {
            guard let fromWiki else {
                return try importCSV(
                    .signups(acceptChanges: acceptChanges), file: file ?? "", skipInvalid: skipInvalid,
                    options: options, command: "pilot import")
            }
            let report = try PilotEnrolment(options.session()).importSignups(
                fromWiki: fromWiki.isEmpty ? nil : fromWiki, skipInvalid: skipInvalid, acceptChanges: acceptChanges,
                audit: options.audit("pilot import"), environment: ProcessInfo.processInfo.environment)
            for line in report.skipped { Output.diagnostic("skipped: \(line)") }
            try Output.show(report, json: options.json) { report.talkPageText }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a change to one sign-up: NDA state, use case, availability.",
            discussion: """
                Changes are audited. A change of eligibility takes effect at the next `pilot \
                select` (or when a freed seat is offered); nobody already enrolled is displaced. \
                Someone who declined the NDA is never offered a seat; pilot sessions need it signed.

                Examples:
                  cohort pilot set ameliaK --nda signed
                  cohort pilot set ravi.p --available no --use-case-applicable yes
                """)

        @Argument(help: "The username.", completion: .workspace(.participants)) var username: String
        @Option(help: "The NDA state: none, agreed, sent, signed or declined.") var nda: NDAStatus?
        @Option(help: "Whether the use case is applicable: yes or no.") var useCaseApplicable: YesNo?
        @Option(help: "Whether they are available during the pilot: yes or no.") var available: YesNo?
        @OptionGroup var options: DecidingOptions

        func validate() throws {
            guard nda != nil || useCaseApplicable != nil || available != nil else {
                throw ValidationError("nothing to change; pass --nda, --use-case-applicable or --available")
            }
        }

        func run() throws {
            let line = try PilotEnrolment(options.session()).setSignup(
                username, nda: nda, useCaseApplicable: useCaseApplicable?.value, available: available?.value,
                audit: options.audit("pilot set"))
            try Output.show(line, json: options.json) { line.text }
        }
    }

    struct Select: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol eligible sign-ups first come, first served; wait-list the rest.",
            discussion: """
                Keeps everyone already enrolled and every open offer; fills free seats from the \
                eligible in line and wait-lists the others in order; lists the ineligible with \
                every reason. Running it again with the same records and clock decides nothing \
                new. --capacity replaces pilot.capacity from now on (it cannot go below the \
                seats already taken).

                JSON: capacity; enrolled and waitlist (usernames in decision order); ineligible \
                (username and reasons).

                Examples:
                  cohort pilot select
                  cohort pilot select --capacity 9 --now 2022-02-01T12:00:00Z --json
                """)

        @Option(help: "How many seats the cohort has (default: pilot.capacity).") var capacity: Int?
        @OptionGroup var options: DecidingOptions

        func validate() throws {
            if let capacity, capacity < 1 { throw ValidationError("--capacity must be at least 1") }
        }

        func run() throws {
            let outcome = try PilotEnrolment(options.session()).selectPilot(
                capacity: capacity, audit: options.audit("pilot select"))
            try Output.show(outcome, json: options.json) { outcome.text(bold: Output.bold) }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw someone; a freed seat is offered to the next eligible person in line.",
            discussion: """
                The offer lasts pilot.offer_hours (48 by default) from --now; `pilot accept` \
                takes it, and an offer that expires passes to the next eligible person.

                Examples:
                  cohort pilot withdraw ravi.p --reason "new job, no time for the pilot"
                  cohort pilot withdraw ravi.p --reason "moved away" --json
                """)

        @Argument(help: "The username.", completion: .workspace(.participants)) var username: String
        @Option(help: "Why they withdraw, for the audit log.") var reason: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let decisions = PilotDecisions(
                try PilotEnrolment(options.session()).withdrawFromPilot(
                    username, reason: reason, audit: options.audit("pilot withdraw")))
            try Output.show(decisions, json: options.json) { decisions.text }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take up an offered seat: the person is enrolled.",
            discussion: """
                Only an open offer can be accepted; an expired one has already passed to the \
                next person.

                Examples:
                  cohort pilot accept lena.w
                  cohort pilot accept lena.w --now 2022-02-11T08:00:00Z --json
                """)

        @Argument(help: "The username.", completion: .workspace(.participants)) var username: String
        @OptionGroup var options: DecidingOptions

        func run() throws {
            let decisions = PilotDecisions(
                try PilotEnrolment(options.session()).acceptPilotOffer(username, audit: options.audit("pilot accept")))
            try Output.show(decisions, json: options.json) { decisions.text }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every sign-up's standing and place.",
            discussion: """
                Seats first, then open offers, the wait-list in order, the rest. Mail addresses \
                are personal data: they are shown only with --show-email. Looking records \
                nothing: an offer whose deadline the clock has passed is shown as it would be, \
                marked projected ("projected": true in JSON), and the next deciding pilot \
                command records its lapse at the deadline.

                Examples:
                  cohort pilot list
                  cohort pilot list --json --show-email
                """)

        @Flag(help: "Include mail addresses (personal data under NDA).") var showEmail = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let listing = try PilotEnrolment(options.session()).pilotListing(showEmail: showEmail, now: options.now)
            try Output.show(listing, json: options.json) { listing.text }
        }
    }
}
