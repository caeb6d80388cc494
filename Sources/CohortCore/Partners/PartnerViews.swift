import Foundation

/// One stage of the funnel: how many partners are there now, how many ever reached it, how many
/// of those went on, and how long partners stayed.
public struct FunnelStage: Sendable, Equatable, Encodable {
    public var stage: String
    /// Partners now at this stage.
    public var count: Int
    /// Partners that ever reached this stage or a later one.
    public var reached: Int
    /// The share of those who reached this stage that reached the next (nil for the last, or none reached).
    public var conversion: Double?
    /// Median and 90th-percentile days of completed stays (nil when nobody has left the stage yet).
    public var medianDays: Double?
    public var p90Days: Double?
    /// Partners now at this stage with overdue items.
    public var overdue: Int
}

/// Partners per stage, conversion, time spent per stage and overdue counts.
public struct PartnerFunnel: Sendable, Equatable, Encodable {
    public var stages: [FunnelStage]
    /// Partners with at least one overdue item.
    public var overdue: Int
    /// Overdue items, all partners together.
    public var overdueItems: Int
    public var partners: Int

    /// The funnel of `progress` at `now`. Days per stage count completed stays only (entry to the
    /// next move); the median of an even count is the mean of the middle two; the 90th percentile
    /// is the nearest rank.
    public static func make(_ progress: [PartnerProgress], rules: OnboardingRules, now: Date) -> PartnerFunnel {
        var stays: [String: [Double]] = [:]
        for partner in progress {
            for (step, next) in zip(partner.history, partner.history.dropFirst()) {
                stays[step.to, default: []].append(next.at.timeIntervalSince(step.at) / 86_400)
            }
        }
        let stages = rules.stages.enumerated().map { index, stage -> FunnelStage in
            let here = progress.filter { $0.stageIndex == index }
            let reached = progress.count { $0.furthestIndex >= index }
            let reachedNext = progress.count { $0.furthestIndex >= index + 1 }
            let days = (stays[stage.id] ?? []).sorted()
            return FunnelStage(
                stage: stage.id, count: here.count, reached: reached,
                conversion: index + 1 < rules.stages.count && reached > 0
                    ? Double(reachedNext) / Double(reached) : nil,
                medianDays: Statistics.median(days), p90Days: Statistics.percentile(days, 0.9),
                overdue: here.count { !$0.overdue(at: now).isEmpty })
        }
        return PartnerFunnel(
            stages: stages, overdue: progress.count { !$0.overdue(at: now).isEmpty },
            overdueItems: progress.reduce(0) { $0 + $1.overdue(at: now).count }, partners: progress.count)
    }
}

/// Order statistics on sorted samples.
public enum Statistics {
    /// The median of `sorted`; the mean of the middle two for an even count; nil when empty.
    public static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The nearest-rank percentile `p` (0 < p ≤ 1) of `sorted`; nil when empty.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// A checklist item that is due soon (or overdue), and whose it is.
public struct DueItem: Sendable, Equatable, Encodable {
    public var partner: String
    public var item: String
    public var stage: String
    public var due: Date
    /// The partner's contact, by name: who is to do it.
    public var contact: String
    public var overdue: Bool

    /// Unticked items of partners' current stages due before `now + within`, soonest first.
    public static func list(_ progress: [PartnerProgress], now: Date, within: Lag) -> [DueItem] {
        let horizon = now.addingTimeInterval(TimeInterval(within.days) * 86_400)
        return progress.flatMap { partner in
            partner.items.filter { $0.tick == nil && $0.due <= horizon }.map {
                DueItem(
                    partner: partner.partner.id, item: $0.id, stage: $0.stage, due: $0.due,
                    contact: partner.partner.contactName, overdue: $0.due < now)
            }
        }.sorted { ($0.due, $0.partner, $0.item) < ($1.due, $1.partner, $1.item) }
    }
}

/// Decides `onboarded: STAGE` gates from partner records: the gate holds when every partner of the
/// wave has reached the stage; otherwise it names those holding it back and their overdue items.
public struct PartnerOnboardingGate: OnboardingGateEvaluator {
    public var progress: [PartnerProgress]
    public var rules: OnboardingRules
    public var now: Date

    public init(progress: [PartnerProgress], rules: OnboardingRules, now: Date) {
        self.progress = progress
        self.rules = rules
        self.now = now
    }

    public func evaluate(stage: String, wave: ReleaseWave) -> GateOutcome {
        let label = "onboarded: \(stage)"
        guard let target = rules.index(of: stage) else {
            return GateOutcome(
                gate: label, holds: false,
                reason: "unknown stage \"\(stage)\"; stages: \(rules.stageIDs.joined(separator: ", "))")
        }
        let members = progress.filter { $0.partner.wave == wave.id }
        guard !members.isEmpty else {
            return GateOutcome(gate: label, holds: false, reason: "no partners in wave \"\(wave.id)\" yet")
        }
        let behind = members.filter { $0.stageIndex < target }
        guard !behind.isEmpty else {
            return GateOutcome(
                gate: label, holds: true, reason: "all \(members.count) partners have reached \"\(stage)\"")
        }
        let named = behind.map { partner -> String in
            let overdue = partner.overdue(at: now)
            return "\(partner.partner.id) (at \(partner.stage)"
                + (overdue.isEmpty ? ")" : "; overdue: \(overdue.joined(separator: ", ")))")
        }
        return GateOutcome(
            gate: label, holds: false,
            reason: "\(behind.count) of \(members.count) partners have not reached \"\(stage)\"", holdingBack: named)
    }
}

/// When a contact was last reminded of one item.
public struct ReminderRecord: Sendable, Equatable {
    public var partner: String
    public var item: String
    public var at: Date

    public init(partner: String, item: String, at: Date) {
        self.partner = partner
        self.item = item
        self.at = at
    }
}

/// One reminder mail to a partner's contact: the overdue items not reminded of recently.
public struct Reminder: Sendable, Equatable {
    public var partner: Partner
    public var items: [ItemStatus]

    /// One reminder per partner with overdue items at `now`, leaving out items reminded of less
    /// than `interval` ago; partners left with nothing to remind are left out.
    public static func plan(
        _ progress: [PartnerProgress], sent: [ReminderRecord], interval: Lag, now: Date
    ) -> [Reminder] {
        let span = TimeInterval(interval.days) * 86_400
        return progress.compactMap { partner in
            let items = partner.items.filter { item in
                item.isOverdue(at: now)
                    && !sent.contains {
                        $0.partner == partner.partner.id && $0.item == item.id && now.timeIntervalSince($0.at) < span
                    }
            }
            return items.isEmpty ? nil : Reminder(partner: partner.partner, items: items)
        }
    }
}
