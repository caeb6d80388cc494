import CohortTestSupport
import Foundation
import Testing

/// `cohort report` and the public report `cohort build` writes, checked in a real browser:
/// Debian's Chromium, headless, through Tests/Support/browser/check_page.py (installed by
/// Scripts/setup --test), one launch for every page.
@Suite struct ReportCommandTests {
    static let now = "2022-03-15T00:00:00Z"

    /// Checks every page in one browser, with a screenshot of each beside it; returns each
    /// page's result as check_page.py reports it.
    static func browserCheck(_ pages: [String]) throws -> [[String: Any]] {
        let script = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import check_page
            results = []
            with check_page.Browser() as browser:
                for page in sys.argv[2:]:
                    results.append(browser.check(page, screenshot=page[:-len('.html')] + '.png'))
            print(json.dumps(results))
            """
        let checker = Repository.root.appendingPathComponent("Tests/Support/browser").path
        let result = try Processes.python(script, [checker] + pages)
        try #require(result.status == 0, "check_page.py: \(result.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return try #require(parsed)
    }

    /// Every fault check_page.py can find, in one line per fault.
    static func faults(_ page: [String: Any]) -> [String] {
        var faults: [String] = []
        for key in ["console_errors", "requests_outside", "overlaps", "html_errors"] {
            for fault in page[key] as? [Any] ?? [] { faults.append("\(key): \(fault)") }
        }
        let print = page["print"] as? [String: Any] ?? [:]
        for cut in print["cut_across_pages"] as? [Any] ?? [] { faults.append("cut across pages: \(cut)") }
        return faults
    }

    static func write(_ folder: TemporaryFolder, _ file: String, audience: String, now: String = now) throws -> String {
        let result = try Processes.cohort(
            ["report", "--audience", audience, "--out", file, "--now", now], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines == ["Wrote \(file) (\(audience))"])
        return folder.path(file)
    }

    @Test func reportsOfTheExampleAndOfHostileAndEmptyProgramsPassTheBrowserChecks() throws {
        let example = try AnnounceCommandTests.exampleCopy(outputs: true, replay: true)
        let hostile = try HostileProgram.make()
        let empty = try TemporaryFolder.workspace()
        let scaffold = try TemporaryFolder()
        let created = try Processes.cohort(
            ["init", "program", "--name", "A new <program>", "--time-zone", "Europe/Berlin"], in: scaffold.url)
        try #require(created.status == 0, "\(created.stderr)")
        let fresh = URL(fileURLWithPath: scaffold.path("program"))
        let freshReport = try Processes.cohort(
            ["report", "--out", "fresh.html", "--now", Self.now], in: fresh)
        #expect(freshReport.status == 0, "\(freshReport.stderr)")
        let pages = [
            try Self.write(example, "public.html", audience: "public"),
            try Self.write(example, "staff.html", audience: "staff"),
            try Self.write(hostile, "hostile-public.html", audience: "public", now: "2022-05-20T00:00:00Z"),
            try Self.write(hostile, "hostile-staff.html", audience: "staff", now: "2022-05-20T00:00:00Z"),
            try Self.write(empty, "empty.html", audience: "staff"),
            fresh.appendingPathComponent("fresh.html").path,
        ]
        let results = try Self.browserCheck(pages)
        try #require(results.count == pages.count)
        // COHORT_REPORT_PAGES=DIR keeps the pages and their screenshots, to look at.
        if let keep = ProcessInfo.processInfo.environment["COHORT_REPORT_PAGES"] {
            for page in pages {
                for file in [page, page.replacingOccurrences(of: ".html", with: ".png")] {
                    let target = URL(fileURLWithPath: keep).appendingPathComponent(
                        URL(fileURLWithPath: file).lastPathComponent)
                    try? FileManager.default.removeItem(at: target)
                    try FileManager.default.copyItem(at: URL(fileURLWithPath: file), to: target)
                }
            }
        }
        for (page, result) in zip(pages, results) {
            let name = URL(fileURLWithPath: page).lastPathComponent
            #expect(Self.faults(result).isEmpty, "\(name): \(Self.faults(result).joined(separator: "\n"))")
            #expect(result["ok"] as? Bool == true, "\(name)")
            let shot = try Data(contentsOf: URL(fileURLWithPath: page.replacingOccurrences(of: ".html", with: ".png")))
            #expect(shot.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name): a PNG screenshot")
            let print = result["print"] as? [String: Any] ?? [:]
            #expect(print["paper"] as? String == "A4 portrait", "\(name)")
            #expect((print["charts"] as? [Any])?.count ?? 0 >= result["svg_count"] as? Int ?? 0, "\(name)")
        }
        // Which charts each page draws: one per section with data, none for a section without.
        #expect(results.map { $0["svg_count"] as? Int } == [7, 8, 10, 11, 1, 1])
        let emptyPage = try empty.read("empty.html")
        for sentence in [
            "Nobody has signed up for the pilot yet.", "No workshop sessions have been added yet.",
            "No partners are recorded yet.", "No feedback has been imported yet.",
        ] {
            #expect(emptyPage.contains("<p class=\"empty\">\(sentence)</p>"), "\(sentence)")
        }
        try HostileProgram.expectEscapedAndAbbreviated(try hostile.read("hostile-staff.html"))
        try Self.expectNoPersonalData(in: try example.read("public.html"))
        let staff = try example.read("staff.html")
        #expect(staff.contains("<strong>Confidential: staff only.</strong>"))
        #expect(staff.contains("<th scope=\"row\">ameliaK</th>"), "staff see who is enrolled")
        #expect(!(try example.read("public.html")).contains("Confidential"))
    }

    /// The public report names nobody: no username, address or contact from the example's
    /// records (data/*.csv), no judge, approver or contact from cohort.yaml, no mail address at all.
    static func expectNoPersonalData(in page: String) throws {
        var names: Set<String> = ["Amara Okafor", "Jonas Lindqvist", "Rosa Quintero", "equity-landscape@example.org"]
        let columns = [
            "signups.csv": ["username", "email"], "partners.csv": ["contact_name", "contact_email"],
            "feedback.csv": ["author"],
        ]
        for (file, wanted) in columns {
            let read = try Processes.python(
                """
                import csv, sys
                for row in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
                    print('\\n'.join(row[column] for column in sys.argv[2:] if row[column]))
                """, [Repository.root.appendingPathComponent("data/\(file)").path] + wanted)
            #expect(read.status == 0, "\(read.stderr)")
            names.formUnion(read.stdoutLines)
        }
        #expect(names.count > 30, "every sign-up, contact and author")
        let lowered = page.lowercased()
        for name in names.sorted() {
            #expect(!lowered.contains(name.lowercased()), "\(name) is in the public report")
        }
        #expect(page.range(of: #"[\w.+-]+@[\w-]+\.[\w.]+"#, options: .regularExpression) == nil, "a mail address")
    }

    @Test func buildWritesThePublicReportAndCheckFindsItStale() throws {
        let example = try AnnounceCommandTests.exampleCopy(outputs: true, replay: true)
        let committed = try example.read("calendar/report.html")
        #expect(committed.contains("<meta name=\"cohort-as-of\" content=\"\(Self.now)\">"))
        #expect(committed.contains("<meta name=\"cohort-audience\" content=\"public\">"))
        // A check long after the committed date compares as of that date, not the day it runs.
        let later = try Processes.cohort(["build", "--check", "--now", "2023-01-01T00:00:00Z"], in: example.url)
        #expect(later.status == 0, "\(later.stderr)")
        // One more decision makes the committed report out of date.
        let withdrawn = try Processes.cohort(
            ["pilot", "withdraw", "sofia.g", "--reason", "new job", "--now", Self.now], in: example.url)
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        let stale = try Processes.cohort(["build", "--check"], in: example.url)
        #expect(stale.status == 65)
        #expect(
            stale.stderrLines.contains(
                "calendar/report.html: out of date with the records; run `cohort build` and commit it"))
        let built = try Processes.cohort(["build", "--now", "2022-03-16T00:00:00Z"], in: example.url)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdoutLines.contains("Wrote calendar/report.html (the public status report)"))
        let rewritten = try example.read("calendar/report.html")
        #expect(rewritten.contains("<th scope=\"row\">Offered a freed seat</th><td class=\"number\">1</td>"))
        #expect(rewritten != committed)
    }

    @Test func withoutRecordsBuildLeavesTheCommittedReportAlone() throws {
        let example = try AnnounceCommandTests.exampleCopy(outputs: true)
        let before = try example.read("calendar/report.html")
        let result = try Processes.cohort(["build", "--now", Self.now], in: example.url)
        #expect(
            result.stderrLines.contains(
                "cohort: calendar/report.html left as it is: there are no records here to make it from (Scripts/example-records makes the example's)"
            ))
        #expect(try example.read("calendar/report.html") == before)
    }

    @Test func jsonCarriesTheReportsValuesAndStdoutTheWholePage() throws {
        let folder = try AnnounceCommandTests.exampleCopy(records: true)
        let json = try Processes.cohort(["report", "--json", "--now", Self.now], in: folder.url)
        #expect(json.status == 0, "\(json.stderr)")
        let read = try Processes.python(
            """
            import json, sys
            d = json.load(sys.stdin)
            print(d['audience'], d['as_of'], d['written'], d['bytes'] > 10000, d['pilot'])
            print(round(d['feedback']['cohen_kappa'], 3), d['feedback']['raters'], d['feedback']['items'])
            print([w['id'] for w in d['waves']], d['waves'][1]['gates'][2])
            """, input: json.stdout)
        #expect(
            read.stdoutLines == [
                "public 2022-03-15T00:00:00Z None True None",
                "0.748 ['First judge', 'Second judge'] 40",
                "['pilot', 'partners', 'public'] {'gate': 'approval', 'holds': False, 'reason': 'not approved yet'}",
            ], "\(read.stderr)")
        let page = try Processes.cohort(["report", "--now", Self.now], in: folder.url)
        #expect(page.status == 0)
        #expect(page.stdout.hasPrefix("<!DOCTYPE html>\n"))
        #expect(page.stdout.hasSuffix("</html>\n"))
        let bad = try Processes.cohort(["report", "--audience", "everyone"], in: folder.url)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("everyone"))
    }

    @Test func helpHasAnAbstractDiscussionAndExamples() throws {
        let help = try Processes.cohort(["report", "--help"])
        #expect(help.status == 0)
        #expect(help.stdoutLines.first?.hasPrefix("OVERVIEW: ") == true)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("cohort report --out report.html"))
        #expect(help.stdout.contains("--audience"))
        let examples =
            help.stdout.components(separatedBy: "Examples:\n").last?.components(separatedBy: "\nUSAGE:").first ?? ""
        #expect(examples.split(separator: "\n").allSatisfy { $0.count <= 80 }, "examples fit 80 columns")
    }
}
