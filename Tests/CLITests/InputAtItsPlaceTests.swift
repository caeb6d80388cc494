import CohortTestSupport
import Foundation
import Testing

/// Issue 26, finding 8: three bad inputs that slipped through, each refused at its line or row
/// and column, exit 64 (65 for a check), nothing changed.
@Suite struct InputAtItsPlaceTests {
    static let closing =
        "cohort: 1 problem in bad.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others"

    @Test func anAngleBracketInjectionInMailToIsReportedAtItsLine() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        let file = "announcements/2022-06-outcome.md"
        let text = try folder.read(file).replacingOccurrences(
            of: "  to: [movement-data, affiliates]",
            with: "  to:\n    - movement-data\n    - \"x@example.org>, <evil@attacker.example\"")
        try folder.write(file, text)
        let line =
            try #require(
                text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("evil@") }) + 1
        try refused(
            ["announce", "render"], in: folder, status: 65,
            stderr: [
                "\(file):\(line):7: mail.to \"x@example.org>, <evil@attacker.example\" is not a mail address like name@example.org; write one address or one list id per entry",
                "cohort: 1 problem found",
            ])
    }

    @Test(arguments: ["+14:59", "-13:00", "+05:17"])
    func anOffsetNoPlaceUsesIsRefusedAtItsCell(offset: String) throws {
        let folder = try HostileInputTests.withSignups(
            "bad.csv", "far,far@example.org,2022-02-01T09:30:00\(offset),x,yes,yes,signed,UTC,en\n")
        try refused(
            ["pilot", "import", "bad.csv", "--now", HostileInputTests.now], in: folder, status: 64,
            stderr: [
                "bad.csv:row 2, column \"signed_up_at\": \"2022-02-01T09:30:00\(offset)\" has the UTC offset \(offset), which no place uses; offsets run from -12:00 to +14:00 with minutes :00, :30 or :45",
                Self.closing,
            ])
    }

    @Test(arguments: ["+14:00", "-12:00", "+05:45", "-09:30"])
    func everyOffsetAPlaceUsesIsAccepted(offset: String) throws {
        let folder = try HostileInputTests.withSignups(
            "good.csv", "near,near@example.org,2022-02-01T09:30:00\(offset),x,yes,yes,signed,UTC,en\n")
        try succeed(["pilot", "import", "good.csv", "--now", HostileInputTests.now], in: folder)
    }

    @Test func aUsernameLongerThanMediaWikiAllowsIsRefusedAtItsCell() throws {
        let name = String(repeating: "Ä", count: 128)  // 256 bytes in UTF-8
        let folder = try HostileInputTests.withSignups(
            "bad.csv", "\(name),long@example.org,2022-02-01T09:30:00Z,x,yes,yes,signed,UTC,en\n")
        try refused(
            ["pilot", "import", "bad.csv", "--now", HostileInputTests.now], in: folder, status: 64,
            stderr: [
                "bad.csv:row 2, column \"username\": is 256 bytes long; a wiki username has at most 255 bytes (MediaWiki's limit); write the participant's wiki username",
                Self.closing,
            ])
    }
}
