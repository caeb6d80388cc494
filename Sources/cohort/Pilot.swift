import ArgumentParser
import CohortCore
import CohortRender
import CohortStore
import Foundation

extension Cohort {
    struct Pilot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sign-ups, select the pilot cohort fairly, and manage withdrawals and offers.",
            discussion: """
                Eligibility follows the plan: an applicable use case AND availability during the pilot \
                AND a signed NDA (when pilot.nda_required). Eligible sign-ups are served first come, \
                first served by signed_up_at as an instant (offsets respected); ties go to the username \
                that sorts first. Every decision goes to the audit log; an enrolled participant is never \
                displaced. A withdrawal offers the seat to the next eligible person for pilot.offer_hours; \
                every pilot command first lets expired offers lapse and passes them on.

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
            abstract: "Import sign-ups from a CSV file.",
            discussion: """
                Columns: username,email,signed_up_at,use_case,use_case_applicable,available,nda,time_zone,languages \
                (signed_up_at ISO 8601 with an offset; yes/no; nda none, sent or signed). Every bad row is \
                reported as FILE:row R, column "C": message (the header is row 1) and nothing is imported, \
                unless --skip-invalid. Importing again is idempotent by username; a changed signed_up_at \
                would change someone's place in line and is refused unless --accept-changes.

                Examples:
                  cohort pilot import data/signups.csv
                  cohort pilot import late-signups.csv --skip-invalid --json
                """)

        static let hint = "fix them, or pass --skip-invalid to import the good rows and list the others"

        @Argument(help: "The sign-ups CSV file.")
        var file: String

        @Flag(help: "Import the good rows and list the bad ones, instead of importing nothing.")
        var skipInvalid = false

        @Flag(help: "Accept a changed signed_up_at for a known username.")
        var acceptChanges = false

        @OptionGroup var options: DecidingOptions

        func run() throws {
            let session = try options.session()
            let table = try CSVFile.read(file, columns: Signup.columns)
            let report = try Output.withHint(skipInvalid ? nil : Self.hint) {
                try session.importSignups(
                    table, skipInvalid: skipInvalid, acceptChanges: acceptChanges,
                    audit: options.audit(command: "pilot import"))
            }
            for line in report.skipped { Output.diagnostic("skipped: \(line)") }
            if options.output.json { return try Output.json(report) }
            print(
                "Imported \(file): \(report.added.count) added, \(report.updated.count) updated, \(report.unchanged.count) unchanged"
                    + (report.skipped.isEmpty ? "" : ", \(Plural.count(report.skipped.count, "row")) skipped"))
            for change in report.updated {
                print("  \(change.username): \(change.columns.joined(separator: ", ")) changed")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a change to one sign-up: NDA state, use case, availability.",
            discussion: """
                Changes are audited. A change of eligibility takes effect at the next `pilot select` \
                (or when a freed seat is offered); nobody already enrolled is displaced.

                Examples:
                  cohort pilot set ameliaK --nda signed
                  cohort pilot set ravi.p --available no --use-case-applicable yes
                """)

        @Argument(help: "The username.")
        var username: String

        @Option(help: "The NDA state: none, sent or signed.")
        var nda: NDAStatus?

        @Option(help: "Whether the use case is applicable: yes or no.")
        var useCaseApplicable: YesNo?

        @Option(help: "Whether they are available during the pilot: yes or no.")
        var available: YesNo?

        @OptionGroup var options: DecidingOptions

        func validate() throws {
            guard nda != nil || useCaseApplicable != nil || available != nil else {
                throw ValidationError("nothing to change; pass --nda, --use-case-applicable or --available")
            }
        }

        func run() throws {
            let signup = try options.session().updateSignup(
                username, nda: nda, useCaseApplicable: useCaseApplicable?.value, available: available?.value,
                audit: options.audit(command: "pilot set"))
            if options.output.json { return try Output.json(SignupLine(signup, reasons: [], showEmail: false)) }
            print(
                "\(signup.username): nda \(signup.nda.rawValue), use case \(signup.useCaseApplicable ? "applicable" : "not applicable"), \(signup.available ? "available" : "not available")"
            )
        }
    }

    struct Select: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol eligible sign-ups first come, first served; wait-list the rest.",
            discussion: """
                Keeps everyone already enrolled and every open offer; fills free seats from the eligible \
                in line and wait-lists the others in order; lists the ineligible with every reason. \
                Running it again with the same records and clock decides nothing new. --capacity \
                replaces pilot.capacity from now on (it cannot go below the seats already taken).

                JSON: capacity; enrolled and waitlist (usernames in decision order); ineligible \
                (username and reasons).

                Examples:
                  cohort pilot select
                  cohort pilot select --capacity 9 --now 2022-02-01T12:00:00Z --json
                """)

        @Option(help: "How many seats the cohort has (default: pilot.capacity).")
        var capacity: Int?

        @OptionGroup var options: DecidingOptions

        func validate() throws {
            if let capacity, capacity < 1 { throw ValidationError("--capacity must be at least 1") }
        }

        func run() throws {
            let outcome = try options.session().selectPilot(
                capacity: capacity, audit: options.audit(command: "pilot select"))
            if options.output.json { return try Output.json(outcome) }
            print(PilotText.outcome(outcome, bold: Output.bold))
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw someone; a freed seat is offered to the next eligible person in line.",
            discussion: """
                The offer lasts pilot.offer_hours (48 by default) from --now; `pilot accept` takes it, \
                and an offer that expires passes to the next eligible person.

