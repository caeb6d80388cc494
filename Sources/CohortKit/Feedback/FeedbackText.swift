import CohortCore
internal import CohortRender
import Foundation

/// `cohort feedback` for people: aligned tables and short sentences on a terminal.
public enum FeedbackText {
    /// `80.0%` for 0.8.
    public static func percent(_ share: Double) -> String { Figures.percent(share) }

    /// A statistic to three decimals, or `undefined`.
    public static func figure(_ value: Double?) -> String { Figures.statistic(value) }

    /// A judge as `amara (Amara Okafor)`.
    static func name(_ judge: Judge) -> String { "\(judge.id) (\(judge.name))" }

    /// The agreement figures, their reading, the confusion matrix and per-category agreement.
    public static func agreement(_ agreement: FeedbackAgreement, bold: (String) -> String = { $0 }) -> String {
        let kappa = agreement.kappa
        let judges = agreement.judges
        var lines = [
            bold(
                "Agreement between " + (judges.count == 2 ? "\(name(judges[0])) and \(name(judges[1]))" : "the judges"))
        ]
        guard agreement.items > 0 else {
            lines.append("  No item is coded by both judges yet.")
            lines.append("  " + progress(agreement))
            return lines.joined(separator: "\n")
        }
        var summary = TextTable(headers: ["", ""])
        summary.append(["Items coded by both", String(agreement.items)])
        summary.append([
            "Percent agreement",
            "\(percent(kappa.observedAgreement ?? 0)) (\(agreement.agreed) of \(agreement.items))",
        ])
        summary.append(["Chance agreement", percent(kappa.expectedAgreement ?? 0)])
        var kappaText = figure(kappa.kappa)
        if let standardError = kappa.standardError, let interval = kappa.confidenceInterval {
            kappaText += "  SE \(figure(standardError))  95% CI \(figure(interval.low)) to \(figure(interval.high))"
        } else {
            kappaText += " (both judges used one category for every item)"
        }
        summary.append(["Cohen's kappa", kappaText])
        summary.append([
            "Reading", kappa.strength.map { "\($0.rawValue) agreement (Landis & Koch)" } ?? "none: kappa is undefined",
        ])
        summary.append(["Krippendorff's alpha", figure(agreement.alpha) + " (nominal)" + alphaInterval(agreement)])
        lines += labelled(summary)
        lines.append("  " + progress(agreement))

        let rows = judges.first.map(\.id) ?? "first judge"
        let columns = judges.dropFirst().first.map(\.id) ?? "second judge"
        lines += ["", bold("Confusion matrix (rows: \(rows), columns: \(columns))")]
        let categories = FeedbackCategory.allCases
        var matrix = TextTable(
            headers: [""] + categories.map(\.rawValue) + ["total"],
            alignments: [.left] + Array(repeating: .right, count: categories.count + 1))
        let firstTotals = agreement.confusion.firstTotals
        for (index, counts) in agreement.confusion.counts.enumerated() {
            matrix.append([categories[index].rawValue] + counts.map(String.init) + [String(firstTotals[index])])
        }
        matrix.append(["total"] + agreement.confusion.secondTotals.map(String.init) + [String(agreement.items)])
        lines.append(matrix.render(indent: "  "))

        lines += ["", bold("Per category")]
        var perCategory = TextTable(
            headers: [
                "CATEGORY", rows.uppercased(), columns.uppercased(), "BOTH", "SPECIFIC AGREEMENT", "KAPPA", "95% CI",
            ],
            alignments: [.left, .right, .right, .right, .right, .right, .left])
        for entry in agreement.perCategory {
            perCategory.append([
                entry.category.rawValue, String(entry.first), String(entry.second), String(entry.both),
                entry.specificAgreement.map(percent) ?? "unused", figure(entry.kappa.kappa), interval(entry.kappa),
            ])
        }
        lines.append(perCategory.render(indent: "  "))
        lines += ["", bold("Per theme (each theme present or absent in each judge's code)")]
        guard !agreement.themes.isEmpty else {
            lines.append("  No judge gave a theme to an item both coded.")
            return lines.joined(separator: "\n")
        }
        var perTheme = TextTable(
            headers: ["THEME", rows.uppercased(), columns.uppercased(), "BOTH", "KAPPA", "95% CI"],
            alignments: [.left, .right, .right, .right, .right, .left])
        for entry in agreement.themes {
            perTheme.append([
                entry.theme, String(entry.first), String(entry.second), String(entry.both), figure(entry.kappa.kappa),
                interval(entry.kappa),
            ])
        }
        lines.append(perTheme.render(indent: "  "))
        lines.append("  Mean kappa over themes: \(figure(agreement.meanThemeKappa))")
        return lines.joined(separator: "\n")
    }

