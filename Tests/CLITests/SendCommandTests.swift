import CohortTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `cohort announce send` against a real SMTP server on 127.0.0.1 (aiosmtpd), no mock transport.
@Suite struct SendCommandTests {
    /// A workspace whose `bulk` announcement goes by mail to `count` personal addresses, and the
    /// example's outcome announcement.
    static func workspace(recipients count: Int, extraMailConfiguration: String = "") throws -> TemporaryFolder {
        let folder = try TemporaryFolder.workspace()
        for (path, text) in [
            ("templates/mail.txt.mustache", "{{announcement.title}}\n\n{{{body}}}\n"),
            ("templates/mail.html.mustache", "<p>{{announcement.title}}</p>\n{{{body}}}\n"),
            ("templates/meta.wiki.mustache", "{{{body}}}\n"), ("templates/blog.html.mustache", "{{{body}}}\n"),
        ] {
            try folder.write(path, text)
        }
        let addresses = (1...max(count, 1)).map { String(format: "person%04d@example.net", $0) }
        try folder.write(
            "announcements/bulk.md",
            """
            ---
            title: Bulk update
            kind: update
            date: 2022-03-01
            channels: [mail]
            mail:
              to: [\(addresses.prefix(count).joined(separator: ", "))]
            ---
            Hello.

            """)
        if !extraMailConfiguration.isEmpty {
            let configuration = try folder.read("cohort.yaml").replacingOccurrences(
                of: "    reply_to: equity-landscape@example.org\n",
                with: "    reply_to: equity-landscape@example.org\n" + extraMailConfiguration)
            try folder.write("cohort.yaml", configuration)
        }
        return folder
    }

    static func send(
        _ slug: String, _ sink: SMTPSink, in folder: TemporaryFolder, _ extra: [String] = [],
        environment: [String: String] = [:]
    ) throws -> ProcessResult {
        try Processes.cohort(
            ["announce", "send", slug, "--smtp-url", sink.url, "--use-tls", "none", "--json"] + extra, in: folder.url,
            environment: environment)
    }

