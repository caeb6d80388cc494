import CohortCore
internal import CohortStore
import Foundation

/// The use cases of community feedback: imported, coded by judges, reconciled, clarified, hidden,
/// exported and reported. Made with the command's session: its workspace and program, its records
/// (opened once for the command) and the transports it reaches servers through.
public struct FeedbackCoding: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

/// The feedback commands' work: each reads the ledger, lets the core decide, and keeps the
/// decision and its audit entries in one write transaction (all of it, or nothing).
extension FeedbackCoding {
    /// Everything recorded about the feedback, read in one transaction.
    public func feedbackLedger() throws -> FeedbackLedger {
        try openStore().read { try $0.feedbackLedger(judges: program.judges) }
    }

    /// Imports feedback items from `table`, idempotently by id.
    @discardableResult
    public func importFeedback(_ table: CSVTable, skipInvalid: Bool = false, audit: AuditContext) throws
        -> FeedbackImport.ItemChanges
    {
        try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let changes = try FeedbackImport.items(table, into: &ledger, skipInvalid: skipInvalid)
            for item in changes.added + changes.updated { try records.save(item) }
            for (id, reason) in changes.hide {
                try keep(
                    try ledger.setHidden(true, item: id, reason: reason, by: audit.actor, at: audit.now), records,
                    audit, source: table.file)
            }
            if !changes.added.isEmpty || !changes.updated.isEmpty {
                try records.append(
                    audit.entry(
                        action: "import", subject: "feedback:\(table.file)",
                        reason: "\(changes.added.count) new and \(changes.updated.count) updated feedback items",
                        details: AuditDetails.json([
                            "added": changes.added.map(\.id), "updated": changes.updated.map(\.id),
                        ])))
            }
            return changes
        }
    }

    /// Imports judges' codes from `table` under the rules of `code`; returns what each row did.
    @discardableResult
    public func importCodes(_ table: CSVTable, audit: AuditContext) throws -> [CodeOutcome] {
        try importCodes(table, skipInvalid: false, audit: audit).outcomes
    }

    /// Imports codes; with `skipInvalid`, bad rows are left out and returned, located.
    public func importCodes(_ table: CSVTable, skipInvalid: Bool, audit: AuditContext) throws
        -> (outcomes: [CodeOutcome], skipped: [String])
    {
        let version = try codebook()?.version
        return try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let (outcomes, skipped) = try FeedbackImport.codes(
                table, into: &ledger, at: audit.now, skipInvalid: skipInvalid, codebookVersion: version)
            for outcome in outcomes { try keep(outcome, records, audit) }
            _ = try using(Notifications.self).dropStaleNotices(
                subjects: Set(outcomes.map { "feedback:\($0.code.itemID)" }), records: records, audit: audit)
            return (outcomes, skipped.problems.map(\.description))
        }
    }

    /// Records one judge's code for one item; returns what it did and where the item now stands.
    /// A `memo` (the coding page's) is kept in the code's audit entry.
    @discardableResult
    public func code(
        item: String, judge: String, category: FeedbackCategory, themes: [String], memo: String? = nil,
        audit: AuditContext
    ) throws -> (outcome: CodeOutcome, state: ItemCoding) {
        let version = try codebook()?.version
        return try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let outcome = try ledger.code(
                item: item, judge: judge, category: category, themes: themes, at: audit.now, codebookVersion: version)
            try keep(outcome, records, audit, memo: memo)
            // Coded again after a question: an unsent question is no longer needed.
            _ = try using(Notifications.self).dropStaleNotices(
                subjects: ["feedback:\(item)"], records: records, audit: audit)
            return (outcome, ledger.state(of: try ledger.item(item)))
        }
    }

    /// Records the category the judges agreed on for an item they coded differently.
    @discardableResult
    public func reconcile(item: String, category: FeedbackCategory, note: String, by: String, audit: AuditContext)
        throws -> (reconciliation: Reconciliation, state: ItemCoding)
    {
        try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let reconciliation = try ledger.reconcile(
                item: item, category: category, note: note, by: by, at: audit.now)
            try records.append(reconciliation)
            let state = ledger.state(of: try ledger.item(item))
            try records.append(
                audit.entry(
                    action: "reconcile", subject: "feedback:\(item)",
                    reason: "agreed \(category.rawValue): \(reconciliation.note)",
                    details: AuditDetails.json([
                        "category": category.rawValue, "round": reconciliation.round, "by": reconciliation.by,
                        "codes": Dictionary(uniqueKeysWithValues: state.codes.map { ($0.judge, $0.category.rawValue) }),
                    ])))
            return (reconciliation, state)
        }
    }

    /// Records a clarification for an unclear item; both judges code it again in a new round.
    @discardableResult
    public func clarify(item: String, note: String, audit: AuditContext) throws -> Clarification {
        try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let clarification = try ledger.clarify(item: item, note: note, by: audit.actor, at: audit.now)
            try records.append(clarification)
            try records.append(
                audit.entry(
                    action: "clarify", subject: "feedback:\(item)",
                    reason: "clarified; coding round \(clarification.round + 1) opens: \(clarification.note)",
                    details: AuditDetails.json(["closed_round": clarification.round])))
            _ = try using(Notifications.self).dropStaleNotices(
                subjects: ["feedback:\(item)"], records: records, audit: audit)
            return clarification
        }
    }

    /// Records a hiding or unhiding and its audit entry; an unsent question to the commenter of a
    /// hidden item is dropped.
    func keep(_ change: VisibilityChange, _ records: any RecordWriting, _ audit: AuditContext, source: String? = nil)
        throws
    {
        try records.append(change)
        try records.append(
            audit.entry(
                action: change.hidden ? "hide" : "unhide", subject: "feedback:\(change.itemID)",
                reason: (change.hidden ? "hidden under the rules of engagement: " : "shown again: ") + change.reason
                    + (source.map { " (\($0))" } ?? ""),
                details: AuditDetails.json(["by": change.by])))
        _ = try using(Notifications.self).dropStaleNotices(
            subjects: ["feedback:\(change.itemID)"], records: records, audit: audit)
    }

    private func keep(
        _ outcome: CodeOutcome, _ records: any RecordWriting, _ audit: AuditContext, memo: String? = nil
    ) throws {
        let code = outcome.code
        let verb: String
        switch outcome {
        case .unchanged: return
        case .recorded: verb = "coded"
        case .replaced(_, let previous): verb = "re-coded (was \(previous.category.rawValue))"
        }
        try records.append(code)
        var facts: [String: Any] = [
            "judge": code.judge, "category": code.category.rawValue, "themes": code.themes, "round": code.round,
        ]
        if let version = code.codebookVersion { facts["codebook_version"] = version }
        if let memo { facts["memo"] = memo }
        try records.append(
            audit.entry(
                action: "code", subject: "feedback:\(code.itemID)",
                reason: "\(code.judge) \(verb) \(code.category.rawValue)", details: AuditDetails.json(facts)))
    }
}