    /// `0.596 to 0.901`, or an empty cell when kappa has no interval.
    private static func interval(_ kappa: CohenKappa) -> String {
        kappa.confidenceInterval.map { "\(figure($0.low)) to \(figure($0.high))" } ?? ""
    }

    /// `  95% CI 0.58 to 0.87 (bootstrap, 1000 resamples, seed 2022)`, or nothing without one.
    private static func alphaInterval(_ agreement: FeedbackAgreement) -> String {
        let bootstrap = agreement.alphaBootstrap
        guard let interval = bootstrap.interval else { return "" }
        return "  95% CI \(figure(interval.low)) to \(figure(interval.high))"
            + " (bootstrap, \(bootstrap.plan.resamples) resamples, seed \(bootstrap.plan.seed))"
    }

    /// A two-column table whose rows label themselves, without its (empty) header line.
    private static func labelled(_ table: TextTable) -> [String] {
        Array(
            table.render(indent: "  ").split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(
                String.init))
    }

    /// The unit of analysis and what the figures leave out, with counts.
    private static func progress(_ agreement: FeedbackAgreement) -> String {
        let leftOut = agreement.leftOut
        var words = "Unit: \(FeedbackAgreement.unit)"
        if let version = agreement.codebookVersion { words += " under codebook version \(version)" }
        words += ". Not in these figures: \(Plural.count(leftOut.codedByOne.count, "item")) coded by one judge, "
        words += "\(Plural.count(leftOut.uncoded.count, "item")) not coded yet, "
        words += "\(Plural.count(leftOut.hidden.count, "hidden item"))"
        if agreement.codebookVersion != nil {
            words += ", \(Plural.count(leftOut.otherCodebookVersion.count, "item")) coded under another version"
        }
        return words + "."
    }

    /// Items the judges coded differently, reconciled or not.
    public static func disagreements(_ items: [ItemCoding], judges: [Judge]) -> String {
        guard !items.isEmpty else { return "No disagreements: the judges agree on every item both have coded." }
        let ids = Array(judges.prefix(2).map(\.id))
        var table = TextTable(headers: ["ITEM"] + ids.map { $0.uppercased() } + ["RECONCILED", "FEEDBACK"])
        for state in items {
            let codes = ids.map { judge in state.codes.first { $0.judge == judge }?.category.rawValue ?? "" }
            table.append(
                [state.item.id] + codes + [state.reconciliation?.category.rawValue ?? "open", excerpt(state.item.text)])
        }
        let open = items.count { $0.reconciliation == nil }
        var lines = [table.render()]
        lines.append("")
        lines.append(
            "\(Plural.count(items.count, "disagreement")), \(open) open"
                + (open > 0
                    ? "; settle each with: `cohort feedback reconcile ITEM --category C --reason TEXT --by NAME`" : ".")
        )
        return lines.joined(separator: "\n")
    }

    /// The next item for a judge, with no trace of the other judge's code.
    public static func next(_ next: BlindItem?, judge: Judge) -> String {
        guard let next else { return "\(name(judge)) has coded every item. Nothing is waiting." }
        let item = next.item
        var table = TextTable(headers: ["", ""])
        table.append(["Item", item.id])
        table.append(["Source", item.source])
        table.append(["Received", Instant.format(item.receivedAt)])
        if !item.themes.isEmpty { table.append(["Themes", item.themes.joined(separator: ", ")]) }
        if next.round > 0 { table.append(["Round", "\(next.round + 1) (after clarification)"]) }
        for note in next.clarifications { table.append(["Clarified", note]) }
        table.append(["Feedback", item.text])
        var lines = ["Next for \(name(judge)): \(item.id), \(Plural.count(next.remaining, "item")) left to code", ""]
        lines += labelled(table)
        lines += [
            "",
            "Code it with: cohort feedback code \(item.id) --judge \(judge.id) --category CATEGORY [--theme THEME]",
            "Categories: \(FeedbackCategory.idList)",
        ]
        return lines.joined(separator: "\n")
    }

