import CohortCore
internal import CohortRender
import Foundation

/// The feedback use cases with command-line inputs, and the JSON each prints. Authors are
/// personal data: none of these shows one unless asked.
extension FeedbackCoding {
    /// Imports feedback items from the CSV file at `path`.
    public func importFeedback(file path: String, skipInvalid: Bool, audit: AuditContext) throws -> FeedbackImported {
        let changes = try withSkipHint(skipInvalid) {
            try importFeedback(
                try readCSV(path, columns: FeedbackImport.itemColumns), skipInvalid: skipInvalid, audit: audit)
        }
        return FeedbackImported(
            file: path, added: changes.added.map(\.id), updated: changes.updated.map(\.id),
            unchanged: changes.unchanged, items: try feedbackLedger().items.count,
            skipped: changes.skipped.problems.map(\.description))
    }

    /// Imports judges' codes from the CSV file at `path`.
    public func importCodes(file path: String, skipInvalid: Bool, audit: AuditContext) throws -> CodesImported {
        let (outcomes, skipped) = try withSkipHint(skipInvalid) {
            try importCodes(
                try readCSV(path, columns: FeedbackImport.codeColumns), skipInvalid: skipInvalid, audit: audit)
        }
        return CodesImported(
            file: path, recorded: outcomes.count { if case .recorded = $0 { true } else { false } },
            replaced: outcomes.count { if case .replaced = $0 { true } else { false } },
            unchanged: outcomes.count { if case .unchanged = $0 { true } else { false } }, skipped: skipped)
    }

    /// The next item `judge` has not coded, blind to the other judge's code.
    public func nextForJudge(_ judge: String) throws -> ShownItem {
        let ledger = try feedbackLedger()
        let judge = try ledger.judge(judge)
        let next = try ledger.next(for: judge.id)
        return ShownItem(
            judge: judge.id, remaining: next?.remaining ?? 0,
            item: next.map {
                ShownItem.Item(
                    id: $0.item.id, source: $0.item.source, receivedAt: Instant.format($0.item.receivedAt),
                    themes: $0.item.themes, text: $0.item.text, round: $0.round, clarifications: $0.clarifications)
            }, text: FeedbackText.next(next, judge: judge))
    }

    /// Records one judge's code; see `code(item:judge:category:themes:audit:)`.
    public func code(item: String, judge: String, category: String, themes: [String], audit: AuditContext) throws
        -> CodedItem
    {
        let category = try FeedbackCategory.parse(category)
        let (outcome, state) = try code(
            item: item, judge: judge, category: category, themes: themes.flatMap(Themes.parse), audit: audit)
        let kind =
            switch outcome {
            case .recorded: "recorded"
            case .replaced: "replaced"
            case .unchanged: "unchanged"
            }
        return CodedItem(
            item: item, judge: judge, category: category.rawValue, themes: outcome.code.themes, outcome: kind,
            status: state.status.rawValue, finalCategory: state.finalCategory?.rawValue,
            text: FeedbackText.coded(outcome, state: state, judges: program.judges))
    }

    /// The items the judges coded differently, and which are reconciled.
    public func disagreements() throws -> DisagreementListing {
        let ledger = try feedbackLedger()
        let items = ledger.disagreements
        return DisagreementListing(
            disagreements: items.map { state in
                DisagreementListing.Entry(
                    item: state.item.id,
                    codes: Dictionary(uniqueKeysWithValues: state.codes.map { ($0.judge, $0.category.rawValue) }),
                    reconciled: state.reconciliation?.category.rawValue, text: state.item.text)
            }, open: items.count { $0.reconciliation == nil },
            text: FeedbackText.disagreements(items, judges: ledger.judges))
    }

    /// Records the agreed category of an item the judges coded differently, and why.
    public func reconcile(item: String, category: String, reason: String, by: String, audit: AuditContext) throws
        -> ReconciledItem
    {
        let category = try FeedbackCategory.parse(category)
        let (reconciliation, state) = try reconcile(item: item, category: category, note: reason, by: by, audit: audit)
        let codes = Dictionary(uniqueKeysWithValues: state.codes.map { ($0.judge, $0.category.rawValue) })
        let listed = state.codes.map { "\($0.judge): \($0.category.rawValue)" }.joined(separator: ", ")
        return ReconciledItem(
            item: item, category: category.rawValue, disposition: category.disposition.rawValue, codes: codes,
            reason: reconciliation.note, by: reconciliation.by,
            text: "Reconciled \(item) as \(category.rawValue) (\(listed)); it goes to \(category.disposition.rawValue)."
        )
    }

