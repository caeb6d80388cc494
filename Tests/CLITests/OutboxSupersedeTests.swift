import CohortTestSupport
import Foundation
import Testing

/// A message whose source changed while it waited is never sent: a rescheduled or cancelled
/// workshop's older invitation is superseded by the newer one.
@Suite struct OutboxSupersedeTests {
    @Test func aRescheduleSupersedesTheOlderInvitationStillQueued() throws {
        let folder = try workspaceWithInvitations(["ameliaK", "ravi.p"])
        try succeed(
            ["workshop", "reschedule", "1", "--start", "2022-02-04T17:00:00Z", "--now", "2022-02-02T20:00:00Z"],
            in: folder)
        let sink = try SMTPSink()
        let relay = ["--smtp-url", sink.url, "--use-tls", "none", "--json"]
        let old = try succeed(["outbox", "send", "invite:1:0", "--now", "2022-02-02T20:05:00Z"] + relay, in: folder)
        #expect(try readJSON(old.stdout, "d['sent']") == ["0"])
        #expect(try sink.received().isEmpty, "the older invitation is never sent")
        let list = try succeed(["outbox", "list", "--json"], in: folder)
        #expect(
            try readJSON(
                list.stdout, "[(b['batch'], b['counts']) for b in d['batches'] if b['batch'].startswith('invite:')]")
                == ["[('invite:1:0', {'superseded': 2}), ('invite:1:1', {'pending': 2})]"])
        try succeed(["workshop", "send", "1", "--now", "2022-02-02T20:10:00Z"] + relay, in: folder)
        let cancelled = try succeed(
            ["workshop", "cancel", "1", "--reason", "a clash", "--now", "2022-02-02T21:00:00Z"], in: folder)
        #expect(cancelled.status == 0)
        try succeed(["workshop", "send", "1", "--now", "2022-02-02T21:05:00Z"] + relay, in: folder)
        let subjects = try sink.received().compactMap(\.subject)
        #expect(subjects.filter { $0.hasPrefix("Updated: ") }.count == 2)
        #expect(subjects.filter { $0.hasPrefix("Cancelled: ") }.count == 2)
        #expect(!subjects.contains { $0.hasPrefix("Invitation: ") })
    }

    @Test func anAnnouncementBatchFollowsItsSourceUntilTheMailGoesOut() throws {
        let sink = try SMTPSink()
        let folder = try SendCommandTests.workspace(recipients: 2)
        let refused = try Processes.cohort(
            [
                "announce", "send", "bulk", "--smtp-url", "smtp://127.0.0.1:9", "--use-tls", "none", "--max-attempts",
                "1",
                "--retry-delay", "0", "--now", "2022-03-01T10:00:00Z",
            ], in: folder.url)
        #expect(refused.status == 75, "the relay is down: queued, not sent")
        try folder.write(
            "announcements/bulk.md",
            try folder.read("announcements/bulk.md").replacingOccurrences(of: "Hello.", with: "Hello again."))
        try SendCommandTests.render(folder)
        let sent = try Processes.cohort(
            [
                "outbox", "send", "announce:bulk", "--smtp-url", sink.url, "--use-tls", "none", "--now",
                "2022-03-01T11:00:00Z",
            ],
            in: folder.url)
        #expect(sent.status == 0, "\(sent.stderr)")
        let received = try sink.received()
        #expect(received.count == 2)
    }
}
