import CohortTestSupport
import Foundation
import Testing

/// Choosing the store (`records:`, `COHORT_DATABASE_URL`, `--database-url`), what is refused
/// before anything connects, and `records copy` of the example's records there and back.
@Suite("Records on PostgreSQL")
struct RecordsCommandTests {
    static func database() throws -> (url: String, name: String) {
        let server = try PostgresServer.shared
        let name = try server.newDatabase()
        return (server.socketURL(database: name), name)
    }

    /// A workspace with the example's program, templates and announcements, and no records.
    static func exampleWorkspace() throws -> TemporaryFolder {
        let folder = try TemporaryFolder.workspace()
        for folderName in ["templates", "announcements"] {
            let source = Repository.root.appendingPathComponent(folderName)
            let target = folder.url.appendingPathComponent(folderName)
            try FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
        }
        return folder
    }

    @Test func theExampleRecordsGoToPostgresAndBackUnchanged() throws {
        let original = try Self.exampleWorkspace()
        let replay = try Processes.run(
            URL(fileURLWithPath: "/bin/bash"),
            [
                Repository.root.appendingPathComponent("Scripts/example-records").path, "--cohort",
                Processes.cohortBinary.path, original.url.path,
            ])
        #expect(replay.status == 0, "\(replay.stderr)")
        let (url, _) = try Self.database()
        let there = try Processes.cohort(["records", "copy", "--to", url, "--json"], in: original.url)
        #expect(there.status == 0, "\(there.stderr)")
        let back = try Self.exampleWorkspace()
        let again = try Processes.cohort(
            ["records", "copy", "--to", back.path(".cohort/state.sqlite"), "--json"], in: back.url,
            environment: ["COHORT_DATABASE_URL": url])
        #expect(again.status == 0, "\(again.stderr)")
        let tables = { (result: ProcessResult) in
            try Processes.python(
                "import json,sys\nfor t in json.load(sys.stdin)['tables']: print(t['table'], t['rows'], t['hash'])",
                input: result.stdout
            ).stdoutLines
        }
        let copied = try tables(there)
        #expect(copied == (try tables(again)))
        #expect(copied.contains { $0.hasPrefix("audit_log ") && !$0.hasPrefix("audit_log 0 ") })
        // What each command reads is the same from all three stores.
        for command in [["status"], ["feedback", "agreement"], ["pilot", "list"], ["partner", "list"], ["report"]] {
            let arguments = command + ["--json", "--now", "2022-03-15T00:00:00Z"]
            let fromSQLite = try Processes.cohort(arguments, in: original.url)
            let fromPostgres = try Processes.cohort(
                arguments, in: original.url, environment: ["COHORT_DATABASE_URL": url])
            let fromCopy = try Processes.cohort(arguments, in: back.url)
            #expect(fromSQLite.status == 0, "\(command): \(fromSQLite.stderr)")
            let stripped = { (text: String) in
                text.split(separator: "\n").filter { !$0.contains("\"store\"") && !$0.contains("\"backend\"") }
            }
            #expect(stripped(fromPostgres.stdout) == stripped(fromSQLite.stdout), "\(command)")
            #expect(fromCopy.stdout == fromSQLite.stdout, "\(command)")
        }
        // A target holding records is refused, and nothing is written to it.
        let twice = try Processes.cohort(["records", "copy", "--to", url], in: original.url)
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("holds records already"))
    }

    @Test func checkAndStatusNameTheStoreInUse() throws {
        let workspace = try TemporaryFolder.workspace()
        let (url, _) = try Self.database()
        let check = try Processes.cohort(["--database-url", url, "check"], in: workspace.url)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdoutLines.last?.hasPrefix("records: PostgreSQL cohort@") == true)
        #expect(check.stdoutLines.last?.hasSuffix("(from --database-url)") == true)
        let status = try Processes.cohort(
            ["status", "--json", "--now", "2022-03-15T00:00:00Z"], in: workspace.url,
            environment: ["COHORT_DATABASE_URL": url])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(#""backend" : "postgres""#))
        #expect(status.stdout.contains("(from COHORT_DATABASE_URL)"))
        let text = try Processes.cohort(["status", "--now", "2022-03-15T00:00:00Z"], in: workspace.url)
        #expect(text.stdoutLines.contains("Store    SQLite .cohort/state.sqlite"))
    }

    @Test func recordsInCohortYAMLAreUsedAndAPasswordThereIsRefused() throws {
        let (url, _) = try Self.database()
        let workspace = try TemporaryFolder.workspace()
        let configuration = try workspace.read("cohort.yaml")
        try workspace.write("cohort.yaml", configuration + "\nrecords:\n  url: \"\(url)\"\n")
        let status = try Processes.cohort(["status", "--json", "--now", "2022-03-15T00:00:00Z"], in: workspace.url)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(#""backend" : "postgres""#))
        #expect(!workspace.exists(".cohort/state.sqlite"))

        let lines = configuration.split(separator: "\n", omittingEmptySubsequences: false).count
        try workspace.write(
            "cohort.yaml", configuration + "\nrecords:\n  url: postgres://rosa:hunter2@db.example.org/pilot\n")
        let check = try Processes.cohort(["check"], in: workspace.url)
        #expect(check.status == 65)
        #expect(check.stderr.contains("cohort.yaml:\(lines + 2):8: records.url: the URL carries a password"))
        #expect(!check.stderr.contains("hunter2") && !check.stdout.contains("hunter2"))

        try workspace.write("cohort.yaml", configuration + "\nrecords:\n  url: \(url)\n  password: hunter2\n")
        let refused = try Processes.cohort(["check"], in: workspace.url)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("cohort.yaml:\(lines + 3):3: a password does not belong in cohort.yaml"))
        #expect(!refused.stderr.contains("hunter2"))
    }

    @Test(arguments: [
        ("postgres://rosa:hunter2@db.example.org/pilot", 64, "the URL carries a password"),
        ("postgres://rosa@db.example.org/pilot?password=hunter2", 64, "the URL carries a password"),
        ("postgres://rosa@db.example.org/pilot?sslmode=disable", 64, "sslmode=disable would let the records"),
        ("postgres://rosa@db.example.org/pilot?sslmode=prefer", 64, "use sslmode=require or verify-full"),
        ("postgres://rosa:hunter2%zz@127.0.0.1/pilot", 64, "libpq cannot read this URL"),
        ("mysql://rosa@127.0.0.1/pilot", 64, "not a PostgreSQL URL"),
        ("postgres://rosa@127.0.0.1:1/pilot?connect_timeout=3", 75, "cannot be reached"),
    ])
    func aBadURLIsRefusedBeforeAnythingIsWritten(_ url: String, _ status: Int32, _ message: String) throws {
        let workspace = try TemporaryFolder.workspace()
        try workspace.write(
            "signups.csv",
            try String(contentsOf: Repository.root.appendingPathComponent("data/signups.csv"), encoding: .utf8))
        let result = try Processes.cohort(
            ["pilot", "import", "signups.csv", "--now", "2022-03-15T00:00:00Z", "--json"], in: workspace.url,
            environment: ["COHORT_DATABASE_URL": url])
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.contains(#""error""#))
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
        #expect(!workspace.exists(".cohort"), "nothing is written anywhere")
    }

    @Test func aLoginTheServerRefusesIsBadInputAndThePasswordIsNeverShown() throws {
        let server = try PostgresServer.shared
        let name = try server.newDatabase()
        let workspace = try TemporaryFolder.workspace()
        let url = server.tcpURL(database: name)
        let wrong = try Processes.cohort(
            ["status"], in: workspace.url,
            environment: ["COHORT_DATABASE_URL": url, "PGPASSWORD": "not-the-password-42", "PGPASSFILE": "/dev/null"])
        #expect(wrong.status == 64, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("refused the login"))
        #expect(!wrong.stderr.contains("not-the-password-42"))
        let none = try Processes.cohort(
            ["status"], in: workspace.url, environment: ["COHORT_DATABASE_URL": url, "PGPASSFILE": "/dev/null"])
        #expect(none.status == 64 && none.stderr.contains("asks for a password"), "\(none.stderr)")
        for environment in [
            ["COHORT_DATABASE_PASSWORD": server.password], ["PGPASSFILE": server.passfile],
            ["PGPASSWORD": server.password],
        ] {
            let right = try Processes.cohort(
                ["status", "--json", "--now", "2022-03-15T00:00:00Z"], in: workspace.url,
                environment: environment.merging(["COHORT_DATABASE_URL": url]) { $1 })
            #expect(right.status == 0, "\(environment.keys): \(right.stderr)")
            #expect(!right.stdout.contains(server.password) && !right.stderr.contains(server.password))
        }
    }
}
