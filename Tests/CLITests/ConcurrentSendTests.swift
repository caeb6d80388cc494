import CohortTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exactly once across processes and crashes: several `announce send` on one batch at the same
/// time, some killed at random, against the real SMTP server on loopback (aiosmtpd).
@Suite(.serialized) struct ConcurrentSendTests {
    /// One trial: `senders` processes at once on 1,000 recipients, for three rounds in which each
    /// process may be killed at a random moment, then one run to the end.
    static func trial(senders: Int, seed: UInt64) throws {
        let sink = try SMTPSink()
        let folder = try SendCommandTests.workspace(recipients: 1000)
        let warm = try SendCommandTests.send("bulk", sink, in: folder, ["--dry-run", "--now", "2022-03-01T00:00:00Z"])
        #expect(warm.status == 0, "\(warm.stderr)")
        var random = SplitMix(seed: seed)
        for round in 0..<3 {
            let now = "2022-03-01T0\(round + 1):00:00Z"
            var processes: [Process] = []
            for _ in 0..<senders {
                let process = Process()
                process.executableURL = Processes.cohortBinary
                process.arguments = [
                    "announce", "send", "bulk", "--smtp-url", sink.url, "--use-tls", "none", "--json", "--now", now,
                ]
                process.currentDirectoryURL = folder.url
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                processes.append(process)
            }
            let start = Date()
            let deadlines = processes.map { _ in
                random.next() % 3 == 0 ? nil : 0.2 + Double(random.next() % 1200) / 1000
            }
            while processes.contains(where: \.isRunning) {
                for (process, deadline) in zip(processes, deadlines) where process.isRunning {
                    if let deadline, Date().timeIntervalSince(start) >= deadline {
                        kill(process.processIdentifier, SIGKILL)
                    }
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            for process in processes { process.waitUntilExit() }
        }
        let last = try SendCommandTests.send("bulk", sink, in: folder, ["--now", "2022-03-01T09:00:00Z"])
        #expect([0, 1].contains(last.status), "\(last.stderr)")
        let received = try sink.received()
        let ids = received.map(\.messageID)
        #expect(
            Set(ids).count == ids.count, "\(senders) senders: \(ids.count - Set(ids).count) Message-IDs arrived twice")
        let delivered = Set(received.flatMap(\.rcptTos))
        let states = try SendCommandTests.log("bulk", in: folder)
        #expect(states.count == 1000)
        var unknown = 0
        for (recipient, state) in states {
            if state == "unknown" { unknown += 1 }
            #expect(
                delivered.contains(recipient) ? ["sent", "unknown"].contains(state) : state == "unknown",
                "\(recipient) is \(state) and \(delivered.contains(recipient) ? "was" : "was not") received")
        }
        #expect(try SendCommandTests.summary(last)["unknown"] == unknown)
    }

    @Test(arguments: [2, 4, 8])
    func concurrentSendersKilledAtRandomDeliverEachMessageAtMostOnce(senders: Int) throws {
        for time in 0..<5 { try Self.trial(senders: senders, seed: UInt64(senders * 100 + time)) }
    }
}

/// A small seeded generator, so a failing trial can be run again as it was.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
