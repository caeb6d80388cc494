import Foundation

/// Horizontal bars, one row each, stacked when a bar has several series: the cohort's seats,
/// workshop attendance, the partner funnel, dispositions, themes. Names are cut to their column
/// with the full text in a tooltip; each bar's figure sits after it, or inside it when there is
/// no room after, or is left to the table under the chart.
public struct BarChart: Sendable {
    /// One kind of segment, in the legend.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var fill: String
        /// Further SVG attributes of its segments (a stroke, a dash), as written.
        public var attributes: String

        public init(_ name: String, fill: String, attributes: String = "") {
            self.name = name
            self.fill = fill
            self.attributes = attributes
        }
    }

    /// One row: a name, one value per series (stacked left to right) and its figure in words.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var values: [Double]
        public var figure: String
        public var tooltip: String

        public init(_ label: String, values: [Double], figure: String, tooltip: String? = nil) {
            self.label = label
            self.values = values
            self.figure = figure
            self.tooltip = tooltip ?? "\(label): \(figure)"
        }
    }

    public let series: [Series]
    public let bars: [Bar]
    /// The value the full width stands for (at least the largest bar).
    public var scale: Double
    /// What the axis counts (`participants`, `items`).
    public var unit: String

    static let width = 720.0
    /// The widest a name column gets; longer names are cut.
    static let widestLabels = 260.0

    /// How wide the names are drawn: as wide as the longest needs, up to `widestLabels`.
    let labelWidth: Double
    /// Where bars start, and where the longest ends: early enough that every figure fits after it.
    let plotLeft: Double
    let plotRight: Double
    /// Where bars may end at most; a chart whose figures are long ends them sooner.
    static let widestPlotRight = 640.0
    static let rowHeight = 26.0

    public init(series: [Series], bars: [Bar], scale: Double? = nil, unit: String) {
        self.series = series
        self.bars = bars
        self.scale = max(scale ?? 0, bars.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        self.unit = unit
        let widest = bars.map { FontMetrics.width($0.label, size: 12) }.max() ?? 0
        labelWidth = min(Self.widestLabels, max(100, widest.rounded(.up) + 2))
        plotLeft = 10 + labelWidth + 16
        let figures = bars.map { FontMetrics.width($0.figure, size: 11) }.max() ?? 0
        plotRight = max(plotLeft + 180, min(Self.widestPlotRight, Self.width - 10 - figures - 6))
    }

    func x(_ value: Double) -> Double { plotLeft + (plotRight - plotLeft) * value / scale }

    /// The chart as an `<svg>` element.
    public func render(id: String, title: String, description: String) -> String {
        var canvas = SVGCanvas(id: id, width: Self.width)
        let top = 8.0
        let bottom = top + Self.rowHeight * Double(bars.count)
        let ticks = Self.ticks(upTo: scale)
        for tick in ticks {
            let position = x(tick)
            canvas.line(x1: position, y1: top, x2: position, y2: bottom, stroke: ChartPalette.grid)
            canvas.label(
                Self.figure(tick), x: position, y: bottom + 14, size: 11, anchor: .middle, fill: ChartPalette.muted,
                className: "tick")
        }
        canvas.line(x1: plotLeft, y1: top, x2: plotLeft, y2: bottom, stroke: ChartPalette.muted)
        for (index, bar) in bars.enumerated() {
            let rowTop = top + Self.rowHeight * Double(index)
            canvas.fittedLabel(bar.label, x: 10, y: rowTop + 17, maxWidth: labelWidth, className: "row-label")
            var left = 0.0
            for (value, kind) in zip(bar.values, series) where value > 0 {
                canvas.rect(
                    x: x(left), y: rowTop + 5, width: max(2, x(left + value) - x(left)), height: 16, fill: kind.fill,
                    attributes: kind.attributes, className: "bar",
                    tooltip: "\(bar.label): \(kind.name) \(Self.figure(value))")
                left += value
            }
            let end = x(left)
            let inside = ChartPalette.text(
                on: Array(zip(bar.values, series)).last { $0.0 > 0 }?.1.fill ?? ChartPalette.blue)
            if !canvas.label(
                bar.figure, x: end + 6, y: rowTop + 17, size: 11, className: "figure", tooltip: bar.tooltip),
                end - plotLeft > FontMetrics.width(bar.figure, size: 11) + 8
            {
                canvas.label(
                    bar.figure, x: end - 4, y: rowTop + 17, size: 11, anchor: .end, fill: inside, className: "figure",
                    tooltip: bar.tooltip)
            }
        }
        canvas.label(
            "Bar length: \(unit)", x: plotLeft, y: bottom + 30, size: 11, fill: ChartPalette.muted,
            className: "axis")
        canvas.legend(
            series.map { LegendEntry(.bar(fill: $0.fill, attributes: $0.attributes), $0.name) }, y: bottom + 38)
        return canvas.document(title: title, description: description)
    }

    /// A figure as the axis writes it: whole numbers without a decimal point.
    static func figure(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// Round steps (1, 2, 5 × 10ⁿ, never below 1) from 0 up to `scale`, about five of them.
    public static func ticks(upTo scale: Double) -> [Double] {
        let rough = scale / 5
        let magnitude = pow(10, floor(log10(max(rough, 1))))
        let step = max(1, [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude)
        return stride(from: 0.0, through: scale + 1e-9, by: step).map { $0 }
    }
}
