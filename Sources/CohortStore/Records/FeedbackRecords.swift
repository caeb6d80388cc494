import CohortCore

/// Community feedback: items, every judge's code in every round, reconciliations and
/// clarifications. Nothing is ever deleted: a newer code, reconciliation or round supersedes an
/// older one, which stays in the history.
public protocol FeedbackRecords {
    /// Items in the order they were first imported.
    func feedbackItems() throws -> [FeedbackItem]
    /// Adds an item, or replaces the stored item with the same id (keeping its place in the order).
    func save(_ item: FeedbackItem) throws
    /// Every code, in the order it was made.
    func feedbackCodes() throws -> [FeedbackCode]
    func append(_ code: FeedbackCode) throws
    /// Every reconciliation, in the order it was made.
    func reconciliations() throws -> [Reconciliation]
    func append(_ reconciliation: Reconciliation) throws
    /// Every clarification, in the order it was made.
    func clarifications() throws -> [Clarification]
    func append(_ clarification: Clarification) throws
    /// Every hiding and unhiding under the rules of engagement, in the order it was made.
    func visibilityChanges() throws -> [VisibilityChange]
    func append(_ change: VisibilityChange) throws
    /// Every question sent to a commenter, in the order it was asked.
    func clarificationRequests() throws -> [ClarificationRequest]
    func append(_ request: ClarificationRequest) throws
}

extension FeedbackRecords {
    /// Everything recorded about the feedback, with `judges` from `cohort.yaml`.
    public func feedbackLedger(judges: [Judge]) throws -> FeedbackLedger {
        FeedbackLedger(
            judges: judges, items: try feedbackItems(), codes: try feedbackCodes(),
            reconciliations: try reconciliations(), clarifications: try clarifications(),
            visibility: try visibilityChanges(), requests: try clarificationRequests())
    }
}