                Examples:
                  cohort pilot withdraw ravi.p --reason "new job, no time for the pilot"
                  cohort pilot withdraw ravi.p --reason "moved away" --json
                """)

        @Argument(help: "The username.")
        var username: String

        @Option(help: "Why they withdraw, for the audit log.")
        var reason: String

        @OptionGroup var options: DecidingOptions

        func run() throws {
            let decisions = try options.session().withdrawFromPilot(
                username, reason: reason, audit: options.audit(command: "pilot withdraw"))
            try Output.decisions(decisions, json: options.output.json)
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take up an offered seat: the person is enrolled.",
            discussion: """
                Only an open offer can be accepted; an expired one has already passed to the next person.

                Examples:
                  cohort pilot accept lena.w
                  cohort pilot accept lena.w --now 2022-02-11T08:00:00Z --json
                """)

        @Argument(help: "The username.")
        var username: String

        @OptionGroup var options: DecidingOptions

        func run() throws {
            let decisions = try options.session().acceptPilotOffer(
                username, audit: options.audit(command: "pilot accept"))
            try Output.decisions(decisions, json: options.output.json)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every sign-up's standing and place.",
            discussion: """
                Seats first, then open offers, the wait-list in order, the rest. Mail addresses are \
                personal data: they are shown only with --show-email.

                Examples:
                  cohort pilot list
                  cohort pilot list --json --show-email
                """)

        @Flag(help: "Include mail addresses (personal data under NDA).")
        var showEmail = false

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let (capacity, places) = try options.session().pilotPlaces(audit: options.audit(command: "pilot list"))
            if options.output.json {
                return try Output.json(
                    PilotListing(
                        capacity: capacity,
                        participants: places.map { SignupLine($0.signup, place: $0, showEmail: showEmail) }))
            }
            print(PilotText.list(places, capacity: capacity, showEmail: showEmail))
        }
    }
}

/// `--by` with the global options: what commands that decide (and so write audit entries) take.
struct DecidingOptions: ParsableArguments {
    @Option(help: "Who is deciding, for the audit log (default: COHORT_ACTOR, else the user running the command).")
    var by: String?

    @OptionGroup var global: GlobalOptions

    var output: OutputOptions { global.output }

    func session() throws -> ProgramSession { try global.session() }

    /// Audit stamps naming `--by`, or whoever runs the command.
    func audit(command: String) -> AuditContext { global.audit(command: command, by: by) }
}

/// `yes` or `no` as an option value.
enum YesNo: String, ExpressibleByArgument, CaseIterable {
    case yes, no
    var value: Bool { self == .yes }
}

extension NDAStatus: ExpressibleByArgument {}

/// `pilot list --json`.
struct PilotListing: Encodable {
    var capacity: Int
    var participants: [SignupLine]
}

/// One sign-up in JSON; the address only when asked for.
struct SignupLine: Encodable {
    var username: String
    var standing: String
    var place: Int?
    var eligible: Bool
    var reasons: [IneligibilityReason]
    var signedUpAt: String
    var timeZone: String
    var nda: String
    var offerExpiresAt: String?
    var email: String?

    enum CodingKeys: String, CodingKey {
        case username, standing, place, eligible, reasons, nda, email
        case signedUpAt = "signed_up_at"
        case timeZone = "time_zone"
        case offerExpiresAt = "offer_expires_at"
    }

    init(_ signup: Signup, reasons: [IneligibilityReason], place: Int? = nil, expires: Date? = nil, showEmail: Bool) {
        username = signup.username
        standing = signup.standing.name
        self.place = place
        eligible = reasons.isEmpty
        self.reasons = reasons
        signedUpAt = Instant.format(signup.signedUpAt)
        timeZone = signup.timeZone
        nda = signup.nda.rawValue
        offerExpiresAt = expires.map(Instant.format)
        email = showEmail ? signup.email : nil
    }

    init(_ signup: Signup, place: PilotPlace, showEmail: Bool) {
        self.init(
            signup, reasons: place.reasons, place: place.place, expires: place.offerExpires, showEmail: showEmail)
    }
}

extension Output {
    /// Prints pilot decisions as a table, or as `{"decisions":[{"action","username","reason"}]}`.
    static func decisions(_ decisions: [PilotDecision], json: Bool) throws {
        if json { return try Output.json(["decisions": decisions]) }
        print(PilotText.decisions(decisions))
    }
}

extension Output {
    /// Runs `body`; CSV problems are printed one located line each, then a count, and exit 64.
    /// Kept for `partner import`; the other importers let `Cohort.main` print `CSVProblems`.
    static func reportingCSVProblems<T>(hint: String = "", nothing: String = "imported", _ body: () throws -> T)
        throws -> T
    {
        do {
            return try body()
        } catch let found as CSVProblems {
            for problem in found.problems { diagnostic(problem.description) }
            diagnostic("\(Plural.count(found.problems.count, "problem")); nothing was \(nothing)\(hint)")
            throw ExitCode(found.kind.exitCode)
        }
    }

    /// Runs `body`; when it finds problems in a CSV file, prints them (each located, then the
    /// count) and `hint` after them, and exits 64.
    static func withHint<T>(_ hint: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let found as CSVProblems {
            diagnostic(found.description)
            if let hint { diagnostic(hint) }
            throw ExitCode(found.kind.exitCode)
        }
    }
}
