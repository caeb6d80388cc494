import CohortCore
import Foundation

/// The status report as one self-contained HTML page: inline CSS and SVG charts, no script, no
/// font or image from elsewhere, so it opens offline and prints on A4 with no chart cut across
/// pages. Each chart has a data table after it; a section with nothing to show says so.
/// Everything inserted is escaped (`Escaping.html`); what a `public` report must not show is
/// not in its value to begin with (`StatusReport.make`).
public enum ReportPage {
    /// The name of the `<meta>` that records the instant a report describes, so a later check can
    /// make the same report again and compare (`cohort build --check`).
    public static let asOfMeta = "cohort-as-of"

    /// The page for `report`.
    public static func render(_ report: StatusReport) -> String {
        var page = Page(report: report)
        page.header()
        page.standing()
        page.timeline()
        page.pilot()
        page.workshops()
        page.partners()
        page.waves()
        page.feedback()
        page.announcements()
        return page.document()
    }

    /// The instant a report page says it describes, if it says one.
    public static func asOf(_ page: String) -> Date? {
        guard let range = page.range(of: "<meta name=\"\(asOfMeta)\" content=\"") else { return nil }
        let rest = page[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return Instant.parse(String(rest[..<end]))
    }

    static let style = """
        @page { size: A4 portrait; margin: 14mm 12mm; }
        html { background: #FFFFFF; color: #222222; }
        body { font-family: 'DejaVu Sans', Verdana, sans-serif; font-size: 14px; line-height: 1.45; \
        margin: 0 auto; max-width: 720px; padding: 20px; }
        h1 { font-size: 24px; line-height: 1.25; margin: 6px 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 19px; margin: 30px 0 8px; padding-bottom: 2px; border-bottom: 2px solid #0072B2; \
        break-after: avoid; page-break-after: avoid; }
        h3 { font-size: 15px; margin: 16px 0 6px; break-after: avoid; page-break-after: avoid; }
        p, li { overflow-wrap: anywhere; }
        .as-of { color: #555555; margin-top: 0; }
        .confidential { border: 3px solid #D55E00; background: #FFF4E5; padding: 8px 12px; margin: 0 0 12px; }
        .public-note { border-left: 4px solid #0072B2; padding: 2px 10px; color: #333333; }
        nav ol { columns: 2; margin: 8px 0; padding-left: 22px; }
        figure.chart { margin: 10px 0 6px; break-inside: avoid; page-break-inside: avoid; }
        figure.chart svg { display: block; width: 100%; max-width: 720px; height: auto; }
        figcaption { font-size: 12px; color: #555555; margin-top: 2px; }
        table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0 16px; }
        caption { caption-side: top; text-align: left; font-weight: bold; padding: 2px 0 4px; }
        th, td { border: 1px solid #C8C8C8; padding: 3px 6px; text-align: left; vertical-align: top; \
        overflow-wrap: break-word; }
        thead th { background: #F0F0F0; }
        tbody th { font-weight: normal; }
        .number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .date { white-space: nowrap; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        thead { display: table-header-group; }
        .empty { color: #555555; font-style: italic; }
        .holds { color: #006B4F; }
        .fails { color: #A33F00; }
        ul.gates { margin: 0; padding-left: 0; list-style: none; }
        footer { margin-top: 36px; font-size: 12px; color: #555555; border-top: 1px solid #C8C8C8; padding-top: 6px; }
        @media print {
          body { max-width: none; padding: 0; font-size: 12px; }
          nav { display: none; }
          h2 { margin-top: 20px; }
        }
        """
}

/// The page being written, section by section.
struct Page {
    let report: StatusReport
    var body: [String] = []
    var sectionOpen = false
    var staff: Bool { report.audience == .staff }

    init(report: StatusReport) { self.report = report }

    mutating func add(_ html: String) { body.append(html) }

    /// Text, escaped.
    static func text(_ value: String) -> String { Escaping.html(value) }

    mutating func paragraph(_ text: String, className: String? = nil) {
        add("<p\(className.map { " class=\"\($0)\"" } ?? "")>\(Page.text(text))</p>")
    }

    mutating func empty(_ text: String) { paragraph(text, className: "empty") }

    mutating func section(_ id: String, _ title: String) {
        if sectionOpen { add("</section>") }
        sectionOpen = true
        add("<section id=\"\(id)\" aria-labelledby=\"\(id)-heading\">")
        add("<h2 id=\"\(id)-heading\">\(Page.text(title))</h2>")
    }

    /// A chart in its figure, with a caption under it.
    mutating func figure(_ svg: String, caption: String) {
        add("<figure class=\"chart\">\n\(svg)\n<figcaption>\(Page.text(caption))</figcaption>\n</figure>")
    }

    mutating func table(_ table: ReportTable) { add(table.html) }

    static let sections: [(id: String, title: String)] = [
        ("standing", "Where the program stands"), ("timeline", "Timeline"), ("pilot", "Pilot cohort"),
        ("workshops", "Workshops"), ("partners", "Partners"), ("waves", "Release waves"),
        ("feedback", "Feedback"), ("announcements", "Announcements"),
    ]

    static func title(_ id: String) -> String { sections.first { $0.id == id }?.title ?? id }

    mutating func header() {
        add("<header>")
        if staff {
            add(
                "<p class=\"confidential\" role=\"note\"><strong>Confidential: staff only.</strong> This report names pilot participants, their NDA status and who decided what. Do not forward or publish it; make the public edition with <code>cohort report --audience public</code>.</p>"
            )
        }
        add("<h1>\(Page.text(report.program))</h1>")
        add(
            "<p class=\"as-of\">Status report for \(Page.text(Page.day(report.today))) in \(Page.text(report.timeZone)), as of \(Page.text(Instant.format(report.asOf))).</p>"
        )
        if !staff {
            paragraph(
                "Public edition: counts and dates only, with no personal names, addresses or NDA details.",
                className: "public-note")
        }
        let items = Page.sections.map { "<li><a href=\"#\($0.id)\">\(Page.text($0.title))</a></li>" }
        add("<nav aria-label=\"Sections\"><ol>\(items.joined())</ol></nav>")
        add("</header>")
        add("<main>")
    }

    func document() -> String {
        let audience = report.audience.rawValue
        let title = "\(report.program): status report, \(Page.day(report.today))"
        let head = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"generator\" content=\"cohort report\">",
            "<meta name=\"\(ReportPage.asOfMeta)\" content=\"\(Instant.format(report.asOf))\">",
            "<meta name=\"cohort-audience\" content=\"\(audience)\">",
            "<title>\(Page.text(title))</title>", "<style>", ReportPage.style, "</style>", "</head>", "<body>",
        ]
        var lines = head + body
        if sectionOpen { lines.append("</section>") }
        lines.append("</main>")
        lines.append(
            "<footer><p>Made by <code>cohort report --audience \(audience)</code> from the program and its records as of \(Page.text(Instant.format(report.asOf))). One file: no script, nothing fetched from elsewhere.</p></footer>"
        )
        lines += ["</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: words for values

    static func day(_ day: CivilDate) -> String { PlannedDate(DatePeriod(day: day)).spelledOut }

    static func minute(_ instant: Date) -> String {
        let text = Instant.format(instant)
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// `4 Feb` (UTC), for chart labels.
    static func shortDay(_ instant: Date) -> String {
        let day = CivilDate(daysSinceEpoch: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
        return "\(day.day) \(ChartDates.short(day.month))"
    }

    static func percent(_ share: Double) -> String { Figures.percent(share) }

    static func days(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "–"
    }
}
