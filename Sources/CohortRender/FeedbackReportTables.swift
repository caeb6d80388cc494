import CohortCore

/// The feedback report as document tables, for the outcome announcement (Meta-Wiki, the blog)
/// and for `cohort feedback report --format`. Authors never appear here.
public enum FeedbackReportTables {
    /// Each disposition with its category, how many items it received and their ids.
    public static func dispositions(_ report: FeedbackReport) -> DocumentTable {
        var table = DocumentTable(
            headers: ["Disposition", "Category", "Items", "Item ids"], alignments: [.left, .left, .right, .left])
        for group in report.groups {
            table.append([
                group.disposition.title, group.category.rawValue, String(group.entries.count),
                group.entries.map(\.id).joined(separator: ", "),
            ])
        }
        if !report.pending.isEmpty {
            table.append([
                "Not yet decided", "", String(report.pending.count), report.pending.map(\.id).joined(separator: ", "),
            ])
        }
        return table
    }

    /// Themes by how many items carry them and their share of all items.
    public static func themes(_ report: FeedbackReport) -> DocumentTable {
        var table = DocumentTable(headers: ["Theme", "Items", "Share"], alignments: [.left, .right, .right])
        for theme in report.themes {
            table.append([theme.theme, String(theme.count), Figures.percent(theme.share)])
        }
        return table
    }

    /// Themes by final category, with the items not decided yet.
    public static func themeCategories(_ report: FeedbackReport) -> DocumentTable {
        let categories = FeedbackCategory.allCases
        var table = DocumentTable(
            headers: ["Theme"] + categories.map(\.rawValue) + ["pending"],
            alignments: [.left] + Array(repeating: .right, count: categories.count + 1))
        for row in report.themeCategories {
            table.append([row.theme] + row.counts.map(String.init) + [String(row.pending)])
        }
        return table
    }

    /// The items one disposition received, with their text and themes: what goes to the idea
    /// parking lot, what is documented as challenge points.
    public static func items(_ report: FeedbackReport, _ disposition: Disposition) -> DocumentTable {
        var table = DocumentTable(headers: ["Item", "Feedback", "Themes"])
        for entry in report.entries(disposition) {
            table.append([entry.id, entry.text, entry.themes.joined(separator: ", ")])
        }
        return table
    }

    /// `2 comments hidden under the rules of engagement`, when any are: they are counted, never quoted.
    public static func hiddenLine(_ report: FeedbackReport) -> String? {
        guard report.hidden > 0 else { return nil }
        return "\(Plural.count(report.hidden, "comment")) hidden under the rules of engagement"
    }

    /// The whole report as a document in `format`: headings, the three summary tables, then the
    /// items of every disposition that received any.
    public static func document(_ report: FeedbackReport, _ format: DocumentTable.Format) -> String {
        func heading(_ text: String, level: Int) -> String {
            switch format {
            case .markdown: String(repeating: "#", count: level) + " " + DocumentTable.markdownEscape(text)
            case .wikitext:
                String(repeating: "=", count: level) + " " + DocumentTable.wikitextEscape(text) + " "
                    + String(repeating: "=", count: level)
            }
        }
        var sections = [heading("Community feedback (\(Plural.count(report.items, "item")))", level: 2)]
        if let hidden = hiddenLine(report) {
            sections.append(
                format == .markdown ? DocumentTable.markdownEscape(hidden) : DocumentTable.wikitextEscape(hidden))
        }
        sections += [
            heading("Dispositions", level: 3), dispositions(report).render(format),
            heading("Themes", level: 3), themes(report).render(format),
            heading("Themes by category", level: 3), themeCategories(report).render(format),
        ]
        for group in report.groups where !group.entries.isEmpty {
            sections += [heading(group.disposition.title, level: 3), items(report, group.disposition).render(format)]
        }
        return sections.joined(separator: "\n\n")
    }
}
