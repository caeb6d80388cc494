import CohortCore
import Foundation

/// The timeline as a Gantt chart in SVG, for people who would rather look than read: phases and
/// waves as bars, one-day milestones as diamonds, a line at the command's `--now`, and a slipped
/// item's old date as a faint dashed bar. Every name is XML-escaped; dates keep their precision
/// (a month-precision item spans its month, and its words are in the bar's tooltip).
public enum TimelineSVG {
    static let labelWidth = 330.0
    static let chartWidth = 640.0
    static let rowHeight = 26.0
    static let top = 56.0

    /// The SVG document for `timeline`, with a line at `today`.
    public static func render(_ timeline: Timeline, title: String, today: CivilDate) -> String {
        let items = timeline.items.filter { $0.date != nil }
        let days = items.flatMap { item in
            [item.date?.first, item.date?.last, item.previousDate?.first, item.previousDate?.last].compactMap { $0 }
        }
        let start = (days.min() ?? today).adding(days: -7)
        let end = (days.max() ?? today).adding(days: 8)
        let span = Double(max(1, start.days(until: end)))
        func x(_ day: CivilDate) -> Double { labelWidth + chartWidth * Double(start.days(until: day)) / span }
        let height = top + rowHeight * Double(items.count) + 30
        let width = labelWidth + chartWidth + 20
        var svg: [String] = [
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(format(width))" height="\##(format(height))" viewBox="0 0 \##(format(width)) \##(format(height))" font-family="sans-serif" font-size="12">"##,
            "<title>\(escape(title)) — timeline</title>",
            ##"<rect x="0" y="0" width="\##(format(width))" height="\##(format(height))" fill="#ffffff"/>"##,
            ##"<text x="10" y="22" font-size="16" font-weight="bold" fill="#202122">\##(escape(title))</text>"##,
        ]
        // Month grid with labels.
        var month = start.firstOfMonth
        while month <= end {
            if month >= start {
                let position = format(x(month))
                svg.append(
                    ##"<line x1="\##(position)" y1="\##(format(top - 14))" x2="\##(position)" y2="\##(format(height - 24))" stroke="#eaecf0"/>"##
                )
                let name = PlannedDate(DatePeriod.month(containing: month)).spelledOut
                svg.append(
                    ##"<text x="\##(format(x(month) + 3))" y="\##(format(top - 18))" fill="#54595d">\##(name)</text>"##)
            }
            month = month.firstOfNextMonth
        }
        for (row, (item, date)) in items.compactMap({ item in item.date.map { (item, $0) } }).enumerated() {
            let y = top + rowHeight * Double(row)
            let colour = item.kind == .phase ? "#3366cc" : (item.kind == .wave ? "#14866d" : "#ac6600")
            let stroke = item.critical ? ##" stroke="#d33" stroke-width="2""## : ""
            let label = "\(item.kind.rawValue): \(item.name)"
            svg.append(
                ##"<text x="10" y="\##(format(y + 17))" fill="#202122">\##(escape(String(label.prefix(48))))</text>"##)
            if let previous = item.previousDate {
                svg.append(
                    ##"<rect class="previous" x="\##(format(x(previous.first)))" y="\##(format(y + 5))" width="\##(format(max(2, x(previous.last.adding(days: 1)) - x(previous.first))))" height="16" fill="\##(colour)" fill-opacity="0.15" stroke="\##(colour)" stroke-dasharray="3 2"><title>was \##(escape(previous.spelledOut))</title></rect>"##
                )
            }
            let tooltip = "<title>\(escape(item.name)): \(escape(date.spelledOut))</title>"
            if item.kind == .milestone, date.precision == .day {
                let cx = x(date.first) + (x(date.first.adding(days: 1)) - x(date.first)) / 2
                let cy = y + 13
                svg.append(
                    ##"<polygon class="milestone" points="\##(format(cx)),\##(format(cy - 8)) \##(format(cx + 8)),\##(format(cy)) \##(format(cx)),\##(format(cy + 8)) \##(format(cx - 8)),\##(format(cy))" fill="\##(colour)"\##(stroke)>\##(tooltip)</polygon>"##
                )
            } else {
                let left = x(date.first)
                let right = x(date.last.adding(days: 1))
                svg.append(
                    ##"<rect class="\##(item.kind.rawValue)" x="\##(format(left))" y="\##(format(y + 5))" width="\##(format(max(2, right - left)))" height="16" rx="3" fill="\##(colour)"\##(stroke)>\##(tooltip)</rect>"##
                )
            }
        }
        let nowX = format(x(today))
        svg.append(
            ##"<line class="now" x1="\##(nowX)" y1="\##(format(top - 10))" x2="\##(nowX)" y2="\##(format(height - 20))" stroke="#d33" stroke-width="1.5"/>"##
        )
        svg.append(
            ##"<text x="\##(format(x(today) + 3))" y="\##(format(height - 8))" fill="#d33">now: \##(today)</text>"##)
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// XML text and attribute escaping: SVG is XML, and HTML's five escapes are XML's.
    static func escape(_ text: String) -> String { Escaping.html(text) }
}
