import CohortCore
internal import CohortStore
import Foundation

/// What `partner import` did.
public struct PartnerImport: Sendable, Equatable, Encodable {
    /// A known partner whose facts changed, and which columns.
    public struct Change: Sendable, Equatable, Encodable {
        public var id: String
        public var columns: [String]
    }

    public var added: [String] = []
    public var updated: [Change] = []
    public var unchanged: [String] = []
    /// Rows left out by `--skip-invalid`, each located.
    public var skipped: [String] = []
    /// The welcomes queued for the partners added.
    public var notices = NoticeSummary()
}

/// A reminder queued (or, on a dry run, planned) for one partner's contact.
public struct QueuedReminder: Sendable, Equatable {
    public var reminder: Reminder
    public var message: OutboxItem
    public var queued: EnqueueResult?
}

/// Renders a reminder as an outbox message.
public typealias ReminderMail = (Reminder) throws -> OutboxItem

/// The use cases of partners brought on board: imported, advanced step by step, reminded, and the gate
/// they hold. Made with the command's session: its workspace and program, its records (opened once for
/// the command) and the transports it reaches servers through.
public struct PartnerOnboarding: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension PartnerOnboarding {
    /// Every partner's progress as the records hold it.
    func partnerProgress(_ records: any RecordWriting) throws -> [PartnerProgress] {
        try records.partnerProgress(rules: program.onboarding)
    }

    /// Every partner's progress, read in one transaction (empty when there is no database yet).
    public func partnerProgress() throws -> [PartnerProgress] {
        guard records.exists else { return [] }
        return try openStore().read { try partnerProgress($0) }
    }

    /// One partner's progress; an unknown id is bad input.
    public func partnerProgress(_ id: String) throws -> PartnerProgress {
        let all = try partnerProgress()
        guard let found = all.first(where: { $0.partner.id == id }) else {
            throw OnboardingError.unknownPartner(id, known: all.map(\.partner.id))
        }
        return found
    }

    /// The `onboarded: STAGE` gate evaluator over the partner records at `now`.
    public func onboardingGate(now: Date) throws -> PartnerOnboardingGate {
        PartnerOnboardingGate(progress: try partnerProgress(), rules: program.onboarding, now: now)
    }

    func onboardingGate(_ records: any RecordWriting, now: Date) throws -> PartnerOnboardingGate {
        PartnerOnboardingGate(progress: try partnerProgress(records), rules: program.onboarding, now: now)
    }

