import CohortCore
import Foundation

/// The report's feedback section: the judges' agreement with its reading, the confusion matrix
/// as a heat map, dispositions and themes by prevalence.
extension Page {
    /// Themes a chart shows; the table lists every one.
    static let themesCharted = 15

    mutating func feedback() {
        section("feedback", Page.title("feedback"))
        if let questions = report.questions {
            paragraph("Questions on the talk page waiting for staff: \(questions.text).")
        }
        guard let feedback = report.feedback else { return empty("No feedback has been imported yet.") }
        agreement(feedback)
        dispositions(feedback)
        themes(feedback)
    }

    mutating func agreement(_ feedback: FeedbackSection) {
        add("<h3>Agreement between the judges</h3>")
        var words = "Both judges coded \(feedback.codedByBoth) of \(Plural.count(feedback.items, "item"))"
        if feedback.codedByOne > 0 { words += "; \(feedback.codedByOne) await the second judge" }
        if feedback.uncoded > 0 { words += "; \(feedback.uncoded) are not coded yet" }
        paragraph(words + ".")
        guard feedback.codedByBoth > 0 else { return empty("No item has been coded by both judges yet.") }
        let agreed = feedback.agreed
        var reading =
            "They chose the same category for \(agreed) (\(Page.percent(Double(agreed) / Double(feedback.codedByBoth))))."
        if let kappa = feedback.kappa {
            reading += " Cohen's kappa is \(Figures.statistic(kappa))"
            if let interval = feedback.kappaInterval {
                reading +=
                    " (95% CI \(Figures.statistic(interval.lowerBound))–\(Figures.statistic(interval.upperBound)))"
            }
            if let strength = feedback.strength {
                reading += ": \(strength.rawValue) agreement beyond chance, in Landis and Koch's reading"
            }
            reading += "."
        } else {
            reading += " Cohen's kappa is undefined: both judges used one and the same category throughout."
        }
        if let alpha = feedback.alpha {
            reading += " Krippendorff's alpha is \(Figures.statistic(alpha))"
            let bootstrap = feedback.reliability.alphaBootstrap
            if let interval = bootstrap.interval {
                reading +=
                    " (95% bootstrap interval \(Figures.statistic(interval.low))–\(Figures.statistic(interval.high)), \(bootstrap.plan.resamples) resamples of the items, seed \(bootstrap.plan.seed))"
            }
            reading += "."
        }
        paragraph(reading)
        paragraph(leftOut(feedback.reliability))
        let categories = FeedbackCategory.allCases.map(\.rawValue)
        let map = HeatMap(
            rowNames: categories, columnNames: categories, counts: feedback.confusion,
            rowTitle: feedback.raters[0], columnTitle: feedback.raters[1])
        figure(
            map.render(
                id: "chart-agreement", title: "Confusion matrix of the two judges' categories",
                description:
                    "Rows are \(feedback.raters[0])'s category, columns \(feedback.raters[1])'s; darker cells hold more items; the outlined diagonal is where they agreed, \(agreed) of \(feedback.codedByBoth) items."
            ), caption: "How the two judges' categories compare, item by item.")
        var table = ReportTable(
            caption: "Confusion matrix (rows: \(feedback.raters[0]); columns: \(feedback.raters[1]))",
            headers: [""] + categories, numeric: Set(1...categories.count))
        for (index, name) in categories.enumerated() {
            table.append([.text(name)] + feedback.confusion[index].map { .number(String($0)) })
        }
        self.table(table)
        reliability(feedback.reliability)
    }

    /// The unit of analysis and what the figures leave out, with counts.
    private func leftOut(_ agreement: FeedbackAgreement) -> String {
        let leftOut = agreement.leftOut
        return "The unit of analysis is \(FeedbackAgreement.unit). Left out of these figures: "
            + "\(Plural.count(leftOut.codedByOne.count, "item")) coded by one judge (pending the second), "
            + "\(Plural.count(leftOut.uncoded.count, "item")) not coded yet (pending both), "
            + "\(Plural.count(leftOut.hidden.count, "hidden item"))."
    }

