import CohortTestSupport
import Foundation
import Testing

/// `Scripts/check-layers` (which `Scripts/test` runs) holds on the sources and fails, naming the
/// file and line, on a broken rule planted in a copy of them.
@Suite struct LayerRulesTests {
    static let script = Repository.root.appendingPathComponent("Scripts/check-layers").path

    /// A copy of `Sources/` in a temporary folder.
    static func copy() throws -> TemporaryFolder {
        let folder = try TemporaryFolder(prefix: "cohort-layers")
        try FileManager.default.copyItem(
            at: Repository.root.appendingPathComponent("Sources"), to: folder.url.appendingPathComponent("Sources"))
        return folder
    }

    static func check(_ folder: TemporaryFolder) throws -> ProcessResult {
        try Processes.python(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            [script, "--root", folder.url.path])
    }

    @Test func theSourcesKeepTheRules() throws {
        let result = try Self.check(try Self.copy())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines == ["check-layers: every import points one way"])
    }

    @Test(arguments: [
        ("CohortRender/Plural.swift", "import CohortStore\n", "CohortRender may not import CohortStore"),
        ("CohortStore/StoreError.swift", "import CohortKit\n", "CohortStore may not import CohortKit"),
        (
            "CohortDelivery/MessageTransport.swift", "@testable import CohortRender\n",
            "CohortDelivery may not import CohortRender"
        ),
        ("cohort/Status.swift", "import CohortStore\n", "cohort may not import CohortStore"),
        (
            "CohortCore/Audit/Actor.swift", "let here = FileManager.default.currentDirectoryPath\n",
            "CohortCore does no I/O"
        ),
        ("CohortRender/Plural.swift", "@_exported import CohortCore\n", "CohortRender may not re-export CohortCore"),
    ])
    func aPlantedBreakIsNamedWithItsFileAndLine(file: String, planted: String, message: String) throws {
        let folder = try Self.copy()
        let path = "Sources/\(file)"
        let lines = try folder.read(path).split(separator: "\n", omittingEmptySubsequences: false)
        try folder.write(path, ([lines[0], Substring(planted.dropLast())] + lines.dropFirst()).joined(separator: "\n"))
        let result = try Self.check(folder)
        #expect(result.status == 1)
        #expect(result.stderrLines.first?.hasPrefix("\(path):2: \(message)") == true, "\(result.stderr)")
        #expect(result.stderrLines.last == "check-layers: 1 broken rule")
    }
}