    /// Imports partners from a CSV: every bad cell (unknown wave, duplicate id, bad address…) is
    /// reported with its row and column and nothing is imported. Known ids are updated in place and
    /// keep their onboarding history; new ones enter the first stage at `audit.now`.
    public func importPartners(_ table: CSVTable, skipInvalid: Bool = false, audit: AuditContext) throws
        -> PartnerImport
    {
        let (rows, problems) = Partner.read(table, waves: program.waves.map(\.id))
        if !problems.isEmpty, !skipInvalid { throw CSVProblems(problems) }
        return try transaction { records in
            var report = PartnerImport()
            report.skipped = CSVProblems(problems).problems.map(\.description)
            let known = Dictionary(try records.partners().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for (row, partner) in rows {
                if let before = known[partner.id] {
                    let columns = before.changedColumns(comparedWith: partner)
                    guard !columns.isEmpty else {
                        report.unchanged.append(partner.id)
                        continue
                    }
                    try records.save(partner)
                    report.updated.append(PartnerImport.Change(id: partner.id, columns: columns))
                    try records.append(
                        audit.entry(
                            action: "update", subject: "partner:\(partner.id)",
                            reason:
                                "re-imported from \(table.file) row \(row): \(columns.joined(separator: ", ")) changed")
                    )
                    continue
                }
                try begin(partner, records: records, audit: audit, reason: "imported from \(table.file) row \(row)")
                report.added.append(partner.id)
            }
            // The welcomes, all together: everyone's progress read once, the notices queued at once.
            if !report.added.isEmpty {
                let progress = Dictionary(
                    try partnerProgress(records).map { ($0.partner.id, $0) }, uniquingKeysWith: { a, _ in a })
                let welcomes = report.added.compactMap { id in
                    progress[id].map { PartnerNotices.welcome($0, rules: program.onboarding, waves: program.waves) }
                }
                report.notices.add(try using(Notifications.self).queueNotices(welcomes, records: records, audit: audit))
            }
            return report
        }
    }

    /// Adds one partner, refusing a known id; it enters the first stage at `audit.now`.
    public func addPartner(_ partner: Partner, kindAsGiven: String? = nil, audit: AuditContext) throws
        -> PartnerProgress
    {
        let problems = Partner.problems(
            id: partner.id, name: partner.name, kind: kindAsGiven ?? partner.kind.rawValue,
            contactEmail: partner.contactEmail,
            timeZone: partner.timeZone, wave: partner.wave, waves: program.waves.map(\.id))
        if !problems.isEmpty {
            throw OnboardingError.invalidPartner(
                problems.map { "--\($0.column.replacingOccurrences(of: "_", with: "-")): \($0.message)" })
        }
        return try transaction { records in
            if try records.partners().contains(where: { $0.id == partner.id }) {
                throw OnboardingError.duplicatePartner(partner.id)
            }
            try start(partner, records: records, audit: audit, reason: "added")
            return try progress(partner.id, in: records)
        }
    }

    /// Adds a partner at the first stage and queues its welcome.
    @discardableResult
    private func start(_ partner: Partner, records: any RecordWriting, audit: AuditContext, reason: String) throws
        -> NoticeSummary
    {
        try begin(partner, records: records, audit: audit, reason: reason)
        let welcome = PartnerNotices.welcome(
            try progress(partner.id, in: records), rules: program.onboarding, waves: program.waves)
        return try using(Notifications.self).queueNotices([welcome], records: records, audit: audit)
    }

    /// Records a new partner at the first stage (its welcome is for the caller to queue).
    private func begin(_ partner: Partner, records: any RecordWriting, audit: AuditContext, reason: String) throws {
        try records.save(partner)
        let first = program.onboarding.stages.first?.id ?? "invited"
        try records.append(
            StageStep(partner: partner.id, from: nil, to: first, move: .start, at: audit.now, by: audit.actor))
        try records.append(
            audit.entry(action: "add", subject: "partner:\(partner.id)", reason: "\(reason); at \(first)"))
    }

    private func progress(_ id: String, in records: any RecordWriting) throws -> PartnerProgress {
        let all = try partnerProgress(records)
        guard let found = all.first(where: { $0.partner.id == id }) else {
            throw OnboardingError.unknownPartner(id, known: all.map(\.partner.id))
        }
        return found
    }

    /// Moves a partner to another stage (see `Onboarding.move`), recording the step and an audit
    /// entry, and tells its contact: the new stage's notice is queued, and an unsent one about the
    /// stage it left is dropped.
    public func advancePartner(_ id: String, _ request: Onboarding.MoveRequest, audit: AuditContext) throws
        -> (step: StageStep, progress: PartnerProgress, notices: NoticeSummary)
    {
        try transaction { records in
            let current = try progress(id, in: records)
            let step = try Onboarding.move(current, request, by: audit.actor, at: audit.now, rules: program.onboarding)
            try records.append(step)
            var reason = "\(step.from ?? "") → \(step.to)"
            if step.forced { reason += " with unticked \(current.unticked.joined(separator: ", "))" }
            if !step.note.isEmpty { reason += ": \(step.note)" }
            try records.append(
                audit.entry(
                    action: step.forced ? "\(step.move.rawValue)-forced" : step.move.rawValue,
                    subject: "partner:\(id)", reason: reason))
            let moved = try progress(id, in: records)
            let drafts = [PartnerNotices.stage(moved, rules: program.onboarding, waves: program.waves)]
            var notices = try using(Notifications.self).dropStaleNotices(
                subjects: ["partner:\(id)"], replacing: Set(drafts.map(\.subject)), records: records, audit: audit)
            notices.add(try using(Notifications.self).queueNotices(drafts, records: records, audit: audit))
            return (step, moved, notices)
        }
    }

    /// Ticks one checklist item; ticking it again changes nothing (`ticked` is false).
    public func checkPartnerItem(_ id: String, item: String, audit: AuditContext) throws
        -> (ticked: Bool, progress: PartnerProgress)
    {
        try transaction { records in
            let current = try progress(id, in: records)
            guard
                let tick = try Onboarding.tick(
                    current, item: item, by: audit.actor, at: audit.now, rules: program.onboarding)
            else { return (false, current) }
            try records.append(tick)
            try records.append(audit.entry(action: "check", subject: "partner:\(id)", reason: "ticked \(item)"))
            return (true, try progress(id, in: records))
        }
    }

    /// Plans reminders at `audit.now` (see `Reminder.plan`) and, unless `dryRun`, queues each in the
    /// outbox and records which items it reminded of, in one transaction.
    public func remindPartners(dryRun: Bool, audit: AuditContext, mail: ReminderMail) throws -> [QueuedReminder] {
        let body = { (records: any RecordWriting) throws -> [QueuedReminder] in
            let reminders = Reminder.plan(
                try partnerProgress(records), sent: try records.reminders(),
                interval: program.onboarding.reminderInterval, now: audit.now)
            return try reminders.map { reminder in
                let item = try mail(reminder)
                guard !dryRun else { return QueuedReminder(reminder: reminder, message: item, queued: nil) }
                let result = try records.enqueue(item)
                for overdue in reminder.items {
                    try records.append(ReminderRecord(partner: reminder.partner.id, item: overdue.id, at: audit.now))
                }
                try records.append(
                    audit.entry(
                        action: "remind", subject: "partner:\(reminder.partner.id)",
                        reason: "overdue: \(reminder.items.map(\.id).joined(separator: ", "))"))
                return QueuedReminder(reminder: reminder, message: item, queued: result)
            }
        }
        guard records.exists || !dryRun else { return [] }
        return dryRun ? try openStore().read(body) : try transaction(body)
    }
}

extension PartnerRecords {
    /// Every partner's progress under `rules`, from the records (what notices and gates read
    /// inside the transaction that decides).
    func partnerProgress(rules: OnboardingRules) throws -> [PartnerProgress] {
        // Each partner's own steps and ticks, grouped once: not every record scanned per partner.
        let steps = Dictionary(grouping: try stageSteps(), by: \.partner)
        let ticks = Dictionary(grouping: try checklistTicks(), by: \.partner)
        return try partners().map {
            Onboarding.progress($0, steps: steps[$0.id] ?? [], ticks: ticks[$0.id] ?? [], rules: rules)
        }
    }
}
