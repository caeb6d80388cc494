import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// `announce render` renders only where something changed: an announcement whose inputs hash as
/// at its last render, and whose outputs are the files that render wrote, is left alone; any
/// change to a source, a template or partial, cohort.yaml or an output renders it again.
@Suite struct RenderInputsTests {
    static let slugs = [
        "2022-01-call-for-participation", "2022-02-office-hours", "2022-05-dashboard-delay", "2022-06-outcome",
        "2022-h2-public-release",
    ]

    static func build(_ folder: TemporaryFolder) throws -> AnnouncementBuild {
        let workspace = Workspace(root: folder.url)
        return try AnnouncementBuild(
            session: ProgramSession(workspace: workspace, program: try workspace.loadProgram()),
            now: Date(timeIntervalSince1970: 1_647_302_400))
    }

    @Test func onlyWhatChangedIsRenderedAgain() throws {
        let (folder, _) = try AnnouncementLintTests.exampleCopy()
        let first = try Self.build(folder).run(checkOnly: false)
        #expect(first.unchanged.isEmpty, "nothing is known before the first render")
        #expect(first.rendered == Self.slugs)

        let again = try Self.build(folder).run(checkOnly: false)
        #expect(again.unchanged == Self.slugs)
        #expect(again.written.isEmpty)
        #expect(again.text(checkOnly: false).hasSuffix("5 announcements unchanged since the last render"))

        // A source edited: that announcement alone.
        let source = "announcements/2022-05-dashboard-delay.md"
        try folder.write(source, try folder.read(source) + "\nOne more line.\n")
        let edited = try Self.build(folder).run(checkOnly: false)
        #expect(edited.unchanged == Self.slugs.filter { $0 != "2022-05-dashboard-delay" })
        #expect(edited.written.contains("announcements/2022-05-dashboard-delay/meta.wiki"))

        // An output changed by hand is rendered again, and so restored.
        let output = "announcements/2022-06-outcome/meta.wiki"
        let rendered = try folder.read(output)
        try folder.write(output, "edited by hand\n")
        let restored = try Self.build(folder).run(checkOnly: false)
        #expect(restored.written == [output])
        #expect(try folder.read(output) == rendered)

        // A removed output too.
        try FileManager.default.removeItem(atPath: folder.path(output))
        #expect(try Self.build(folder).run(checkOnly: false).written == [output])

        // A partial every announcement uses: all of them.
        let partial = "templates/partials/signature.mustache"
        try folder.write(partial, try folder.read(partial) + "\n")
        let all = try Self.build(folder).run(checkOnly: false)
        #expect(all.unchanged.isEmpty)

        // --check always renders and compares; --refresh takes contexts anew, so renders all.
        #expect(try Self.build(folder).run(checkOnly: true).ok)
        var refreshing = try Self.build(folder)
        refreshing.refresh = true
        #expect(try refreshing.run(checkOnly: false).unchanged.isEmpty)
    }

    @Test func aDamagedRecordOfInputsCostsOnlyAFullRender() throws {
        let (folder, _) = try AnnouncementLintTests.exampleCopy()
        _ = try Self.build(folder).run(checkOnly: false)
        try folder.write(".cohort/\(RenderInputs.name)", "cohort render-inputs 1\nnot\ta line\n")
        let report = try Self.build(folder).run(checkOnly: false)
        #expect(report.unchanged.isEmpty)
        #expect(report.written.isEmpty, "the outputs were right already")
        #expect(try Self.build(folder).run(checkOnly: false).unchanged == Self.slugs)
        let mode =
            try FileManager.default.attributesOfItem(atPath: folder.path(".cohort/\(RenderInputs.name)"))[
                .posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
