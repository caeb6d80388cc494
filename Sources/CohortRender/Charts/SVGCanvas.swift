import Foundation

/// Colours that stay apart for the common colour-vision deficiencies (Okabe & Ito's palette),
/// and the greys text is set in. Charts never rely on colour alone: shapes, hatching, outlines
/// and labels say the same.
public enum ChartPalette {
    public static let blue = "#0072B2"
    public static let orange = "#E69F00"
    public static let green = "#009E73"
    public static let vermillion = "#D55E00"
    public static let skyBlue = "#56B4E9"
    public static let purple = "#CC79A7"
    public static let yellow = "#F0E442"
    public static let ink = "#222222"
    /// Secondary text: 7.4:1 against white.
    public static let muted = "#555555"
    public static let grid = "#D9D9D9"
    /// The series colours in the order charts use them.
    public static let series = [blue, orange, green, skyBlue, purple, vermillion, yellow]

    /// Text that reads on `fill`: white on the dark colours, ink on the light ones.
    public static func text(on fill: String) -> String {
        [blue, green, vermillion].contains(fill) ? "#FFFFFF" : ink
    }

    /// A sequential blue ramp from white (0) to dark blue (1), for heat maps.
    public static func ramp(_ t: Double) -> String {
        let t = min(1, max(0, t))
        let low = (0xF7, 0xFB, 0xFF)
        let high = (0x08, 0x30, 0x6B)
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return String(format: "#%02X%02X%02X", mix(low.0, high.0), mix(low.1, high.1), mix(low.2, high.2))
    }
}

/// One SVG chart being drawn: shapes and labels in order, every text escaped (through
/// `Escaping.html`, which is also XML's), every label measured and placed only where it stays
/// inside the chart and clear of every label before it. A caller whose label does not fit
/// tries elsewhere or leaves it to the data table under the chart.
public struct SVGCanvas: Sendable {
    /// Where a label's `x` is.
    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    /// A label's line box, as a browser measures it.
    struct Box: Sendable {
        var left, top, right, bottom: Double

        func clears(_ other: Box) -> Bool {
            right <= other.left || other.right <= left || bottom <= other.top || other.bottom <= top
        }
    }

    /// A prefix for ids inside the chart (titles, patterns), unique within one page.
    public let id: String
    public let width: Double
    /// The lowest point drawn so far; the document is this tall plus a margin.
    public private(set) var bottom = 0.0
    var elements: [String] = []
    var definitions: [String] = []
    var boxes: [Box] = []

    public init(id: String, width: Double) {
        self.id = id
        self.width = width
    }

