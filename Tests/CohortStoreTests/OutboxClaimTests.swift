import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

/// Claims on outbox rows: exclusive, held by a live claimant, and what a gone claimant leaves.
@Suite struct OutboxClaimTests {
    static let start = Instant.parse("2022-03-01T00:00:00Z")!

    static func store(messages: Int, _ backend: Backend = .sqlite) throws -> (StoreFixture, any RecordStore) {
        let folder = try StoreFixture(backend)
        let store = try folder.open()
        try store.write { records in
            for index in 1...messages {
                _ = try records.enqueue(
                    OutboxItem(
                        batch: "b", recipient: "p\(index)@example.net", sender: "team@example.org",
                        messageID: "<m\(index)@example.org>", hash: "h\(index)", payload: "message \(index)",
                        updatedAt: start))
            }
        }
        return (folder, store)
    }

    static func states(_ store: any RecordStore) throws -> [String] {
        try store.read { try $0.outboxItems(batch: "b") }.map(\.state.rawValue)
    }

    @Test(arguments: Backend.allCases) func claimsAreExclusiveAndCarryWhatSendingNeeds(_ backend: Backend) throws {
        let (folder, store) = try Self.store(messages: 5, backend)
        let first = try store.claim {
            try $0.claim(batch: "b", now: Self.start, maxAttempts: 3, limit: 3, claimant: "run-a", at: Self.start)
        }
        #expect(first.map(\.recipient) == ["p1@example.net", "p2@example.net", "p3@example.net"])
        #expect(first.map(\.payload) == ["message 1", "message 2", "message 3"])
        #expect(first.allSatisfy { $0.attempts == 1 && $0.state == .sending })
        let second = try store.claim {
            try $0.claim(batch: "b", now: Self.start, maxAttempts: 3, limit: 3, claimant: "run-b", at: Self.start)
        }
        #expect(second.map(\.recipient) == ["p4@example.net", "p5@example.net"])
        try store.write { try $0.unclaim(ids: second.compactMap(\.id), at: Self.start) }
        #expect(try Self.states(store) == ["sending", "sending", "sending", "pending", "pending"])
        #expect(try store.read { try $0.outboxItems(batch: "b") }.last?.attempts == 0)
        withExtendedLifetime(folder) {}
    }

    @Test(arguments: Backend.allCases)
    func aGoneClaimantLeavesOneUnknownAndTheRestPendingALiveOneIsLeftAlone(_ backend: Backend) throws {
        let (folder, store) = try Self.store(messages: 6, backend)
        let live = try store.claimant()
        var gone: Claimant? = try store.claimant()
        let goneID = gone!.id
        #expect(store.claimantIsAlive(live.id))
        #expect(store.claimantIsAlive(goneID))
        let claimed = try store.claim { records in
            let a = try records.claim(
                batch: "b", now: Self.start, maxAttempts: 3, limit: 3, claimant: goneID, at: Self.start)
            let b = try records.claim(
                batch: "b", now: Self.start, maxAttempts: 3, limit: 2, claimant: live.id, at: Self.start)
            return (a, b)
        }
        // The gone sender settled its first message, and was handing over its second.
        try store.write {
            try $0.update(
                id: claimed.0[0].id!, state: .sent, attempts: 1, nextAttemptAt: nil, lastReply: "250", at: Self.start)
        }
        gone = nil
        // A PostgreSQL session's locks go when the server has seen it end: a moment after.
        let deadline = Date().addingTimeInterval(5)
        while store.claimantIsAlive(goneID), Date() < deadline { usleep(10_000) }
        #expect(!store.claimantIsAlive(goneID))
        let released = try store.write {
            try $0.releaseAbandoned(batch: "b", isAlive: store.claimantIsAlive, at: Self.start)
        }
        #expect(released == AbandonedClaims(unknown: 1, requeued: 1))
        #expect(try Self.states(store) == ["sent", "unknown", "pending", "sending", "sending", "pending"])
        withExtendedLifetime(live) {}
        withExtendedLifetime(folder) {}
    }

    @Test func afterARestartOfTheMachineEveryUnsettledClaimIsUnknown() throws {
        let (fixture, store) = try Self.store(messages: 3)
        let folder = fixture.folder
        _ = try store.durableWrite {
            try $0.claim(batch: "b", now: Self.start, maxAttempts: 3, limit: 3, claimant: "run-gone", at: Self.start)
        }
        // As if the claim had been made before the machine restarted.
        let result = try Processes.python(
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE outbox SET claim_boot = 'an-earlier-boot'\"); c.commit()",
            [folder.path(".cohort/state.sqlite")])
        #expect(result.status == 0, "\(result.stderr)")
        let released = try store.write {
            try $0.releaseAbandoned(batch: "b", isAlive: { _ in false }, at: Self.start)
        }
        #expect(released == AbandonedClaims(unknown: 3, requeued: 0))
        #expect(try Self.states(store) == ["unknown", "unknown", "unknown"])
    }
}