    static func summary(_ result: ProcessResult) throws -> [String: Int] {
        let read = try Processes.python(
            "import json,sys; d=json.load(sys.stdin); print(' '.join(f'{k}={v}' for k,v in sorted(d.items())))",
            input: result.stdout)
        var values: [String: Int] = [:]
        for pair in read.stdout.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=")
            values[String(parts[0])] = Int(parts[1])
        }
        return values
    }

    static func log(_ slug: String, in folder: TemporaryFolder) throws -> [String: String] {
        let result = try Processes.cohort(["announce", "log", slug, "--json"], in: folder.url)
        let read = try Processes.python(
            "import json,sys\nfor d in json.load(sys.stdin)['deliveries']: print(d['recipient'], d['state'])",
            input: result.stdout)
        var states: [String: String] = [:]
        for line in read.stdoutLines {
            let parts = line.split(separator: " ")
            states[String(parts[0])] = String(parts[1])
        }
        return states
    }

    @Test func theOutcomeMailReachesEachListOnceAndASecondRunSendsNothing() throws {
        let sink = try SMTPSink()
        let folder = try Self.workspace(recipients: 1)
        for file in ["announcements/2022-06-outcome.md"] {
            try folder.write(
                file, try String(contentsOf: Repository.root.appendingPathComponent(file), encoding: .utf8))
        }
        for file in [
            "templates/meta.wiki.mustache", "templates/blog.html.mustache", "templates/mail.txt.mustache",
            "templates/mail.html.mustache", "templates/partials/signature.mustache",
        ] {
            try folder.write(
                file, try String(contentsOf: Repository.root.appendingPathComponent(file), encoding: .utf8))
        }
        // The example's Diff post lives on no blog these tests reach: the link is allowed as planned.
        let first = try Self.send("2022-06-outcome", sink, in: folder, ["--allow-unpublished-link"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.summary(first)["sent"] == 2)
        let received = try sink.received()
        #expect(received.map(\.rcptTos) == [["movement-data@lists.example.org"], ["affiliates@lists.example.org"]])
        #expect(Set(received.map(\.messageID)).count == 2)
        #expect(received.first?.subject == "Outcome: Equity Landscape pilot & consultation 2022")

        let second = try Self.send("2022-06-outcome", sink, in: folder, ["--allow-unpublished-link"])
        #expect(second.status == 0)
        let summary = try Self.summary(second)
        #expect(summary["sent"] == 0)
        #expect(summary["skipped_already_sent"] == 2)
        #expect(try sink.received().count == 2)
        #expect(try Self.log("2022-06-outcome", in: folder).values.allSatisfy { $0 == "sent" })
    }

    @Test func dryRunSendsNothing() throws {
        let sink = try SMTPSink()
        let folder = try Self.workspace(recipients: 3)
        let result = try Self.send("bulk", sink, in: folder, ["--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("person0003@example.net"))
        #expect(try sink.received().isEmpty)
        #expect(try Self.log("bulk", in: folder).isEmpty)
    }

    @Test func aTestCopyGoesToOneAddressAndIsNotRecordedAsSent() throws {
        let sink = try SMTPSink()
        let folder = try Self.workspace(recipients: 3)
        let result = try Self.send("bulk", sink, in: folder, ["--test-to", "me@example.org"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sink.received().map(\.rcptTos) == [["me@example.org"]])
        #expect(try Self.log("bulk", in: folder).isEmpty)
    }

    @Test func aPermanentRefusalIsRecordedAndTheRestAreDelivered() throws {
        let sink = try SMTPSink(["--reject", "person0002@example.net"])
        let folder = try Self.workspace(recipients: 4)
        let result = try Self.send("bulk", sink, in: folder)
        #expect(result.status == 1)
        let summary = try Self.summary(result)
        #expect(summary["sent"] == 3)
        #expect(summary["failed_permanent"] == 1)
        #expect(try Self.log("bulk", in: folder)["person0002@example.net"] == "failed-permanent")
        let human = try Processes.cohort(["announce", "log", "bulk"], in: folder.url)
        #expect(human.stdout.contains("550 5.1.1 <person0002@example.net>: mailbox unavailable"))
        #expect(try sink.received().count == 3)
    }

    @Test func temporaryFailuresAndDroppedConnectionsEndWithEverythingDeliveredExactlyOnce() throws {
        let sink = try SMTPSink(["--fail-percent", "10", "--drop-every", "97"])
        let folder = try Self.workspace(recipients: 1000)
        let result = try Self.send("bulk", sink, in: folder, ["--retry-delay", "0.01", "--max-attempts", "6"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.summary(result)["sent"] == 1000)
        let received = try sink.received()
        #expect(received.count == 1000)
        #expect(Set(received.map(\.messageID)).count == 1000, "no message arrived twice")
    }

    @Test func killedSendsNeverDeliverTwiceAndResumeWithUnknownsReported() throws {
        let sink = try SMTPSink()
        let folder = try Self.workspace(recipients: 1000)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4 {
            let process = Process()
            process.executableURL = Processes.cohortBinary
            process.arguments = ["announce", "send", "bulk", "--smtp-url", sink.url, "--use-tls", "none", "--json"]
            process.currentDirectoryURL = folder.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.3...1.2, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let resume = try Self.send("bulk", sink, in: folder)
        let received = try sink.received()
        #expect(
            Set(received.map(\.messageID)).count == received.count, "the server received each Message-ID at most once")
        let delivered = Set(received.flatMap(\.rcptTos))
        let states = try Self.log("bulk", in: folder)
        #expect(states.count == 1000)
        for (recipient, state) in states {
            #expect(
                delivered.contains(recipient) || state == "unknown",
                "\(recipient) is \(state) but was not received")
        }
        let unknown = states.values.filter { $0 == "unknown" }.count
        #expect(try Self.summary(resume)["unknown"] == unknown)
        #expect(resume.status == (unknown > 0 ? 1 : 0))
    }

    @Test func theRelayPasswordNeverAppearsInOutputLogsOrTheDatabase() throws {
        let canary = "canary-3f9c1d7e-password"
        let sink = try SMTPSink(["--user", "relay-user", "--password", canary])
        let folder = try Self.workspace(recipients: 2)
        let environment = [
            "COHORT_SMTP_USER": "relay-user", "COHORT_SMTP_PASSWORD": canary, "COHORT_LOG_LEVEL": "trace",
        ]
        let result = try Self.send("bulk", sink, in: folder, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sink.received().allSatisfy { $0.auth != nil })
        let log = try Processes.cohort(["announce", "log", "bulk"], in: folder.url, environment: environment)
        for output in [result.stdout, result.stderr, log.stdout, log.stderr] {
            #expect(!output.contains(canary))
        }
        for file in [".cohort/state.sqlite", ".cohort/state.sqlite-wal"] where folder.exists(file) {
            let bytes = try Data(contentsOf: folder.url.appendingPathComponent(file))
            #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(file) holds the password")
        }

        let wrong = try Self.send(
            "bulk", sink, in: try Self.workspace(recipients: 1),
            environment: ["COHORT_SMTP_USER": "relay-user", "COHORT_SMTP_PASSWORD": "wrong"])
        #expect(wrong.status == 1)
        #expect(!wrong.stdout.contains("wrong") || !wrong.stdout.contains("password"))
    }

    @Test func aCredentialsFileMustBePrivate() throws {
        let sink = try SMTPSink(["--user", "relay-user", "--password", "s3cret"])
        let folder = try Self.workspace(recipients: 1)
        try folder.write(".cohort/smtp-credentials", "user=relay-user\npassword=s3cret\n")
        chmod(folder.path(".cohort/smtp-credentials"), 0o644)
        let refused = try Self.send("bulk", sink, in: folder)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("is readable by others (mode 644); run chmod 600"))
        #expect(try sink.received().isEmpty)
        chmod(folder.path(".cohort/smtp-credentials"), 0o600)
        let sent = try Self.send("bulk", sink, in: folder)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try sink.received().count == 1)
    }

    @Test func aPasswordIsNeverSentInTheClearToAnotherHost() throws {
        let folder = try Self.workspace(recipients: 1)
        let result = try Processes.cohort(
            ["announce", "send", "bulk", "--smtp-url", "smtp://relay.example.org:25", "--use-tls", "none"],
            in: folder.url, environment: ["COHORT_SMTP_USER": "u", "COHORT_SMTP_PASSWORD": "p"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("refusing to send a password to relay.example.org without TLS"))
    }

    @Test func anUnpublishedBlogLinkIsRefusedUnlessAllowed() throws {
        let sink = try SMTPSink()
        let folder = try Self.workspace(recipients: 1)
        try folder.write(
            "announcements/draft.md",
            "---\ntitle: Draft\nkind: update\ndate: 2022-03-01\nchannels: [blog, mail]\nblog:\n  url: https://diff.example.org/draft/\nmail:\n  to: [movement-data]\n---\nBody.\n"
        )
        let refused = try Self.send("draft", sink, in: folder)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("not published yet"))
        let allowed = try Self.send("draft", sink, in: folder, ["--allow-unpublished-link"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try sink.received().count == 1)
    }

    @Test func aRelayThatIsDownIsATemporaryFailure() throws {
        let folder = try Self.workspace(recipients: 1)
        let result = try Processes.cohort(
            [
                "announce", "send", "bulk", "--smtp-url", "smtp://127.0.0.1:9", "--use-tls", "none", "--max-attempts",
                "1",
                "--json",
            ], in: folder.url)
        #expect(result.status == 75)
        #expect(try Self.summary(result)["failed_temporary"] == 1)
    }
}