    /// A number as SVG attributes write it.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    static func tooltip(_ text: String?) -> String {
        text.map { "<title>\(Escaping.html($0))</title>" } ?? ""
    }

    /// Notes that something reaches down to `y`.
    public mutating func reach(_ y: Double) { bottom = max(bottom, y) }

    /// A rectangle; `attributes` are further SVG attributes (`stroke`, `fill-opacity`, …) as written.
    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, attributes: String = "",
        className: String? = nil, tooltip: String? = nil
    ) {
        let kind = className.map { " class=\"\(Escaping.html($0))\"" } ?? ""
        let extra = attributes.isEmpty ? "" : " " + attributes
        let open =
            "<rect\(kind) x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" height=\"\(Self.number(height))\" fill=\"\(fill)\"\(extra)"
        elements.append(tooltip == nil ? open + "/>" : open + ">" + Self.tooltip(tooltip) + "</rect>")
        reach(y + height)
    }

    /// A line.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, attributes: String = "",
        className: String? = nil
    ) {
        let kind = className.map { " class=\"\(Escaping.html($0))\"" } ?? ""
        let extra = attributes.isEmpty ? "" : " " + attributes
        elements.append(
            "<line\(kind) x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\"\(extra)/>"
        )
        reach(max(y1, y2))
    }

    /// A closed polygon through `points`.
    public mutating func polygon(
        _ points: [(Double, Double)], fill: String, attributes: String = "", className: String? = nil,
        tooltip: String? = nil
    ) {
        let kind = className.map { " class=\"\(Escaping.html($0))\"" } ?? ""
        let extra = attributes.isEmpty ? "" : " " + attributes
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        let open = "<polygon\(kind) points=\"\(list)\" fill=\"\(fill)\"\(extra)"
        elements.append(tooltip == nil ? open + "/>" : open + ">" + Self.tooltip(tooltip) + "</polygon>")
        reach(points.map(\.1).max() ?? 0)
    }

    /// A `<defs>` entry (a pattern), written as given.
    public mutating func define(_ element: String) { definitions.append(element) }

    /// The box `text` would take with its baseline at `y`.
    static func box(_ text: String, x: Double, y: Double, size: Double, anchor: Anchor, bold: Bool) -> Box {
        let width = FontMetrics.width(text, size: size, bold: bold)
        let left =
            switch anchor {
            case .start: x
            case .middle: x - width / 2
            case .end: x - width
            }
        let top = y - FontMetrics.ascender(size: size)
        return Box(left: left, top: top, right: left + width, bottom: top + FontMetrics.lineHeight(size: size))
    }

    /// Whether `text` would fit at this place: inside the chart's width and at least `margin`
    /// px clear of every label so far.
    public func fits(
        _ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, bold: Bool = false,
        margin: Double = 0
    ) -> Bool {
        let box = Self.box(text, x: x, y: y, size: size, anchor: anchor, bold: bold)
        let room = Box(left: box.left - margin, top: box.top, right: box.right + margin, bottom: box.bottom)
        return box.left >= 1 && box.right <= width - 1 && box.top >= 0 && boxes.allSatisfy { $0.clears(room) }
    }

    /// Places a label when it fits (see `fits`); returns whether it was placed. `tooltip` is the
    /// full text when `text` is an abbreviation of it.
    @discardableResult
    public mutating func label(
        _ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, bold: Bool = false,
        fill: String = ChartPalette.ink, className: String? = nil, tooltip: String? = nil, margin: Double = 0
    ) -> Bool {
        guard !text.isEmpty, fits(text, x: x, y: y, size: size, anchor: anchor, bold: bold, margin: margin) else {
            return false
        }
        let box = Self.box(text, x: x, y: y, size: size, anchor: anchor, bold: bold)
        boxes.append(box)
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        if size != 12 { attributes += " font-size=\"\(Self.number(size))\"" }
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if fill != ChartPalette.ink { attributes += " fill=\"\(fill)\"" }
        if let className { attributes += " class=\"\(Escaping.html(className))\"" }
        elements.append("<text \(attributes)>\(Escaping.html(text))\(Self.tooltip(tooltip))</text>")
        reach(box.bottom)
        return true
    }

    /// Places `text` cut to `maxWidth` with an ellipsis, the full text in its tooltip when cut.
    @discardableResult
    public mutating func fittedLabel(
        _ text: String, x: Double, y: Double, maxWidth: Double, size: Double = 12, anchor: Anchor = .start,
        bold: Bool = false, fill: String = ChartPalette.ink, className: String? = nil, tooltip: String? = nil
    ) -> Bool {
        let fitted = FontMetrics.fit(text, width: maxWidth, size: size, bold: bold)
        return label(
            fitted.text, x: x, y: y, size: size, anchor: anchor, bold: bold, fill: fill, className: className,
            tooltip: tooltip ?? (fitted.cut ? text : nil))
    }

    /// The chart as an `<svg>` element: a `<title>` and `<desc>` screen readers announce (the
    /// element is an image labelled by both), a white ground, and what was drawn.
    public func document(title: String, description: String, className: String = "chart-svg") -> String {
        let height = (bottom + 8).rounded(.up)
        let size = "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(Escaping.html(id))\" class=\"\(className)\" \(size) viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" role=\"img\" aria-labelledby=\"\(Escaping.html(id))-title \(Escaping.html(id))-desc\" font-family=\"\(Escaping.html(FontMetrics.fontFamily))\" font-size=\"12\">",
            "<title id=\"\(Escaping.html(id))-title\">\(Escaping.html(title))</title>",
            "<desc id=\"\(Escaping.html(id))-desc\">\(Escaping.html(description))</desc>",
        ]
        if !definitions.isEmpty { lines.append("<defs>" + definitions.joined() + "</defs>") }
        lines.append("<rect x=\"0\" y=\"0\" \(size) fill=\"#FFFFFF\"/>")
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }
}
