import CohortCore

/// The timeline as a standalone SVG file (`cohort timeline --format svg`): the report's Gantt
/// chart (`GanttChart`) with the program's name as its heading.
public enum TimelineSVG {
    /// The SVG document for `timeline`, with a line at `today` and the reasons of `slips` on
    /// the earlier dates they left behind.
    public static func render(
        _ timeline: Timeline, title: String, today: CivilDate, slips: [TimelineSection.Slip] = []
    ) -> String {
        GanttChart(timeline, slips: slips, today: today).render(
            id: "timeline", title: "\(title) — timeline", heading: title) + "\n"
    }
}
