import CohortCore
import Foundation
import PropertyBased
import Testing

/// What gets past the door: the text rule, links, loopback, and the years dates may fall in.
@Suite struct DoorTests {
    @Test(arguments: [
        ("plain", TextRule.Kind.line, nil as String?),
        ("tab\there", .line, nil),
        ("Équité — 公平 🎉", .key, nil),
        ("nul\u{0}", .line, "contains a NUL byte (U+0000) at character 4; remove it"),
        ("esc\u{1B}[2J", .multiline, "contains the control character U+001B at character 4; remove it"),
        ("c1\u{85}", .line, "contains the control character U+0085 at character 3; remove it"),
        ("two\r\nlines", .line, "contains a line break at character 4; write it on one line"),
        ("two\r\nlines", .multiline, nil),
        ("two\r\nlines", .key, "contains a line break at character 4; write it on one line"),
        ("e\u{301}", .line, nil),
        (
            "e\u{301}", .key,
            "is not in Unicode normalization form C (an accent is stored as a separate character); retype it or save the file as NFC"
        ),
    ])
    func theTextRule(text: String, kind: TextRule.Kind, problem: String?) {
        #expect(TextRule.problem(in: text, kind: kind) == problem)
    }

    @Test func aTableRejectsRowsThatBreakTheRuleAndKeepsTheOthers() throws {
        let table = try CSVTable.parse(
            "id,text\na,\"fine\nacross lines\"\nb\u{0},x\nc,\"bell\u{7}\"\n", file: "in.csv",
            columns: CSVColumns(["id", "text"], text: ["id": .key, "text": .multiline]))
        #expect(table.rows.map { $0["id"] } == ["a"])
        #expect(
            table.rejected.problems.map(\.description) == [
                "in.csv:row 3 (line 4), column \"id\": contains a NUL byte (U+0000) at character 2; remove it",
                "in.csv:row 4 (line 5), column \"text\": contains the control character U+0007 at character 5; remove it",
            ])
    }

    @Test(arguments: [
        ("https://meet.example.org/el", nil as String?),
        ("http://127.0.0.1:8080/w/api.php", nil),
        ("http://[::1]:8080/", nil),
        (
            "http://localhost:8080/",
            "\"http://localhost:8080/\" is plain http to another machine; use https:// (http:// only to 127.0.0.1 or ::1)"
        ),
        (
            "http://127.attacker.example/",
            "\"http://127.attacker.example/\" is plain http to another machine; use https:// (http:// only to 127.0.0.1 or ::1)"
        ),
        ("javascript:alert(1)", "\"javascript:alert(1)\" uses javascript:; write an https:// address"),
        (
            "https://user:secret@example.org/",
            "\"https://user:****@example.org/\" carries a login (user:password@); remove it and give the login in the environment or the credentials file (see the README)"
        ),
        ("/relative", "\"/relative\" is not an absolute https:// address with a host"),
    ])
    func linksAreHTTPSOrLoopback(text: String, problem: String?) {
        #expect(WebLink.problem(text) == problem)
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.3.4", true), ("::1", true), ("[::1]", true), ("127.attacker.example", false),
        ("127.0.0.1.nip.io", false), ("0x7f.0.0.1", false), ("128.0.0.1", false), ("localhost", false),
        ("127.0.0.256", false), ("127.0.0", false),
    ])
    func loopbackIsALiteralIn127Slash8OrColonColonOne(host: String, loopback: Bool) {
        #expect(Loopback.isLiteral(host) == loopback)
    }

    @Test(arguments: [
        "9999-12-31T23:59:59-12:00", "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "1900-01-01T00:30:00+01:00",
        "0001-01-01",
    ])
    func instantsOutsideTheYearsAreRefusedAndSaidSo(text: String) {
        #expect(Instant.parse(text) == nil)
        #expect(Instant.isOutOfRange(text))
        #expect(
            Instant.problem(text, expected: "x").hasSuffix("lies outside the years 1900–2199; write a date within them")
        )
    }

    @Test func theEdgesOfTheYearsAreIn() throws {
        #expect(Instant.parse("1900-01-01T00:00:00Z") != nil)
        #expect(Instant.parse("2199-12-31T23:59:59Z") != nil)
        #expect(Instant.parse("2199-12-31T23:59:59+14:00") != nil)
        #expect(DatePeriod("2199-H2")?.last.description == "2199-12-31")
        #expect(DatePeriod("2200-01") == nil && DatePeriod.isOutOfRange("2200-01"))
        #expect(PlannedDate.parse("2022-05/2200-06") == .failure(.outOfRange))
    }

    @Test func dateArithmeticNeverFailsEvenPastTheYears() throws {
        let last = try #require(CivilDate(year: 9999, month: 12, day: 31))
        #expect(last.firstOfMonth.description == "9999-12-01")
        #expect(last.firstOfNextMonth.year == 10_000)
        #expect(DatePeriod.containing(last, at: .halfYear).first.description == "9999-07-01")
        let moved = PlannedDate(DatePeriod.containing(last, at: .quarter)).moved(byDays: 400)
        #expect(!moved.isSupported)
    }

    /// The fast reader of the records' own form agrees with the general one, second for second.
    @Test func theCanonicalFormReadsAsTheGeneralParserReadsIt() async {
        await propertyCheck(count: 500, input: Gen.int(in: -2_208_988_800...7_258_118_399)) { seconds in
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let text = Instant.format(date)
            #expect(text == date.formatted(Date.ISO8601FormatStyle()))
            #expect(Instant.parse(text) == date)
            #expect((try? Date.ISO8601FormatStyle().parse(text)) == date)
        }
    }
}
