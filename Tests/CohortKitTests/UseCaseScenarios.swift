import CohortDelivery
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

// What the `…UseCaseTests` suites share: the example's data, decisions stamped as a command with
// `--now` and `--by` stamps them, and a session whose mail goes to a relay in memory. They call
// the use cases a command calls, in process, on a fresh workspace whose records are a temporary
// SQLite file; what only the binary shows (parsing, help, exit codes, the JSON keys) stays in
// `Tests/CLITests`.

/// The path of the example's data file `name` (`signups.csv`, `poll.csv`, `partners.csv`).
func exampleData(_ name: String) -> String {
    Repository.root.appendingPathComponent("data/\(name)").path
}

/// The stamps of a command run with `--now now` (a fixed clock) and `--by actor`.
func decided(_ now: String, _ command: String, by actor: String = "rosa") -> AuditContext {
    var audit = AuditContext(now: Instant.parse(now)!, actor: actor, command: command)
    audit.fixedClock = true
    return audit
}

/// The instant `text` (ISO 8601).
func instant(_ text: String) -> Date { Instant.parse(text)! }

/// A session on `folder` as a command opens it: its program read, recorded timeline shifts applied.
func commandSession(_ folder: TemporaryFolder, now: String = "2022-02-02T18:00:00Z") throws -> ProgramSession {
    try CommandContext(
        workspace: folder.url.path, clock: CommandClock(now: instant(now), source: .flag), environment: [:],
        currentDirectory: folder.url
    ).session()
}

/// The example's sign-ups imported and the pilot selected at 2022-02-02T18:00:00Z, as
/// `pilot import data/signups.csv` and `pilot select` with `--now 2022-02-02T18:00:00Z` do.
@discardableResult
func enrolExamplePilot(_ session: ProgramSession, capacity: Int? = nil) throws -> PilotOutcome {
    _ = try PilotEnrolment(session).importSignups(
        file: exampleData("signups.csv"), skipInvalid: false, acceptChanges: false,
        audit: decided("2022-02-02T18:00:00Z", "pilot import"))
    return try PilotEnrolment(session).selectPilot(
        capacity: capacity, audit: decided("2022-02-02T18:00:00Z", "pilot select"))
}

/// `session` with its mail handed to a new relay in memory (and no web).
func relayedInMemory(_ session: ProgramSession) -> (ProgramSession, MemoryRelay) {
    let relay = MemoryRelay()
    var session = session
    session.transports = Transports(
        mail: { _ in relay }, web: { _, _, _ in throw HTTPError.unreachable(host: "", reason: "no web in this test") })
    return (session, relay)
}

/// What `--smtp-url smtp://relay.invalid:25 --use-tls none` gives a send (the relay is in memory).
func memoryRelayOptions(dryRun: Bool = false, testTo: String? = nil) -> SendOptions {
    var options = SendOptions()
    options.smtpURL = "smtp://relay.invalid:25"
    options.security = SMTPSecurity.none
    options.dryRun = dryRun
    options.testTo = testTo
    return options
}

/// The value of header `name` in an RFC 5322 message as it was handed to the relay (unfolded).
func mailHeader(_ name: String, in message: String) -> String? {
    let head = message.components(separatedBy: "\r\n\r\n").first ?? message
    var unfolded: [String] = []
    for line in head.components(separatedBy: "\r\n") {
        if line.first == " " || line.first == "\t", !unfolded.isEmpty {
            unfolded[unfolded.count - 1] += line
        } else {
            unfolded.append(line)
        }
    }
    let prefix = name.lowercased() + ":"
    return unfolded.first { $0.lowercased().hasPrefix(prefix) }.map {
        String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }
}

/// What a refusal says and how it ends the command (`badInput` is exit 64), as `FailureReport` puts it.
func refusal(_ body: () throws -> Void) -> FailureReport? {
    do {
        try body()
        return nil
    } catch {
        return FailureReport(error)
    }
}
