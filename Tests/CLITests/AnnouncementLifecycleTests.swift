import CohortTestSupport
import Foundation
import Testing

/// `cohort announce status`: each channel's lifecycle, read back from `--json` by Python.
@Suite struct AnnouncementLifecycleTests {
    /// Prints `channel state recorded hash` per channel of one announcement.
    static let statusReader = """
        import json, sys
        d = json.load(sys.stdin)
        for a in d["announcements"]:
            for c in a["channels"]:
                print(a["slug"], c["channel"], c["state"], c["recorded"], c["hash"], c["output_hash"],
                      (c.get("details") or {}).get("batch"), len(c["history"]))
        """

    static func status(_ folder: TemporaryFolder, _ arguments: [String] = []) throws -> [String] {
        let result = try Processes.cohort(["announce", "status", "--json"] + arguments, in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        return try Processes.python(statusReader, input: result.stdout).stdoutLines
    }

    @Test func aSentMailIsRecordedWithTheHashOfWhatWentOut() throws {
        let sink = try SMTPSink()
        let folder = try SendCommandTests.workspace(recipients: 2)
        let render = try Processes.cohort(["announce", "render", "bulk"], in: folder.url)
        #expect(render.status == 0, "\(render.stderr)")
        let rendered = try Self.sha256(folder, "bulk")
        #expect(try Self.status(folder, ["bulk"]) == ["bulk mail ready False None \(rendered) None 0"])
        let sent = try SendCommandTests.send("bulk", sink, in: folder, ["--now", "2022-03-01T10:00:00Z"])
        #expect(sent.status == 0, "\(sent.stderr)")
        let hash = try Self.sha256(folder, "bulk")
        #expect(try Self.status(folder, ["bulk"]) == ["bulk mail sent True \(hash) \(hash) announce:bulk 1"])
        let again = try SendCommandTests.send("bulk", sink, in: folder, ["--now", "2022-03-01T11:00:00Z"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.status(folder, ["bulk"]).first?.hasSuffix(" 1") == true, "a resend records no new step")
        let human = try Processes.cohort(["announce", "status"], in: folder.url)
        #expect(human.stdout.contains("2022-03-01T10:00:00Z"))
        #expect(human.stdout.contains("announce:bulk: 2 of 2 sent"))
        let audit = try Processes.python(
            "import sqlite3,sys; print([r for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT action, subject FROM audit_log WHERE subject LIKE 'announcement:%/%'\")])",
            [folder.path(".cohort/state.sqlite")])
        #expect(audit.stdoutLines == ["[('sent', 'announcement:bulk/mail')]"])
    }

    /// The SHA-256 of a committed mail, by Python's hashlib.
    static func sha256(_ folder: TemporaryFolder, _ slug: String) throws -> String {
        try Processes.python(
            "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())",
            [folder.path("announcements/\(slug)/mail.eml")]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
