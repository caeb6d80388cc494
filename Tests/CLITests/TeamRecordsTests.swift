import CohortTestSupport
import Foundation
import Testing

/// A team on one set of records: several `cohort` processes at once against a real PostgreSQL 15
/// (and SQLite where one machine is enough), each as a person would run it.
@Suite("Team records", .serialized)
struct TeamRecordsTests {
    static let now = "2022-03-15T00:00:00Z"
    static let team = Repository.root.appendingPathComponent("Tests/Support/team")

    /// A fresh database on the test run's server, as the URL a workspace is given.
    static func database() throws -> (url: String, name: String) {
        let server = try PostgresServer.shared
        let name = try server.newDatabase()
        return (server.socketURL(database: name), name)
    }

    /// Rows of `sql` in a store: psql for PostgreSQL, Python's sqlite3 for the workspace's file.
    static func query(_ sql: String, database: String?, workspace: TemporaryFolder) throws -> [String] {
        if let database {
            let result = try PostgresServer.shared.psql(sql, database: database)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdoutLines
        }
        let result = try Processes.python(
            "import sqlite3, sys\nfor row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print('|'.join(map(str, row)))",
            [workspace.path(".cohort/state.sqlite"), sql])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdoutLines
    }

    static func feedbackCSV(_ ids: [String]) -> String {
        "id,source,received_at,author,text,theme\n"
            + ids.map { "\($0),talk-page,2022-02-02T10:00:00Z,Someone,Comment \($0) about the dashboard,access\n" }
            .joined()
    }

    @Test func twoJudgesCodeTwoHundredItemsAtOnceBlindAndAgreeAsInSQLite() throws {
        let workspace = try TemporaryFolder.workspace()
        let (url, _) = try Self.database()
        let environment = ["COHORT_DATABASE_URL": url, "COHORT": Processes.cohortBinary.path, "NOW": Self.now]
        try workspace.write("feedback.csv", Self.feedbackCSV((1...200).map { String(format: "fb-%03d", $0) }))
        let imported = try Processes.cohort(
            ["feedback", "import", "feedback.csv", "--now", Self.now], in: workspace.url, environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")

        let judges = try [("amara", "jonas"), ("jonas", "amara")].map { judge, other in
            try Spawned(
                "/bin/bash", [Self.team.appendingPathComponent("judge.sh").path, judge, other], in: workspace.url,
                environment: environment)
        }
        let results = judges.map { $0.wait() }
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("coded=200 leaks=0"), "\(result.stdout)")
        }

        let agreement = try Processes.cohort(
            ["feedback", "agreement", "--json"], in: workspace.url, environment: environment)
        #expect(agreement.status == 0, "\(agreement.stderr)")
        #expect(agreement.stdout.contains("\"items\" : 200"))

