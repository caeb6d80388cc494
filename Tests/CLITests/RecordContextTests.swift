import CohortTestSupport
import Foundation
import Testing

/// The committed record context (`announcements/<slug>/context.json`): renderings never depend on
/// the private records, a refresh never empties real figures, and lint tells a stale, broken or
/// personal context.
@Suite struct RecordContextTests {
    static let now = ["--now", "2022-06-20T00:00:00Z"]

    /// Every committed output of the example copy, by path.
    static func outputs(_ folder: TemporaryFolder) throws -> [String: String] {
        var files: [String: String] = [:]
        for slug in AnnounceCommandTests.exampleSlugs {
            for name in ["meta.wiki", "blog.html", "mail.eml", "social.txt", "context.json"] {
                let path = "announcements/\(slug)/\(name)"
                if folder.exists(path) { files[path] = try folder.read(path) }
            }
        }
        return files
    }

    @Test func aCloneWithoutRecordsRendersTheCommittedBytes() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true)
        let before = try Self.outputs(folder)
        #expect(before.count == 21)
        #expect(!folder.exists(".cohort"))
        let check = try Processes.cohort(["build", "--check"] + Self.now, in: folder.url)
        #expect(check.status == 0, "\(check.stderr)")
        let render = try Processes.cohort(["announce", "render"] + Self.now, in: folder.url)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stdoutLines.first == "Rendered 5 announcements; 0 files changed")
        #expect(try Self.outputs(folder) == before, "no committed file changed")
        let lint = try Processes.cohort(["announce", "lint"] + Self.now, in: folder.url)
        #expect(lint.status == 0, "\(lint.stderr)")
        let outcome = try folder.read("announcements/2022-06-outcome/meta.wiki")
        #expect(outcome.contains("We received 40 comments"))
    }

    @Test func aRefreshWithoutRecordsRefusesToEmptyTheFigures() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true)
        let before = try Self.outputs(folder)
        let refresh = try Processes.cohort(
            ["announce", "render", "--refresh", "2022-06-outcome"] + Self.now, in: folder.url)
        #expect(refresh.status == 64)
        #expect(
            refresh.stderrLines.first?.hasPrefix(
                "cohort: announcements/2022-06-outcome/context.json: refusing to replace its feedback figures with none"
            )
                == true, "\(refresh.stderr)")
        #expect(try Self.outputs(folder) == before)
        let build = try Processes.cohort(["build", "--refresh"] + Self.now, in: folder.url)
        #expect(build.status == 64)
        #expect(try Self.outputs(folder) == before)
    }

    @Test func lintTellsAContextOlderThanTheRecordsAndARefreshBringsItUpToDate() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true, records: true)
        let clean = try Processes.cohort(["announce", "lint"] + Self.now, in: folder.url)
        #expect(clean.status == 0, "\(clean.stderr)")
        let feedback = try folder.read("data/feedback.csv")
        try folder.write(
            "data/more.csv",
            feedback.split(separator: "\n").first! + "\n"
                + "fb-041,talk-page,2022-02-27T10:00:00Z,Lea M.,Please add a glossary.,documentation\n")
        let imported = try Processes.cohort(["feedback", "import", "data/more.csv"] + Self.now, in: folder.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        let stale = try Processes.cohort(["announce", "lint", "2022-06-outcome"] + Self.now, in: folder.url)
        #expect(stale.status == 65)
        #expect(
            stale.stderrLines.contains {
                $0.hasPrefix("announcements/2022-06-outcome/context.json:1:1: older than the records it came from (")
            }, "\(stale.stderr)")
        #expect(stale.stderr.contains("feedback.items: 40 → 41"))
        #expect(stale.stderr.contains("run `cohort announce render --refresh 2022-06-outcome` and commit it"))
        let unchanged = try Processes.cohort(["announce", "render"] + Self.now, in: folder.url)
        #expect(unchanged.stdoutLines.first == "Rendered 5 announcements; 0 files changed", "a plain render keeps it")

        let refresh = try Processes.cohort(
            ["announce", "render", "--refresh", "2022-06-outcome"] + Self.now, in: folder.url)
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect(refresh.stdout.contains("announcements/2022-06-outcome/context.json"))
        #expect(try folder.read("announcements/2022-06-outcome/meta.wiki").contains("We received 41 comments"))
        #expect(try folder.read("announcements/2022-06-outcome/context.json").contains("2022-06-20T00:00:00Z"))
        let fresh = try Processes.cohort(["announce", "lint", "2022-06-outcome"] + Self.now, in: folder.url)
        #expect(fresh.status == 0, "\(fresh.stderr)")
    }

    @Test func aPersonalAddressPlantedInTheContextIsLocated() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true)
        let path = "announcements/2022-06-outcome/context.json"
        let text = try folder.read(path).replacingOccurrences(
            of: "Can we rank affiliates against each other by performance?",
            with: "Ask maria.lopez@example.net: can we rank affiliates?")
        try folder.write(path, text)
        let lint = try Processes.cohort(["announce", "lint", "2022-06-outcome"] + Self.now, in: folder.url)
        #expect(lint.status == 65)
        let lines = text.components(separatedBy: "\n")
        let line = lines.firstIndex { $0.contains("maria.lopez") }!
        let column = lines[line].components(separatedBy: "maria.lopez").first!.unicodeScalars.count
        #expect(
            lint.stderrLines.contains(
                "\(path):\(line + 1):\(column + 1): \"maria.lopez@example.net\" is a personal mail address in a record context; remove it (contexts hold no personal data)"
            ), "\(lint.stderr)")
    }

    @Test func aContextThatDoesNotParseIsLocatedAndNothingIsWritten() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true)
        let path = "announcements/2022-06-outcome/context.json"
        let before = try Self.outputs(folder)
        let text = before[path]!.replacingOccurrences(of: "\"decided\" : 32,", with: "\"decided\" : 32,,")
        try folder.write(path, text)
        let render = try Processes.cohort(["announce", "render"] + Self.now, in: folder.url)
        #expect(render.status == 65)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.contains("\"decided\" : 32,,")
        }!
        #expect(render.stderrLines.first?.hasPrefix("\(path):\(line + 1):") == true, "\(render.stderr)")
        #expect(render.stderr.contains("not valid JSON"))
        #expect(try Self.outputs(folder).filter { $0.key != path } == before.filter { $0.key != path })
        let lint = try Processes.cohort(["announce", "lint"] + Self.now, in: folder.url)
        #expect(lint.status == 65)

        try folder.write(path, before[path]!.replacingOccurrences(of: "\"captured_at\"", with: "\"taken_at\""))
        let missing = try Processes.cohort(["announce", "render"] + Self.now, in: folder.url)
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("missing \"captured_at\""), "\(missing.stderr)")
        try folder.write(
            path,
            before[path]!.replacingOccurrences(of: "\"date\" : \"2022-H2\"", with: "\"date\" : \"2022-H3\""))
        let badDate = try Processes.cohort(["announce", "render"] + Self.now, in: folder.url)
        #expect(badDate.status == 65)
        #expect(badDate.stderr.contains("\"2022-H3\" is not a date like 2022-H2"), "\(badDate.stderr)")
    }
}
