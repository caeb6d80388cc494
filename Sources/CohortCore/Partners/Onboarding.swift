import Foundation

/// One move of a partner between stages: dated, attributed, and kept as history.
public struct StageStep: Sendable, Equatable, Codable {
    /// How the partner moved.
    public enum Move: String, Sendable, Codable, CaseIterable {
        /// Added or imported: entered the first stage.
        case start
        /// To the next stage.
        case advance
        /// Forward past one or more stages (needs a reason).
        case skip
        /// To an earlier stage (needs a reason).
        case back
    }

    public var partner: String
    public var from: String?
    public var to: String
    public var move: Move
    /// Left `from` with unticked items (needs a reason).
    public var forced: Bool
    public var at: Date
    public var by: String
    /// The note, or the reason a skip, a return or a force needed.
    public var note: String

    public init(
        partner: String, from: String?, to: String, move: Move, forced: Bool = false, at: Date, by: String,
        note: String = ""
    ) {
        self.partner = partner
        self.from = from
        self.to = to
        self.move = move
        self.forced = forced
        self.at = at
        self.by = by
        self.note = note
    }
}

/// A ticked checklist item: who ticked it, and when.
public struct ChecklistTick: Sendable, Equatable, Codable {
    public var partner: String
    public var item: String
    public var at: Date
    public var by: String

    public init(partner: String, item: String, at: Date, by: String) {
        self.partner = partner
        self.item = item
        self.at = at
        self.by = by
    }
}

/// A checklist item of the partner's current (or a projected) stage, with its due date.
public struct ItemStatus: Sendable, Equatable {
    public var id: String
    public var name: String
    public var stage: String
    public var due: Date
    public var tick: ChecklistTick?

    /// Unticked and past due at `now`.
    public func isOverdue(at now: Date) -> Bool { tick == nil && due < now }
}

/// Where one partner stands: the current stage, when it was entered, its checklist with due
/// dates, and the due dates of later stages as projected from now (they move when a stage is
/// entered late).
public struct PartnerProgress: Sendable, Equatable {
    public var partner: Partner
    public var stage: String
    public var stageIndex: Int
    public var enteredAt: Date
    /// The current stage's checklist.
    public var items: [ItemStatus]
    /// Later stages' checklists, each due counted from the projected entry of its stage: the
    /// previous stage's entry plus its longest due offset.
    public var projected: [ItemStatus]
    public var history: [StageStep]
    public var ticks: [ChecklistTick]
    /// The furthest stage ever entered (by position), for conversion between stages.
    public var furthestIndex: Int

    /// The ids of the current stage's items that are unticked and past due at `now`.
    public func overdue(at now: Date) -> [String] { items.filter { $0.isOverdue(at: now) }.map(\.id) }

    /// The current stage's unticked items.
    public var unticked: [String] { items.filter { $0.tick == nil }.map(\.id) }
}

/// The onboarding state machine: where partners stand, and which moves and ticks are allowed.
public enum Onboarding {
    /// How long `lag` is, as a time interval (plans count whole days).
    static func interval(_ lag: Lag) -> TimeInterval { TimeInterval(lag.days) * 86_400 }

    /// Where `partner` stands after `steps` (oldest first) and `ticks`.
    public static func progress(
        _ partner: Partner, steps: [StageStep], ticks: [ChecklistTick], rules: OnboardingRules
    ) -> PartnerProgress {
        let mine = steps.filter { $0.partner == partner.id }
        let ticked = ticks.filter { $0.partner == partner.id }
        let last = mine.last
        let stage = last?.to ?? rules.stages.first?.id ?? ""
        let index = rules.index(of: stage) ?? 0
        let enteredAt = last?.at ?? .distantPast
        let furthest = mine.compactMap { rules.index(of: $0.to) }.max() ?? index
        func items(of stageIndex: Int, from entry: Date) -> [ItemStatus] {
            guard rules.stages.indices.contains(stageIndex) else { return [] }
            let declared = rules.stages[stageIndex]
            return declared.checklist.map { item in
                ItemStatus(
                    id: item.id, name: item.name, stage: declared.id, due: entry.addingTimeInterval(interval(item.due)),
                    tick: ticked.last { $0.item == item.id })
            }
        }
        var projected: [ItemStatus] = []
        var entry = enteredAt
        var next = index
        while next + 1 < rules.stages.count {
            let longest = rules.stages[next].checklist.map(\.due.days).max() ?? 0
            entry = entry.addingTimeInterval(TimeInterval(longest) * 86_400)
            next += 1
            projected += items(of: next, from: entry)
        }
        return PartnerProgress(
            partner: partner, stage: stage, stageIndex: index, enteredAt: enteredAt,
            items: items(of: index, from: enteredAt), projected: projected, history: mine, ticks: ticked,
            furthestIndex: furthest)
    }

    /// What a move asks for: the target stage, and the flags and words that come with it.
    public struct MoveRequest: Sendable, Equatable {
        public var stage: String
        public var skip = false
        public var back = false
        public var force = false
        public var reason = ""
        public var note = ""

        public init(
            stage: String, skip: Bool = false, back: Bool = false, force: Bool = false, reason: String = "",
            note: String = ""
        ) {
            self.stage = stage
            self.skip = skip
            self.back = back
            self.force = force
            self.reason = reason
            self.note = note
        }
    }

