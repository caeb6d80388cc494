import CohortCore
internal import CohortRender
import Foundation

/// The partner views as JSON: never with contact addresses.
public enum PartnerOutput {
    public struct Line: Sendable, Encodable {
        var id: String
        var name: String
        var kind: String
        var stage: String
        var wave: String
        var since: String
        var overdue: [String]

        public init(_ progress: PartnerProgress, now: Date) {
            id = progress.partner.id
            name = progress.partner.name
            kind = progress.partner.kind.rawValue
            stage = progress.stage
            wave = progress.partner.wave
            since = Instant.format(progress.enteredAt)
            overdue = progress.overdue(at: now)
        }
    }

    public struct Listing: Sendable, Encodable { var partners: [Line] }

    public struct Item: Sendable, Encodable {
        var id: String
        var name: String
        var stage: String
        var due: String
        var tickedAt: String?
        var tickedBy: String?
        var overdue: Bool

        public init(_ item: ItemStatus, now: Date) {
            id = item.id
            name = item.name
            stage = item.stage
            due = Instant.format(item.due)
            tickedAt = item.tick.map { Instant.format($0.at) }
            tickedBy = item.tick?.by
            overdue = item.isOverdue(at: now)
        }
    }

    public struct Step: Sendable, Encodable {
        var at: String
        var move: String
        var from: String?
        var to: String
        var forced: Bool
        var by: String
        var note: String
    }

    public struct Detail: Sendable, Encodable {
        var line: Line
        var region: String
        var contactName: String
        var timeZone: String
        var checklist: [Item]
        var projected: [Item]
        var history: [Step]

        public init(_ progress: PartnerProgress, now: Date) {
            line = Line(progress, now: now)
            region = progress.partner.region
            contactName = progress.partner.contactName
            timeZone = progress.partner.timeZone
            checklist = progress.items.map { Item($0, now: now) }
            projected = progress.projected.map { Item($0, now: now) }
            history = progress.history.map {
                Step(
                    at: Instant.format($0.at), move: $0.move.rawValue, from: $0.from, to: $0.to, forced: $0.forced,
                    by: $0.by, note: $0.note)
            }
        }

        enum CodingKeys: String, CodingKey { case region, checklist, projected, history, contactName, timeZone }

        /// By hand: the partner's line (as `partner list --json` shows it) and these details in one flat object.
        public func encode(to encoder: any Encoder) throws {
            try line.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(region, forKey: .region)
            try container.encode(contactName, forKey: .contactName)
            try container.encode(timeZone, forKey: .timeZone)
            try container.encode(checklist, forKey: .checklist)
            try container.encode(projected, forKey: .projected)
            try container.encode(history, forKey: .history)
        }
    }

    public struct ReminderLine: Sendable, Encodable {
        var partner: String
        var items: [String]
        var queued: String

        public init(_ queued: QueuedReminder) {
            partner = queued.reminder.partner.id
            items = queued.reminder.items.map(\.id)
            self.queued =
                switch queued.queued {
                case nil: "dry run"
                case .added: "queued"
                case .replaced: "replaced the unsent copy"
                case .unchanged(let state): "already queued (\(state.rawValue))"
                case .alreadySent: "already sent"
                }
        }
    }

    public struct Reminders: Sendable, Encodable {
        var dryRun: Bool
        var batch: String
        var reminders: [ReminderLine]
    }
}

extension PartnerOnboarding {
    /// Imports partners from the CSV file at `path`; see `importPartners(_:skipInvalid:audit:)`.
    public func importPartners(file path: String, skipInvalid: Bool, audit: AuditContext) throws -> PartnerImport {
        try withSkipHint(skipInvalid) {
            try importPartners(try readCSV(path, columns: Partner.columns), skipInvalid: skipInvalid, audit: audit)
        }
    }

    /// Adds one partner from command-line values; each bad value is named by its option.
    public func addPartner(
        id: String, name: String, kind: String, region: String, contactName: String, contactEmail: String,
        timeZone: String, wave: String, audit: AuditContext
    ) throws -> PartnerProgress {
        try addPartner(
            Partner(
                id: id, name: name, kind: Partner.Kind(rawValue: kind.lowercased()) ?? .organisation, region: region,
                contactName: contactName, contactEmail: contactEmail, timeZone: timeZone, wave: wave),
            kindAsGiven: kind, audit: audit)
    }

