import CohortCore
internal import CohortStore
import Foundation

/// What a decision returns, and what it told the people it is about.
public struct Told<Value: Sendable>: Sendable {
    public var value: Value
    public var notices: NoticeSummary
}

/// What `pilot import` did.
public struct SignupImport: Sendable, Equatable, Encodable {
    /// A known sign-up whose facts changed, and which columns.
    public struct Change: Sendable, Equatable, Encodable {
        public var username: String
        public var columns: [String]
    }

    public var added: [String] = []
    public var updated: [Change] = []
    public var unchanged: [String] = []
    /// The problems of the rows left out by `--skip-invalid`, each as `file: row R, column "c": message`.
    public var skipped: [String] = []
    /// How many rows were left out (a row may have several problems).
    public var skippedRows = 0
    /// From the talk page (`--from-wiki`): the page and the revision read.
    public var page: String?
    public var revision: Int?
    /// From the talk page: sign-ups without the template's answers (`answers-missing`).
    public var incomplete: [String]?
    /// From the talk page: later entries by someone who signed up already, each located; not imported.
    public var later: [String]?
    /// From the talk page: unsigned text holding the sign-up template, each located; not imported.
    public var unsigned: [String]?
    /// From the talk page: staff's comments and hidden or struck entries, counted apart.
    public var staff: Int?
    public var hidden: Int?
}

/// The use cases of people in the pilot: sign-ups imported, seats offered fairly, the NDA, withdrawals
/// and offers accepted. Made with the command's session: its workspace and program, its records (opened
/// once for the command) and the transports it reaches servers through.
public struct PilotEnrolment: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension PilotEnrolment {
    /// The pilot as the records hold it, with the capacity in force.
    func cohort(_ records: any RecordWriting) throws -> PilotCohort {
        PilotCohort(
            signups: try records.signups(), capacity: try records.pilotCapacity() ?? program.pilot.capacity,
            rules: program.pilot)
    }

    /// Saves the sign-ups whose standing changed and writes one audit entry per decision.
    func keep(
        _ cohort: PilotCohort, was before: PilotCohort, decisions: [PilotDecision], records: any RecordWriting,
        audit: AuditContext
    ) throws {
        let old = Dictionary(before.signups.map { ($0.username, $0) }, uniquingKeysWith: { a, _ in a })
        for signup in cohort.signups where old[signup.username] != signup { try records.save(signup) }
        for decision in decisions {
            try records.append(
                audit.entry(
                    action: decision.action, subject: "signup:\(decision.username)", reason: decision.reason,
                    at: decision.at))
        }
    }

    /// Runs one pilot change in one transaction: offers that expired by `audit.now` lapse first
    /// (recorded at their deadlines, by this command), then `change` decides, and everyone a decision is about is told (notices queued in the
    /// outbox, and unsent ones whose decision was undone dropped); everything is kept, or nothing.
    func changePilot<T>(
        audit: AuditContext, _ change: (inout PilotCohort, any RecordWriting) throws -> (T, [PilotDecision])
    ) throws -> Told<T> {
        try transaction { records in
            let before = try cohort(records)
            var after = before
            var decisions = after.expireOffers(now: audit.now)
            let (result, more) = try change(&after, records)
            decisions += more
            try keep(after, was: before, decisions: decisions, records: records, audit: audit)
            let drafts = PilotNotices.drafts(for: decisions, in: after)
            var notices = try using(Notifications.self).dropStaleNotices(
                subjects: Set(decisions.map { "signup:\($0.username)" }), replacing: Set(drafts.map(\.subject)),
                records: records, audit: audit)
            notices.add(try using(Notifications.self).queueNotices(drafts, records: records, audit: audit))
            return Told(value: result, notices: notices)
        }
    }

    /// Imports sign-ups from a CSV. Every bad row is reported (file, row, column, fix) and nothing
    /// is imported, unless `skipInvalid`, which imports the good rows and lists the rest. Known
    /// usernames are updated in place (idempotent); a changed `signed_up_at` would move someone in
    /// line, so it is refused unless `acceptChanges`. Nobody's standing changes here.
    public func importSignups(
        _ table: CSVTable, skipInvalid: Bool, acceptChanges: Bool, audit: AuditContext
    ) throws -> SignupImport {
        let (rows, problems) = Signup.read(table)
        if !skipInvalid { try problems.throwIfAny() }
        return try changePilot(audit: audit) { cohort, records in
            var report = SignupImport()
            report.skipped = problems.problems.map(\.description)
            report.skippedRows = Set(problems.problems.compactMap { $0.location?.row }).count
            var refusals = CSVProblems(file: table.file)
            // By username, so a file of 100,000 sign-ups is read in one pass, not one per row.
            var indexes = Dictionary(
                cohort.signups.enumerated().map { (WikiUsername.key($1.username), $0) },
                uniquingKeysWith: { first, _ in first })
            for (row, signup) in rows {
                guard let index = indexes[WikiUsername.key(signup.username)] else {
                    indexes[WikiUsername.key(signup.username)] = cohort.signups.count
                    // Saved once, with every other change, by `keep` when the closure returns.
                    cohort.signups.append(signup)
                    report.added.append(signup.username)
                    try records.append(
                        audit.entry(
                            action: "import", subject: "signup:\(signup.username)",
                            reason: "signed up at \(Instant.format(signup.signedUpAt)) (\(table.file) row \(row.row))"))
                    continue
                }
                let before = cohort.signups[index]
                let columns = before.changedColumns(comparedWith: signup)
                if columns.isEmpty {
                    report.unchanged.append(before.username)
                    continue
                }
                if columns.contains("signed_up_at"), !acceptChanges {
                    refusals.add(
                        row.with(column: "signed_up_at"),
                        "\(before.username) signed up at \(Instant.format(before.signedUpAt)) before; a new time would change their place in line; pass --accept-changes if \(Instant.format(signup.signedUpAt)) is right"
                    )
                    continue
                }
                cohort.signups[index] = before.updating(with: signup)
                report.updated.append(SignupImport.Change(username: before.username, columns: columns))
                try records.append(
                    audit.entry(
                        action: "update", subject: "signup:\(before.username)",
                        reason:
                            "re-imported from \(table.file) row \(row.row): \(columns.joined(separator: ", ")) changed")
                )
            }
            try refusals.throwIfAny()
            return (report, [])
        }.value
    }

