import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sorted paths of everything under `url`, relative to it (folders end in `/`).
func tree(_ url: URL) throws -> [String] {
    let base = url.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
    var paths: [String] = []
    while let relative = walker.nextObject() as? String {
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isFolder)
        paths.append(relative + (isFolder.boolValue ? "/" : ""))
    }
    return paths.sorted()
}

@Suite("Workspace.locate")
struct WorkspaceLocateTests {
    @Test func findsTheWorkspaceFromANestedFolder() throws {
        let folder = try TemporaryFolder.workspace()
        let nested = folder.url.appendingPathComponent("announcements/drafts/2022")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let workspace = try Workspace.locate(explicit: nil, from: nested)
        #expect(workspace.root.path == folder.url.standardizedFileURL.path)
        #expect(workspace.configurationURL.path == folder.path("cohort.yaml"))
        #expect(workspace.databaseURL.path == folder.path(".cohort/state.sqlite"))
    }

    @Test func findsTheWorkspaceFromItsOwnFolder() throws {
        let folder = try TemporaryFolder.workspace()
        #expect(try Workspace.locate(explicit: nil, from: folder.url).root.path == folder.url.standardizedFileURL.path)
    }

    @Test func startGivenAsAPlainPathWorks() throws {
        let folder = try TemporaryFolder.workspace()
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("calendar/2022"), withIntermediateDirectories: true)
        // As the CLI builds it from the current directory: no trailing slash in the text.
        let start = URL(fileURLWithPath: folder.path("calendar/2022"))
        #expect(try Workspace.locate(explicit: nil, from: start).root.path == folder.url.standardizedFileURL.path)
        let explicit = try Workspace.locate(explicit: "../..", from: start)
        #expect(explicit.root.path == folder.url.standardizedFileURL.path)
    }

    @Test func nearestAncestorWins() throws {
        let outer = try TemporaryFolder.workspace()
        try outer.write("programs/second/cohort.yaml", "version: 1\n")
        let start = outer.url.appendingPathComponent("programs/second/templates")
        try FileManager.default.createDirectory(at: start, withIntermediateDirectories: true)
        let workspace = try Workspace.locate(explicit: nil, from: start)
        #expect(workspace.root.path == outer.url.appendingPathComponent("programs/second").standardizedFileURL.path)
    }

    @Test func explicitFolderIsUsedRelativeToTheStart() throws {
        let outer = try TemporaryFolder.workspace()
        try outer.write("programs/second/cohort.yaml", "version: 1\n")
        let explicit = try Workspace.locate(explicit: "programs/second", from: outer.url)
        #expect(explicit.root.path == outer.url.appendingPathComponent("programs/second").standardizedFileURL.path)
        // An explicit folder wins over the workspace the start folder is in.
        let absolute = try Workspace.locate(explicit: outer.path("programs/second"), from: outer.url)
        #expect(absolute == explicit)
    }

    @Test func explicitFolderWithoutConfigurationIsNotAWorkspace() throws {
        let folder = try TemporaryFolder.workspace()
        // Even though the start folder itself is a workspace: an explicit choice is never second-guessed.
        #expect(throws: WorkspaceError.notAWorkspace("templates")) {
            try Workspace.locate(explicit: "templates", from: folder.url)
        }
        #expect(WorkspaceError.notAWorkspace("templates").kind == .badInput)
    }

    @Test func noWorkspaceAnywhereAboveIsReported() throws {
        let folder = try TemporaryFolder()
        try #require(
            !FileManager.default.fileExists(atPath: "/cohort.yaml")
                && !FileManager.default.fileExists(
                    atPath: folder.url.deletingLastPathComponent().appendingPathComponent("cohort.yaml").path),
            "a cohort.yaml above the temporary folder would be found")
        let start = folder.url.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: start, withIntermediateDirectories: true)
        #expect(throws: WorkspaceError.workspaceNotFound(searchedFrom: start.path)) {
            try Workspace.locate(explicit: nil, from: start)
        }
    }
}

@Suite("Workspace.create")
struct WorkspaceCreateTests {
    static let files = [
        "cohort.yaml": "version: 1\n",
        ".gitignore": ".cohort/\n",
        "templates/README.md": "templates\n",
        "calendar/README.md": "calendar\n",
    ]

