import CohortCore
import CohortStore
import CohortTestSupport
import Foundation
import Testing

/// Looking changes nothing: every command that reads, found in the command tree itself (so a new
/// one is covered without anyone listing it), run at a `--now` a year past the records over a
/// workspace with open offers, due items and pending notices, leaves every table's rows as they
/// were, on SQLite and on PostgreSQL. A command that decides takes `--by` (`DecidingOptions`);
/// it is walked only in its `--dry-run` form, which must record nothing either.
@Suite("View purity", .serialized)
struct ViewPurityTests {
    /// A year after the example's records: every offer has lapsed, every item is overdue.
    static let future = "2023-07-01T00:00:00Z"

    /// One leaf of the command tree: its path, its long option names, and what it requires.
    struct Leaf: CustomStringConvertible {
        var path: [String]
        var options: Set<String>
        var required: [String]
        var description: String { "cohort " + path.joined(separator: " ") }
    }

    /// Every leaf command, from `--experimental-dump-help`.
    static func leaves() throws -> [Leaf] {
        let dump = try Processes.cohort(["--experimental-dump-help"])
        let read = try Processes.python(
            """
            import json, sys
            d = json.load(sys.stdin)
            def walk(c, path):
                subs = c.get('subcommands') or []
                if path and not subs:
                    options, required = set(), []
                    for a in c.get('arguments') or []:
                        longs = [n['name'] for n in a.get('names') or [] if n['kind'] == 'long']
                        options.update(longs)
                        if not a.get('isOptional') and a['kind'] != 'flag':
                            required.append(longs[0] if longs and a['kind'] == 'option' else a.get('valueName', '?'))
                    print(' '.join(path) + '|' + ','.join(sorted(options)) + '|' + ','.join(required))
                for s in subs:
                    walk(s, path + [s['commandName']])
            walk(d['command'], [])
            """, input: dump.stdout)
        return read.stdoutLines.map { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return Leaf(
                path: parts[0].split(separator: " ").map(String.init),
                options: Set(parts[1].split(separator: ",").map(String.init)),
                required: parts[2].split(separator: ",").map(String.init))
        }
    }

    /// Commands that are neither views nor decisions about the records: they make files (and
    /// `build`/`calendar` remember the calendars' SEQUENCE numbers), or another workspace.
    static let makers: [String: String] = [
        "init": "makes a new workspace",
        "build": "writes the rendered outputs and calendars",
        "calendar": "writes calendar/*.ics and remembers each event's SEQUENCE",
        "announce new": "writes a new announcement source",
        "announce render": "writes an announcement's renderings",
        "announce follow-up": "writes a follow-up announcement source",
        "records copy": "copies the records into another, empty, database",
        "feedback serve": "serves the coding page until stopped",
        "help": "prints help",
    ]

    /// What each command that needs arguments is given, in the example workspace.
    static let arguments: [String: [String]] = [
        "announce show": ["2022-06-outcome", "--channel", "meta"],
        "announce lint": ["2022-06-outcome"],
        "announce log": ["2022-06-outcome"],
        "announce status": ["2022-06-outcome"],
        "announce send": ["2022-06-outcome"],
        "announce publish": ["2022-06-outcome", "--channel", "meta"],
        "announce release": ["2022-06-outcome"],
        "outbox send": ["notice:withdrawn:lena.w"],
        "workshop slots": ["--count", "2"],
        "partner show": ["wm-ke"],
        "release explain": ["public"],
        "timeline show": [],
        "timeline done": ["coding-complete"],
        "workshop send": ["1"],
        "talk questions": [],
        "feedback next": ["--judge", "amara"],
        "feedback export": ["--format", "qdc", "--out", "walk.qdc"],
    ]

    /// The example's records replayed, then a withdrawal that leaves an offer open and notices
    /// queued, partners with items due.
    static func workspace(database: String?) throws -> (TemporaryFolder, [String: String]) {
        // Logins a dry run may look for; no server answers on them.
        var environment = ["COHORT_META_TOKEN": "walk", "COHORT_BLOG_USER": "walk", "COHORT_BLOG_PASSWORD": "walk"]
        if let database { environment["COHORT_DATABASE_URL"] = database }
        let folder = try AnnounceCommandTests.exampleCopy()
        let codebook = try Data(contentsOf: Repository.root.appendingPathComponent("codebook.yaml"))
        try folder.write("codebook.yaml", String(decoding: codebook, as: UTF8.self))
        let script = Repository.root.appendingPathComponent("Scripts/example-records")
        let replay = try Processes.run(
            script, ["--cohort", Processes.cohortBinary.path, folder.url.path], environment: environment)
        #expect(replay.status == 0, "Scripts/example-records: \(replay.stderr)")
        let withdraw = try Processes.cohort(
            ["pilot", "withdraw", "lena.w", "--reason", "moving", "--by", "Rosa", "--now", "2022-06-20T00:00:00Z"],
            in: folder.url, environment: environment)
        #expect(withdraw.status == 0, "\(withdraw.stderr)")
        return (folder, environment)
    }

    /// The command lines the walk runs: each view plain and in JSON, each decision's dry run.
    static func commandLines() throws -> [[String]] {
        var lines: [[String]] = []
        for leaf in try leaves() {
            let name = leaf.path.joined(separator: " ")
            if makers[name] != nil || leaf.path.last == "help" { continue }
            let deciding = leaf.options.contains("by")
            if deciding, !leaf.options.contains("dry-run") { continue }
            guard leaf.required.isEmpty || arguments[name] != nil else {
                Issue.record(
                    "\(leaf) needs \(leaf.required.joined(separator: ", ")): add its arguments to ViewPurityTests.arguments"
                )
                continue
            }
            let base = leaf.path + (arguments[name] ?? []) + (deciding ? ["--dry-run"] : []) + ["--now", future]
            lines.append(base)
            if leaf.options.contains("json") { lines.append(base + ["--json"]) }
        }
        return lines
    }

    static func digests(_ folder: TemporaryFolder, database: String?) throws -> [RecordCopyReport.Table] {
        let location: RecordStoreLocation =
            if let database {
                .postgres(try PostgresLocation(url: database, source: "test", environment: [:]))
            } else {
                .sqlite(folder.url.appendingPathComponent(".cohort/state.sqlite"))
            }
        return try location.open().tableDigests()
    }

    static func walk(database: String?) throws {
        let (folder, environment) = try workspace(database: database)
        let before = try digests(folder, database: database)
        #expect(before.first { $0.table == "audit_log" }.map(\.rows) ?? 0 > 20)
        let lines = try commandLines()
        #expect(lines.count > 40, "the walk: \(lines)")
        for line in lines {
            let result = try Processes.cohort(line, in: folder.url, environment: environment)
            // A view may find problems (65) or a server it needs away (75); usage errors mean the
            // walk gave it the wrong arguments, and then it proved nothing.
            #expect(
                [0, 65, 75, 4].contains(result.status),
                "cohort \(line.joined(separator: " ")) exited \(result.status): \(result.stderr)")
            let after = try digests(folder, database: database)
            for (was, now) in zip(before, after) where was != now {
                Issue.record(
                    "cohort \(line.joined(separator: " ")) changed \(was.table): \(was.rows) rows → \(now.rows)")
            }
            if before != after { return }
        }
    }

    @Test func everyViewAYearAheadLeavesEveryTableUnchangedInSQLite() throws {
        try Self.walk(database: nil)
    }

    @Test func everyViewAYearAheadLeavesEveryTableUnchangedInPostgreSQL() throws {
        let server = try PostgresServer.shared
        try Self.walk(database: server.socketURL(database: try server.newDatabase()))
    }
}
