import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

/// The records this capability added, as every backend must keep them: notices replaced by
/// batch in place, histories in the order they were made, one poll per audience.
@Suite struct NoticeAndModerationRecordsTests {
    let at = Instant.parse("2022-02-02T18:00:00Z")!

    func store() throws -> (TemporaryFolder, SQLiteRecordStore) {
        let folder = try TemporaryFolder()
        return (folder, try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite")))
    }

    @Test func noticesAreReplacedByBatchKeepingTheirOrder() throws {
        let (folder, store) = try store()
        _ = folder
        let first = Notice(
            batch: "notice:enrolled:ana", kind: .enrolled, subject: "signup:ana", person: "ana", language: "es",
            fact: "standing:enrolled", state: .queued, queuedAt: at, updatedAt: at)
        var second = first
        second.batch = "notice:waitlisted:ben"
        second.kind = .waitlisted
        try store.write { records in
            try records.save(first)
            try records.save(second)
            var dropped = first
            dropped.state = .dropped
            dropped.reason = "undone"
            try records.save(dropped)
        }
        let notices = try store.read { try $0.notices() }
        #expect(notices.map(\.batch) == ["notice:enrolled:ana", "notice:waitlisted:ben"])
        #expect(notices.first?.state == .dropped)
        #expect(notices.first?.reason == "undone")
        #expect(notices.first?.language == "es")
    }

    @Test func visibilityAndQuestionsAreHistoriesInOrder() throws {
        let (folder, store) = try store()
        _ = folder
        try store.write { records in
            try records.save(FeedbackItem(id: "fb-1", source: "survey", receivedAt: at, text: "x"))
            try records.append(VisibilityChange(itemID: "fb-1", hidden: true, reason: "conduct", by: "Rosa", at: at))
            try records.append(VisibilityChange(itemID: "fb-1", hidden: false, reason: "mistake", by: "Rosa", at: at))
            try records.append(
                ClarificationRequest(
                    itemID: "fb-1", round: 0, question: "What?", channel: .talkPage, by: "Rosa", at: at))
        }
        let ledger = try store.read { try $0.feedbackLedger(judges: []) }
        #expect(ledger.visibility.map(\.hidden) == [true, false])
        #expect(ledger.hiddenReason("fb-1") == nil)
        #expect(ledger.requests.map(\.channel) == [.talkPage])
    }

    @Test func eachAudienceHasItsOwnPoll() throws {
        let (folder, store) = try store()
        _ = folder
        let pilot = Poll(slots: [at], participants: [.init(name: "ana", timeZone: "UTC", answers: [.yes])])
        let community = Poll(
            slots: [at, at.addingTimeInterval(3600)],
            participants: [.init(name: "ben", timeZone: "UTC", answers: [.no, .ifneedbe])])
        try store.write { records in
            try records.replacePoll(pilot, audience: .pilot)
            try records.replacePoll(community, audience: .community)
        }
        #expect(try store.read { try $0.poll(audience: .pilot) } == pilot)
        #expect(try store.read { try $0.poll(audience: .community) } == community)
        #expect(try store.read { try $0.poll(audience: .partners) } == nil)
    }
}
