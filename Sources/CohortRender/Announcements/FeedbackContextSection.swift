import CohortCore
import Foundation

/// The feedback report in announcements: `{{feedback.items}}`, `{{#feedback.themes}}…`,
/// `{{feedback.disposition.idea-parking-lot.count}}`, `{{#feedback.parking_lot}}{{text}}{{/…}}`.
/// Authors never appear; a comment's words appear only when it was made in public (the talk
/// page); others are described by their theme alone.
public struct FeedbackContextSection: TemplateContextSection {
    public let report: FeedbackReport
    public var name: String { "feedback" }

    /// Sources whose comments are public already and may be quoted.
    public static let publicSources: Set<String> = ["talk-page"]

    public init(report: FeedbackReport) { self.report = report }

    public func value() -> TemplateValue {
        func item(_ entry: FeedbackReport.Entry) -> TemplateValue {
            let quotable = Self.publicSources.contains(entry.source)
            return .object([
                "id": .text(entry.id), "themes": .text(entry.themes.joined(separator: ", ")),
                "text": .text(
                    quotable
                        ? entry.text : "A comment shared in a \(entry.source.replacingOccurrences(of: "-", with: " "))"),
                "quotable": .flag(quotable),
            ])
        }
        var dispositions: [String: TemplateValue] = [:]
        for disposition in Disposition.allCases {
            let entries = report.groups.first { $0.disposition == disposition }?.entries ?? []
            dispositions[disposition.rawValue] = .object([
                "count": .number(entries.count), "has_items": .flag(!entries.isEmpty),
                "items": .list(entries.map(item)),
            ])
        }
        func entries(_ disposition: Disposition) -> [FeedbackReport.Entry] {
            report.groups.first { $0.disposition == disposition }?.entries ?? []
        }
        let themes = report.themes.map { theme -> TemplateValue in
            .object([
                "theme": .text(theme.theme), "count": .number(theme.count),
                "share_percent": .text(String(format: "%.0f%%", theme.share * 100)),
            ])
        }
        // Every item is accounted for: decided ones by disposition, the rest by why they wait.
        // One count of each, from the report, whatever shows it.
        let pending = report.pending
        return .object([
            "items": .number(report.items), "has_items": .flag(report.items > 0),
            "decided": .number(report.items - pending.count),
            "pending": .number(pending.count), "has_pending": .flag(!pending.isEmpty),
            "awaiting_reconciliation": .number(report.awaitingReconciliation),
            "awaiting_clarification": .number(report.awaitingClarification),
            "awaiting_coding": .number(report.awaitingCoding),
            "staff_replies": .number(report.staffReplies),
            "hidden": .number(report.hidden), "has_hidden": .flag(report.hidden > 0),
            "themes": .list(themes), "disposition": .object(dispositions),
            "parking_lot": .list((entries(.ideaParkingLot) + entries(.beyondScope)).map(item)),
            "challenge_points": .list(entries(.challengePoints).map(item)),
        ])
    }
}
