import CohortTestSupport
import Foundation
import Testing

/// The relay's login: never in clear to another machine (whatever its name looks like), never in a
/// URL, and a refused login leaves every message queued for a run that has the right one.
@Suite struct MailSafetyTests {
    @Test(arguments: ["smtp://127.attacker.example:25", "smtp://127.0.0.1.attacker.example:25", "smtp://0x7f.0.0.1:25"])
    func aNameThatLooksLikeLoopbackIsAnotherMachine(url: String) throws {
        let folder = try SendCommandTests.workspace(recipients: 1)
        let host = try #require(URL(string: url)?.host)
        try refused(
            ["announce", "send", "bulk", "--smtp-url", url, "--use-tls", "none", "--now", "2022-03-01T00:00:00Z"],
            in: folder, status: 64,
            stderr: [
                "cohort: refusing to send a password to \(host) without TLS; set channels.mail.smtp.use_tls to required"
            ], environment: ["COHORT_SMTP_USER": "u", "COHORT_SMTP_PASSWORD": "p"])
    }

    @Test func aLoginInTheRelayURLIsRefusedAndSaysWhereItGoes() throws {
        let folder = try SendCommandTests.workspace(recipients: 1)
        let result = try refused(
            [
                "announce", "send", "bulk", "--smtp-url", "smtp://relay-user:hunter2@127.0.0.1:2525", "--use-tls",
                "none",
            ],
            in: folder, status: 64,
            stderr: [
                "cohort: --smtp-url \"smtp://relay-user:****@127.0.0.1:2525\" carries a login (user:password@); remove it and give the login in COHORT_SMTP_USER and COHORT_SMTP_PASSWORD, or in .cohort/smtp-credentials (user= and password= lines, mode 0600); nothing was sent"
            ])
        #expect(!result.stderr.contains("hunter2"))
        let configured = try folder.read("cohort.yaml").replacingOccurrences(
            of: "    reply_to: equity-landscape@example.org\n",
            with:
                "    reply_to: equity-landscape@example.org\n    smtp:\n      url: smtp://relay-user:hunter2@relay.example.org\n"
        )
        try folder.write("cohort.yaml", configured)
        let line =
            try #require(
                configured.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0.contains("hunter2")
                }) + 1
        try refused(
            ["status", "--now", "2022-03-01T00:00:00Z"], in: folder, status: 64,
            stderr: [
                "cohort.yaml:\(line):12: channels.mail.smtp.url \"smtp://relay-user:****@relay.example.org\" carries a login (user:password@); remove it and give the login in COHORT_SMTP_USER and COHORT_SMTP_PASSWORD, or in .cohort/smtp-credentials (user= and password= lines, mode 0600)",
                "cohort: 1 problem found; nothing was changed",
            ])
    }

    @Test func aRefusedLoginStopsTheRunAndLeavesEveryMessageQueued() throws {
        let sink = try SMTPSink(["--user", "relay-user", "--password", "right"])
        let folder = try SendCommandTests.workspace(recipients: 3)
        let wrong = try SendCommandTests.send(
            "bulk", sink, in: folder, ["--now", "2022-03-01T00:00:00Z"],
            environment: ["COHORT_SMTP_USER": "relay-user", "COHORT_SMTP_PASSWORD": "wrong"])
        #expect(wrong.status == 1)
        #expect(
            wrong.stderrLines.last?.hasPrefix("cohort: the relay refused the login (535") == true, "\(wrong.stderr)")
        #expect(
            wrong.stderrLines.last?.hasSuffix(
                "nothing was sent and 3 messages stay queued; check COHORT_SMTP_USER and COHORT_SMTP_PASSWORD (or .cohort/smtp-credentials), then send again"
            ) == true)
        #expect(try sink.received().isEmpty)
        #expect(Set(try SendCommandTests.log("bulk", in: folder).values) == ["pending"])
        let right = try SendCommandTests.send(
            "bulk", sink, in: folder, ["--now", "2022-03-01T00:01:00Z"],
            environment: ["COHORT_SMTP_USER": "relay-user", "COHORT_SMTP_PASSWORD": "right"])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(try SendCommandTests.summary(right)["sent"] == 3)
        #expect(try sink.received().count == 3)
    }

    @Test func failedMessagesAreQueuedAgainOnlyOnPurpose() throws {
        let rejecting = try SMTPSink(["--reject", "person0002@example.net"])
        let folder = try SendCommandTests.workspace(recipients: 3)
        let first = try SendCommandTests.send("bulk", rejecting, in: folder, ["--now", "2022-03-01T00:00:00Z"])
        #expect(first.status == 1)
        #expect(try SendCommandTests.summary(first)["failed_permanent"] == 1)
        // Sending again sends nothing: a permanent failure is final until someone decides otherwise.
        let again = try SendCommandTests.send("bulk", rejecting, in: folder, ["--now", "2022-03-01T00:01:00Z"])
        #expect(try SendCommandTests.summary(again)["sent"] == 0)
        let unknownState = try Processes.cohort(
            ["outbox", "requeue", "announce:bulk", "--state", "sent", "--now", "2022-03-01T00:02:00Z"], in: folder.url)
        #expect(unknownState.status == 64)
        #expect(
            unknownState.stderrLines == [
                "cohort: --state sent cannot be queued again; give failed-permanent, failed-temporary or unknown"
            ])
        let requeued = try succeed(
            ["outbox", "requeue", "announce:bulk", "--state", "failed-permanent", "--now", "2022-03-01T00:02:00Z"],
            in: folder)
        #expect(
            requeued.stdoutLines == [
                "Queued 1 failed-permanent message of announce:bulk again; send them with `cohort outbox send announce:bulk`"
            ])
        #expect(try SendCommandTests.log("bulk", in: folder)["person0002@example.net"] == "pending")
        let accepting = try SMTPSink()
        let last = try SendCommandTests.send("bulk", accepting, in: folder, ["--now", "2022-03-01T00:03:00Z"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try accepting.received().map(\.rcptTos) == [["person0002@example.net"]])
        let audit = try Processes.python(
            "import sqlite3,sys; print([r for r in sqlite3.connect(sys.argv[1]).execute(\"select action, subject, reason from audit_log where action = 'requeue'\")])",
            [folder.path(".cohort/state.sqlite")])
        #expect(
            audit.stdoutLines == ["[('requeue', 'outbox:announce:bulk', '1 failed-permanent message queued again')]"])
    }
}

