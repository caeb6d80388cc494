import CohortCore
import Foundation

/// The timeline as a Gantt chart: phases as blue bars, day milestones as orange diamonds (wider
/// milestones as thin orange bars), release waves as hatched green bars, the critical chain
/// outlined, earlier dates of a slipped item faint and dashed, and a line at today. Month labels
/// are measured and thinned until none touches; names too long for their column are cut with an
/// ellipsis and keep their full text in a tooltip. `cohort timeline --format svg` and the report
/// draw it through this one type.
public struct GanttChart: Sendable {
    /// One item on its own row.
    public struct Row: Sendable, Equatable {
        public var id: String
        public var kind: TimelineKind
        public var name: String
        public var date: PlannedDate
        /// Dates the item had before it slipped, oldest first.
        public var earlier: [PlannedDate]
        public var critical: Bool
        /// The words a pointer shows on the bar.
        public var tooltip: String
        /// The words a pointer shows on each earlier date.
        public var earlierTooltips: [String]
    }

    public var rows: [Row]
    public var today: CivilDate
    /// The first and last day of the axis (shared by every part of a long timeline).
    public var start: CivilDate
    public var end: CivilDate

    /// How wide the chart is drawn: the report's page width unless told otherwise.
    public var width = 720.0
    static let labelLeft = 10.0
    /// The widest a name column gets; longer names are cut.
    static let widestLabels = 300.0
    /// How wide the names are drawn: as wide as the longest needs, up to `widestLabels`, the
    /// same for every part of a long timeline.
    public var labelWidth: Double
    var plotLeft: Double { Self.labelLeft + labelWidth + 16 }
    var plotRight: Double { width - 14 }
    static let rowHeight = 24.0

    /// Every dated item of `timeline`, with the slips that moved it.
    public init(_ timeline: Timeline, slips: [TimelineSection.Slip], today: CivilDate) {
        rows = timeline.items.compactMap { item in
            guard let date = item.date else { return nil }
            let moves = slips.filter { $0.id == item.id }
            var earlier = moves.map(\.from)
            if earlier.isEmpty, let previous = item.previousDate { earlier = [previous] }
            let reasons = moves.map { slip in
                "was \(slip.from.spelledOut)" + (slip.reason.map { ": \($0)" } ?? "")
            }
            var words = "\(item.name): \(date.spelledOut) (\(item.kind.rawValue))"
            if item.critical { words += "; on the critical chain" }
            if let slack = item.slackDays { words += "; \(slack) days of slack" }
            if !reasons.isEmpty { words += "; " + reasons.joined(separator: "; ") }
            return Row(
                id: item.id, kind: item.kind, name: item.name, date: date, earlier: earlier, critical: item.critical,
                tooltip: words,
                earlierTooltips: earlier.enumerated().map { index, date in
                    index < reasons.count ? "\(item.name): \(reasons[index])" : "\(item.name): was \(date.spelledOut)"
                })
        }
        let days = rows.flatMap { [$0.date.first, $0.date.last] + $0.earlier.flatMap { [$0.first, $0.last] } }
        start = (days.min() ?? today).adding(days: -7)
        end = (days.max() ?? today).adding(days: 8)
        self.today = today
        let widest = rows.map { FontMetrics.width($0.name, size: 12) }.max() ?? 0
        labelWidth = min(Self.widestLabels, max(120, widest.rounded(.up) + 2))
    }

    /// The same chart with only `rows` (a part of a long timeline), on the same axis.
    public func part(_ range: Range<Int>) -> GanttChart {
        var copy = self
        copy.rows = Array(rows[range])
        return copy
    }

    /// What the chart shows, in words, for screen readers.
    public var summary: String {
        let slipped = rows.count { !$0.earlier.isEmpty }
        var words =
            "Gantt chart of \(Plural.count(rows.count, "dated item")) from \(ChartDates.month(start)) to \(ChartDates.month(end)): phases as blue bars, milestones as orange diamonds or thin orange bars, release waves as hatched green bars, the critical chain outlined in vermillion."
        if slipped > 0 { words += " \(Plural.count(slipped, "item")) slipped; earlier dates are faint and dashed." }
        words += " " + todayWords + " The table after the chart lists every item."
        return words
    }

    var todayWords: String {
        if today < start { return "Today (\(DatePeriod(day: today).description)) is before the first date shown." }
        if today > end { return "Today (\(DatePeriod(day: today).description)) is after the last date shown." }
        return "The dashed line is today, \(DatePeriod(day: today).description)."
    }

