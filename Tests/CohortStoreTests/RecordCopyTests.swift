import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

/// `records copy`: SQLite to PostgreSQL and back, every table, nothing lost or changed.
@Suite("Record copy")
struct RecordCopyTests {
    /// A little of everything, through the record protocols.
    static func fill(_ store: any RecordStore) throws {
        try store.write { records in
            for number in 1...12 { _ = try records.append(try entry(number, seconds: TimeInterval(number))) }
            for id in ["fb-3", "fb-1", "fb-2"] {
                try records.save(
                    FeedbackItem(
                        id: id, source: "talk", receivedAt: at(1), author: nil, text: "t \(id) ☃", themes: ["a"]))
            }
            try records.append(FeedbackCode(itemID: "fb-1", judge: "amara", category: .unclear, codedAt: at(2)))
            try records.append(
                Reconciliation(itemID: "fb-1", round: 0, category: .unclear, note: "n", by: "b", at: at(3)))
            try records.append(Clarification(itemID: "fb-1", round: 0, note: "c", by: "r", at: at(4)))
            try records.save(
                Signup(
                    username: "ana", email: "a@x.org", signedUpAt: at(1), useCaseApplicable: false,
                    standing: .offered(expires: at(9))))
            try records.setPilotCapacity(9)
            try records.replacePoll(
                Poll(slots: [at(60)], participants: [.init(name: "p", timeZone: "UTC", answers: [.yes])]),
                audience: .pilot)
            try records.append(VisibilityChange(itemID: "fb-2", hidden: true, reason: "conduct", by: "r", at: at(4)))
            try records.append(
                ChannelRecord(
                    announcement: "2022-06-outcome", channel: .meta, state: .published, at: at(4), actor: "r",
                    hash: "abc", details: ChannelDetails(page: "Talk:X", revision: 42)))
            try records.append(
                ClarificationRequest(itemID: "fb-1", round: 0, question: "q", channel: .talkPage, by: "r", at: at(4)))
            try records.save(
                Notice(
                    batch: "notice:enrolled:ana", kind: .enrolled, subject: "signup:ana", person: "ana",
                    language: "en", fact: "f", state: .queued, queuedAt: at(5), updatedAt: at(5)))
            try records.save(
                WorkshopSession(
                    id: "1", title: "t", start: at(60), duration: 60, capacity: 9, link: "https://x.example", uid: "u"))
            try records.save(Registration(session: "1", username: "zed", registeredAt: at(5)))
            try records.save(Registration(session: "1", username: "ana", registeredAt: at(5), attended: true))
            try records.append(
                TimelineShift(
                    item: "x", from: nil, to: try PlannedDate.parse("2022-H2").get(), reason: "r", by: "b", at: at(6)))
            try records.append(ReleaseEvent(wave: "pilot", action: .approve, by: "b", at: at(7)))
            try records.saveCalendarItem(uid: "u", CalendarItemState(fingerprint: "f", sequence: 2))
            try records.save(
                Partner(
                    id: "wm-ke", name: "n", kind: .affiliate, region: "r", contactName: "c", contactEmail: "c@x.org",
                    timeZone: "UTC", wave: "w"))
            try records.append(
                StageStep(partner: "wm-ke", from: nil, to: "invited", move: .start, forced: true, at: at(8), by: "b"))
            try records.append(ChecklistTick(partner: "wm-ke", item: "i", at: at(8), by: "b"))
            try records.append(ReminderRecord(partner: "wm-ke", item: "i", at: at(9)))
            try records.append(MilestoneCompletion(milestone: "m", at: at(9), by: "b", note: "n"))
            try records.save(TalkReading(page: "Talk:P", revision: 7, readAt: at(9), unanswered: 3, overdue: 1))
            _ = try records.enqueue(
                OutboxItem(
                    batch: "b", recipient: "r@x.org", sender: "s@x.org", messageID: "<m>", hash: "h", payload: "p\r\n",
                    nextAttemptAt: at(10), updatedAt: at(10)))
        }
    }

    @Test func copiesEveryTableToPostgresAndBack() throws {
        let sqlite = try StoreFixture(.sqlite)
        try Self.fill(try sqlite.open())
        let postgres = try StoreFixture(.postgres)
        let there = try RecordCopy.copy(from: sqlite.location, to: postgres.location)
        #expect(there.tables.map(\.table) == RecordTables.all.map(\.name))
        #expect(
            there.tables.allSatisfy { $0.rows > 0 }, "every table has a row: \(there.tables.filter { $0.rows == 0 })")
        let back = try StoreFixture(.sqlite)
        let again = try RecordCopy.copy(from: postgres.location, to: back.location)
        #expect(again.tables == there.tables)
        // New records continue after the copied ids.
        let next = try postgres.open().write { try $0.append(try entry(13, seconds: 13)) }
        #expect(next.id == 13)
        let ledger = try back.open().read { try $0.feedbackLedger(judges: []) }
        #expect(ledger.items.map(\.id) == ["fb-3", "fb-1", "fb-2"])
        #expect(try back.open().read { try $0.registrations(session: nil) }.map(\.username) == ["zed", "ana"])
        #expect(try postgres.open().read { try $0.registrations(session: nil) }.map(\.username) == ["zed", "ana"])
    }

    @Test func aTargetHoldingRecordsIsRefused() throws {
        let sqlite = try StoreFixture(.sqlite)
        try Self.fill(try sqlite.open())
        let postgres = try StoreFixture(.postgres)
        try postgres.open().write { try $0.setPilotCapacity(3) }
        #expect {
            try RecordCopy.copy(from: sqlite.location, to: postgres.location)
        } throws: { error in
            guard case .refused(_, let reason) = error as? StoreError else { return false }
            return reason.contains("pilot_setting")
        }
        #expect(try postgres.open().read { try $0.auditCount() } == 0)
    }

    @Test(arguments: Backend.allCases) func everyTableIsCopied(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        let names = try store.tables(writing: false) { try $0.tableNames() }
        #expect(names.sorted() == RecordTables.all.map(\.name).sorted())
    }
}
