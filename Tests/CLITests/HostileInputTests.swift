import CohortTestSupport
import Foundation
import Testing

/// Runs `cohort` in `folder` expecting it to refuse: the exit code, the located lines and the
/// closing sentence on stderr, and a workspace dump (files and records) equal before and after.
@discardableResult
func refused(
    _ arguments: [String], in folder: TemporaryFolder, status: Int32, stderr expected: [String],
    environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
) throws -> ProcessResult {
    let before = try WorkspaceDump.of(folder.url)
    let result = try Processes.cohort(arguments, in: folder.url, environment: environment)
    #expect(
        result.status == status, "\(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation
    )
    #expect(result.stderrLines == expected, sourceLocation: sourceLocation)
    #expect(try WorkspaceDump.of(folder.url) == before, "nothing may change", sourceLocation: sourceLocation)
    return result
}

/// Hostile and careless input, each case from issue 17: refused at the door with a located
/// message and exit 64 (65 for a check), and the workspace and its records exactly as they were.
@Suite struct HostileInputTests {
    static let now = "2022-02-02T18:00:00Z"
    static let signupHeader =
        "username,email,signed_up_at,use_case,use_case_applicable,available,nda,time_zone,languages"

    /// The example's sign-ups imported, and a file `name` holding `rows` after the header.
    static func withSignups(_ name: String, _ rows: String) throws -> TemporaryFolder {
        let folder = try workspaceWithData()
        try succeed(["pilot", "import", "data/signups.csv", "--now", now], in: folder)
        try folder.write(name, signupHeader + "\n" + rows)
        return folder
    }

    // MARK: records that cannot be corrupted

