import Foundation

/// Why a feedback command refused what it was asked. Every case is bad input: nothing was changed.
public enum FeedbackError: Error, Sendable, Equatable, LocalizedError, CategorizedError {
    /// No imported item has this id; `suggestion` is the nearest one.
    case unknownItem(String, suggestion: String?)
    /// `cohort.yaml` names no such judge.
    case unknownJudge(String, judges: [String])
    /// Not one of the six category ids.
    case unknownCategory(String)
    /// Two other judges have coded the item already; each item has two.
    case thirdJudge(item: String, judge: String, coders: [String])
    /// The judge coded the item otherwise and the other judge has coded it too: the codes stand,
    /// and a difference is reconciled, not re-coded.
    case codeFixed(item: String, judge: String, category: FeedbackCategory)
    /// Both judges gave the item the same category.
    case nothingToReconcile(item: String, category: FeedbackCategory)
    /// Fewer than two judges have coded the item in its current round.
    case notCodedByBoth(item: String, coders: [String])
    /// Only an item a judge (or the reconciliation) called unclear is clarified.
    case notUnclear(item: String, categories: [FeedbackCategory])
    /// A note or name that must say something is empty.
    case empty(option: String, purpose: String)
    /// The item is hidden under the rules of engagement: it is not coded, quoted or clarified.
    case hidden(item: String, reason: String)
    /// Hiding an item that is hidden, or unhiding one that is not.
    case visibilityUnchanged(item: String, hidden: Bool)
    /// A hiding reason that cannot be kept as one short line.
    case badHidingReason(String)

    public var errorDescription: String? {
        switch self {
        case .unknownItem(let id, let suggestion):
            "unknown feedback item \"\(id)\""
                + (suggestion.map { "; did you mean \"\($0)\"?" }
                    ?? "; import it first with `cohort feedback import FILE.csv`")
        case .unknownJudge(let id, let judges):
            "unknown judge \"\(id)\"\(Suggestion.didYouMean(id, in: judges)); the judges in cohort.yaml are \(judges.joined(separator: ", "))"
        case .unknownCategory(let id):
            "unknown category \"\(id)\"\(Suggestion.didYouMean(id, in: FeedbackCategory.allCases.map(\.rawValue))); use one of \(FeedbackCategory.idList)"
        case .thirdJudge(let item, let judge, let coders):
            "\(item) is already coded by \(coders.joined(separator: " and ")); each item has two judges, so \(judge) cannot code it"
        case .codeFixed(let item, let judge, let category):
            "\(judge) coded \(item) as \(category.rawValue) and both judges have coded it; a code stands once both are in: reconcile a difference with `cohort feedback reconcile \(item) --category C --reason TEXT`"
        case .nothingToReconcile(let item, let category):
            "both judges coded \(item) as \(category.rawValue); there is nothing to reconcile"
        case .notCodedByBoth(let item, let coders):
            "\(item) is coded by "
                + (coders.isEmpty ? "no judge" : coders.joined(separator: " and ") + " only")
                + "; reconcile it once both judges have coded it"
        case .notUnclear(let item, let categories):
            "\(item) is not unclear (coded "
                + categories.map(\.rawValue).joined(separator: " and ")
                + "); only an item coded unclear is clarified and coded again"
        case .empty(let option, let purpose):
            "\(option) is empty; \(purpose)"
        case .hidden(let item, let reason):
            "\(item) is hidden under the rules of engagement (\(reason)); it is not coded, quoted or clarified unless `cohort feedback unhide \(item) --reason TEXT` shows it again"
        case .visibilityUnchanged(let item, let hidden):
            hidden ? "\(item) is hidden already" : "\(item) is not hidden; there is nothing to unhide"
        case .badHidingReason(let text):
            "\"\(text)\" is not a reason to hide a comment; write one short word or phrase on one line, such as conduct"
        }
    }

    /// The CSV column a code row's problem is in.
    public var column: String {
        switch self {
        case .unknownItem, .hidden, .visibilityUnchanged: "item_id"
        case .unknownJudge, .thirdJudge: "judge"
        case .unknownCategory, .codeFixed, .nothingToReconcile, .notCodedByBoth, .notUnclear: "category"
        case .empty: "note"
        case .badHidingReason: "hidden"
        }
    }

    public var kind: FailureKind { .badInput }
}