    @Test func writesEveryFileAndItsFolders() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("new-program")
        let workspace = try Workspace.create(at: root, files: Self.files)
        #expect(workspace.root.path == root.standardizedFileURL.path)
        #expect(
            try tree(root) == [
                ".gitignore", "calendar/", "calendar/README.md", "cohort.yaml", "templates/", "templates/README.md",
            ])
        for (path, contents) in Self.files {
            #expect(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) == contents)
        }
    }

    @Test func refusesToOverwriteAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        try folder.write("templates/README.md", "mine\n")
        try folder.write("cohort.yaml", "version: 1 # mine\n")
        let before = try tree(folder.url)
        #expect(throws: WorkspaceError.wouldOverwrite(["cohort.yaml", "templates/README.md"])) {
            try Workspace.create(at: folder.url, files: Self.files)
        }
        #expect(try tree(folder.url) == before)
        #expect(try folder.read("templates/README.md") == "mine\n")
        #expect(try folder.read("cohort.yaml") == "version: 1 # mine\n")
    }

    @Test func oneExistingFileIsEnoughToRefuse() throws {
        let folder = try TemporaryFolder()
        try folder.write(".gitignore", "*.o\n")
        #expect(throws: WorkspaceError.wouldOverwrite([".gitignore"])) {
            try Workspace.create(at: folder.url, files: Self.files)
        }
        #expect(try tree(folder.url) == [".gitignore"])
    }

    @Test func refusalMessageNamesTheFiles() {
        let message = WorkspaceError.wouldOverwrite(["cohort.yaml", "templates/README.md"]).errorDescription
        #expect(
            message
                == "refusing to overwrite cohort.yaml, templates/README.md; choose an empty folder or move them away")
    }
}

@Suite("Workspace.check")
struct WorkspaceCheckTests {
    @Test func validWorkspaceHasNoProblems() throws {
        let folder = try TemporaryFolder.workspace()
        let report = Workspace(root: folder.url).check()
        #expect(report.ok)
        #expect(report.problems.isEmpty)
        #expect(report.program?.slug == "equity-landscape-2022")
        #expect(!folder.exists(".cohort"), "check must not create the records database")
    }

    @Test func reportsMissingFolders() throws {
        let folder = try TemporaryFolder.workspace()
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("calendar"))
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("templates"))
        let workspace = Workspace(root: folder.url)
        let report = workspace.check()
        #expect(!report.ok)
        #expect(report.program != nil, "the program itself is still valid")
        #expect(
            report.problems.map(\.description) == [
                workspace.displayPath(folder.url.appendingPathComponent("templates"))
                    + "/: missing folder; create it (mkdir templates)",
                workspace.displayPath(folder.url.appendingPathComponent("calendar"))
                    + "/: missing folder; create it (mkdir calendar)",
            ])
    }

    @Test func fileInPlaceOfAFolderIsAMissingFolder() throws {
        let folder = try TemporaryFolder.workspace()
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("announcements"))
        try folder.write("announcements", "oops")
        #expect(
            Workspace(root: folder.url).check().problems.map(\.message) == [
                "missing folder; create it (mkdir announcements)"
            ])
    }

    @Test func reportsADatabaseOthersCanRead() throws {
        let folder = try TemporaryFolder.workspace()
        let workspace = Workspace(root: folder.url)
        _ = try SQLiteRecordStore(url: workspace.databaseURL)
        #expect(workspace.check().ok)
        #expect(chmod(workspace.databaseURL.path, 0o644) == 0)
        let report = workspace.check()
        #expect(
            report.problems.map(\.description) == [
                workspace.displayPath(workspace.databaseURL)
                    + ": the records database is readable by others (mode 644); run chmod 600 on it"
            ])
        #expect(try permissions(workspace.databaseURL.path) == 0o644, "check must not change anything")
    }

    @Test func reportsEveryConfigurationProblemWithItsLocation() throws {
        let folder = try TemporaryFolder.workspace(configuration: "version: 1\nprogram:\n  name: x\n")
        let report = Workspace(root: folder.url).check()
        #expect(report.program == nil)
        #expect(report.problems.count == 3)
        #expect(report.problems.allSatisfy { $0.location.line == 3 && $0.message.hasPrefix("program is missing") })
    }

    @Test func missingConfigurationIsAProblem() throws {
        let folder = try TemporaryFolder.workspace()
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("cohort.yaml"))
        let report = Workspace(root: folder.url).check()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.message.hasPrefix("cannot read ") == true)
        #expect(report.problems.first?.location.line == 0)
    }
}