    /// Kappa for each category against the rest, and for each theme, with intervals.
    mutating func reliability(_ agreement: FeedbackAgreement) {
        func interval(_ kappa: CohenKappa) -> String {
            kappa.confidenceInterval.map { "\(Figures.statistic($0.low))–\(Figures.statistic($0.high))" } ?? "–"
        }
        var categories = ReportTable(
            caption: "Agreement per category (each category against the rest)",
            headers: ["Category", "Specific agreement", "Cohen's kappa", "95% CI"], numeric: [1, 2, 3])
        for entry in agreement.perCategory {
            categories.append([
                .text(entry.category.rawValue), .number(entry.specificAgreement.map(Page.percent) ?? "unused"),
                .number(Figures.statistic(entry.kappa.kappa)), .number(interval(entry.kappa)),
            ])
        }
        table(categories)
        guard !agreement.themes.isEmpty else { return empty("No judge gave a theme to an item both coded.") }
        var themes = ReportTable(
            caption: "Agreement per theme (present or absent in each judge's code)",
            headers: ["Theme", "First judge", "Second judge", "Both", "Cohen's kappa"], numeric: [1, 2, 3, 4])
        for entry in agreement.themes {
            themes.append([
                .text(entry.theme), .number(String(entry.first)), .number(String(entry.second)),
                .number(String(entry.both)), .number(Figures.statistic(entry.kappa.kappa)),
            ])
        }
        table(themes)
        paragraph("Mean kappa over themes: \(Figures.statistic(agreement.meanThemeKappa)).")
    }

    mutating func dispositions(_ feedback: FeedbackSection) {
        add("<h3>Where the items go</h3>")
        let total = Double(max(1, feedback.items))
        var bars = feedback.dispositions.map { group in
            BarChart.Bar(
                group.disposition.title, values: [Double(group.count)],
                figure: "\(group.count) (\(Page.percent(Double(group.count) / total)))")
        }
        bars.append(
            BarChart.Bar(
                "Not decided yet", values: [Double(feedback.pending)],
                figure: "\(feedback.pending) (\(Page.percent(Double(feedback.pending) / total)))"))
        let chart = BarChart(
            series: [BarChart.Series("Items", fill: ChartPalette.green)], bars: bars, scale: total,
            unit: "feedback items")
        figure(
            chart.render(
                id: "chart-dispositions", title: "Feedback items by disposition",
                description: bars.map { "\($0.label): \($0.figure)" }.joined(separator: "; ")),
            caption: "Each item's next step, by its final category; items without one yet are not decided.")
        var table = ReportTable(
            caption: "Dispositions",
            headers: ["Disposition", "Category", "Items", "Share"] + (staff ? ["Item ids"] : []),
            numeric: [2, 3])
        for group in feedback.dispositions {
            table.append(
                [
                    .text(group.disposition.title), .text(group.disposition.category.rawValue),
                    .number(String(group.count)), .number(Page.percent(Double(group.count) / total)),
                ] + (staff ? [.text(group.items.joined(separator: ", "))] : []))
        }
        table.append(
            [
                .text("Not decided yet"), .text("–"), .number(String(feedback.pending)),
                .number(Page.percent(Double(feedback.pending) / total)),
            ] + (staff ? [.text("")] : []))
        self.table(table)
    }

    mutating func themes(_ feedback: FeedbackSection) {
        add("<h3>Themes by prevalence</h3>")
        guard !feedback.themes.isEmpty else { return empty("No theme has been given to any item yet.") }
        let shown = Array(feedback.themes.prefix(Page.themesCharted))
        let chart = BarChart(
            series: [BarChart.Series("Items with the theme", fill: ChartPalette.blue)],
            bars: shown.map {
                BarChart.Bar($0.theme, values: [Double($0.count)], figure: "\($0.count) (\(Page.percent($0.share)))")
            }, unit: "feedback items with the theme")
        let more = feedback.themes.count > shown.count
        figure(
            chart.render(
                id: "chart-themes", title: "Themes by prevalence",
                description: shown.map { "\($0.theme): \($0.count) items, \(Page.percent($0.share))" }.joined(
                    separator: "; ")),
            caption: more
                ? "The \(shown.count) most common of \(feedback.themes.count) themes; the table lists them all."
                : "How many items carry each theme, and their share of all items.")
        var table = ReportTable(caption: "Themes", headers: ["Theme", "Items", "Share of all items"], numeric: [1, 2])
        for theme in feedback.themes {
            table.append([.text(theme.theme), .number(String(theme.count)), .number(Page.percent(theme.share))])
        }
        if feedback.unthemed > 0 {
            table.append([
                .text("(no theme)"), .number(String(feedback.unthemed)),
                .number(Page.percent(Double(feedback.unthemed) / Double(max(1, feedback.items)))),
            ])
        }
        self.table(table)
    }
}
