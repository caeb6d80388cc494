import CohortTestSupport
import Foundation
import Testing

/// `cohort timeline show --format svg --out FILE`, read back by Python's XML parser.
@Suite struct TimelineSVGTests {
    static let reader = """
        import sys, xml.etree.ElementTree as ET
        ns = '{http://www.w3.org/2000/svg}'
        root = ET.parse(sys.argv[1]).getroot()
        print('bars', sorted(e.get('class') for e in root.iter(ns + 'rect') if e.get('class')))
        print('diamonds', len([e for e in root.iter(ns + 'polygon') if e.get('class') == 'milestone']))
        print('now', [e.get('x1') is not None for e in root.iter(ns + 'line') if e.get('class') == 'now'])
        print('previous', [e.find(ns + 'title').text for e in root.iter(ns + 'rect') if e.get('class') == 'previous'])
        print('elements', sorted({e.tag.replace(ns, '') for e in root.iter()}))
        print('title', root.find(ns + 'title').text)
        print('desc', root.find(ns + 'desc') is not None)
        print('legend', [e.text for e in root.iter(ns + 'text') if e.get('class') == 'legend'])
        print('ticks', [e.text for e in root.iter(ns + 'text') if e.get('class') == 'tick'])
        """

    @Test func theGanttChartHasBarsDiamondsTheNowLineAndTheOldDateOfASlip() throws {
        let folder = try TemporaryFolder.workspace(
            configuration: try Repository.exampleConfiguration().replacingOccurrences(
                of: "  name: Equity Landscape pilot & consultation 2022",
                with: "  name: \"Equity <script>alert(1)</script> & co\""))
        let result = try Processes.cohort(
            ["timeline", "show", "--format", "svg", "--out", "chart.svg", "--now", "2022-05-20T00:00:00Z"],
            in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines == ["Wrote chart.svg"])
        let read = try Processes.python(Self.reader, [folder.path("chart.svg")])
        #expect(read.status == 0, "\(read.stderr)")
        let lines = read.stdoutLines
        #expect(
            lines.contains(
                "bars ['milestone', 'milestone', 'milestone', 'phase', 'phase', 'phase', 'previous', 'wave', 'wave', 'wave']"
            ))
        #expect(lines.contains("diamonds 4"))
        #expect(lines.contains("now [True]"))
        #expect(lines.contains("previous ['Initial public dashboard: was May–June 2022']"))
        #expect(
            lines.contains("elements ['defs', 'desc', 'line', 'pattern', 'polygon', 'rect', 'svg', 'text', 'title']"),
            "no script element")
        #expect(lines.contains("title Equity <script>alert(1)</script> & co — timeline"))
        #expect(lines.contains("desc True"))
        #expect(
            lines.contains(
                "legend ['Phase', 'Milestone (one day)', 'Milestone (month or longer)', 'Release wave', 'On the critical chain', 'Earlier date (slipped)', 'Today']"
            ), "a legend entry for every kind of mark")
        // One label per month, the year on its own row: no "February 2022March 2022".
        #expect(
            lines.contains(
                "ticks ['Feb', '2022', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', '2023']"
            ))
    }

    @Test func svgWithoutAnOutputFileGoesToStdout() throws {
        let folder = try TemporaryFolder.workspace()
        let result = try Processes.cohort(
            ["timeline", "show", "--format", "svg", "--now", "2022-05-20T00:00:00Z"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let read = try Processes.python(
            "import sys, xml.etree.ElementTree as ET; print(ET.fromstring(sys.stdin.read()).tag)", input: result.stdout)
        #expect(read.stdoutLines == ["{http://www.w3.org/2000/svg}svg"], "\(read.stderr)")
        let table = try Processes.cohort(["timeline", "show", "--out", "x.svg"], in: folder.url)
        #expect(table.status == 64)
        #expect(table.stderrLines == ["cohort: --out goes with --format svg"])
    }
}
