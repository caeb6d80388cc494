import Foundation

/// Everything recorded about the feedback (items, every code ever made, reconciliations,
/// clarifications) and the rules that decide what may be recorded next. Commands load it, ask it
/// to decide, and store what it returns.
public struct FeedbackLedger: Sendable {
    /// The judges `cohort.yaml` lists, in its order: the first is the first rater in the statistics.
    public let judges: [Judge]
    /// Items in the order they were imported.
    public private(set) var items: [FeedbackItem]
    /// Every code, in the order it was made; the latest of a judge's codes in a round counts.
    public private(set) var codes: [FeedbackCode]
    public private(set) var reconciliations: [Reconciliation]
    public private(set) var clarifications: [Clarification]
    private var positions: [String: Int]
    /// Each item's codes, reconciliations and clarifications, in the order they were made: an
    /// item's state is read from its own records, never by scanning everyone's.
    private var codesByItem: [String: [FeedbackCode]]
    private var reconciliationsByItem: [String: [Reconciliation]]
    private var clarificationsByItem: [String: [Clarification]]

    public init(
        judges: [Judge], items: [FeedbackItem] = [], codes: [FeedbackCode] = [],
        reconciliations: [Reconciliation] = [], clarifications: [Clarification] = []
    ) {
        self.judges = judges
        self.items = items
        self.codes = codes
        self.reconciliations = reconciliations
        self.clarifications = clarifications
        positions = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        codesByItem = Dictionary(grouping: codes, by: \.itemID)
        reconciliationsByItem = Dictionary(grouping: reconciliations, by: \.itemID)
        clarificationsByItem = Dictionary(grouping: clarifications, by: \.itemID)
    }

    // MARK: Looking things up

    /// The item with `id`, or `unknownItem` with the nearest id.
    public func item(_ id: String) throws(FeedbackError) -> FeedbackItem {
        guard let position = positions[id] else {
            throw .unknownItem(id, suggestion: Suggestion.closest(to: id, in: items.map(\.id)))
        }
        return items[position]
    }

    /// True when an item has this id.
    public func contains(_ id: String) -> Bool { positions[id] != nil }

    /// True when a judge has coded the item (in any round).
    public func isCoded(_ id: String) -> Bool { !(codesByItem[id]?.isEmpty ?? true) }

    /// The judge with `id`, or `unknownJudge`.
    public func judge(_ id: String) throws(FeedbackError) -> Judge {
        guard let judge = judges.first(where: { $0.id == id }) else {
            throw .unknownJudge(id, judges: judges.map(\.id))
        }
        return judge
    }

    /// Where each item stands, in import order.
    public var states: [ItemCoding] { items.map(state(of:)) }

    /// Where `item` stands in its current round.
    public func state(of item: FeedbackItem) -> ItemCoding {
        state(
            of: item, codes: codesByItem[item.id] ?? [], reconciliations: reconciliationsByItem[item.id] ?? [],
            clarifications: clarificationsByItem[item.id] ?? [])
    }

    /// `item`'s state from its own records, each in the order it was made.
    private func state(
        of item: FeedbackItem, codes: [FeedbackCode], reconciliations: [Reconciliation],
        clarifications: [Clarification]
    ) -> ItemCoding {
        let round = clarifications.count
        var latest: [String: FeedbackCode] = [:]
        for code in codes where code.round == round { latest[code.judge] = code }
        let current = latest.values.sorted { order(of: $0.judge) < order(of: $1.judge) }
        return ItemCoding(
            item: item, round: round, codes: current, reconciliation: reconciliations.last { $0.round == round },
            clarifications: clarifications)
    }

    /// A judge's place in `cohort.yaml`; judges no longer listed come after, by id.
    private func order(of judge: String) -> (Int, String) {
        (judges.firstIndex { $0.id == judge } ?? judges.count, judge)
    }

    // MARK: Deciding

    /// Records `judge`'s code for an item. A judge may change their code until the other judge has
    /// coded the item too; after that the category stands (only its themes may change) and a
    /// difference is reconciled. A third judge is refused: each item has two.
    @discardableResult
    public mutating func code(
        item itemID: String, judge judgeID: String, category: FeedbackCategory, themes: [String] = [], at: Date
    ) throws(FeedbackError) -> CodeOutcome {
        let state = state(of: try item(itemID))
        _ = try judge(judgeID)
        let code = FeedbackCode(
            itemID: itemID, round: state.round, judge: judgeID, category: category, themes: Themes.merge(themes),
            codedAt: at)
        let outcome: CodeOutcome
        if let previous = state.codes.first(where: { $0.judge == judgeID }) {
            if previous.category == code.category && previous.themes == code.themes { return .unchanged(previous) }
            if previous.category != code.category && state.codes.count >= 2 {
                throw .codeFixed(item: itemID, judge: judgeID, category: previous.category)
            }
            outcome = .replaced(code, previous: previous)
        } else {
            guard state.codes.count < 2 else {
                throw .thirdJudge(item: itemID, judge: judgeID, coders: state.codes.map(\.judge))
            }
            outcome = .recorded(code)
        }
        codes.append(code)
        codesByItem[itemID, default: []].append(code)
        return outcome
    }

