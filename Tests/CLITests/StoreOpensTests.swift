import CohortTestSupport
import Foundation
import Testing

/// One unit of work per command: every command of the command tree, run on the example program's
/// records, opens them at most once (the store logs each open at debug level). A command added to
/// the tree without a line here fails the coverage check, so none is left out by forgetting.
@Suite struct StoreOpensTests {
    /// One run of each command, in an order that gives each something to act on.
    static let invocations = [
        "check", "status", "build", "calendar", "report --out report-copy.html",
        "announce new delay 2022-07-extra", "announce render", "announce lint",
        "announce show 2022-06-outcome --channel meta", "announce status", "announce log 2022-06-outcome",
        "announce approve 2022-06-outcome --by Jonas",
        "announce publish 2022-06-outcome --channel meta --dry-run", "announce send 2022-06-outcome --dry-run",
        "announce release 2022-06-outcome --dry-run", "announce follow-up 2022-01-call-for-participation",
        "pilot import data/signups.csv", "pilot set ameliaK --available yes", "pilot select", "pilot list",
        "pilot withdraw ravi.p --reason moved", "pilot accept ravi.p",
        "workshop poll import data/poll.csv", "workshop slots --count 2",
        "workshop add --title Extra --start 2022-03-20T16:00:00Z --duration 60m --capacity 5 --link https://meet.example.org/x",
        "workshop list", "workshop register 3 ameliaK", "workshop unregister 3 ameliaK --reason busy",
        "workshop attend 1 ameliaK", "workshop reschedule 3 --start 2022-03-21T16:00:00Z", "workshop invite 3",
        "workshop send 3 --dry-run", "workshop cancel 3 --reason storm",
        "timeline show", "timeline shift coding-complete --to 2022-05 --reason late",
        "timeline done coding-complete --by Rosa",
        "release plan", "release explain public", "release approve partners --by Rosa",
        "release open partners", "release pause pilot --reason audit", "release resume pilot --reason done",
        "release slip public --to 2023-H1 --reason late", "release notify pilot",
        "partner import data/partners.csv",
        "partner add ng --name Nigeria --kind affiliate --contact-email ng@example.org --time-zone Africa/Lagos --wave partners",
        "partner show wm-ke", "partner advance esap strategic-onboarding --by Rosa",
        "partner check esap account-access --by Rosa", "partner list", "partner funnel", "partner due",
        "partner remind --dry-run",
        "feedback import data/feedback.csv", "feedback import-codes data/codes.csv", "feedback next --judge amara",
        "feedback code fb-001 --judge amara --category integrate-now", "feedback agreement",
        "feedback disagreements", "feedback reconcile fb-002 --category unclear --reason discussed --by Rosa",
        "feedback clarify fb-002 --note asked", "feedback hide fb-003 --reason conduct --by Rosa",
        "feedback unhide fb-003 --reason mistake --by Rosa", "feedback report", "feedback codebook",
        "feedback export --format qdc --out export.qdc",
        "notices list", "notices send --dry-run", "outbox list",
        "outbox send notice:enrolled:ameliaK --dry-run",
        "outbox requeue notice:enrolled:ameliaK --state failed-permanent", "talk questions",
        "talk digest", "talk digest --send --dry-run", "talk reply t-1 --text hello --by Rosa",
        "records copy --to copy.sqlite", "help",
    ]

    /// Commands that run until interrupted: the coding page's server keeps one store for all its
    /// requests (the session's unit), which `CodingDeskTests` exercises in process.
    static let servers: Set<String> = ["feedback serve"]

    /// The leaf commands of `cohort`'s tree, as swift-argument-parser describes it.
    static func leaves() throws -> Set<String> {
        let result = try Processes.cohort(["--experimental-dump-help"])
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var found: Set<String> = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            if subcommands.isEmpty { found.insert(path.joined(separator: " ")) }
            for sub in subcommands { walk(sub, path + [sub["commandName"] as? String ?? "?"]) }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        return found
    }

    @Test func everyCommandOpensTheRecordsAtMostOnce() throws {
        let leaves = try Self.leaves()
        let covered = Set(
            leaves.filter { leaf in
                leaf == "init" || Self.servers.contains(leaf)
                    || Self.invocations.contains { $0 == leaf || $0.hasPrefix(leaf + " ") }
            })
        #expect(covered == leaves, "commands with no line here: \(leaves.subtracting(covered).sorted())")

        let folder = try AnnounceCommandTests.exampleCopy(replay: true)
        for name in ["signups", "poll", "partners"] {
            let data = try Data(contentsOf: Repository.root.appendingPathComponent("data/\(name).csv"))
            try folder.write("data/\(name).csv", String(decoding: data, as: UTF8.self))
        }
        let environment = ["COHORT_LOG_LEVEL": "debug", "COHORT_ACTOR": "Rosa Quintero"]
        let records = "opening the records: SQLite .cohort/state.sqlite"
        for line in Self.invocations {
            let arguments = line.split(separator: " ").map(String.init) + ["--now", "2022-03-16T12:00:00Z"]
            let result = try Processes.cohort(arguments, in: folder.url, environment: environment)
            #expect(!result.stderr.contains("missing expected argument"), "\(line): \(result.stderr)")
            let opens = result.stderrLines.filter { $0.contains(records) }.count
            #expect(opens <= 1, "cohort \(line) opened the records \(opens) times")
            if line != "help" { #expect(opens == 1, "cohort \(line) never opened the records: \(result.stderr)") }
        }

        // init makes a workspace and opens no records at all.
        let empty = try TemporaryFolder(prefix: "cohort-init")
        let made = try Processes.cohort(
            ["init", "program", "--now", "2022-01-01T00:00:00Z"], in: empty.url, environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stderr.contains("opening the records"))
    }
}
