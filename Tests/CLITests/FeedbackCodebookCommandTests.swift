import CohortTestSupport
import Foundation
import Testing

/// `cohort feedback codebook`, agreement per codebook version, and the codebook `cohort init`
/// writes, as a user runs them.
@Suite struct FeedbackCodebookCommandTests {
    /// The example with its codebook, items and codes, one item hidden.
    static func coded() throws -> TemporaryFolder {
        let workspace = try FeedbackCommandTests.coded()
        try workspace.write(
            "codebook.yaml",
            try String(contentsOf: Repository.root.appendingPathComponent("codebook.yaml"), encoding: .utf8))
        let hidden = try FeedbackCommandTests.feedback(
            ["hide", "fb-040", "--reason", "conduct", "--by", "Rosa"], in: workspace)
        #expect(hidden.status == 0, "\(hidden.stderr)")
        return workspace
    }

    @Test func theCodebookPrintsAndItsCheckLocatesProblems() throws {
        let workspace = try Self.coded()
        let shown = try FeedbackCommandTests.feedback(["codebook"], in: workspace)
        #expect(shown.status == 0)
        #expect(shown.stdoutLines.first == "Codebook version 2")
        let clean = try FeedbackCommandTests.feedback(["codebook", "--check"], in: workspace)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(
            clean.stdoutLines == ["codebook.yaml version 2: no problems found (6 categories, 10 themes)."])
        let text = try String(contentsOf: workspace.url.appendingPathComponent("codebook.yaml"), encoding: .utf8)
        try workspace.write(
            "codebook.yaml",
            text.replacingOccurrences(
                of: "    definition: When the dashboard, or a wave of access to it, opens.\n", with: ""))
        let broken = try FeedbackCommandTests.feedback(["codebook", "--check"], in: workspace)
        #expect(broken.status == 65)
        #expect(broken.stdout.isEmpty)
        #expect(
            broken.stderrLines == [
                "codebook.yaml:94:3: theme \"release-timing\" has no definition; add `definition:`",
                "cohort: 1 problem found",
            ])
    }

    @Test func agreementCanBeReadForOneCodebookVersion() throws {
        let workspace = try Self.coded()
        let result = try FeedbackCommandTests.feedback(
            ["agreement", "--codebook-version", "2", "--json", "--resamples", "50"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        // The example's codes were imported before the codebook: none was made under version 2.
        #expect(
            try FeedbackCommandTests.python(
                "d = json.load(sys.stdin); print(d['items'], d['codebook_version'], d['left_out']['other_codebook_version']['count'], d['alpha']['resamples'])",
                result.stdout) == ["0 2 39 50"])
    }

    @Test func initWritesACodebookThatPassesItsCheck() throws {
        let parent = try TemporaryFolder()
        let created = try Processes.cohort(
            ["init", "pilot", "--name", "Pilot", "--time-zone", "Europe/Berlin", "--now", FeedbackCommandTests.now],
            in: parent.url)
        #expect(created.status == 0, "\(created.stderr)")
        let check = try Processes.cohort(
            ["feedback", "codebook", "--check", "--now", FeedbackCommandTests.now],
            in: parent.url.appendingPathComponent("pilot"))
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdoutLines == ["codebook.yaml version 1: no problems found (6 categories, 0 themes)."])
    }
}
