/// One entry of a chart's legend: a sample of a mark and what it means. Every mark a chart
/// draws has one.
public struct LegendEntry: Sendable, Equatable {
    /// The sample drawn before the words.
    public enum Mark: Sendable, Equatable {
        /// A bar in `fill`, with further SVG attributes (a stroke, an opacity, a dash).
        case bar(fill: String, attributes: String = "")
        /// A thin bar in `fill` (a milestone longer than a day).
        case thinBar(fill: String)
        /// A diamond in `fill`.
        case diamond(fill: String)
        /// A vertical line.
        case line(stroke: String, attributes: String = "")
        /// The heat map's ramp, light to dark.
        case ramp
    }

    public var mark: Mark
    public var label: String

    public init(_ mark: Mark, _ label: String) {
        self.mark = mark
        self.label = label
    }
}

extension SVGCanvas {
    /// Draws `entries` in rows from `y` down, wrapping at the chart's width; returns the y under them.
    @discardableResult
    public mutating func legend(_ entries: [LegendEntry], x left: Double = 10, y: Double) -> Double {
        let size = 11.0
        let rowHeight = 18.0
        var x = left
        var top = y
        for entry in entries {
            let swatch = entry.mark == .ramp ? 40.0 : 14.0
            let room = width - left - swatch - 16
            let text = FontMetrics.fit(entry.label, width: room, size: size)
            let entryWidth = swatch + 6 + FontMetrics.width(text.text, size: size) + 16
            if x > left, x + entryWidth > width - 8 {
                x = left
                top += rowHeight
            }
            switch entry.mark {
            case .bar(let fill, let attributes):
                rect(x: x, y: top + 2, width: swatch, height: 11, fill: fill, attributes: attributes)
            case .thinBar(let fill):
                rect(x: x, y: top + 4, width: swatch, height: 7, fill: fill)
            case .diamond(let fill):
                let (cx, cy) = (x + 7, top + 7.5)
                polygon(
                    [(cx, cy - 6), (cx + 6, cy), (cx, cy + 6), (cx - 6, cy)], fill: fill,
                    attributes: "stroke=\"#FFFFFF\" stroke-width=\"0.5\"")
            case .line(let stroke, let attributes):
                line(x1: x + 7, y1: top, x2: x + 7, y2: top + 15, stroke: stroke, attributes: attributes)
            case .ramp:
                for step in 0..<5 {
                    rect(
                        x: x + Double(step) * 8, y: top + 2, width: 8, height: 11,
                        fill: ChartPalette.ramp(Double(step) / 4), attributes: "stroke=\"#BBBBBB\" stroke-width=\"0.5\""
                    )
                }
            }
            label(
                text.text, x: x + swatch + 6, y: top + 12, size: size, fill: ChartPalette.muted, className: "legend",
                tooltip: text.cut ? entry.label : nil)
            x += entryWidth
        }
        return top + rowHeight
    }
}
