import CohortCore
internal import CohortRender
import Foundation

/// What `cohort feedback export` writes.
public enum FeedbackExportFormat: String, Sendable, CaseIterable {
    /// A REFI-QDA project (`project.qde` in a ZIP): codebook, items, both judges' codings.
    case qdpx
    /// A REFI-QDA codebook alone.
    case qdc
}

/// What an export wrote.
public struct FeedbackExported: Sendable, Encodable {
    public var format: String
    public var out: String
    public var audience: String
    public var items: Int
    public var codings: Int
    public var codes: Int

    public var text: String {
        format == FeedbackExportFormat.qdc.rawValue
            ? "Wrote \(out): the codebook as \(Plural.count(codes, "code")) (REFI-QDA codebook)."
            : "Wrote \(out) (\(audience)): \(Plural.count(items, "item")), \(Plural.count(codings, "judge's code", "judges' codes")), \(Plural.count(codes, "code")) (REFI-QDA project)."
    }
}

extension FeedbackCoding {
    /// `cohort feedback export`: the codebook, and for a project the items and both judges'
    /// codings, in the REFI-QDA exchange format; `public` leaves out authors and hidden items.
    public func exportFeedback(
        format: FeedbackExportFormat, audience: ReportAudience, out: String, now: Date, force: Bool = false
    ) throws -> FeedbackExported {
        let ledger = try feedbackLedger()
        let codebook = try codebook()
        let export = RefiQDA.Export(
            name: program.name, ledger: ledger, codebook: codebook, staff: audience == .staff, now: now)
        switch format {
        case .qdc:
            try writeUserFile(RefiQDA.codebook(codebook, ledger: ledger), to: out, force: force)
            return FeedbackExported(
                format: format.rawValue, out: out, audience: audience.rawValue, items: 0, codings: 0,
                codes: FeedbackCategory.allCases.count
                    + RefiQDA.themeEntries(codebook, ledger: ledger, items: ledger.items).count)
        case .qdpx:
            try writeUserFile(RefiQDA.archive(export), to: out, force: force)
            return FeedbackExported(
                format: format.rawValue, out: out, audience: audience.rawValue, items: export.items.count,
                codings: export.items.reduce(0) { $0 + ledger.state(of: $1).codes.count },
                codes: FeedbackCategory.allCases.count
                    + RefiQDA.themeEntries(codebook, ledger: ledger, items: export.items).count)
        }
    }
}