    /// Records the category the judges agreed on for an item they coded differently.
    @discardableResult
    public mutating func reconcile(
        item itemID: String, category: FeedbackCategory, note: String, by: String, at: Date
    ) throws(FeedbackError) -> Reconciliation {
        let state = state(of: try item(itemID))
        guard state.codes.count >= 2 else { throw .notCodedByBoth(item: itemID, coders: state.codes.map(\.judge)) }
        if let shared = state.sharedCategory { throw .nothingToReconcile(item: itemID, category: shared) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw .empty(option: "--note", purpose: "say why the judges settled on it") }
        let by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !by.isEmpty else { throw .empty(option: "--by", purpose: "name who agreed it") }
        let reconciliation = Reconciliation(
            itemID: itemID, round: state.round, category: category, note: note, by: by, at: at)
        reconciliations.append(reconciliation)
        reconciliationsByItem[itemID, default: []].append(reconciliation)
        return reconciliation
    }

    /// Records a clarification for an item coded unclear. Its round closes, keeping its codes in
    /// the history, and both judges code it again.
    @discardableResult
    public mutating func clarify(item itemID: String, note: String, by: String, at: Date) throws(FeedbackError)
        -> Clarification
    {
        let state = state(of: try item(itemID))
        guard state.isUnclear else {
            throw .notUnclear(item: itemID, categories: state.codes.map(\.category))
        }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw .empty(option: "--note", purpose: "say what the clarification was") }
        let clarification = Clarification(itemID: itemID, round: state.round, note: note, by: by, at: at)
        clarifications.append(clarification)
        clarificationsByItem[itemID, default: []].append(clarification)
        return clarification
    }

    /// Adds an item (an import), or replaces the one with its id.
    public mutating func put(_ item: FeedbackItem) {
        if let position = positions[item.id] {
            items[position] = item
        } else {
            positions[item.id] = items.count
            items.append(item)
        }
    }

    // MARK: Views

    /// The next item `judge` has not coded, in import order, and how many such items there are.
    /// It carries nothing of the other judge's code: coding is blind until both have coded.
    public func next(for judgeID: String) throws(FeedbackError) -> BlindItem? {
        _ = try judge(judgeID)
        let queue = states.filter { state in
            state.codes.count < 2 && !state.codes.contains { $0.judge == judgeID }
        }
        guard let first = queue.first else { return nil }
        return BlindItem(
            item: first.item, round: first.round, clarifications: first.clarifications.map(\.note),
            remaining: queue.count)
    }

    /// Items both judges coded with different categories, reconciled or not, in import order.
    public var disagreements: [ItemCoding] {
        states.filter { $0.codes.count >= 2 && $0.sharedCategory == nil }
    }
}

/// What recording a code did.
public enum CodeOutcome: Sendable, Equatable {
    /// A first code by this judge in this round.
    case recorded(FeedbackCode)
    /// A new code replacing the judge's earlier one (kept in the history).
    case replaced(FeedbackCode, previous: FeedbackCode)
    /// The same code again: nothing to record.
    case unchanged(FeedbackCode)

    public var code: FeedbackCode {
        switch self {
        case .recorded(let code), .replaced(let code, _), .unchanged(let code): code
        }
    }
}

/// An item as a judge sees it while coding: no author, and nothing of the other judge's code.
public struct BlindItem: Sendable, Equatable {
    public var item: FeedbackItem
    public var round: Int
    /// What earlier clarifications said, oldest first.
    public var clarifications: [String]
    /// How many items the judge has left to code, this one included.
    public var remaining: Int
}

/// Where one item stands in its current coding round.
public struct ItemCoding: Sendable, Equatable {
    public var item: FeedbackItem
    /// 0 at first; one more after each clarification.
    public var round: Int
    /// This round's codes, at most one per judge, in the order `cohort.yaml` lists the judges.
    public var codes: [FeedbackCode]
    public var reconciliation: Reconciliation?
    /// Clarifications received so far, oldest first.
    public var clarifications: [Clarification]

    /// How far the item's coding has come.
    public enum Status: String, Sendable, Codable {
        /// No judge has coded it (in this round).
        case uncoded
        /// One judge has coded it; the other has not.
        case awaitingSecondJudge = "awaiting-second-judge"
        /// Both judges gave the same category.
        case agreed
        /// Both judges coded it differently and it is not reconciled yet.
        case disagreement
        /// Both judges coded it differently and agreed a category afterwards.
        case reconciled
    }

    public var status: Status {
        switch codes.count {
        case 0: .uncoded
        case 1: .awaitingSecondJudge
        default: sharedCategory != nil ? .agreed : reconciliation != nil ? .reconciled : .disagreement
        }
    }

    /// The category both judges gave, when they agree.
    public var sharedCategory: FeedbackCategory? {
        guard codes.count >= 2, let first = codes.first?.category, codes.allSatisfy({ $0.category == first }) else {
            return nil
        }
        return first
    }

    /// The agreed category where the judges differed, or the shared one where they agree; nil until then.
    public var finalCategory: FeedbackCategory? {
        guard codes.count >= 2 else { return nil }
        return sharedCategory ?? reconciliation?.category
    }

    /// Where the item goes next, once it has a final category.
    public var disposition: Disposition? { finalCategory?.disposition }

    /// The item's own themes, then those its judges gave, each once.
    public var themes: [String] { Themes.merge(item.themes + codes.flatMap(\.themes)) }

    /// True when the item may be clarified: its reconciliation, or (without one) a judge, calls it unclear.
    public var isUnclear: Bool {
        if let reconciliation { return reconciliation.category == .unclear }
        return codes.contains { $0.category == .unclear }
    }
}
