import CohortDelivery
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// A relay in memory: what it was handed, and what it says to each message (`reply`, by
/// recipient; accepted unless told otherwise).
final class MemoryRelay: MessageTransport, @unchecked Sendable {
    // @unchecked: every field is read and written under `lock` only.
    private let lock = NSLock()
    private var handed: [(recipient: String, message: String)] = []
    private var replies: [String: [DeliveryOutcome]] = [:]

    /// Every message handed over, in order.
    var messages: [(recipient: String, message: String)] { lock.withLock { handed } }
    /// The recipients whose message the relay took.
    var accepted: [String] { lock.withLock { acceptedList } }
    private var acceptedList: [String] = []

    /// The relay answers `recipient`'s next messages with `outcomes`, in turn.
    func answer(_ recipient: String, with outcomes: [DeliveryOutcome]) {
        lock.withLock { replies[recipient] = outcomes }
    }

    func send(_ message: String, from sender: String, to recipient: String) -> DeliveryOutcome {
        lock.withLock {
            handed.append((recipient, message))
            let outcome =
                replies[recipient]?.isEmpty == false ? replies[recipient]!.removeFirst() : .accepted(reply: "250 OK")
            if case .accepted = outcome { acceptedList.append(recipient) }
            return outcome
        }
    }
}

/// The use cases are types of their own, made with what they need: a session holding the records
/// unit and the transports. So a send runs in process against an in-memory relay, and the shape
/// of Kit (no facade, no cycle between capabilities) is checked on its sources.
@Suite struct UseCaseShapeTests {
    static let kit = Repository.root.appendingPathComponent("Sources/CohortKit")

    /// Every Swift file of Kit, with its text, by path under `Sources/CohortKit`.
    static func sources() throws -> [(path: String, text: String)] {
        let files = FileManager.default.enumerator(at: kit, includingPropertiesForKeys: nil)!
        return try files.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map {
            (String($0.path.dropFirst(kit.path.count + 1)), try String(contentsOf: $0, encoding: .utf8))
        }.sorted { $0.path < $1.path }
    }

    /// The use-case types Kit declares (`struct X: UseCase`).
    static func useCases(_ sources: [(path: String, text: String)]) -> Set<String> {
        Set(sources.flatMap { $0.text.matches(of: /struct (\w+): UseCase/).map { String($0.output.1) } })
    }

    /// Which use cases each one's code makes (`X(…)`, `using(X.self)`, `X.`), read from the files
    /// that declare or extend it.
    static func uses(_ sources: [(path: String, text: String)]) -> [String: Set<String>] {
        let types = useCases(sources)
        var uses: [String: Set<String>] = [:]
        for (_, text) in sources {
            var current: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if let match = line.wholeMatch(of: /(?:public |internal )?(?:extension|struct) (\w+).*/) {
                    current = types.contains(String(match.output.1)) ? String(match.output.1) : nil
                    continue
                }
                if line.hasPrefix("}") { current = nil }
                guard let current else { continue }
                for other in types where other != current {
                    if line.contains("\(other)(") || line.contains("\(other).") {
                        uses[current, default: []].insert(other)
                    }
                }
            }
        }
        return uses
    }

    @Test func noUseCaseIsExtendedAcrossMoreThanSixFiles() throws {
        let sources = try Self.sources()
        let types = Self.useCases(sources).union(["ProgramSession"])
        #expect(types.count >= 13)
        for type in types {
            let files = sources.filter {
                $0.text.contains(/(?m)^(?:public |internal )?(?:extension|struct) \#(type)\b/)
            }
            #expect(files.count <= 6, "\(type) spreads over \(files.map(\.path))")
        }
    }

    @Test func capabilitiesUseEachOtherWithoutACycleAndTheOutboxUsesNone() throws {
        let uses = Self.uses(try Self.sources())
        #expect(uses["Outbox", default: []].isEmpty, "the outbox sends what it is handed: \(uses["Outbox"] ?? [])")
        #expect(uses["Publishing", default: []].contains("Outbox"))
        // Depth-first: a use case met again on the path it was reached by closes a cycle.
        func cycle(from type: String, path: [String]) -> [String]? {
            if let start = path.firstIndex(of: type) { return Array(path[start...]) + [type] }
            for next in uses[type, default: []].sorted() {
                if let found = cycle(from: next, path: path + [type]) { return found }
            }
            return nil
        }
        let found = uses.keys.sorted().lazy.compactMap { cycle(from: $0, path: []) }.first
        #expect(found == nil, "a cycle: \(found?.joined(separator: " → ") ?? "")")
    }

    /// Offers and the pilot's notices go through a relay in memory: each person's message is
    /// taken once; one the relay puts off waits for the next run, which sends only it.
    @Test func noticesGoThroughAnInMemoryRelayOnce() throws {
        let folder = try TemporaryFolder.workspace(configuration: try Repository.exampleConfiguration())
        let workspace = Workspace(root: folder.url)
        var session = ProgramSession(workspace: workspace, program: try workspace.loadProgram())
        let relay = MemoryRelay()
        session.transports = Transports(
            mail: { settings in
                #expect(settings.url.absoluteString == "smtp://relay.invalid:25")
                return relay
            },
            web: { _, _, _ in throw HTTPError.unreachable(host: "", reason: "no web in this test") })
        _ = try PilotEnrolment(session).importSignups(
            file: Repository.root.appendingPathComponent("data/signups.csv").path, skipInvalid: false,
            acceptChanges: false, audit: context("2022-02-02T18:00:00Z", "pilot import"))
        let selected = try PilotEnrolment(session).selectPilot(
            capacity: 3, audit: context("2022-02-02T18:00:00Z", "pilot select"))
        let queued = try session.openStore().read { try $0.notices() }.filter { $0.state == .queued }
        #expect(queued.count >= 3, "\(selected.enrolled)")
        let puttingOff = try #require(queued.first?.person)
        let address = try #require(
            try session.openStore().read { try $0.signups() }.first { $0.username == puttingOff }?.email)
        relay.answer(address, with: [.temporary(reply: "451 try later")])

        var options = SendOptions()
        options.smtpURL = "smtp://relay.invalid:25"
        options.security = SMTPSecurity.none
        options.policy = SendPolicy(maxAttempts: 1, retryDelay: 0)
        let first = try Sending(session).send(
            .notices, options: options, audit: context("2022-02-03T09:00:00Z", "notices send"), environment: [:])
        #expect(first.summary.sent == queued.count - 1)
        #expect(first.summary.failedTemporary == 1)
        #expect(first.failure == .temporary)

        // Attempts count across runs: the next run allows the message a second one.
        options.policy.maxAttempts = 2
        let second = try Sending(session).send(
            .notices, options: options, audit: context("2022-02-03T10:00:00Z", "notices send"), environment: [:])
        #expect(second.summary.sent == 1)
        let third = try Sending(session).send(
            .notices, options: options, audit: context("2022-02-03T11:00:00Z", "notices send"), environment: [:])
        #expect(third.summary.sent == 0)
        #expect(relay.messages.count == queued.count + 1, "one retry, nothing twice")
        #expect(Set(relay.accepted).count == relay.accepted.count)
        #expect(relay.accepted.count == queued.count)
    }
}