    /// Records a change of NDA state, use case or availability for one sign-up. Declining the NDA
    /// with a seat ends the enrolment: the seat passes on and both people are told.
    public func updateSignup(
        _ username: String, nda: NDAStatus?, useCaseApplicable: Bool?, available: Bool?, audit: AuditContext
    ) throws -> Told<(signup: Signup, decisions: [PilotDecision])> {
        try changePilot(audit: audit) { cohort, records in
            let index = try cohort.index(of: username)
            var signup = cohort.signups[index]
            var changes: [String] = []
            // An answer the sign-up lacked is recorded even when it equals the placeholder value.
            if let nda, nda != signup.nda || signup.unanswered.contains(.nda) {
                let was = signup.unanswered.contains(.nda) ? "unanswered" : signup.nda.rawValue
                changes.append("nda \(was) → \(nda.rawValue)")
                signup.nda = nda
                signup.unanswered.remove(.nda)
            }
            if let useCaseApplicable,
                useCaseApplicable != signup.useCaseApplicable || signup.unanswered.contains(.useCaseApplicable)
            {
                changes.append("use_case_applicable → \(useCaseApplicable ? "yes" : "no")")
                signup.useCaseApplicable = useCaseApplicable
                signup.unanswered.remove(.useCaseApplicable)
            }
            if let available, available != signup.available || signup.unanswered.contains(.available) {
                changes.append("available → \(available ? "yes" : "no")")
                signup.available = available
                signup.unanswered.remove(.available)
            }
            cohort.signups[index] = signup
            if !changes.isEmpty {
                try records.append(
                    audit.entry(
                        action: "update", subject: "signup:\(username)", reason: changes.joined(separator: ", ")))
            }
            let decisions = nda == .declined ? try cohort.declineNDA(username, now: audit.now) : []
            return ((cohort.signups[index], decisions), decisions)
        }
    }

    /// Selects the cohort (see `PilotCohort.select`); `capacity` replaces the configured one from now on.
    public func selectPilot(capacity: Int?, audit: AuditContext) throws -> PilotOutcome {
        let told = try changePilot(audit: audit) { cohort, records in
            if let capacity {
                guard capacity >= cohort.seatsTaken else {
                    throw PilotError.capacityBelowEnrolled(capacity: capacity, enrolled: cohort.seatsTaken)
                }
                if capacity != cohort.capacity {
                    try records.setPilotCapacity(capacity)
                    try records.append(
                        audit.entry(
                            action: "capacity", subject: "pilot",
                            reason: "capacity \(cohort.capacity) → \(capacity)"))
                    cohort.capacity = capacity
                }
            }
            let decisions = cohort.select(now: audit.now)
            return (cohort.outcome(), decisions)
        }
        var outcome = told.value
        outcome.notices = told.notices
        return outcome
    }

    /// Withdraws someone; a freed seat is offered to the next eligible person in line.
    public func withdrawFromPilot(_ username: String, reason: String, audit: AuditContext) throws
        -> Told<[PilotDecision]>
    {
        try changePilot(audit: audit) { cohort, _ in
            let decisions = try cohort.withdraw(username, reason: reason, now: audit.now)
            return (decisions, decisions)
        }
    }

    /// Takes up an open offer.
    public func acceptPilotOffer(_ username: String, audit: AuditContext) throws -> Told<[PilotDecision]> {
        try changePilot(audit: audit) { cohort, _ in
            let decisions = try cohort.accept(username, now: audit.now)
            return (decisions, decisions)
        }
    }

    /// Everyone's standing and place at `now`, read only: offers whose deadline passed without
    /// a recorded lapse are shown as they would be (`PilotProjection`), and nothing is recorded.
    public func pilotPlaces(now: Date) throws -> (capacity: Int, places: [PilotPlace], projection: PilotProjection) {
        let recorded = try openStore().read { records in try cohort(records) }
        let projected = recorded.projected(now: now)
        return (
            projected.cohort.capacity, projected.cohort.places(now: now),
            PilotProjection(projected.decisions, in: projected.cohort)
        )
    }
}
