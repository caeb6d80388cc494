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
    /// Every hiding and unhiding, in the order they were made.
    public private(set) var visibility: [VisibilityChange]
    /// Every question sent to a commenter, in the order they were asked.
    public private(set) var requests: [ClarificationRequest]
    private var positions: [String: Int]
    /// Where each item's codes, reconciliations and clarifications are, so finding an item's
    /// state does not read every record (an import of 100,000 codes stays linear).
    private var recordsByItem: [String: ItemRecords] = [:]

    /// Indexes into `codes`, `reconciliations` and `clarifications` for one item, in order.
    private struct ItemRecords: Sendable {
        var codes: [Int] = []
        var reconciliations: [Int] = []
        var clarifications: [Int] = []
        var requests: [Int] = []
    }

    public init(
        judges: [Judge], items: [FeedbackItem] = [], codes: [FeedbackCode] = [],
        reconciliations: [Reconciliation] = [], clarifications: [Clarification] = [],
        visibility: [VisibilityChange] = [], requests: [ClarificationRequest] = []
    ) {
        self.judges = judges
        self.items = items
        self.codes = codes
        self.reconciliations = reconciliations
        self.clarifications = clarifications
        self.visibility = visibility
        self.requests = requests
        positions = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, code) in codes.enumerated() {
            recordsByItem[code.itemID, default: ItemRecords()].codes.append(index)
        }
        for (index, reconciliation) in reconciliations.enumerated() {
            recordsByItem[reconciliation.itemID, default: ItemRecords()].reconciliations.append(index)
        }
        for (index, clarification) in clarifications.enumerated() {
            recordsByItem[clarification.itemID, default: ItemRecords()].clarifications.append(index)
        }
        for (index, request) in requests.enumerated() {
            recordsByItem[request.itemID, default: ItemRecords()].requests.append(index)
        }
    }

    /// True when any judge has coded the item, in any round.
    public func isCoded(_ id: String) -> Bool { !(recordsByItem[id]?.codes.isEmpty ?? true) }

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

    /// The judge with `id`, or `unknownJudge`.
    public func judge(_ id: String) throws(FeedbackError) -> Judge {
        guard let judge = judges.first(where: { $0.id == id }) else {
            throw .unknownJudge(id, judges: judges.map(\.id))
        }
        return judge
    }

    /// Why an item is hidden under the rules of engagement, or nil when it is shown.
    public func hiddenReason(_ id: String) -> String? {
        guard let last = visibility.last(where: { $0.itemID == id }), last.hidden else { return nil }
        return last.reason
    }

    /// The items hidden under the rules of engagement, in import order: left out of coding,
    /// agreement, prevalence and quotes, and only counted.
    public var hiddenItems: [FeedbackItem] { items.filter { hiddenReason($0.id) != nil } }

    /// Where each item that is not hidden stands, in import order. Hidden items are never offered
    /// for coding, quoted, or counted in agreement and prevalence.
    public var states: [ItemCoding] {
        let codesByItem = Dictionary(grouping: codes, by: \.itemID)
        let reconciliationsByItem = Dictionary(grouping: reconciliations, by: \.itemID)
        let clarificationsByItem = Dictionary(grouping: clarifications, by: \.itemID)
        let requestsByItem = Dictionary(grouping: requests, by: \.itemID)
        let hidden = Set(hiddenItems.map(\.id))
        return items.filter { !hidden.contains($0.id) }.map { item in
            state(
                of: item, codes: codesByItem[item.id] ?? [], reconciliations: reconciliationsByItem[item.id] ?? [],
                clarifications: clarificationsByItem[item.id] ?? [], requests: requestsByItem[item.id] ?? [])
        }
    }

    /// Where `item` stands in its current round.
    public func state(of item: FeedbackItem) -> ItemCoding {
        let records = recordsByItem[item.id] ?? ItemRecords()
        return state(
            of: item, codes: records.codes.map { codes[$0] },
            reconciliations: records.reconciliations.map { reconciliations[$0] },
            clarifications: records.clarifications.map { clarifications[$0] },
            requests: records.requests.map { requests[$0] })
    }

    /// `item`'s state from its own records, each in the order it was made.
    private func state(
        of item: FeedbackItem, codes: [FeedbackCode], reconciliations: [Reconciliation],
        clarifications: [Clarification], requests: [ClarificationRequest]
    ) -> ItemCoding {
        let round = clarifications.count
        var latest: [String: FeedbackCode] = [:]
        for code in codes where code.round == round { latest[code.judge] = code }
        let current = latest.values.sorted { order(of: $0.judge) < order(of: $1.judge) }
        // A question asked awaits its answer until the item is coded in a later round.
        let asked = requests.last.flatMap { request in
            codes.contains { $0.round > request.round } ? nil : request
        }
        return ItemCoding(
            item: item, round: round, codes: current, reconciliation: reconciliations.last { $0.round == round },
            clarifications: clarifications, question: asked)
    }

    /// A judge's place in `cohort.yaml`; judges no longer listed come after, by id.
    private func order(of judge: String) -> (Int, String) {
        (judges.firstIndex { $0.id == judge } ?? judges.count, judge)
    }

    // MARK: Deciding

    /// Records `judge`'s code for an item. A judge may change their code until the other judge has
    /// coded the item too; after that the category stands (only its themes may change) and a
    /// difference is reconciled. A third judge is refused: each item has two. The code records
    /// `codebookVersion`, the codebook it was made under.
    @discardableResult
    public mutating func code(
        item itemID: String, judge judgeID: String, category: FeedbackCategory, themes: [String] = [], at: Date,
        codebookVersion: Int? = nil
    ) throws(FeedbackError) -> CodeOutcome {
        let state = state(of: try item(itemID))
        _ = try judge(judgeID)
        let hidden = hiddenReason(itemID)
        let code = FeedbackCode(
            itemID: itemID, round: state.round, judge: judgeID, category: category, themes: Themes.merge(themes),
            codedAt: at, codebookVersion: codebookVersion)
        let outcome: CodeOutcome
        if let previous = state.codes.first(where: { $0.judge == judgeID }) {
            if previous.category == code.category && previous.themes == code.themes { return .unchanged(previous) }
            if let hidden { throw .hidden(item: itemID, reason: hidden) }
            if previous.category != code.category && state.codes.count >= 2 {
                throw .codeFixed(item: itemID, judge: judgeID, category: previous.category)
            }
            outcome = .replaced(code, previous: previous)
        } else {
            if let hidden { throw .hidden(item: itemID, reason: hidden) }
            guard state.codes.count < 2 else {
                throw .thirdJudge(item: itemID, judge: judgeID, coders: state.codes.map(\.judge))
            }
            outcome = .recorded(code)
        }
        recordsByItem[code.itemID, default: ItemRecords()].codes.append(codes.count)
        codes.append(code)
        return outcome
    }

    /// Records the category the judges agreed on for an item they coded differently.
    @discardableResult
    public mutating func reconcile(
        item itemID: String, category: FeedbackCategory, note: String, by: String, at: Date
    ) throws(FeedbackError) -> Reconciliation {
        let state = state(of: try item(itemID))
        if let hidden = hiddenReason(itemID) { throw .hidden(item: itemID, reason: hidden) }
        guard state.codes.count >= 2 else { throw .notCodedByBoth(item: itemID, coders: state.codes.map(\.judge)) }
        if let shared = state.sharedCategory { throw .nothingToReconcile(item: itemID, category: shared) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw .empty(option: "--note", purpose: "say why the judges settled on it") }
        let by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !by.isEmpty else { throw .empty(option: "--by", purpose: "name who agreed it") }
        let reconciliation = Reconciliation(
            itemID: itemID, round: state.round, category: category, note: note, by: by, at: at)
        recordsByItem[reconciliation.itemID, default: ItemRecords()].reconciliations.append(reconciliations.count)
        reconciliations.append(reconciliation)
        return reconciliation
    }

    /// Records a clarification for an item coded unclear. Its round closes, keeping its codes in
    /// the history, and both judges code it again.
    @discardableResult
    public mutating func clarify(item itemID: String, note: String, by: String, at: Date) throws(FeedbackError)
        -> Clarification
    {
        let state = try unclearState(itemID)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw .empty(option: "--note", purpose: "say what the clarification was") }
        let clarification = Clarification(itemID: itemID, round: state.round, note: note, by: by, at: at)
        recordsByItem[clarification.itemID, default: ItemRecords()].clarifications.append(clarifications.count)
        clarifications.append(clarification)
        return clarification
    }

    /// Records a question to the commenter of an item coded unclear: it awaits clarification
    /// until it is coded again.
    @discardableResult
    public mutating func ask(
        item itemID: String, question: String, channel: ClarificationRequest.Channel, by: String, at: Date
    ) throws(FeedbackError) -> ClarificationRequest {
        let state = try unclearState(itemID)
        let question = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw .empty(option: "--ask", purpose: "write the question to the commenter") }
        let request = ClarificationRequest(
            itemID: itemID, round: state.round, question: question, channel: channel, by: by, at: at)
        recordsByItem[request.itemID, default: ItemRecords()].requests.append(requests.count)
        requests.append(request)
        return request
    }

    /// An item that is shown and coded unclear, or why it cannot be clarified.
    private func unclearState(_ itemID: String) throws(FeedbackError) -> ItemCoding {
        let state = state(of: try item(itemID))
        if let hidden = hiddenReason(itemID) { throw .hidden(item: itemID, reason: hidden) }
        guard state.isUnclear else {
            throw .notUnclear(item: itemID, categories: state.codes.map(\.category))
        }
        return state
    }

    /// Hides an item under the rules of engagement (`hidden`), or shows it again: recorded either way.
    @discardableResult
    public mutating func setHidden(_ hidden: Bool, item itemID: String, reason: String, by: String, at: Date)
        throws(FeedbackError) -> VisibilityChange
    {
        _ = try item(itemID)
        guard (hiddenReason(itemID) != nil) != hidden else { throw .visibilityUnchanged(item: itemID, hidden: hidden) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if hidden, VisibilityChange.reason(reason) == nil { throw .badHidingReason(reason) }
        let by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !by.isEmpty else { throw .empty(option: "--by", purpose: "name who decided") }
        let change = VisibilityChange(itemID: itemID, hidden: hidden, reason: reason, by: by, at: at)
        visibility.append(change)
        return change
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
    /// The question sent to the commenter, while the item awaits clarification (until it is
    /// coded in a later round).
    public var question: ClarificationRequest?

    public init(
        item: FeedbackItem, round: Int, codes: [FeedbackCode], reconciliation: Reconciliation? = nil,
        clarifications: [Clarification] = [], question: ClarificationRequest? = nil
    ) {
        self.item = item
        self.round = round
        self.codes = codes
        self.reconciliation = reconciliation
        self.clarifications = clarifications
        self.question = question
    }

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
        /// A question went to the commenter; it is coded again once they answer.
        case awaitingClarification = "awaiting-clarification"
    }

    public var status: Status {
        if question != nil { return .awaitingClarification }
        return switch codes.count {
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