    /// What a code did, and where the item stands; the other judge's category only once both are in.
    public static func coded(_ outcome: CodeOutcome, state: ItemCoding, judges: [Judge]) -> String {
        let code = outcome.code
        let first: String
        switch outcome {
        case .recorded: first = "Coded \(code.itemID) as \(code.category.rawValue) for \(code.judge)."
        case .replaced(_, let previous):
            first =
                "Re-coded \(code.itemID) as \(code.category.rawValue) for \(code.judge) (was \(previous.category.rawValue))."
        case .unchanged:
            first = "\(code.judge) had already coded \(code.itemID) as \(code.category.rawValue); nothing changed."
        }
        let second: String
        switch state.status {
        case .uncoded, .awaitingSecondJudge:
            let others = judges.map(\.id).filter { $0 != code.judge }
            second = "Waiting for \(others.joined(separator: " or ")) to code it."
        case .agreed: second = "Both judges agree: \(code.itemID) goes to \(state.disposition!.rawValue)."
        case .disagreement:
            second =
                "The judges differ ("
                + state.codes.map { "\($0.judge): \($0.category.rawValue)" }.joined(separator: ", ")
                + "); reconcile with: `cohort feedback reconcile \(code.itemID) --category C --reason TEXT --by NAME`"
        case .reconciled: second = "It stays reconciled as \(state.finalCategory!.rawValue)."
        case .awaitingClarification: second = "It awaits the commenter's answer to the question sent."
        }
        return first + " " + second
    }

    /// The report for a terminal: dispositions, pending items, themes and themes by category.
    public static func report(_ report: FeedbackReport, bold: (String) -> String = { $0 }) -> String {
        var lines = [bold("Feedback report: \(Plural.count(report.items, "item"))")]
        if let hidden = FeedbackReportTables.hiddenLine(report) { lines.append(hidden) }
        var dispositions = TextTable(
            headers: ["DISPOSITION", "CATEGORY", "ITEMS", "IDS"], alignments: [.left, .left, .right, .left])
        for group in report.groups {
            dispositions.append([
                group.disposition.rawValue, group.category.rawValue, String(group.entries.count),
                group.entries.map(\.id).joined(separator: " "),
            ])
        }
        lines += ["", dispositions.render(indent: "  ")]
        if !report.pending.isEmpty {
            lines += ["", bold("Not decided yet (\(report.pending.count))")]
            var pending = TextTable(headers: ["ITEM", "STATUS"])
            for entry in report.pending {
                let status =
                    switch entry.status {
                    case .awaitingClarification: "awaiting clarification"
                    case .disagreement: "awaiting reconciliation"
                    default: entry.clarified ? "\(entry.status.rawValue) (after clarification)" : entry.status.rawValue
                    }
                pending.append([entry.id, status])
            }
            lines.append(pending.render(indent: "  "))
        }
        lines += ["", bold("Themes by volume")]
        if report.themes.isEmpty {
            lines.append("  no themes given")
        } else {
            lines.append(FeedbackReportTables.themes(report).renderText(indent: "  "))
            if report.unthemed > 0 { lines.append("  \(Plural.count(report.unthemed, "item")) without a theme") }
            lines += ["", bold("Themes by category")]
            lines.append(FeedbackReportTables.themeCategories(report).renderText(indent: "  "))
        }
        if report.includesAuthors {
            lines += ["", bold("Authors (personal data: do not publish)")]
            var authors = TextTable(headers: ["ITEM", "AUTHOR"])
            for entry in report.entries { authors.append([entry.id, entry.author ?? ""]) }
            lines.append(authors.render(indent: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// The first line of `text`, cut at 60 characters.
    static func excerpt(_ text: String, limit: Int = 60) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}