    var span: Double { Double(max(1, start.days(until: end))) }

    func x(_ day: CivilDate) -> Double {
        plotLeft + (plotRight - plotLeft) * Double(start.days(until: day)) / span
    }

    /// The chart as an `<svg>` element; `heading` is drawn at the top when the chart stands alone.
    public func render(id: String, title: String, heading: String? = nil) -> String {
        var canvas = SVGCanvas(id: id, width: width)
        var top = 8.0
        if let heading {
            canvas.fittedLabel(heading, x: 10, y: 24, maxWidth: width - 20, size: 16, bold: true)
            top = 36
        }
        let hatch = "\(id)-hatch"
        canvas.define(
            "<pattern id=\"\(Escaping.html(hatch))\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"\(ChartPalette.green)\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#FFFFFF\" stroke-width=\"2.5\" stroke-opacity=\"0.6\"/></pattern>"
        )
        let ticks = ticks()
        let yearRow = ticks.contains { $0.year != nil }
        let axisBaseline = top + 12
        let gridTop = top + (yearRow ? 30 : 18)
        let rowsTop = gridTop + 4
        let rowsBottom = rowsTop + Self.rowHeight * Double(rows.count)
        for tick in ticks {
            let position = x(tick.day)
            canvas.line(
                x1: position, y1: gridTop - (tick.year == nil ? 0 : 12), x2: position, y2: rowsBottom,
                stroke: ChartPalette.grid)
            // After its line, or, at the chart's right edge, before it.
            for (text, y, bold) in [(tick.label, axisBaseline, false), (tick.year ?? "", axisBaseline + 13, true)] {
                if !canvas.label(
                    text, x: position + 3, y: y, size: 11, bold: bold, fill: ChartPalette.muted, className: "tick"),
                    position > plotRight - 40
                {
                    canvas.label(
                        text, x: position - 3, y: y, size: 11, anchor: .end, bold: bold, fill: ChartPalette.muted,
                        className: "tick", margin: 8)
                }
            }
        }
        canvas.line(
            x1: plotLeft, y1: rowsBottom, x2: plotRight, y2: rowsBottom, stroke: ChartPalette.muted)
        for (index, row) in rows.enumerated() {
            draw(row, top: rowsTop + Self.rowHeight * Double(index), into: &canvas, hatch: hatch)
        }
        var y = rowsBottom + 16
        if today >= start, today <= end {
            let position = x(today)
            canvas.line(
                x1: position, y1: gridTop, x2: position, y2: rowsBottom + 4, stroke: ChartPalette.ink,
                attributes: "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"", className: "now")
            let words = "Today, \(DatePeriod(day: today).description)"
            if !canvas.label(words, x: position + 4, y: y, size: 11, className: "now-label") {
                canvas.label(words, x: position - 4, y: y, size: 11, anchor: .end, className: "now-label")
            }
        } else {
            canvas.fittedLabel(todayWords, x: plotLeft, y: y, maxWidth: plotRight - plotLeft, size: 11)
        }
        y += 10
        canvas.legend(legend(hatch: hatch), y: y)
        return canvas.document(title: title, description: summary)
    }

    func draw(_ row: Row, top: Double, into canvas: inout SVGCanvas, hatch: String) {
        canvas.fittedLabel(row.name, x: Self.labelLeft, y: top + 16, maxWidth: labelWidth, className: "row-label")
        let fill: String
        switch row.kind {
        case .phase: fill = ChartPalette.blue
        case .milestone: fill = ChartPalette.orange
        case .wave: fill = "url(#\(Escaping.html(hatch)))"
        }
        let plain =
            row.kind == .phase ? ChartPalette.blue : (row.kind == .milestone ? ChartPalette.orange : ChartPalette.green)
        for (date, words) in zip(row.earlier, row.earlierTooltips) {
            let left = x(date.first)
            canvas.rect(
                x: left, y: top + 5, width: max(3, x(date.last.adding(days: 1)) - left), height: 14, fill: plain,
                attributes: "fill-opacity=\"0.15\" stroke=\"\(plain)\" stroke-opacity=\"0.7\" stroke-dasharray=\"3 2\"",
                className: "previous", tooltip: words)
        }
        let outline =
            row.critical
            ? "stroke=\"\(ChartPalette.vermillion)\" stroke-width=\"2.5\"" : "stroke=\"#FFFFFF\" stroke-width=\"0.5\""
        if row.kind == .milestone, row.date.precision == .day {
            let middle = (x(row.date.first) + x(row.date.first.adding(days: 1))) / 2
            let cy = top + 12
            canvas.polygon(
                [(middle, cy - 7), (middle + 7, cy), (middle, cy + 7), (middle - 7, cy)], fill: fill,
                attributes: outline, className: "milestone", tooltip: row.tooltip)
        } else {
            let left = x(row.date.first)
            let height = row.kind == .milestone ? 8.0 : 14.0
            canvas.rect(
                x: left, y: top + 12 - height / 2, width: max(3, x(row.date.last.adding(days: 1)) - left),
                height: height, fill: fill, attributes: "rx=\"2\" " + outline, className: row.kind.rawValue,
                tooltip: row.tooltip)
        }
    }

    /// An entry for every kind of mark the chart draws, and only those.
    func legend(hatch: String) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        if rows.contains(where: { $0.kind == .phase }) {
            entries.append(LegendEntry(.bar(fill: ChartPalette.blue), "Phase"))
        }
        if rows.contains(where: { $0.kind == .milestone && $0.date.precision == .day }) {
            entries.append(LegendEntry(.diamond(fill: ChartPalette.orange), "Milestone (one day)"))
        }
        if rows.contains(where: { $0.kind == .milestone && $0.date.precision != .day }) {
            entries.append(
                LegendEntry(.thinBar(fill: ChartPalette.orange), "Milestone (month or longer)"))
        }
        if rows.contains(where: { $0.kind == .wave }) {
            entries.append(LegendEntry(.bar(fill: "url(#\(Escaping.html(hatch)))"), "Release wave"))
        }
        if rows.contains(where: \.critical) {
            entries.append(
                LegendEntry(
                    .bar(fill: "#FFFFFF", attributes: "stroke=\"\(ChartPalette.vermillion)\" stroke-width=\"2.5\""),
                    "On the critical chain"))
        }
        if rows.contains(where: { !$0.earlier.isEmpty }) {
            entries.append(
                LegendEntry(
                    .bar(
                        fill: ChartPalette.muted,
                        attributes: "fill-opacity=\"0.15\" stroke=\"\(ChartPalette.muted)\" stroke-dasharray=\"3 2\""),
                    "Earlier date (slipped)"))
        }
        if today >= start, today <= end {
            entries.append(
                LegendEntry(
                    .line(stroke: ChartPalette.ink, attributes: "stroke-width=\"1.5\" stroke-dasharray=\"4 3\""),
                    "Today"))
        }
        return entries
    }