/// Several people running cohort on one workspace at once: a busy database is waited for, then
/// given up with exit 75; nothing is lost; first runs race no migrations.
@Suite(.serialized) struct BusyDatabaseTests {
    static let header = "id,source,received_at,author,text,theme\n"

    @Test func eightConcurrentFirstRunsAllSucceed() throws {
        for _ in 0..<3 {
            let folder = try TemporaryFolder.workspace()
            for writer in 0..<8 {
                try folder.write("in-\(writer).csv", Self.header + "fb-\(writer),survey,2022-02-01,a,hello,x\n")
            }
            let results = try Self.concurrently(8) { writer in
                try Processes.cohort(
                    ["feedback", "import", "in-\(writer).csv", "--now", "2022-03-01T00:00:00Z"], in: folder.url)
            }
            #expect(results.map(\.status) == Array(repeating: 0, count: 8), "\(results.map(\.stderr))")
            #expect(try Self.count("feedback_item", in: folder) == 8)
        }
    }

    @Test func eightWritersTimesAHundredLoseNothingAndFailOnlyWithSeventyFive() throws {
        let folder = try TemporaryFolder.workspace()
        let operations = 100
        let results = try Self.concurrently(8) { writer in
            var statuses: [ProcessResult] = []
            for operation in 0..<operations {
                let file = "in-\(writer)-\(operation).csv"
                try folder.write(file, Self.header + "fb-\(writer)-\(operation),survey,2022-02-01,a,hello,x\n")
                statuses.append(
                    try Processes.cohort(["feedback", "import", file, "--now", "2022-03-01T00:00:00Z"], in: folder.url))
            }
            return statuses
        }.flatMap { $0 }
        let failures = results.filter { $0.status != 0 }
        #expect(failures.allSatisfy { $0.status == 75 }, "\(failures.map(\.stderr).prefix(3))")
        for failure in failures {
            #expect(failure.stderr.contains("another cohort command is writing; try again"))
        }
        // Every operation that succeeded is kept, and only those.
        let kept = try Self.count("feedback_item", in: folder)
        #expect(kept == results.count - failures.count, "\(failures.count) failed: \(failures.map(\.stderr).prefix(3))")
        #expect(try Self.count("audit_log", in: folder) == kept)
    }

    @Test func aLockHeldTooLongIsExitSeventyFiveAndChangesNothing() throws {
        let folder = try TemporaryFolder.workspace()
        try folder.write("seed.csv", Self.header + "fb-0,survey,2022-02-01,a,hello,x\n")
        try folder.write("in.csv", Self.header + "fb-1,survey,2022-02-01,a,hello,x\n")
        try succeed(["feedback", "import", "seed.csv", "--now", "2022-03-01T00:00:00Z"], in: folder)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            ProcessInfo.processInfo.environment["COHORT_PYTHON"] ?? "python3", "-c",
            "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(14)",
            folder.path(".cohort/state.sqlite"),
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        _ = output.fileHandleForReading.readData(ofLength: 7)
        let before = try WorkspaceDump.of(folder.url)
        let started = Date()
        let result = try Processes.cohort(
            ["feedback", "import", "in.csv", "--now", "2022-03-01T00:00:00Z"], in: folder.url)
        #expect(result.status == 75)
        #expect(
            result.stderrLines.last?.hasSuffix(
                "still locked after 10 seconds; another cohort command is writing; try again (nothing was changed)")
                == true,
            "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 13, "the wait is bounded")
        holder.terminate()
        holder.waitUntilExit()
        #expect(try WorkspaceDump.of(folder.url) == before)
    }

    /// Runs `body` for `count` writers at once, each on its own thread; their results in writer order.
    static func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
        let results = Results<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { writer in
            results.set(writer, Result { try body(writer) })
        }
        return try results.values.map { try $0!.get() }
    }

    static func count(_ table: String, in folder: TemporaryFolder) throws -> Int {
        let read = try Processes.python(
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(f'select count(*) from {sys.argv[2]}').fetchone()[0])",
            [folder.path(".cohort/state.sqlite"), table])
        return Int(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

/// Results gathered from concurrent writers.
final class Results<T: Sendable>: @unchecked Sendable {
    // @unchecked: every access to `values` holds `lock`.
    private let lock = NSLock()
    private var stored: [Result<T, any Error>?]

    init(count: Int) { stored = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        stored[index] = value
        lock.unlock()
    }

    var values: [Result<T, any Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
