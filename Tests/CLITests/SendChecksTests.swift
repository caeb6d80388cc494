import CohortTestSupport
import Foundation
import Testing

/// `announce send` runs lint first: a finding for the mail refuses the send, nothing is queued and
/// the SMTP server on loopback receives nothing; an override is audited with what it overrode.
@Suite struct SendChecksTests {
    static let slug = "2022-06-outcome"

    /// The example with its records, and the outcome with a participant's address planted in it.
    static func planted() throws -> TemporaryFolder {
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true, records: true)
        let path = "announcements/\(slug).md"
        try folder.write(
            path,
            try folder.read(path).replacingOccurrences(
                of: "Thank you to everyone who took part.", with: "Thank you, maria.lopez@example.net, and everyone."))
        let render = try Processes.cohort(
            ["announce", "render", slug, "--now", "2022-06-15T00:00:00Z"], in: folder.url)
        #expect(render.status == 0, "\(render.stderr)")
        return folder
    }

    static func send(_ sink: SMTPSink, in folder: TemporaryFolder, _ extra: [String] = []) throws -> ProcessResult {
        try Processes.cohort(
            // The example's Diff post lives on no blog these tests reach: its link is allowed as planned.
            [
                "announce", "send", slug, "--smtp-url", sink.url, "--use-tls", "none", "--now", "2022-06-15T16:00:00Z",
                "--allow-unpublished-link",
            ] + extra, in: folder.url)
    }

    @Test func aPersonalAddressBoundForAPublicListIsNeverSent() throws {
        let sink = try SMTPSink()
        let folder = try Self.planted()
        for extra in [["--dry-run"], [], ["--json"]] {
            let refused = try Self.send(sink, in: folder, extra)
            #expect(refused.status == 65, "\(extra): \(refused.stderr)")
            #expect(
                refused.stderrLines.first
                    == "announcements/2022-06-outcome.md:22:12: \"maria.lopez@example.net\" is a personal mail address in a public channel; remove it"
            )
            #expect(
                refused.stderrLines.last
                    == "cohort: 1 problem in the mail of 2022-06-outcome; nothing was queued; fix them (`cohort announce lint 2022-06-outcome`), or send with --override-lint --reason TEXT"
            )
        }
        #expect(try sink.received().isEmpty)
        let log = try Processes.cohort(["announce", "log", Self.slug, "--json"], in: folder.url)
        #expect(log.stdout.contains("\"deliveries\" : [\n\n  ]") || log.stdout.contains("\"deliveries\" : []"))
        let status = try Processes.cohort(["announce", "status", Self.slug, "--json"], in: folder.url)
        #expect(!status.stdout.contains("\"sent\""))
    }

    @Test func anOverrideNeedsAReasonAndIsAuditedWithTheFindings() throws {
        let sink = try SMTPSink()
        let folder = try Self.planted()
        let bare = try Self.send(sink, in: folder, ["--override-lint"])
        #expect(bare.status == 64)
        #expect(
            bare.stderrLines == [
                "cohort: --override-lint needs --reason TEXT: the audit log keeps why the findings were overridden"
            ])
        #expect(try sink.received().isEmpty)
        let overridden = try Self.send(
            sink, in: folder, ["--override-lint", "--reason", "Maria asked to be thanked by name"])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(try sink.received().count == 2)
        let audit = try Processes.python(
            """
            import json, sqlite3, sys
            for action, reason, details in sqlite3.connect(sys.argv[1]).execute(
                    "SELECT action, reason, details FROM audit_log WHERE action = 'override-lint'"):
                print(action, reason, json.loads(details))
            """, [folder.path(".cohort/state.sqlite")])
        #expect(
            audit.stdoutLines == [
                "override-lint Maria asked to be thanked by name ['announcements/2022-06-outcome.md:22:12: \"maria.lopez@example.net\" is a personal mail address in a public channel; remove it']"
            ])
    }

    @Test func aMailOutOfDateOrWithAStaleContextIsRefused() throws {
        let sink = try SMTPSink()
        let folder = try AnnounceCommandTests.exampleCopy(outputs: true, records: true)
        let path = "announcements/\(Self.slug).md"
        try folder.write(path, try folder.read(path).replacingOccurrences(of: "Thank you to", with: "Thanks to"))
        let outdated = try Self.send(sink, in: folder)
        #expect(outdated.status == 65)
        #expect(
            outdated.stderrLines.first
                == "announcements/2022-06-outcome/mail.eml: out of date with its source; run `cohort announce render 2022-06-outcome`, review it and commit it"
        )
        let render = try Processes.cohort(["announce", "render", Self.slug], in: folder.url)
        #expect(render.status == 0)
        let more =
            try folder.read("data/feedback.csv").split(separator: "\n").first! + "\n"
            + "fb-041,talk-page,2022-02-27T10:00:00Z,Lea M.,Please add a glossary.,documentation\n"
        try folder.write("data/more.csv", String(more))
        let imported = try Processes.cohort(
            ["feedback", "import", "data/more.csv", "--now", "2022-06-01T00:00:00Z"], in: folder.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        let stale = try Self.send(sink, in: folder)
        #expect(stale.status == 65)
        #expect(
            stale.stderrLines.first?.hasPrefix("announcements/2022-06-outcome/context.json:1:1: older than the records")
                == true, "\(stale.stderr)")
        #expect(try sink.received().isEmpty)
    }
}
