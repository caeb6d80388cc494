import CohortCore
import Foundation

/// The report's sections about progress: partners, release waves, feedback and announcements.
extension Page {
    mutating func partners() {
        section("partners", Page.title("partners"))
        guard let partners = report.partners else { return empty("No partners are recorded yet.") }
        let funnel = partners.funnel
        paragraph(
            "\(Plural.count(funnel.partners, "partner")); \(Plural.count(funnel.overdue, "partner")) with overdue checklist items (\(Plural.count(funnel.overdueItems, "item")) in all)."
        )
        let stages = Array(zip(funnel.stages, partners.stageNames))
        let parts = Page.parts(stages.count)
        for (index, range) in parts.enumerated() {
            let bars = stages[range].map { stage, name in
                BarChart.Bar(
                    name, values: [Double(stage.count), Double(stage.reached - stage.count)],
                    figure: "\(stage.count) here, \(stage.reached) reached")
            }
            let chart = BarChart(
                series: [
                    BarChart.Series("Now at this stage", fill: ChartPalette.blue),
                    BarChart.Series("Went further", fill: ChartPalette.skyBlue),
                ], bars: bars, scale: Double(funnel.partners), unit: "partners that reached the stage")
            let title = "Partner onboarding funnel\(Page.partWords(index, of: parts.count))"
            figure(
                chart.render(
                    id: "chart-funnel-\(index + 1)", title: title,
                    description: stages[range].map { "\($1): \($0.count) now, \($0.reached) reached" }.joined(
                        separator: "; ")),
                caption: "\(title): how many partners reached each stage, and how many are there now.")
        }
        var table = ReportTable(
            caption: "Onboarding funnel",
            headers: ["Stage", "Now here", "Reached", "Went on", "Median days", "90th percentile days", "Overdue"],
            numeric: [1, 2, 3, 4, 5, 6])
        for (stage, name) in stages {
            table.append([
                .text(name), .number(String(stage.count)), .number(String(stage.reached)),
                .number(stage.conversion.map(Page.percent) ?? "–"), .number(Page.days(stage.medianDays)),
                .number(Page.days(stage.p90Days)), .number(String(stage.overdue)),
            ])
        }
        self.table(table)
        guard staff else { return }
        var each = ReportTable(
            caption: "Partners (staff only)", headers: ["Partner", "Stage", "Wave", "Overdue items"])
        for partner in partners.partners {
            each.append([
                .text(partner.name), .text(partner.stage), .text(partner.wave),
                .text(partner.overdue.isEmpty ? "none" : partner.overdue.joined(separator: ", ")),
            ])
        }
        self.table(each)
    }

    mutating func waves() {
        section("waves", Page.title("waves"))
        guard !report.waves.isEmpty else { return empty("The program declares no release waves.") }
        var table = ReportTable(caption: "Release waves and their gates", headers: ["Wave", "Date", "Status", "Gates"])
        for wave in report.waves {
            var date = wave.date?.spelledOut ?? "not dated yet"
            if let previous = wave.previousDate { date += " (was \(previous.spelledOut))" }
            var status = wave.status.rawValue
            if let opened = wave.openedAt { status += ", opened \(Page.minute(opened))" }
            let gates = wave.gates.map { gate in
                let mark = gate.holds ? "<span class=\"holds\">✓ holds</span>" : "<span class=\"fails\">✗ fails</span>"
                var words = Page.text(gate.gate)
                if let reason = gate.reason { words += ": " + Page.text(reason) }
                if !gate.holdingBack.isEmpty {
                    words += " (held back by " + Page.text(gate.holdingBack.joined(separator: ", ")) + ")"
                }
                return "<li>\(mark) \(words)</li>"
            }
            table.append([
                .text(wave.name), .text(date), .text(status),
                .html(gates.isEmpty ? "none" : "<ul class=\"gates\">\(gates.joined())</ul>"),
            ])
        }
        self.table(table)
    }

    mutating func announcements() {
        section("announcements", Page.title("announcements"))
        guard !report.announcements.isEmpty else { return empty("No announcements have been written yet.") }
        var channels: [String] = []
        for announcement in report.announcements {
            for channel in announcement.channels where !channels.contains(channel.channel) {
                channels.append(channel.channel)
            }
        }
        let names = ["meta": "Meta-Wiki", "blog": "Diff blog", "mail": "Mailing lists"]
        var table = ReportTable(
            caption: "Announcements and where each stands per channel",
            headers: ["Announcement", "Date"] + channels.map { names[$0] ?? $0 })
        for announcement in report.announcements {
            let cells: [ReportTable.Cell] = channels.map { name in
                guard let channel = announcement.channels.first(where: { $0.channel == name }) else {
                    return .text("–")
                }
                var words = channel.state
                if let detail = channel.detail { words += " (\(detail))" }
                if let at = channel.at { words += ", \(Page.minute(at))" }
                if let by = channel.by { words += ", by \(by)" }
                return .text(words)
            }
            table.append([.text(announcement.title), .date(announcement.date ?? "–")] + cells)
        }
        self.table(table)
    }
}
