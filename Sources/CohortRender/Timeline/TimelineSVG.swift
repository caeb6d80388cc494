import CohortCore

/// The timeline as a standalone SVG file (`cohort timeline --format svg`): the report's Gantt
/// chart (`GanttChart`), wider, with the program's name as its heading.
public enum TimelineSVG {
    /// The SVG document for `timeline`, with a line at `today` and the reasons of `slips` on
    /// the earlier dates they left behind.
    public static func render(
        _ timeline: Timeline, title: String, today: CivilDate, slips: [TimelineSection.Slip] = []
    ) -> String {
        var chart = GanttChart(timeline, slips: slips, today: today)
        // A file of its own is not held to a page's width.
        chart.width = 960
        return chart.render(id: "timeline", title: "\(title) — timeline", heading: title) + "\n"
    }
}