@Suite("ProgramSession")
struct ProgramSessionTests {
    @Test func statusOnAFreshWorkspaceCreatesThePrivateDatabase() throws {
        let folder = try TemporaryFolder.workspace()
        let session = try ProgramSession.open(workspace: nil, from: folder.url.appendingPathComponent("templates"))
        #expect(!folder.exists(".cohort"), "opening a session creates nothing")
        let status = try ProgramReporting(session).status(now: try #require(Instant.parse("2022-03-15T00:00:00Z")))
        #expect(status.records?.auditEntries == 0)
        #expect(status.records?.pilot == nil && status.records?.nextWorkshop == nil)
        #expect(status.records?.nextWave?.id == "pilot")
        #expect(status.records?.nextWave?.blockedBy == ["nda: signed"])
        #expect(status.phase?.id == "analysis")
        #expect(status.today.description == "2022-03-14")
        #expect(try permissions(folder.path(".cohort/state.sqlite")) == 0o600)
        #expect(try permissions(folder.path(".cohort")) == 0o700)
    }

    @Test func statusCountsTheAuditEntries() throws {
        let folder = try TemporaryFolder.workspace()
        let session = try ProgramSession.open(workspace: folder.url.path, from: URL(fileURLWithPath: "/"))
        try session.openStore().write { records in
            try records.append(try entry(1))
            try records.append(try entry(2))
        }
        let status = try ProgramReporting(session).status(now: try #require(Instant.parse("2022-03-15T00:00:00Z")))
        #expect(status.records?.auditEntries == 2)
    }

    @Test func invalidConfigurationThrowsAndCreatesNothing() throws {
        let text = """
            version: 1
            program:
              name: Broken
              slug: broken
              time_zone: Asia/Kolkatta
              contact:
                name: Team
                email: team@example.org
            pilot:
              capcity: 9

            """
        let folder = try TemporaryFolder.workspace(configuration: text)
        let before = try tree(folder.url)
        do {
            _ = try ProgramSession.open(workspace: nil, from: folder.url)
            Issue.record("an invalid cohort.yaml opened")
        } catch .invalidConfiguration(let problems) {
            #expect(problems.diagnostics.map(\.location.line) == [5, 10])
            #expect(problems.diagnostics.allSatisfy { $0.location.file.hasSuffix("cohort.yaml") })
            #expect(WorkspaceError.invalidConfiguration(problems).kind == .badInput)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(!folder.exists(".cohort"))
        #expect(try tree(folder.url) == before)
    }

    @Test func missingWorkspaceThrowsWorkspaceNotFound() throws {
        let folder = try TemporaryFolder()
        #expect(throws: WorkspaceError.workspaceNotFound(searchedFrom: folder.url.path)) {
            try ProgramSession.open(workspace: nil, from: folder.url)
        }
    }
}

/// A file's permission bits.
func permissions(_ path: String) throws -> Int {
    try ((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
}

/// An audit entry at `seconds` after 2022-03-15T00:00:00Z.
func entry(_ number: Int, seconds: TimeInterval = 0) throws -> AuditEntry {
    AuditEntry(
        at: try #require(Instant.parse("2022-03-15T00:00:00Z")).addingTimeInterval(seconds), actor: "rosa",
        command: "pilot select", action: number.isMultiple(of: 2) ? "waitlist" : "enrol",
        subject: "signup:user\(number)",
        reason: "first come, first served (\(number))", details: number == 2 ? #"{"position":1}"# : nil)
}

@Suite("Workspace.writeAll")
struct WorkspaceWriteAllTests {
    @Test func writesEveryFileInManyFoldersAndNoTemporaryOnes() throws {
        let folder = try TemporaryFolder.workspace()
        let workspace = Workspace(root: folder.url)
        let before = try tree(folder.url)
        var files: [String: String] = [:]
        for index in 0..<40 {
            for name in ["meta.wiki", "blog.html", "mail.eml"] {
                files["announcements/a-\(index)/\(name)"] = "\(index) \(name) ü\n"
            }
        }
        try workspace.writeAll(files)
        for (path, text) in files {
            #expect(try String(contentsOf: folder.url.appendingPathComponent(path), encoding: .utf8) == text)
        }
        let added = Set(try tree(folder.url)).subtracting(before)
        #expect(added.count == 40 * 3 + 40)  // the files and their folders, nothing else
        #expect(!added.contains { $0.hasSuffix(".tmp") })
    }

    @Test func aFileThatCannotBeWrittenLeavesNothingBehind() throws {
        let folder = try TemporaryFolder.workspace()
        let workspace = Workspace(root: folder.url)
        // A plain file where one announcement's folder would go: that folder cannot be made.
        try "in the way\n".write(
            to: folder.url.appendingPathComponent("announcements/blocked"), atomically: true, encoding: .utf8)
        let before = try tree(folder.url)
        var files: [String: String] = [:]
        for index in 0..<20 { files["announcements/a-\(index)/meta.wiki"] = "text \(index)\n" }
        files["announcements/blocked/meta.wiki"] = "never\n"
        files["announcements/nested/deeper/meta.wiki"] = "made and removed\n"
        #expect(throws: WorkspaceError.self) { try workspace.writeAll(files) }
        #expect(try tree(folder.url) == before)
    }

    @Test func aLinkPlantedAtATemporaryNameIsNotFollowed() throws {
        let folder = try TemporaryFolder.workspace()
        let workspace = Workspace(root: folder.url)
        let outside = try TemporaryFolder()
        let target = outside.url.appendingPathComponent("victim.txt")
        try "untouched\n".write(to: target, atomically: true, encoding: .utf8)
        let announcement = folder.url.appendingPathComponent("announcements/planted")
        try FileManager.default.createDirectory(at: announcement, withIntermediateDirectories: true)
        let temporary = announcement.appendingPathComponent(
            ".meta.wiki.\(ProcessInfo.processInfo.processIdentifier).tmp")
        try FileManager.default.createSymbolicLink(at: temporary, withDestinationURL: target)
        try workspace.writeAll(["announcements/planted/meta.wiki": "rendered\n"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "untouched\n")
        #expect(
            try String(contentsOf: announcement.appendingPathComponent("meta.wiki"), encoding: .utf8) == "rendered\n")
    }
}