    @Test func aNulInACellIsRefusedAndOverwritesNobody() throws {
        let folder = try Self.withSignups(
            "evil.csv", "ameliaK\u{0},evil@example.org,2022-01-01T00:00:00Z,x,yes,yes,signed,UTC,en\n")
        try refused(
            ["pilot", "import", "evil.csv", "--now", Self.now], in: folder, status: 64,
            stderr: [
                "evil.csv:row 2, column \"username\": contains a NUL byte (U+0000) at character 8; remove it",
                "cohort: 1 problem in evil.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        // Skipped, the row stays out: ameliaK keeps her own address.
        let skipped = try Processes.cohort(
            ["pilot", "import", "evil.csv", "--skip-invalid", "--now", Self.now], in: folder.url)
        #expect(skipped.status == 0)
        #expect(skipped.stdoutLines == ["Imported evil.csv: 0 added, 0 updated, 0 unchanged, 1 row skipped"])
        let list = try succeed(["pilot", "list", "--show-email", "--json"], in: folder)
        #expect(
            try readJSON(list.stdout, "[p['email'] for p in d['participants'] if p['username'] == 'ameliaK']")
                == ["['amelia.k@example.org']"])
    }

    @Test(arguments: [
        ("\u{1B}[31mred", "contains the control character U+001B at character 1; remove it"),
        ("tab\u{7F}", "contains the control character U+007F at character 4; remove it"),
        ("two\nlines", "contains a line break at character 4; write it on one line"),
        (
            "Ame\u{301}lie",
            "is not in Unicode normalization form C (an accent is stored as a separate character); retype it or save the file as NFC"
        ),
    ])
    func controlCharactersAndUnnormalisedKeysAreRefused(username: String, problem: String) throws {
        let quoted = "\"" + username + "\""
        let folder = try Self.withSignups(
            "evil.csv", "\(quoted),x@example.org,2022-01-01T00:00:00Z,x,yes,yes,signed,UTC,en\n")
        try refused(
            ["pilot", "import", "evil.csv", "--now", Self.now], in: folder, status: 64,
            stderr: [
                "evil.csv:row 2, column \"username\": \(problem)",
                "cohort: 1 problem in evil.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
    }

    @Test func aNulInAFeedbackIdDoesNotOverwriteACodedItem() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        try succeed(["feedback", "import", "data/feedback.csv", "--now", Self.now], in: folder)
        try succeed(["feedback", "import-codes", "data/codes.csv", "--now", Self.now], in: folder)
        try folder.write(
            "evil.csv", "id,source,received_at,author,text,theme\nfb-001\u{0},survey,2022-02-01,x,overwritten,metrics\n"
        )
        try refused(
            ["feedback", "import", "evil.csv", "--now", Self.now], in: folder, status: 64,
            stderr: [
                "evil.csv:row 2, column \"id\": contains a NUL byte (U+0000) at character 7; remove it",
                "cohort: 1 problem in evil.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
        // Importing the same file again adds nothing.
        let again = try succeed(["feedback", "import", "data/feedback.csv", "--now", Self.now], in: folder)
        #expect(again.stdoutLines.first?.contains("0 new, 0 updated, 40 unchanged") == true, "\(again.stdout)")
    }

    @Test func aContactNameWithALineBreakIsRefusedAtImportNotAtSend() throws {
        let folder = try TemporaryFolder.workspace()
        try folder.write(
            "partners.csv",
            "id,name,kind,region,contact_name,contact_email,time_zone,wave\nwm-x,WM X,affiliate,Europe,\"Eve\r\nBcc: a@example.org\",eve@example.org,UTC,partners\n"
        )
        try refused(
            ["partner", "import", "partners.csv", "--by", "Rosa Quintero", "--now", Self.now], in: folder, status: 64,
            stderr: [
                "partners.csv:row 2, column \"contact_name\": contains a line break at character 4; write it on one line",
                "cohort: 1 problem in partners.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
    }

    @Test func aNameWithALineBreakInCohortYamlIsLocated() throws {
        let configuration = try Repository.exampleConfiguration().replacingOccurrences(
            of: "        name: Movement data", with: "        name: \"Movement\\r\\nBcc: all@example.org\"")
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        let line =
            try #require(
                configuration.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0.contains("Movement\\r\\nBcc")
                }) + 1
        try refused(
            ["status", "--now", Self.now], in: folder, status: 64,
            stderr: [
                "cohort.yaml:\(line):15: list name contains a line break at character 9; write it on one line",
                "cohort: 1 problem found; nothing was changed",
            ])
    }

    @Test func aSubjectWithALineBreakIsRefusedWhereItIsWritten() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        let text = try folder.read("announcements/2022-06-outcome.md").replacingOccurrences(
            of: "  subject: \"Outcome: {{program.name}}\"", with: "  subject: \"Outcome\\r\\nBcc: all@example.org\"")
        try folder.write("announcements/2022-06-outcome.md", text)
        let line =
            try #require(
                text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0.hasPrefix("  subject:")
                }) + 1
        try refused(
            ["announce", "render", "2022-06-outcome"], in: folder, status: 65,
            stderr: [
                "announcements/2022-06-outcome.md:\(line):12: mail.subject contains a line break at character 8; write it on one line",
                "cohort: 1 problem found",
            ])
    }

    @Test(arguments: [
        (
            ["--title", "Office\r\nBcc: x@example.org"],
            "the value of --title contains a line break at character 7; write it on one line; nothing was changed"
        ),
        (
            ["--link", "javascript:alert(1)"],
            "--link \"javascript:alert(1)\" uses javascript:; write an https:// address; nothing was added"
        ),
        (
            ["--link", "http://meet.example.org/x"],
            "--link \"http://meet.example.org/x\" is plain http to another machine; use https:// (http:// only to 127.0.0.1 or ::1); nothing was added"
        ),
        (
            ["--link", "https://meet.example.org/\u{1B}]8;;x"],
            "the value of --link contains the control character U+001B at character 26; remove it; nothing was changed"
        ),
    ])
    func workshopValuesAreCheckedAtTheDoor(extra: [String], message: String) throws {
        let folder = try workspaceWithData()
        var arguments = [
            "workshop", "add", "--title", "Office hour", "--start", "2022-02-04T16:00:00Z", "--capacity", "9", "--link",
            "https://meet.example.org/el", "--now", Self.now,
        ]
        for (flag, value) in stride(from: 0, to: extra.count, by: 2).map({ (extra[$0], extra[$0 + 1]) }) {
            let index = try #require(arguments.firstIndex(of: flag))
            arguments[index + 1] = value
        }
        try refused(arguments, in: folder, status: 64, stderr: ["cohort: \(message)"])
    }

    @Test func aNegativeCountIsNamedNotMissing() throws {
        let folder = try workspaceWithData()
        try succeed(["workshop", "poll", "import", "data/poll.csv", "--now", Self.now], in: folder)
        try refused(
            ["workshop", "slots", "--count", "-1"], in: folder, status: 64,
            stderr: ["cohort: --count must be at least 1 (it is -1)"])
    }

    // MARK: dates within range

    @Test func aSignUpPastTheYearsCohortPlansInIsRefused() throws {
        let folder = try Self.withSignups(
            "far.csv", "far,far@example.org,9999-12-31T23:59:59-12:00,x,yes,yes,signed,UTC,en\n")
        try refused(
            ["pilot", "import", "far.csv", "--now", Self.now], in: folder, status: 64,
            stderr: [
                "far.csv:row 2, column \"signed_up_at\": \"9999-12-31T23:59:59-12:00\" lies outside the years 1900–2199; write a date within them",
                "cohort: 1 problem in far.csv; nothing was changed; fix them, or pass --skip-invalid to import the good rows and list the others",
            ])
    }

    @Test func shiftsOutOfRangeAreRefusedAndTheChartNeverCrashes() throws {
        let folder = try TemporaryFolder.workspace()
        try refused(
            ["timeline", "shift", "results-blog", "--to", "9999-H2", "--reason", "x", "--now", Self.now], in: folder,
            status: 64, stderr: ["cohort: --to \"9999-H2\" lies outside the years 1900–2199; choose a date within them"]
        )
        // A wave whose dependant would leave the years: the dependant is named.
        try refused(
            ["timeline", "shift", "pilot", "--to", "2199-12", "--reason", "x", "--now", Self.now], in: folder,
            status: 64,
            stderr: [
                "cohort: the shift would put \"partners\" at 2200-Q1, outside the years 1900–2199; choose a smaller move"
            ])
        // At the edge of the range, the chart still draws.
        try succeed(
            ["timeline", "shift", "results-blog", "--to", "2199-H2", "--reason", "x", "--now", Self.now], in: folder)
        let chart = try succeed(["timeline", "show", "--format", "svg", "--now", Self.now], in: folder)
        #expect(chart.stdout.hasPrefix("<svg "))
        #expect(chart.stdout.contains("second half of 2199"))
    }

    // MARK: outputs stay where they belong

    @Test func outNeverReplacesTheRecordsTheProgramOrAForeignFile() throws {
        let folder = try workspaceWithData()
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.now], in: folder)
        let show = ["timeline", "show", "--format", "svg", "--now", Self.now, "--out"]
        try refused(
            show + ["cohort.yaml"], in: folder, status: 64,
            stderr: [
                "cohort: refusing to write cohort.yaml: it is the program itself; nothing was changed; choose another file for --out"
            ])
        try refused(
            show + [".cohort/state.sqlite"], in: folder, status: 64,
            stderr: [
                "cohort: refusing to write .cohort/state.sqlite: it is inside the records folder .cohort/; nothing was changed; choose another file for --out"
            ])
        try refused(
            show + [".cohort/state.sqlite", "--force"], in: folder, status: 64,
            stderr: [
                "cohort: refusing to write .cohort/state.sqlite: it is inside the records folder .cohort/; nothing was changed; choose another file for --out"
            ])
        try folder.write("notes.svg", "my own drawing\n")
        try refused(
            show + ["notes.svg"], in: folder, status: 64,
            stderr: [
                "cohort: refusing to replace notes.svg: cohort did not write it; nothing was changed; pass --force to replace it anyway, or choose another file"
            ])
        // What cohort wrote it may write again; a file changed since needs --force.
        try succeed(show + ["chart.svg"], in: folder)
        try succeed(show + ["chart.svg"], in: folder)
        try folder.write("chart.svg", "edited\n")
        try refused(
            show + ["chart.svg"], in: folder, status: 64,
            stderr: [
                "cohort: refusing to replace chart.svg: it changed since cohort wrote it; nothing was changed; pass --force to replace it anyway, or choose another file"
            ])
        try succeed(show + ["notes.svg", "--force"], in: folder)
        #expect(try folder.read("notes.svg").hasPrefix("<svg "))
        // A link to the records is followed, and refused.
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("innocent.svg"), withDestinationPath: folder.path(".cohort/state.sqlite"))
        try refused(
            show + ["innocent.svg", "--force"], in: folder, status: 64,
            stderr: [
                "cohort: refusing to write innocent.svg: it is inside the records folder .cohort/; nothing was changed; choose another file for --out"
            ])
    }

    @Test func aPartialLinkedOutsideTheWorkspaceIsNeverRead() throws {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true)
        let secret = try TemporaryFolder()
        try secret.write("secret.mustache", "the password is hunter2\n")
        try FileManager.default.removeItem(atPath: folder.path("templates/partials/signature.mustache"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("templates/partials/signature.mustache"),
            withDestinationPath: secret.path("secret.mustache"))
        let message =
            "cohort: templates/partials/signature.mustache is a symbolic link to \(secret.path("secret.mustache")), outside the workspace; nothing was read or written through it; replace the link with the file itself"
        try refused(["announce", "render"], in: folder, status: 64, stderr: [message])
        let check = try Processes.cohort(["check"], in: folder.url)
        #expect(check.status == 65)
        #expect(
            check.stderrLines == [
                "templates/partials/signature.mustache: a symbolic link to \(secret.path("secret.mustache")), outside the workspace; cohort will not read or write through it; replace it with the file itself",
                "cohort: 1 problem found",
            ])
    }

    @Test func anOutputFolderLinkedOutsideTheWorkspaceIsNeverWritten() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        let outside = try TemporaryFolder()
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("announcements/2022-06-outcome"), withDestinationPath: outside.url.path)
        try refused(
            ["announce", "render"], in: folder, status: 64,
            stderr: [
                "cohort: announcements/2022-06-outcome is a symbolic link to \(outside.url.path), outside the workspace; nothing was read or written through it; replace the link with the file itself"
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.url.path).isEmpty)
    }

    // MARK: files that are not UTF-8, and Foundation's errors

    @Test func textThatIsNotUTF8IsLocatedAtItsFirstBadByte() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        try Data("---\ntitle: caf\u{E9}".utf8.map { $0 } + [0xFF, 0x0A]).write(
            to: folder.url.appendingPathComponent("announcements/zz-latin1.md"))
        try refused(
            ["announce", "render"], in: folder, status: 64,
            stderr: [
                "announcements/zz-latin1.md:2:12: byte 0xFF is not UTF-8 text; save the file as UTF-8",
                "cohort: 1 problem found; nothing was changed",
            ])
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("announcements/zz-latin1.md"))
        var yaml = Data(try folder.read("cohort.yaml").utf8)
        yaml.append(contentsOf: [0x23, 0x20, 0xE9, 0x0A])  // "# é" in Latin-1, on a last line
        try yaml.write(to: folder.url.appendingPathComponent("cohort.yaml"))
        let lines = try Repository.exampleConfiguration().split(separator: "\n", omittingEmptySubsequences: false).count
        try refused(
            ["status", "--now", Self.now], in: folder, status: 64,
            stderr: [
                "cohort.yaml:\(lines):3: byte 0xE9 is not UTF-8 text; save the file as UTF-8",
                "cohort: 1 problem found; nothing was changed",
            ])
    }

    @Test func aFileInTheWayIsSaidInCohortsWords() throws {
        let folder = try AnnounceCommandTests.exampleCopy()
        try folder.write("announcements/2022-06-outcome", "a file where the output folder goes\n")
        let result = try refused(
            ["announce", "render"], in: folder, status: 1,
            stderr: [
                "cohort: cannot write announcements/2022-06-outcome/blog.html: \(folder.url.resolvingSymlinksInPath().path)/announcements/2022-06-outcome is a file, not a folder"
            ])
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }
}
