import CohortCore

/// The timeline as a Mermaid gantt chart a wiki or README can embed.
public enum TimelineMermaid {
    /// A Mermaid gantt chart: phases and waves as bars over their windows, milestones as points;
    /// the critical chain marked `crit`. Dates are the first and last day each item can mean.
    public static func mermaid(_ timeline: Timeline, title: String) -> String {
        var lines = ["gantt", "    title \(clean(title))", "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m"]
        let sections: [(String, TimelineKind)] = [
            ("Phases", .phase), ("Milestones", .milestone), ("Release waves", .wave),
        ]
        for (heading, kind) in sections {
            let items = timeline.items.filter { $0.kind == kind }.compactMap { item in item.date.map { (item, $0) } }
            guard !items.isEmpty else { continue }
            lines.append("    section \(heading)")
            for (item, date) in items {
                var tags: [String] = []
                if item.critical { tags.append("crit") }
                let name = "\(clean(item.name)) (\(date.spelledOut))"
                if kind == .milestone, date.precision == .day {
                    tags.append("milestone")
                    lines.append(
                        "    \(name) :\((tags + [item.id, date.first.description, "0d"]).joined(separator: ", "))")
                } else {
                    let end = date.last.adding(days: 1).description
                    lines.append(
                        "    \(name) :\((tags + [item.id, date.first.description, end]).joined(separator: ", "))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid ends a task name at `:` and a line at `;` or `#`.
    static func clean(_ text: String) -> String {
        String(text.map { ":;#".contains($0) ? " " : $0 })
    }
}
