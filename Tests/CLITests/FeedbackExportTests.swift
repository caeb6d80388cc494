import CohortTestSupport
import Foundation
import Testing

/// `cohort feedback codebook` and `cohort feedback export` as a user runs them; the exports are
/// read back by Python's zipfile and xml.etree against the REFI-QDA 1.0 element names.
@Suite struct FeedbackExportTests {
    /// Reads a REFI-QDA project as another tool would; prints what the test compares.
    static let reader = """
        import re, sys, zipfile, xml.etree.ElementTree as ET
        NS = {"q": "urn:QDA-XML:project:1.0"}
        GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        with zipfile.ZipFile(sys.argv[1]) as archive:
            assert archive.testzip() is None
            assert archive.namelist() == ["project.qde"], archive.namelist()
            root = ET.fromstring(archive.read("project.qde"))
        assert root.tag == "{urn:QDA-XML:project:1.0}Project" and root.get("name")
        guids = [e.get("guid") for e in root.iter() if e.get("guid") is not None]
        assert all(GUID.match(g) for g in guids) and len(guids) == len(set(guids))
        users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", NS)}
        codes = {}
        for code in root.iterfind(".//q:CodeBook/q:Codes//q:Code", NS):
            assert code.get("guid") and code.get("name") and code.get("isCodable") in ("true", "false")
            codes[code.get("guid")] = code.get("name")
        sources = root.findall("q:Sources/q:TextSource", NS)
        codings = 0
        for source in sources:
            text = source.find("q:PlainTextContent", NS).text
            for selection in source.findall("q:PlainTextSelection", NS):
                assert selection.get("startPosition") == "0" and int(selection.get("endPosition")) == len(text)
                assert selection.get("creatingUser") in users
                for coding in selection.findall("q:Coding", NS):
                    assert coding.get("creatingUser") == selection.get("creatingUser")
                    assert coding.find("q:CodeRef", NS).get("targetGUID") in codes
                    codings += 1
        fb1 = next(s for s in sources if s.get("name") == "fb-001")
        print(sorted(users.values()))
        print(len(sources), codings, "fb-040" in [s.get("name") for s in sources])
        print(sorted(codes[c.find("q:CodeRef", NS).get("targetGUID")] + "/" + users[c.get("creatingUser")]
                     for c in fb1.iterfind(".//q:Coding", NS)))
        print("Ananya" in ET.tostring(root, encoding="unicode"))
        """

    @Test func aProjectExportReadsBackAsREFIQDAWithBothJudgesCodings() throws {
        let workspace = try FeedbackCodebookCommandTests.coded()
        let result = try FeedbackCommandTests.feedback(
            ["export", "--format", "qdpx", "--out", "coding.qdpx"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdoutLines == [
                "Wrote coding.qdpx (public): 39 items, 78 judges' codes, 16 codes (REFI-QDA project)."
            ])
        let path = workspace.url.appendingPathComponent("coding.qdpx").path
        let read = try Processes.python(Self.reader, [path], input: "")
        #expect(read.status == 0, "\(read.stderr)")
        // Public: the hidden item and every author are left out.
        #expect(
            read.stdoutLines == [
                "['Amara Okafor', 'Jonas Lindqvist']", "39 81 False",
                "['integrate-now/Amara Okafor', 'integrate-now/Jonas Lindqvist']", "False",
            ])

        let staff = try FeedbackCommandTests.feedback(
            ["export", "--format", "qdpx", "--audience", "staff", "--out", "staff.qdpx"], in: workspace)
        #expect(staff.status == 0, "\(staff.stderr)")
        let staffRead = try Processes.python(
            Self.reader, [workspace.url.appendingPathComponent("staff.qdpx").path], input: "")
        #expect(staffRead.stdoutLines.dropFirst().first == "40 83 True")
        #expect(staffRead.stdoutLines.last == "True")

        // The same records give the same bytes.
        let again = try FeedbackCommandTests.feedback(
            ["export", "--format", "qdpx", "--out", "again.qdpx"], in: workspace)
        #expect(again.status == 0)
        #expect(
            try Data(contentsOf: workspace.url.appendingPathComponent("again.qdpx"))
                == Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aCodebookExportIsTheCodebookAlone() throws {
        let workspace = try FeedbackCodebookCommandTests.coded()
        let result = try FeedbackCommandTests.feedback(
            ["export", "--format", "qdc", "--out", "codebook.qdc", "--json"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        let read = try Processes.python(
            """
            import sys, xml.etree.ElementTree as ET
            NS = {"c": "urn:QDA-XML:codebook:1.0"}
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
            groups = root.findall("c:Codes/c:Code", NS)
            print([g.get("name") + ":" + g.get("isCodable") for g in groups])
            print([c.get("name") for c in groups[0].findall("c:Code", NS)])
            print(groups[0].find("c:Code/c:Description", NS).text.splitlines()[0])
            print(len(groups[1].findall("c:Code", NS)))
            """, [workspace.url.appendingPathComponent("codebook.qdc").path], input: "")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(
            read.stdoutLines == [
                "['Categories:false', 'Themes:false']",
                "['integrate-now', 'needs-resourcing', 'no-agreement', 'unclear', 'out-of-scope', 'against-aim']",
                "The suggestion can be integrated right away and everyone agrees it improves the dashboard.", "10",
            ])
    }
}