    /// Partners at `stage`, of `wave`, and with overdue items at `now` when asked; an unknown
    /// stage or wave is bad input.
    public func partnerListing(stage: String?, wave: String?, overdueOnly: Bool, now: Date) throws -> PartnerListing {
        if let stage, program.onboarding.index(of: stage) == nil {
            throw OnboardingError.unknownStage(stage, known: program.onboarding.stageIDs)
        }
        if let wave, !program.waves.contains(where: { $0.id == wave }) {
            throw ReleaseError.unknownWave(wave, known: program.waves.map(\.id))
        }
        let partners = try partnerProgress().filter {
            (stage == nil || $0.stage == stage) && (wave == nil || $0.partner.wave == wave)
                && (!overdueOnly || !$0.overdue(at: now).isEmpty)
        }
        return PartnerListing(progress: partners, now: now)
    }

    /// The onboarding funnel at `now`.
    public func partnerFunnel(now: Date) throws -> PartnerFunnel {
        PartnerFunnel.make(try partnerProgress(), rules: program.onboarding, now: now)
    }

    /// Checklist items due within `within` (7d, 2w) of `now`, and overdue ones.
    public func dueItems(within: String, now: Date) throws -> DueListing {
        guard let lag = Lag(within) else { throw OnboardingError.badDuration(within) }
        return DueListing(due: DueItem.list(try partnerProgress(), now: now, within: lag), within: lag)
    }

    /// Queues one reminder per partner contact with overdue items (see `remindPartners`), rendered
    /// from `templates/reminder.txt.mustache` or the built-in text.
    public func remindPartners(dryRun: Bool, audit: AuditContext) throws -> PartnerOutput.Reminders {
        let template =
            workspace.exists(ReminderMailer.templatePath)
            ? try workspace.readText(ReminderMailer.templatePath) : nil
        let now = audit.now
        let queued = try remindPartners(
            dryRun: dryRun, audit: audit,
            mail: { try ReminderMailer.outboxItem($0, program: program, template: template, now: now) })
        return PartnerOutput.Reminders(
            dryRun: dryRun, batch: ReminderMailer.batch(at: now), reminders: queued.map(PartnerOutput.ReminderLine.init)
        )
    }
}

/// `partner list --json`: `{"partners":[{"id","stage","wave","overdue"}]}`.
public struct PartnerListing: Sendable, Encodable {
    public var partners: [PartnerOutput.Line]
    let progress: [PartnerProgress]
    let now: Date

    init(progress: [PartnerProgress], now: Date) {
        self.progress = progress
        self.now = now
        partners = progress.map { PartnerOutput.Line($0, now: now) }
    }

    enum CodingKeys: String, CodingKey { case partners }

    public var text: String { PartnerText.list(progress, now: now) }
}

/// `partner due --json`: `{"due":[...]}`.
public struct DueListing: Sendable, Encodable {
    public var due: [DueItem]
    let within: Lag

    enum CodingKeys: String, CodingKey { case due }

    public var text: String { PartnerText.due(due, within: within) }
}

extension PartnerImport {
    /// `partner import` for people.
    public func text(file: String) -> String {
        ([
            "Imported \(file): \(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
                + (skipped.isEmpty ? "" : ", \(Plural.count(skipped.count, "problem")) skipped")
        ] + updated.map { "  \($0.id): \($0.columns.joined(separator: ", ")) changed" }
            + [notices.text].compactMap { $0 })
            .joined(separator: "\n")
    }
}

extension PartnerOutput.Reminders {
    /// `partner remind` for people.
    public var text: String {
        guard !reminders.isEmpty else { return "No reminders due" }
        let count = Plural.count(reminders.count, "reminder")
        let head =
            dryRun ? "Would queue \(count) (dry run; nothing changed):" : "Queued \(count) in outbox batch \(batch):"
        return ([head] + reminders.map { "  \($0.partner): \($0.items.joined(separator: ", "))" }).joined(
            separator: "\n")
    }
}