    /// Records a clarification; see `clarify(item:note:audit:)`.
    public func clarifyItem(_ item: String, note: String, audit: AuditContext) throws -> ClarifiedItem {
        let clarification = try clarify(item: item, note: note, audit: audit)
        return ClarifiedItem(
            item: item, round: clarification.round + 1, note: clarification.note, by: clarification.by)
    }

    /// The report in `format` (text, markdown or wikitext), or as JSON.
    public func feedbackReport(withAuthors: Bool) throws -> FeedbackReport {
        FeedbackReport(
            try feedbackLedger(), includeAuthors: withAuthors, staff: program.channels.meta?.staff ?? [])
    }
}

/// How `feedback report` prints.
public enum FeedbackReportFormat: String, Sendable, CaseIterable {
    case text, markdown, wikitext
}

extension FeedbackReport {
    /// The report as `format` shows it.
    public func text(_ format: FeedbackReportFormat, bold: (String) -> String = { $0 }) -> String {
        guard let document = DocumentTable.Format(rawValue: format.rawValue) else {
            return FeedbackText.report(self, bold: bold)
        }
        return FeedbackReportTables.document(self, document)
    }
}

extension FeedbackAgreement {
    /// `feedback agreement` for people.
    public func text(bold: (String) -> String = { $0 }) -> String { FeedbackText.agreement(self, bold: bold) }
}

/// What `feedback import` changed.
public struct FeedbackImported: Sendable, Encodable {
    public var file: String
    public var added: [String]
    public var updated: [String]
    public var unchanged: Int
    public var items: Int
    public var skipped: [String]

    public var text: String {
        "Imported \(file): \(added.count) new, \(updated.count) updated, \(unchanged) unchanged"
            + (skipped.isEmpty ? "" : ", \(Plural.count(skipped.count, "problem")) skipped")
            + " (\(Plural.count(items, "feedback item")) in all)."
    }
}

/// What `feedback import-codes` recorded.
public struct CodesImported: Sendable, Encodable {
    public var file: String
    public var recorded: Int
    public var replaced: Int
    public var unchanged: Int
    public var skipped: [String]

    public var text: String {
        "Imported \(file): \(Plural.count(recorded, "new code")), \(replaced) replaced, \(unchanged) unchanged"
            + (skipped.isEmpty ? "" : ", \(Plural.count(skipped.count, "problem")) skipped") + "."
    }
}

/// `feedback next`: the item a judge codes next, without the other judge's code.
public struct ShownItem: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        var id: String
        var source: String
        var receivedAt: String
        var themes: [String]
        var text: String
        var round: Int
        var clarifications: [String]
    }

    public var judge: String
    public var remaining: Int
    @EncodedAsNull public var item: Item?
    public let text: String

    enum CodingKeys: String, CodingKey { case judge, remaining, item }
}

/// What `feedback code` recorded, and where the item stands.
public struct CodedItem: Sendable, Encodable {
    var item: String
    var judge: String
    var category: String
    var themes: [String]
    var outcome: String
    var status: String
    /// Only once both judges have coded the item (and agree, or reconciled).
    var finalCategory: String?
    public let text: String

    enum CodingKeys: String, CodingKey { case item, judge, category, themes, outcome, status, finalCategory }
}

/// `feedback disagreements`.
public struct DisagreementListing: Sendable, Encodable {
    public struct Entry: Sendable, Encodable {
        var item: String
        var codes: [String: String]
        @EncodedAsNull var reconciled: String?
        var text: String
    }

    var disagreements: [Entry]
    var open: Int
    public let text: String

    enum CodingKeys: String, CodingKey { case disagreements, open }
}

/// What `feedback reconcile` recorded.
public struct ReconciledItem: Sendable, Encodable {
    var item: String
    var category: String
    var disposition: String
    var codes: [String: String]
    var reason: String
    var by: String
    public let text: String

    enum CodingKeys: String, CodingKey { case item, category, disposition, codes, reason, by }
}

/// What `feedback clarify` recorded.
public struct ClarifiedItem: Sendable, Encodable {
    var item: String
    var round: Int
    var note: String
    var by: String

    public var text: String {
        "Recorded the clarification of \(item); its earlier codes are kept and both judges code it again (round \(round + 1))."
    }
}