        // The same codes, imported into a SQLite workspace, give the same agreement to the digit.
        let codes = try ["amara", "jonas"].map { try workspace.read("codes-\($0).csv") }.joined()
        let local = try TemporaryFolder.workspace()
        try local.write("feedback.csv", try workspace.read("feedback.csv"))
        try local.write("codes.csv", "item_id,judge,category,theme\n" + codes)
        for arguments in [["feedback", "import", "feedback.csv"], ["feedback", "import-codes", "codes.csv"]] {
            let result = try Processes.cohort(arguments + ["--now", Self.now], in: local.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let sqlite = try Processes.cohort(["feedback", "agreement", "--json"], in: local.url)
        #expect(sqlite.stdout == agreement.stdout)
    }

    @Test(arguments: ["postgres", "sqlite"]) func eightProcessesWritingAtOnceLoseNothing(_ backend: String) throws {
        let workspace = try TemporaryFolder.workspace()
        let database = backend == "postgres" ? try Self.database() : nil
        var environment = ["COHORT": Processes.cohortBinary.path, "NOW": Self.now]
        if let database { environment["COHORT_DATABASE_URL"] = database.url }
        let items = (0..<8).flatMap { p in stride(from: 0, to: 100, by: 3).map { "fb-\(p)-\($0)" } }
        try workspace.write("feedback.csv", Self.feedbackCSV(items))
        let imported = try Processes.cohort(
            ["feedback", "import", "feedback.csv", "--now", Self.now], in: workspace.url, environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")

        let writers = try (0..<8).map { p in
            try Spawned(
                "/bin/bash", [Self.team.appendingPathComponent("mixed.sh").path, String(p)], in: workspace.url,
                environment: environment)
        }
        for result in writers.map({ $0.wait() }) {
            // 75 is retried by the script; anything else, a trap above all, fails it.
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("done=100"), "\(result.stdout)")
        }
        let name = database?.name
        let codes = try Self.query(
            "SELECT item_id FROM feedback_code ORDER BY item_id", database: name, workspace: workspace)
        #expect(codes == items.sorted())
        let signups = try Self.query("SELECT username FROM pilot_signup", database: name, workspace: workspace)
        let expectedSignups = (0..<8).flatMap { p in stride(from: 1, to: 100, by: 3).map { "u-\(p)-\($0)" } }
        #expect(Set(signups) == Set(expectedSignups) && signups.count == expectedSignups.count)
        let partners = try Self.query("SELECT id FROM partner", database: name, workspace: workspace)
        let expectedPartners = (0..<8).flatMap { p in stride(from: 2, to: 100, by: 3).map { "p-\(p)-\($0)" } }
        #expect(Set(partners) == Set(expectedPartners) && partners.count == expectedPartners.count)
        // Every decision is in the audit log too: one entry per sign-up and per code at least.
        let audit = try Self.query("SELECT count(*) FROM audit_log", database: name, workspace: workspace)
        #expect((Int(audit.first ?? "") ?? 0) >= items.count + expectedSignups.count)
    }

    @Test func aLockHeldTooLongEndsInExit75OnPostgres() throws {
        let workspace = try TemporaryFolder.workspace()
        let (url, name) = try Self.database()
        let environment = ["COHORT_DATABASE_URL": url, "COHORT_LOCK_TIMEOUT": "1"]
        #expect(try Processes.cohort(["status"], in: workspace.url, environment: environment).status == 0)
        let server = try PostgresServer.shared
        let holder = try Spawned(
            "/usr/lib/postgresql/15/bin/psql",
            [
                "-X", "-q", "-h", server.folder, "-p", String(server.port), "-U", "postgres", "-d", name, "-c",
                "BEGIN; LOCK TABLE pilot_signup IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(6); COMMIT;",
            ])
        Thread.sleep(forTimeInterval: 1)
        try workspace.write(
            "signups.csv",
            try String(contentsOf: Repository.root.appendingPathComponent("data/signups.csv"), encoding: .utf8))
        let result = try Processes.cohort(
            ["pilot", "import", "signups.csv", "--now", Self.now], in: workspace.url, environment: environment)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("another cohort command is writing; try again"))
        #expect(holder.wait().status == 0)
        let after = try Processes.cohort(
            ["pilot", "import", "signups.csv", "--now", Self.now], in: workspace.url, environment: environment)
        #expect(after.status == 0, "\(after.stderr)")
    }

    @Test func aLockHeldTooLongEndsInExit75OnSQLite() throws {
        let workspace = try TemporaryFolder.workspace()
        #expect(try Processes.cohort(["pilot", "select", "--now", Self.now], in: workspace.url).status == 0)
        let python = ProcessInfo.processInfo.environment["COHORT_PYTHON"] ?? "python3"
        let holder = try Spawned(
            "/usr/bin/env",
            [
                python, "-c",
                "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None); db.execute('BEGIN IMMEDIATE'); time.sleep(13); db.execute('COMMIT')",
                workspace.path(".cohort/state.sqlite"),
            ])
        Thread.sleep(forTimeInterval: 1)
        let result = try Processes.cohort(["pilot", "select", "--now", Self.now], in: workspace.url)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("another cohort command is writing; try again"))
        #expect(holder.wait().status == 0)
    }

    @Test func fourSendersOnTwoMachinesDeliverEachMessageAtMostOnce() throws {
        let first = try SendCommandTests.workspace(recipients: 1000)
        let second = try TemporaryFolder.workspace()
        let templates = ["mail.txt", "mail.html", "meta.wiki", "blog.html"].map { "templates/\($0).mustache" }
        for path in ["cohort.yaml", "announcements/bulk.md"] + templates {
            try second.write(path, try first.read(path))
        }
        let (url, name) = try Self.database()
        let sink = try SMTPSink()
        let senders = try [first, first, second, second].map { folder in
            try Spawned(
                Processes.cohortBinary.path,
                ["announce", "send", "bulk", "--smtp-url", sink.url, "--use-tls", "none", "--json", "--now", Self.now],
                in: folder.url, environment: ["COHORT_DATABASE_URL": url])
        }
        let results = senders.map { $0.wait() }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let received = try sink.received()
        let ids = received.map(\.messageID)
        #expect(Set(ids).count == ids.count, "a message was delivered twice")
        #expect(ids.count == 1000)
        #expect(Set(received.flatMap(\.rcptTos)).count == 1000)
        let states = try Self.query(
            "SELECT state, count(*) FROM outbox GROUP BY state", database: name, workspace: first)
        #expect(states == ["sent|1000"])
    }
}