    /// Decides a move of the partner from where `progress` says it stands; the step to record, or
    /// why it is refused. Forward by one stage is plain; further needs `skip` and a reason; back
    /// needs `back` and a reason; leaving a stage with unticked items needs `force` and a reason.
    public static func move(
        _ progress: PartnerProgress, _ request: MoveRequest, by: String, at now: Date, rules: OnboardingRules
    ) throws(OnboardingError) -> StageStep {
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = progress.partner.id
        guard let target = rules.index(of: request.stage) else {
            throw .unknownStage(request.stage, known: rules.stageIDs)
        }
        if target == progress.stageIndex { throw .alreadyAt(partner: id, stage: progress.stage) }
        if target < progress.stageIndex {
            guard request.back else { throw .backwardNeedsBack(partner: id, from: progress.stage, to: request.stage) }
            guard !reason.isEmpty else { throw .needsReason("--back") }
            return StageStep(
                partner: id, from: progress.stage, to: request.stage, move: .back, at: now, by: by,
                note: [reason, request.note].filter { !$0.isEmpty }.joined(separator: "; "))
        }
        if request.back { throw .backIsForward(partner: id, from: progress.stage, to: request.stage) }
        let passed = Array(rules.stages[(progress.stageIndex + 1)..<target].map(\.id))
        if !passed.isEmpty {
            guard request.skip else {
                throw .outOfOrder(partner: id, from: progress.stage, to: request.stage, passing: passed)
            }
            guard !reason.isEmpty else { throw .needsReason("--skip") }
        }
        let unticked = progress.unticked
        if !unticked.isEmpty {
            guard request.force else { throw .untickedItems(partner: id, stage: progress.stage, items: unticked) }
            guard !reason.isEmpty else { throw .needsReason("--force") }
        }
        return StageStep(
            partner: id, from: progress.stage, to: request.stage, move: passed.isEmpty ? .advance : .skip,
            forced: !unticked.isEmpty, at: now, by: by,
            note: [reason, request.note].filter { !$0.isEmpty }.joined(separator: "; "))
    }

    /// Decides a tick of `item`: nil when it is ticked already; refused when the program has no such
    /// item or the partner has not reached its stage.
    public static func tick(
        _ progress: PartnerProgress, item: String, by: String, at now: Date, rules: OnboardingRules
    ) throws(OnboardingError) -> ChecklistTick? {
        guard let stage = rules.stage(ofItem: item), let stageIndex = rules.index(of: stage.id) else {
            throw .unknownItem(item, known: rules.itemIDs)
        }
        guard stageIndex <= progress.furthestIndex else {
            throw .itemNotReached(partner: progress.partner.id, item: item, stage: stage.id, current: progress.stage)
        }
        if progress.ticks.contains(where: { $0.item == item }) { return nil }
        return ChecklistTick(partner: progress.partner.id, item: item, at: now, by: by)
    }
}

/// Why an onboarding command refused; nothing was changed (exit 64).
public enum OnboardingError: Error, Equatable, LocalizedError, CategorizedError {
    case unknownPartner(String, known: [String])
    case duplicatePartner(String)
    case unknownStage(String, known: [String])
    case unknownItem(String, known: [String])
    case alreadyAt(partner: String, stage: String)
    case outOfOrder(partner: String, from: String, to: String, passing: [String])
    case backwardNeedsBack(partner: String, from: String, to: String)
    case backIsForward(partner: String, from: String, to: String)
    case needsReason(String)
    case untickedItems(partner: String, stage: String, items: [String])
    case itemNotReached(partner: String, item: String, stage: String, current: String)
    case invalidPartner([String])
    case badDuration(String)

    public var errorDescription: String? {
        switch self {
        case .unknownPartner(let id, let known):
            "unknown partner \"\(id)\"\(Suggestion.didYouMean(id, in: known)); list them with `cohort partner list`"
        case .duplicatePartner(let id):
            "partner \"\(id)\" exists already; see `cohort partner show \(id)`"
        case .unknownStage(let stage, let known):
            "unknown stage \"\(stage)\"\(Suggestion.didYouMean(stage, in: known)); stages: \(known.joined(separator: ", "))"
        case .unknownItem(let item, let known):
            "unknown checklist item \"\(item)\"\(Suggestion.didYouMean(item, in: known)); items: \(known.joined(separator: ", "))"
        case .alreadyAt(let partner, let stage): "partner \"\(partner)\" is already at \"\(stage)\""
        case .outOfOrder(let partner, let from, let to, let passing):
            "partner \"\(partner)\" is at \"\(from)\"; going to \"\(to)\" passes over \(passing.map { "\"\($0)\"" }.joined(separator: ", ")); advance one stage at a time, or pass --skip --reason TEXT"
        case .backwardNeedsBack(let partner, let from, let to):
            "partner \"\(partner)\" is at \"\(from)\", after \"\(to)\"; going back needs --back --reason TEXT"
        case .backIsForward(let partner, let from, let to):
            "--back goes to an earlier stage, but \"\(to)\" comes after \"\(from)\" for partner \"\(partner)\""
        case .needsReason(let flag): "\(flag) needs --reason TEXT saying why"
        case .untickedItems(let partner, let stage, let items):
            "partner \"\(partner)\" cannot leave \"\(stage)\" with unticked items: \(items.joined(separator: ", ")); tick them with `cohort partner check \(partner) ITEM --by NAME`, or pass --force --reason TEXT"
        case .itemNotReached(let partner, let item, let stage, let current):
            "item \"\(item)\" belongs to \"\(stage)\", which partner \"\(partner)\" has not reached (it is at \"\(current)\")"
        case .invalidPartner(let problems): problems.joined(separator: "; ")
        case .badDuration(let text):
            "--within \"\(text)\" is not a number of days or weeks; write it like 7d or 2w"
        }
    }

    public var kind: FailureKind { .badInput }
}
