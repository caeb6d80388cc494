import CohortTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 26, finding 2: `.cohort/` (the records, the credentials) counts as outside the workspace
/// for every link, read or written, and `check` names each such link. The exact links of the report.
@Suite struct RecordsFolderLinkTests {
    static let now = "2022-06-20T09:00:00Z"
    static let note = " (.cohort/ holds the records and the credentials)"

    static func link(_ folder: TemporaryFolder, _ path: String, to destination: String) throws {
        if folder.exists(path) { try FileManager.default.removeItem(atPath: folder.path(path)) }
        try FileManager.default.createSymbolicLink(atPath: folder.path(path), withDestinationPath: destination)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func aPartialLinkedToTheCredentialsIsNeverRead() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true)
        try folder.write(".cohort/meta-credentials", "user=Rosa@cohort\npassword=BotS3cretPassw0rd\n")
        try Self.link(folder, "templates/partials/signature.mustache", to: "../../.cohort/meta-credentials")
        let result = try refused(
            ["announce", "render"], in: folder, status: 64,
            stderr: [
                "cohort: templates/partials/signature.mustache is a symbolic link to ../../.cohort/meta-credentials, outside the workspace\(Self.note); nothing was read or written through it; replace the link with the file itself"
            ])
        #expect(!result.stdout.contains("BotS3cret"))
        let check = try Processes.cohort(["check"], in: folder.url)
        #expect(check.status == 65)
        #expect(
            check.stderrLines == [
                "templates/partials/signature.mustache: a symbolic link to ../../.cohort/meta-credentials, outside the workspace\(Self.note); cohort will not read or write through it; replace it with the file itself",
                "cohort: 1 problem found",
            ])
        let lint = try Processes.cohort(["announce", "lint"], in: folder.url)
        #expect(lint.status != 0 && !lint.stdout.contains("BotS3cret") && !lint.stderr.contains("BotS3cret"))
        for slug in AnnounceCommandTests.exampleSlugs {
            for output in ["meta.wiki", "blog.html", "mail.eml"] where folder.exists("announcements/\(slug)/\(output)")
            {
                #expect(!(try folder.read("announcements/\(slug)/\(output)")).contains("BotS3cret"))
            }
        }
    }

    @Test func aCalendarFileLinkedToTheRecordsIsNeverWrittenOver() throws {
        let folder = try workspaceWithData()
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.now], in: folder)
        let records = folder.path(".cohort/state.sqlite")
        #expect(Self.mode(records) == 0o600)
        try Self.link(folder, "calendar/report.html", to: "../.cohort/state.sqlite")
        let build = try Processes.cohort(["build", "--now", Self.now], in: folder.url)
        #expect(build.status == 64 || build.status == 65, "\(build.stderr)")
        #expect(build.stderr.contains("calendar/report.html"), "\(build.stderr)")
        let header = try Data(contentsOf: URL(fileURLWithPath: records)).prefix(16)
        #expect(header == Data("SQLite format 3\0".utf8), "the records are still a database, not HTML")
        #expect(Self.mode(records) == 0o600)
        let status = try Processes.cohort(["status", "--now", Self.now], in: folder.url)
        #expect(status.status == 0, "\(status.stderr)")
        let check = try Processes.cohort(["check"], in: folder.url)
        #expect(
            check.stderrLines.first?.hasPrefix("calendar/report.html: a symbolic link to ../.cohort/state.sqlite")
                == true)
    }

    @Test func anAnnouncementFolderLinkedToTheRecordsFolderIsNeverWritten() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        try FileManager.default.createDirectory(atPath: folder.path(".cohort"), withIntermediateDirectories: true)
        try Self.link(folder, "announcements/2022-06-outcome", to: "../.cohort")
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path(".cohort")).sorted()
        try refused(
            ["announce", "render"], in: folder, status: 64,
            stderr: [
                "cohort: announcements/2022-06-outcome is a symbolic link to ../.cohort, outside the workspace\(Self.note); nothing was read or written through it; replace the link with the file itself"
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path(".cohort")).sorted() == before)
    }

    @Test func outThroughAFolderLinkedToTheRecordsFolderIsRefused() throws {
        let folder = try workspaceWithData()
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.now], in: folder)
        try Self.link(folder, "cohortdir", to: ".cohort")
        try refused(
            ["report", "--now", Self.now, "--out", "cohortdir/r.html"], in: folder, status: 64,
            stderr: [
                "cohort: refusing to write cohortdir/r.html: it is inside the records folder .cohort/; nothing was changed; choose another file for --out"
            ])
        #expect(!folder.exists(".cohort/r.html"))
    }
}
