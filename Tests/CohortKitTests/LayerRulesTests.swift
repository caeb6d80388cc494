import CohortTestSupport
import Foundation
import Testing

/// `Scripts/check-layers` (which `Scripts/test` runs) holds on the package and fails, naming the
/// file and line, on a broken rule planted in a copy of it; and the compiler keeps Kit's API free of
/// Store, Render and Delivery types, so the executable cannot reach the records around Kit.
@Suite struct LayerRulesTests {
    static let script = Repository.root.appendingPathComponent("Scripts/check-layers").path

    /// A copy of the package's manifest and Swift sources in a temporary folder.
    static func copy() throws -> TemporaryFolder {
        let folder = try TemporaryFolder(prefix: "cohort-layers")
        for item in ["Package.swift", "Sources", "Tests", "Benchmarks"] {
            try FileManager.default.copyItem(
                at: Repository.root.appendingPathComponent(item), to: folder.url.appendingPathComponent(item))
        }
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
        ("Sources/CohortRender/Plural.swift", "import CohortStore\n", "CohortRender may not import CohortStore"),
        ("Sources/CohortStore/StoreError.swift", "import CohortKit\n", "CohortStore may not import CohortKit"),
        (
            "Sources/CohortDelivery/MessageTransport.swift", "@testable import CohortRender\n",
            "CohortDelivery may not import CohortRender"
        ),
        ("Sources/cohort/Status.swift", "import CohortStore\n", "cohort may not import CohortStore"),
        (
            "Sources/CohortCore/Audit/Actor.swift", "let here = FileManager.default.currentDirectoryPath\n",
            "CohortCore does no I/O"
        ),
        (
            "Sources/CohortRender/Plural.swift", "@_exported import CohortCore\n",
            "CohortRender may not re-export CohortCore"
        ),
        (
            "Sources/CohortKit/Status/Status.swift", "import CohortStore\n",
            "CohortKit must import CohortStore as `internal import CohortStore`"
        ),
        (
            "Tests/CohortDeliveryTests/CurlRuntimeTests.swift", "import CohortStore\n",
            "CohortDeliveryTests may not import CohortStore"
        ),
        (
            "Benchmarks/MailBench/main.swift", "import ArgumentParser\n",
            "cohort-mail-bench may not import ArgumentParser"
        ),
    ])
    func aPlantedBreakIsNamedWithItsFileAndLine(path: String, planted: String, message: String) throws {
        let folder = try Self.copy()
        let lines = try folder.read(path).split(separator: "\n", omittingEmptySubsequences: false)
        try folder.write(path, ([lines[0], Substring(planted.dropLast())] + lines.dropFirst()).joined(separator: "\n"))
        let result = try Self.check(folder)
        #expect(result.status == 1)
        #expect(result.stderrLines.first?.hasPrefix("\(path):2: \(message)") == true, "\(result.stderr)")
        #expect(result.stderrLines.last == "check-layers: 1 broken rule")
    }

    /// The manifest is checked against the design too: declaring a dependency does not make an
    /// import legal.
    @Test func aDependencyAgainstTheLayersIsNamed() throws {
        let folder = try Self.copy()
        let manifest = try folder.read("Package.swift")
        let planted = manifest.replacingOccurrences(
            of: "\"CohortKit\",\n                .product(name: \"ArgumentParser\"",
            with: "\"CohortKit\", \"CohortStore\",\n                .product(name: \"ArgumentParser\"")
        #expect(planted != manifest)
        try folder.write("Package.swift", planted)
        let result = try Self.check(folder)
        #expect(result.status == 1)
        #expect(result.stderrLines.first?.hasPrefix("Package.swift: cohort may not depend on CohortStore") == true)
    }

    /// A file planted in the executable that reaches the records through Kit does not compile:
    /// Kit imports the store `internal`, so nothing public can hand one out. A file that uses Kit's
    /// API the way the commands do compiles against the same modules.
    @Test func theExecutableCannotOpenTheRecordsThroughKit() throws {
        let modules = try #require(Self.builtModules(), "no built CohortKit module; run swift build first")
        let folder = try TemporaryFolder(prefix: "cohort-plant")
        try folder.write(
            "Uses.swift",
            """
            import CohortKit
            func plant(_ context: CommandContext) throws -> String { try context.session().program.name }
            """)
        try folder.write(
            "Opens.swift",
            """
            import CohortKit
            func plant(_ context: CommandContext) throws {
                let session = try context.session()
                _ = try session.openStore()
                _ = session.records
            }
            """)
        let uses = try Self.typecheck(folder.path("Uses.swift"), modules: modules)
        #expect(uses.status == 0, "\(uses.stderr)")
        let opens = try Self.typecheck(folder.path("Opens.swift"), modules: modules)
        #expect(opens.status != 0)
        #expect(
            opens.stderr.contains("'openStore' is inaccessible due to 'internal' protection level"), "\(opens.stderr)")
        #expect(
            opens.stderr.contains("'records' is inaccessible due to 'internal' protection level"), "\(opens.stderr)")
    }

    /// The debug build's module folder (beside the running test bundle, else the repository's).
    static func builtModules() -> URL? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        return [bundle, Repository.root.appendingPathComponent(".build/debug")]
            .map { $0.appendingPathComponent("Modules") }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("CohortKit.swiftmodule").path) }
    }

    /// `swiftc -typecheck` of one file against the built modules, with the C modules they load.
    static func typecheck(_ file: String, modules: URL) throws -> ProcessResult {
        var arguments = ["-typecheck", "-I", modules.path, file]
        var maps = try FileManager.default.contentsOfDirectory(
            at: Repository.root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil
        ).map { $0.appendingPathComponent("module.modulemap") }
        let checkouts = Repository.root.appendingPathComponent(".build/checkouts")
        if let found = FileManager.default.enumerator(at: checkouts, includingPropertiesForKeys: nil) {
            for case let url as URL in found
            where url.lastPathComponent == "module.modulemap" && url.path.contains("/Sources/") {
                maps.append(url)
            }
        }
        for map in maps where FileManager.default.fileExists(atPath: map.path) {
            arguments += ["-Xcc", "-fmodule-map-file=\(map.path)"]
        }
        return try Processes.run(URL(fileURLWithPath: "/usr/bin/env"), ["swiftc"] + arguments)
    }
}
