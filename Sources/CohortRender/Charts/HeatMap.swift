/// A square table of counts drawn as shaded cells (the judges' confusion matrix): darker is
/// more, every cell carries its count as text, and the diagonal, where the two raters agree, is
/// outlined. Column names wrap at hyphens onto two lines; row names are cut to their column.
public struct HeatMap: Sendable {
    public var rowNames: [String]
    public var columnNames: [String]
    /// `counts[row][column]`.
    public var counts: [[Int]]
    /// Who the rows and the columns are.
    public var rowTitle: String
    public var columnTitle: String

    static let width = 720.0
    static let rowLabelWidth = 150.0
    static let gridLeft = 176.0
    static let cellHeight = 32.0

    public init(rowNames: [String], columnNames: [String], counts: [[Int]], rowTitle: String, columnTitle: String) {
        self.rowNames = rowNames
        self.columnNames = columnNames
        self.counts = counts
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
    }

    var largest: Int { counts.joined().max() ?? 0 }

    /// The chart as an `<svg>` element.
    public func render(id: String, title: String, description: String) -> String {
        var canvas = SVGCanvas(id: id, width: Self.width)
        let columns = max(1, columnNames.count)
        let cellWidth = min(84, (Self.width - 10 - Self.gridLeft) / Double(columns))
        let gridRight = Self.gridLeft + cellWidth * Double(columns)
        canvas.fittedLabel(
            columnTitle + " →", x: Self.gridLeft, y: 18, maxWidth: gridRight - Self.gridLeft, bold: true,
            className: "axis")
        let headerTop = 38.0
        for (index, name) in columnNames.enumerated() {
            let wrapped = FontMetrics.wrap(name, width: cellWidth - 6, size: 11, lines: 2)
            let middle = Self.gridLeft + cellWidth * (Double(index) + 0.5)
            for (line, text) in wrapped.lines.enumerated() {
                canvas.label(
                    text, x: middle, y: headerTop + 13 * Double(line), size: 11, anchor: .middle, className: "column",
                    tooltip: wrapped.cut ? name : nil)
            }
        }
        let gridTop = headerTop + 24
        canvas.fittedLabel(
            rowTitle + " ↓", x: 10, y: headerTop + 13, maxWidth: Self.rowLabelWidth, bold: true, className: "axis")
        let scale = Double(max(1, largest))
        for (row, name) in rowNames.enumerated() {
            let top = gridTop + Self.cellHeight * Double(row)
            canvas.fittedLabel(name, x: 10, y: top + 20, maxWidth: Self.rowLabelWidth, className: "row-label")
            for column in 0..<columns {
                let count = row < counts.count && column < counts[row].count ? counts[row][column] : 0
                let left = Self.gridLeft + cellWidth * Double(column)
                let share = Double(count) / scale
                let diagonal = row == column
                canvas.rect(
                    x: left + 1, y: top + 1, width: cellWidth - 2, height: Self.cellHeight - 2,
                    fill: ChartPalette.ramp(share),
                    attributes: diagonal
                        ? "stroke=\"\(ChartPalette.vermillion)\" stroke-width=\"2\""
                        : "stroke=\"#BBBBBB\" stroke-width=\"0.5\"",
                    className: diagonal ? "cell agree" : "cell",
                    tooltip:
                        "\(rowTitle): \(name); \(columnTitle): \(column < columnNames.count ? columnNames[column] : ""); \(count)"
                )
                canvas.label(
                    String(count), x: left + cellWidth / 2, y: top + 20, size: 12, anchor: .middle,
                    bold: diagonal && count > 0, fill: share > 0.5 ? "#FFFFFF" : ChartPalette.ink, className: "count")
            }
        }
        let below = gridTop + Self.cellHeight * Double(rowNames.count) + 10
        canvas.legend(
            [
                LegendEntry(.ramp, "Fewer to more items (0 to \(largest))"),
                LegendEntry(
                    .bar(fill: "#FFFFFF", attributes: "stroke=\"\(ChartPalette.vermillion)\" stroke-width=\"2\""),
                    "Both chose the same category"),
            ], y: below)
        return canvas.document(title: title, description: description)
    }
}