    /// Axis ticks: the finest step (1, 2, 3, 6 months, then years) at which every label fits
    /// before the next tick. Month ticks name the month, with the year on a row of its own at the
    /// first tick and in each January.
    static let tickSteps =
        [1, 2, 3, 6] + [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000].map { $0 * 12 }

    func ticks() -> [(day: CivilDate, label: String, year: String?)] {
        let first = start.year * 12 + start.month - 1
        let last = end.year * 12 + end.month - 1
        for step in Self.tickSteps {
            var ticks: [(day: CivilDate, label: String, year: String?)] = []
            var month = first + (step - first % step) % step
            if month == first, start.day != 1 { month += step }
            while month <= last {
                // Days outside years 1–9999 have no calendar date here; the axis skips them.
                guard let day = CivilDate(year: month / 12, month: month % 12 + 1, day: 1) else {
                    month += step
                    continue
                }
                if day >= start, day <= end {
                    if step >= 12 {
                        ticks.append((day, "\(day.year)", nil))
                    } else {
                        let year = ticks.isEmpty || day.month == 1 ? "\(day.year)" : nil
                        ticks.append((day, ChartDates.short(day.month), year))
                    }
                }
                month += step
            }
            let fits = zip(ticks, ticks.dropFirst()).allSatisfy { tick, next in
                let words = max(
                    FontMetrics.width(tick.label, size: 11), FontMetrics.width(tick.year ?? "", size: 11, bold: true))
                return words + 5 <= x(next.day) - x(tick.day)
            }
            if ticks.isEmpty, step == 1, start.days(until: end) < 62 {
                // A chart shorter than a month: name the month it starts in.
                return [(start, ChartDates.short(start.month), "\(start.year)")]
            }
            if fits { return ticks }
        }
        return []
    }
}

/// Dates as chart axes write them.
enum ChartDates {
    static func short(_ month: Int) -> String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
    }

    static func month(_ day: CivilDate) -> String { "\(short(day.month)) \(day.year)" }
}
