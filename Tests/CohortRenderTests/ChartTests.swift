import CohortCore
import CohortRender
import CohortTestSupport
import Foundation
import Testing

/// The charts' own guarantees: labels measured, cut with an ellipsis, never placed over another,
/// axes that thin out over any span, and no crash at the edges of the calendar. The browser
/// tests (CLITests/ReportCommandTests) measure the same things in Chromium.
@Suite("Charts")
struct ChartTests {
    @Test func widthsAreDejaVuSansAdvances() {
        // "Feb" in DejaVu Sans: F 1178 + e 1260 + b 1300 font units of 2048, at 11 px, plus the 2% margin.
        let expected = Double(1178 + 1260 + 1300) / 2048 * 11 * 1.02
        #expect(abs(FontMetrics.width("Feb", size: 11) - expected) < 1e-9)
        #expect(FontMetrics.width("W", size: 12, bold: true) > FontMetrics.width("W", size: 12))
        // Characters the font lacks count wider than any substitute a browser would draw.
        #expect(FontMetrics.width("漢", size: 10) == 1.25 * 10 * 1.02)
        #expect(abs(FontMetrics.lineHeight(size: 12) - 12 * (1901.0 + 483) / 2048) < 1e-9)
    }

    @Test(arguments: [
        "Community input (pilot and consultation open)", String(repeating: "W", count: 300),
        "<script>alert('x')</script> & \"quotes\"", "Zażółć gęślą jaźń — ✓ → ≥", "漢字のとても長い名前です漢字のとても長い名前です", "a",
    ])
    func fittedTextNeverExceedsItsWidth(text: String) {
        for width in [20.0, 80, 214, 600] {
            let fitted = FontMetrics.fit(text, width: width, size: 12)
            #expect(FontMetrics.width(fitted.text, size: 12) <= width)
            #expect(fitted.cut == (fitted.text != text))
            if fitted.cut, !fitted.text.isEmpty { #expect(fitted.text.hasSuffix("…")) }
        }
    }

    @Test func wrappingBreaksAtHyphensAndCutsTheRest() {
        #expect(FontMetrics.wrap("needs-resourcing", width: 70, size: 11, lines: 2).lines == ["needs-", "resourcing"])
        #expect(FontMetrics.wrap("unclear", width: 70, size: 11, lines: 2).lines == ["unclear"])
        let long = FontMetrics.wrap("one two three four five six seven", width: 60, size: 11, lines: 2)
        #expect(long.lines.count == 2)
        #expect(long.cut)
        #expect(long.lines.allSatisfy { FontMetrics.width($0, size: 11) <= 60 })
    }

    @Test func aLabelIsNeverPlacedOverAnotherOrPastTheEdge() {
        var canvas = SVGCanvas(id: "t", width: 200)
        let first = canvas.label("First label", x: 10, y: 20)
        let over = canvas.label("Second", x: 30, y: 22)
        let below = canvas.label("Second", x: 30, y: 20 + FontMetrics.lineHeight(size: 12))
        let past = canvas.label("Far too wide for this chart at all", x: 150, y: 80)
        let anchored = canvas.label("Right", x: 190, y: 80, anchor: .end)
        #expect(first)
        #expect(!over, "overlaps the first")
        #expect(below, "one line below")
        #expect(!past, "past the right edge")
        #expect(anchored)
        let svg = canvas.document(title: "T & <b>", description: "D")
        #expect(svg.contains("<title id=\"t-title\">T &amp; &lt;b&gt;</title>"))
        #expect(svg.contains("aria-labelledby=\"t-title t-desc\""))
    }

    /// The timeline of a program with these phases and one milestone per date in `dates`.
    static func timeline(_ dates: [String], phases: [Phase] = []) throws -> Timeline {
        let milestones = try dates.enumerated().map { index, text in
            Milestone(id: "m\(index)", name: "Milestone \(index)", date: try PlannedDate.parse(text).get())
        }
        let program = Program(
            name: "P", slug: "p", timeZone: try #require(TimeZone(identifier: "UTC")),
            contact: Person(name: "C", email: "c@example.org"), phases: phases, milestones: milestones)
        return try Timeline.schedule(program).get().1
    }

    @Test(arguments: [
        ["2022-02-01", "2022-02-10"], ["2022-01-01", "2022-12-31"], ["2020-01", "2049-12"],
        ["1900-01-01", "2199-12-31"],
        ["2199-12-31"], ["1900-01-01"],
    ])
    // Dates outside 1900–2199 never reach a chart: they are refused where they are read.
    func axisLabelsFitBetweenTheirTicksOverAnySpan(dates: [String]) throws {
        let timeline = try Self.timeline(dates)
        let today = try #require(CivilDate(iso: "2022-03-14"))
        let chart = GanttChart(timeline, slips: [], today: today)
        let svg = chart.render(id: "g", title: "T", heading: "Heading")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let ticks = Self.texts(svg, className: "tick")
        #expect(!ticks.isEmpty, "\(dates): some tick is labelled")
        #expect(Self.texts(svg, className: "legend").contains { $0.hasPrefix("Milestone") })
        #expect(svg.contains("<desc id=\"g-desc\">"))
    }

    @Test func longNamesAreCutWithTheirFullTextInATooltip() throws {
        let name = String(repeating: "Long name ", count: 30) + "<end>"
        let phase = Phase(id: "p", name: name, dates: try PlannedDate.parse("2022-03").get())
        let svg = GanttChart(
            try Self.timeline([], phases: [phase]), slips: [], today: try #require(CivilDate(iso: "2022-03-14"))
        ).render(id: "g", title: "T")
        let label = try #require(Self.texts(svg, className: "row-label").first)
        #expect(label.hasSuffix("…"))
        #expect(svg.contains("<title>\(Escaping.html(name))</title>"))
        #expect(!svg.contains("<end>"))
    }

    @Test func barTicksAreRoundSteps() {
        #expect(BarChart.ticks(upTo: 9) == [0, 2, 4, 6, 8])
        #expect(BarChart.ticks(upTo: 1) == [0, 1])
        #expect(BarChart.ticks(upTo: 40) == [0, 10, 20, 30, 40])
    }

    /// The text of every `<text class="className">`, without its tooltip.
    static func texts(_ svg: String, className: String) -> [String] {
        svg.components(separatedBy: "class=\"\(className)\">").dropFirst().map { rest in
            String(rest.prefix { $0 != "<" })
        }
    }
}
