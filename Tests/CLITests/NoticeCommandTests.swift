import CohortTestSupport
import Foundation
import Testing

/// Notices to people through the built binary: the example's selection, sent to a real SMTP
/// server on loopback.
@Suite struct NoticeCommandTests {
    static let selected = "2022-02-02T18:00:00Z"

    /// The example's data and its committed templates (English, Spanish and the signature partial).
    static func example() throws -> TemporaryFolder {
        let folder = try workspaceWithData()
        try folder.copyExampleTemplates()
        return folder
    }

    /// The selection's notices sent to a real SMTP server on loopback, through the binary: the
    /// `--json` keys, the dry run's table, `notices list`, and no address in anything printed or
    /// published. What is queued, replaced and sent is decided in `NoticeUseCaseTests`.
    @Test func theSelectionsNoticesGoOutOnceThroughARealServerAndNoOutputShowsAnAddress() throws {
        let folder = try Self.example()
        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.selected], in: folder)
        let select = try succeed(["pilot", "select", "--now", Self.selected, "--json"], in: folder)
        #expect(
            try readJSON(
                select.stdout, "sorted(d['notices'])",
                "sorted(b.split(':')[1] for b in d['notices']['queued']).count('enrolled')",
                "sorted(b.split(':')[1] for b in d['notices']['queued']).count('waitlisted')")
                == ["['dropped', 'queued', 'superseded', 'undeliverable']", "9", "2"])
        let sink = try SMTPSink()
        let relay = ["--smtp-url", sink.url, "--use-tls", "none"]
        let dry = try succeed(["notices", "send", "--dry-run", "--now", "2022-02-02T18:05:00Z"] + relay, in: folder)
        #expect(dry.stdoutLines.first?.hasPrefix("RECIPIENT") == true)
        #expect(dry.stdoutLines.last == "Dry run: nothing was sent.")
        let addresses = try folder.read("data/signups.csv").split(separator: "\n").dropFirst().map {
            String($0.split(separator: ",")[1])
        }
        #expect(addresses.count == 14)
        let sent = try succeed(["notices", "send", "--json", "--now", "2022-02-02T18:10:00Z"] + relay, in: folder)
        #expect(try readJSON(sent.stdout, "d['sent']", "d['skipped_already_sent']") == ["11", "0"])
        let received = try sink.received()
        #expect(received.count == 11)
        #expect(Set(received.map(\.messageID)).count == 11, "each notice once")
        #expect(received.allSatisfy { $0.rcptTos.count == 1 })

        let list = try succeed(["notices", "list", "--now", "2022-02-02T18:10:00Z"], in: folder)
        #expect(list.stdoutLines.count == 12)
        let listed = try succeed(["notices", "list", "--json"], in: folder)
        #expect(
            try readJSON(listed.stdout, "sorted(d['notices'][0])", "len(d['notices'])")
                == ["['batch', 'kind', 'language', 'person', 'queued_at', 'state']", "11"])
        let notify = try succeed(
            ["release", "notify", "partners", "--json", "--now", "2022-02-02T18:10:00Z"], in: folder)
        #expect(try readJSON(notify.stdout, "sorted(d)", "d['partners']") == ["['notices', 'partners', 'wave']", "[]"])
        try succeed(["calendar", "--now", "2022-02-02T18:10:00Z"], in: folder)
        for output in [
            select.stdout, dry.stdout, sent.stdout, list.stdout, listed.stdout,
            try folder.read("calendar/workshops.ics"),
            try folder.read("calendar/program.ics"),
        ] {
            #expect(addresses.allSatisfy { !output.contains($0) }, "a notice names people, never their address")
        }
    }

    @Test(arguments: [["notices"], ["notices", "list"], ["notices", "send"], ["release", "notify"]])
    func everyCommandHasAnAbstractDiscussionAndExamples(command: [String]) throws {
        let help = try Processes.cohort(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("cohort \(command.joined(separator: " "))"))
    }
}
