import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 26, finding 2: a write opens every folder on its way without following a link, so a
/// folder that became a link after its path was judged (into `.cohort/`, out of the workspace)
/// makes the write fail instead of going through it.
@Suite struct NoFollowPathTests {
    @Test func aFolderSwappedForALinkAfterItWasJudgedIsNotWrittenThrough() throws {
        let folder = try TemporaryFolder()
        let records = try TemporaryFolder()
        try records.write("state.sqlite", "records\n")
        try folder.write("calendar/README.md", "calendar\n")
        let judged = NoFollowPath.resolved(folder.path("calendar/report.html"))
        #expect(NoFollowPath.replace(judged, with: Array("first\n".utf8)) == nil)
        #expect(try folder.read("calendar/report.html") == "first\n")
        // Between the judging and the writing, calendar/ becomes a link to the records.
        try FileManager.default.moveItem(atPath: folder.path("calendar"), toPath: folder.path("calendar.old"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("calendar"), withDestinationPath: records.url.path)
        let failure = NoFollowPath.replace(judged, with: Array("<html>\n".utf8))
        #expect(failure == ELOOP || failure == ENOTDIR, "\(failure.map { String(cString: strerror($0)) } ?? "written")")
        #expect(try records.read("state.sqlite") == "records\n")
        #expect(!records.exists("report.html"))
    }

    @Test func aPartialSwappedForALinkAfterItWasJudgedIsNotRead() throws {
        let folder = try TemporaryFolder()
        try folder.write("templates/partials/signature.mustache", "Rosa\n")
        try folder.write(".cohort/meta-credentials", "password=BotS3cret\n")
        let judged = NoFollowPath.resolved(folder.path("templates/partials/signature.mustache"))
        #expect(NoFollowPath.contents(judged) == Data("Rosa\n".utf8))
        try FileManager.default.removeItem(atPath: judged)
        try FileManager.default.createSymbolicLink(
            atPath: judged, withDestinationPath: "../../.cohort/meta-credentials")
        #expect(NoFollowPath.contents(judged) == nil)
        #expect(errno == ELOOP)
        #expect(
            throws: WorkspaceError.leavesWorkspace(
                path: "templates/partials/signature.mustache", target: "../../.cohort/meta-credentials")
        ) {
            try Workspace.readContained(judged, as: "templates/partials/signature.mustache")
        }
    }

    @Test func aLinkAtTheFileItselfIsReplacedNotFollowed() throws {
        let folder = try TemporaryFolder()
        let records = try TemporaryFolder()
        try records.write("state.sqlite", "records\n")
        try folder.write("calendar/README.md", "calendar\n")
        let judged = NoFollowPath.resolved(folder.path("calendar")) + "/report.html"
        try FileManager.default.createSymbolicLink(
            atPath: judged, withDestinationPath: records.path("state.sqlite"))
        #expect(NoFollowPath.replace(judged, with: Array("<html>\n".utf8)) == nil)
        #expect(try records.read("state.sqlite") == "records\n")
        #expect(try folder.read("calendar/report.html") == "<html>\n")
    }

    @Test func resolvedFollowsLinksToPlacesThatDoNotExistYet() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path(".cohort"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path("cohortdir"), withDestinationPath: ".cohort")
        let real = NoFollowPath.resolved(folder.url.path)
        #expect(NoFollowPath.resolved(folder.path("cohortdir/r.html")) == real + "/.cohort/r.html")
    }
}
