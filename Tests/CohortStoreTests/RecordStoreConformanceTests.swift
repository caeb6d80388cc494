import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

private struct Refusal: Error {}

/// Every record protocol, the same expectations for SQLite and for a real PostgreSQL 15.
@Suite("Record store conformance")
struct RecordStoreConformanceTests {
    @Test(arguments: Backend.allCases) func auditLogKeepsOrderAndRefusesAClockGoingBackPerSubject(_ backend: Backend)
        throws
    {
        let store = try StoreFixture(backend).open()
        var written = try (1...4).map { try entry($0, seconds: TimeInterval($0) * 90) }
        // Recorded later than it happened, as `--at` or a lapse at its deadline records it.
        written[3].recordedAt = written[3].at.addingTimeInterval(3600)
        let stored = try store.write { records in try written.map { try records.append($0) } }
        let ids = stored.compactMap(\.id)
        #expect(ids.count == 4 && ids == ids.sorted() && Set(ids).count == 4)
        #expect(try store.read { try $0.auditEntries(limit: nil) } == stored)
        #expect(try store.read { try $0.auditEntries(limit: 2) }.map(\.subject) == ["signup:user3", "signup:user4"])
        #expect(try store.read { try $0.auditCount() } == 4)
        #expect {
            try store.write { try $0.append(try entry(3, seconds: 1)) }
        } throws: { error in
            guard case .clockBehind(_, _, let command, let subject, let action) = error as? StoreError else {
                return false
            }
            return command == "pilot select" && subject == "signup:user3" && action == "enrol"
        }
        // Another subject's history does not hold this one back: late entries are welcome.
        let late = try store.write { try $0.append(try entry(9, seconds: 1)) }
        #expect(late.id != nil)
        #expect(try store.read { try $0.auditEntries(limit: 1) } == [late])
    }

    @Test(arguments: Backend.allCases) func aThrowingWriteKeepsNothingAndAReadWritesNothing(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        try store.write { try $0.append(try entry(1)) }
        #expect(throws: Refusal.self) {
            try store.write { records in
                try records.append(try entry(2, seconds: 1))
                #expect(try records.auditCount() == 2)
                throw Refusal()
            }
        }
        #expect((try? store.read { try $0.append(try entry(3, seconds: 2)) }) == nil)
        #expect(try store.read { try $0.auditEntries(limit: nil) }.map(\.subject) == ["signup:user1"])
    }

    @Test(arguments: Backend.allCases) func feedbackKeepsImportOrderAndEveryRound(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        let items = ["fb-010", "fb-002", "fb-001"].enumerated().map { index, id in
            FeedbackItem(
                id: id, source: "talk-page", receivedAt: at(Double(index)), author: index == 0 ? nil : "Ana “Ñ” 🌍",
                text: "text \(id) with 'quotes', \"double\" and \\ backslash", themes: ["données", "access"])
        }
        try store.write { records in for item in items { try records.save(item) } }
        var changed = items[1]
        changed.text = "changed"
        try store.write { records in
            try records.save(changed)
            try records.append(FeedbackCode(itemID: "fb-010", judge: "amara", category: .integrateNow, codedAt: at(10)))
            try records.append(
                FeedbackCode(
                    itemID: "fb-010", round: 1, judge: "jonas", category: .againstAim, themes: ["x", "y"],
                    codedAt: at(11), codebookVersion: 3))
            try records.append(
                Reconciliation(itemID: "fb-010", round: 1, category: .unclear, note: "n", by: "both", at: at(12)))
            try records.append(Clarification(itemID: "fb-002", round: 0, note: "asked", by: "rosa", at: at(13)))
        }
        let ledger = try store.read { try $0.feedbackLedger(judges: []) }
        #expect(ledger.items == [items[0], changed, items[2]])
        #expect(ledger.codes.map(\.judge) == ["amara", "jonas"])
        #expect(ledger.codes[1].themes == ["x", "y"] && ledger.codes[1].round == 1)
        // The codebook version a code was made under, or none (a workspace without a codebook).
        #expect(ledger.codes.map(\.codebookVersion) == [nil, 3])
        #expect(ledger.reconciliations.map(\.category) == [.unclear])
        #expect(ledger.clarifications.map(\.note) == ["asked"])
        // A code for an item that does not exist is refused by the database itself.
        #expect(throws: (any Error).self) {
            try store.write {
                try $0.append(FeedbackCode(itemID: "nope", judge: "a", category: .unclear, codedAt: at(20)))
            }
        }
    }

    @Test(arguments: Backend.allCases) func pilotSignupsKeepTheirStanding(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        let signups = [
            Signup(username: "zoe", email: "z@example.org", signedUpAt: at(5), standing: .enrolled),
            Signup(
                username: "ana", email: "a@example.org", signedUpAt: at(5), useCaseApplicable: false, available: false,
                nda: .sent, timeZone: "Asia/Kolkata", languages: ["en", "hi"], standing: .offered(expires: at(99))),
            Signup(username: "bo", email: "b@example.org", signedUpAt: at(1), standing: .withdrawn(reason: "new job")),
            Signup(username: "cy", email: "c@example.org", signedUpAt: at(2), standing: .lapsed),
        ]
        #expect(try store.read { try $0.pilotCapacity() } == nil)
        try store.write { records in
            for signup in signups { try records.save(signup) }
            try records.setPilotCapacity(9)
            try records.setPilotCapacity(12)
        }
        var moved = signups[0]
        moved.standing = .waitlisted
        try store.write { try $0.save(moved) }
        let read = try store.read { try $0.signups() }
        #expect(read.map(\.username) == ["bo", "cy", "ana", "zoe"])
        #expect(read == [signups[2], signups[3], signups[1], moved])
        #expect(try store.read { try $0.pilotCapacity() } == 12)
    }

    @Test(arguments: Backend.allCases) func workshopPollsSessionsAndRegistrations(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        #expect(try store.read { try $0.poll(audience: .pilot) } == nil)
        let poll = Poll(
            slots: [at(3600), at(7200)],
            participants: [
                .init(name: "zed", timeZone: "UTC", answers: [.yes, .no]),
                .init(name: "amy", timeZone: "Pacific/Chatham", answers: [.ifneedbe, .yes]),
            ])
        let community = Poll(slots: [at(60)], participants: [.init(name: "x", timeZone: "UTC", answers: [.yes])])
        try store.write { try $0.replacePoll(Poll(slots: [at(1)], participants: []), audience: .pilot) }
        try store.write { records in
            try records.replacePoll(poll, audience: .pilot)
            try records.replacePoll(community, audience: .community)
        }
        #expect(try store.read { try $0.poll(audience: .pilot) } == poll)
        #expect(try store.read { try $0.poll(audience: .community) } == community)
        #expect(try store.read { try $0.poll(audience: .partners) } == nil)
        let sessions = ["10", "2", "1"].map {
            WorkshopSession(
                id: $0, title: "Office hour \($0)", start: at(100), duration: 60, capacity: 9,
                link: "https://x.example",
                uid: "uid-\($0)", audience: $0 == "10" ? .community : .pilot)
        }
        try store.write { records in for session in sessions { try records.save(session) } }
        var cancelled = sessions[1]
        cancelled.status = .cancelled
        cancelled.sequence = 2
        cancelled.cancelReason = "holiday"
        try store.write { records in
            try records.save(cancelled)
            try records.save(Registration(session: "2", username: "bo", registeredAt: at(5)))
            try records.save(Registration(session: "1", username: "amy", registeredAt: at(5)))
            try records.save(Registration(session: "2", username: "Al", registeredAt: at(5)))
            try records.save(Registration(session: "2", username: "bo", registeredAt: at(5), attended: true))
            try records.save(
                Registration(
                    session: "10", username: "ann@example.org", registeredAt: at(4), attendee: .community,
                    name: "Ann", email: "ann@example.org", timeZone: "Asia/Manila", waitlisted: true))
        }
        #expect(try store.read { try $0.sessions() }.map(\.id) == ["1", "2", "10"])
        #expect(try store.read { try $0.sessions() }[1] == cancelled)
        #expect(try store.read { try $0.sessions() }[2].audience == .community)
        // At one instant, in the order they registered (a re-save keeps its place).
        let all = try store.read { try $0.registrations(session: nil) }
        #expect(all.map(\.username) == ["ann@example.org", "bo", "amy", "Al"])
        #expect(all[0].waitlisted && all[0].email == "ann@example.org" && all[0].attendee == .community)
        let second = try store.read { try $0.registrations(session: "2") }
        #expect(second.map(\.username) == ["bo", "Al"] && second[0].attended)
        try store.write { try $0.deleteRegistration(session: "2", username: "bo") }
        #expect(try store.read { try $0.registrations(session: "2") }.map(\.username) == ["Al"])
    }

    @Test(arguments: Backend.allCases) func noticesAndModerationKeepTheirHistory(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        let notice = Notice(
            batch: "notice:enrolled:ana", kind: .enrolled, subject: "signup:ana", person: "ana", language: "es",
            fact: "seat 1 of 9", state: .queued, queuedAt: at(1), updatedAt: at(1))
        var dropped = notice
        dropped.state = .dropped
        dropped.reason = "withdrawn before it went out"
        dropped.updatedAt = at(2)
        let other = Notice(
            batch: "notice:waitlisted:bo", kind: .waitlisted, subject: "signup:bo", person: "bo", language: "en",
            fact: "place 1", state: .undeliverable, reason: "no address", queuedAt: at(3), updatedAt: at(3))
        try store.write { records in
            try records.save(notice)
            try records.save(other)
            try records.save(dropped)
            try records.save(FeedbackItem(id: "fb-1", source: "talk", receivedAt: at(0), text: "t"))
            try records.append(VisibilityChange(itemID: "fb-1", hidden: true, reason: "conduct", by: "rosa", at: at(4)))
            try records.append(VisibilityChange(itemID: "fb-1", hidden: false, reason: "", by: "rosa", at: at(5)))
            try records.append(
                ClarificationRequest(itemID: "fb-1", round: 0, question: "what?", channel: .mail, by: "rosa", at: at(6))
            )
        }
        #expect(try store.read { try $0.notices() } == [dropped, other])
        let step = try store.write { records in
            try records.append(
                ChannelRecord(announcement: "a", channel: .mail, state: .draft, at: at(7), actor: "rosa"))
            return try records.append(
                ChannelRecord(
                    announcement: "a", channel: .mail, state: .sent, at: at(8), actor: "rosa", hash: "h",
                    details: ChannelDetails(batch: "announce:a", messages: 2)))
        }
        #expect(step.id != nil)
        let steps = try store.read { try $0.channelRecords(announcement: "a") }
        #expect(steps.map(\.state) == [.draft, .sent] && steps[1].details.messages == 2 && steps[1] == step)
        #expect(try store.read { try $0.channelRecords(announcement: "b") }.isEmpty)
        #expect(try store.read { try $0.visibilityChanges() }.map(\.hidden) == [true, false])
        let requests = try store.read { try $0.clarificationRequests() }
        #expect(requests.map(\.channel) == [.mail] && requests[0].question == "what?")
    }

    @Test(arguments: Backend.allCases) func timelineShiftsEventsAndCalendar(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        let to = try PlannedDate.parse("2022-H2").get()
        let from = try PlannedDate.parse("2022-05/2022-06").get()
        try store.write { records in
            try records.append(TimelineShift(item: "public", from: from, to: to, reason: "late", by: "rosa", at: at(1)))
            try records.append(TimelineShift(item: "blog", from: nil, to: to, reason: "", by: "rosa", at: at(2)))
            try records.append(ReleaseEvent(wave: "pilot", action: .approve, by: "rosa", at: at(3), reason: "ok"))
            try records.append(ReleaseEvent(wave: "pilot", action: .open, by: "rosa", at: at(4)))
            try records.saveCalendarItem(uid: "a", CalendarItemState(fingerprint: "f1", sequence: 0))
            try records.saveCalendarItem(uid: "a", CalendarItemState(fingerprint: "f2", sequence: 1))
        }
        let shifts = try store.read { try $0.shifts() }
        #expect(shifts.map(\.item) == ["public", "blog"] && shifts[0].from == from && shifts[1].from == nil)
        #expect(try store.read { try $0.releaseEvents() }.map(\.action) == [.approve, .open])
        #expect(try store.read { try $0.calendarItems() } == ["a": CalendarItemState(fingerprint: "f2", sequence: 1)])
    }

    @Test(arguments: Backend.allCases) func partnersKeepTheirPlaceAndHistory(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        let partners = ["wm-ke", "wm-de", "hub-a"].map {
            Partner(
                id: $0, name: "Name \($0)", kind: .affiliate, region: "Africa", contactName: "C",
                contactEmail: "c@x.org",
                timeZone: "Africa/Nairobi", wave: "partners")
        }
        var renamed = partners[0]
        renamed.name = "Wikimedia Kenya"
        try store.write { records in
            for partner in partners { try records.save(partner) }
            try records.save(renamed)
            try records.append(StageStep(partner: "wm-de", from: nil, to: "invited", move: .start, at: at(1), by: "r"))
            try records.append(
                StageStep(
                    partner: "wm-de", from: "invited", to: "ready", move: .skip, forced: true, at: at(2), by: "r",
                    note: "why"))
            try records.append(ChecklistTick(partner: "wm-ke", item: "b", at: at(3), by: "j"))
            try records.append(ChecklistTick(partner: "hub-a", item: "z", at: at(3), by: "j"))
            try records.append(ChecklistTick(partner: "hub-a", item: "a", at: at(1), by: "j"))
            try records.append(ReminderRecord(partner: "wm-ke", item: "b", at: at(4)))
        }
        #expect(try store.read { try $0.partners() } == [renamed, partners[1], partners[2]])
        let steps = try store.read { try $0.stageSteps() }
        #expect(
            steps.map(\.move) == [.start, .skip] && steps[1].forced && steps[1].note == "why" && steps[0].from == nil)
        #expect(
            try store.read { try $0.checklistTicks() }.map { "\($0.partner)/\($0.item)" } == [
                "hub-a/a", "hub-a/z", "wm-ke/b",
            ])
        #expect(try store.read { try $0.reminders() } == [ReminderRecord(partner: "wm-ke", item: "b", at: at(4))])
    }

    @Test(arguments: Backend.allCases) func outboxQueuesClaimsAndRetries(_ backend: Backend) throws {
        let store = try StoreFixture(backend).open()
        func message(_ recipient: String, hash: String = "h1", batch: String = "announce:x") -> OutboxItem {
            OutboxItem(
                batch: batch, recipient: recipient, sender: "team@example.org", messageID: "<\(recipient)>",
                hash: hash, payload: "Subject: hi\r\n\r\nbody for \(recipient)\r\n", updatedAt: at(0))
        }
        let results = try store.write { records in
            try ["a@x.org", "b@x.org", "c@x.org"].map { try records.enqueue(message($0)) }
                + [try records.enqueue(message("a@x.org")), try records.enqueue(message("b@x.org", hash: "h2"))]
                + [try records.enqueue(message("z@x.org", batch: "remind:1"))]
        }
        #expect(results == [.added, .added, .added, .unchanged(.pending), .replaced, .added])
        #expect(try store.read { try $0.outboxBatches() } == ["announce:x", "remind:1"])
        let run = try store.claimant()
        func claimNext(_ seconds: Double) throws -> OutboxItem? {
            try store.claim {
                try $0.claim(
                    batch: "announce:x", now: at(seconds), maxAttempts: 3, limit: 1, claimant: run.id, at: at(seconds))
            }.first
        }
        let first = try #require(
            try claimNext(1))
        #expect(first.recipient == "a@x.org" && first.state == .sending && first.attempts == 1)
        #expect(first.payload.contains("body for a@x.org"))
        let second = try #require(
            try claimNext(1))
        #expect(second.recipient == "b@x.org")
        let secondID = try #require(second.id)
        try store.write { records in
            try records.update(
                id: try #require(first.id), state: .sent, attempts: 1, nextAttemptAt: nil, lastReply: "250 ok",
                at: at(2))
            try records.update(
                id: secondID, state: .failedTemporary, attempts: 1, nextAttemptAt: at(60), lastReply: "451 later",
                at: at(2))
        }
        #expect(try store.read { try $0.earliestRetry(batch: "announce:x", maxAttempts: 3) } == at(60))
        let third = try #require(
            try claimNext(3))
        #expect(third.recipient == "c@x.org")
        #expect(try claimNext(3) == nil)
        let retry = try #require(
            try claimNext(61))
        #expect(retry.recipient == "b@x.org" && retry.attempts == 2 && retry.lastReply == "451 later")
        // Both are `sending` for a claimant that is alive: nobody takes them from it.
        #expect(
            try store.write { try $0.releaseAbandoned(batch: "announce:x", isAlive: store.claimantIsAlive, at: at(70)) }
                == AbandonedClaims())
        #expect(try store.read { try $0.outboxCounts(batch: "announce:x") }[.sending] == 2)
        try store.write { records in
            try records.update(
                id: secondID, state: .unknown, attempts: 2, nextAttemptAt: nil, lastReply: "?", at: at(71))
        }
        #expect(try store.write { try $0.resendUnknown(batch: "announce:x", at: at(72)) } >= 1)
        let listed = try store.read { try $0.outboxItems(batch: "announce:x") }
        #expect(
            listed.map(\.recipient) == ["a@x.org", "b@x.org", "c@x.org"] && listed.allSatisfy { $0.payload.isEmpty })
        #expect(listed[0].state == .sent && listed[0].lastReply == "250 ok" && listed[1].state == .pending)
        let counts = try store.read { try $0.outboxCounts(batch: "announce:x") }
        #expect(counts[.sent] == 1 && counts[.pending, default: 0] >= 1)
        #expect(try store.read { try $0.outboxItem(id: secondID) }?.payload.contains("body for b@x.org") == true)
        withExtendedLifetime(run) {}
    }

    @Test(arguments: Backend.allCases) func reopeningAppliesNoMigrationTwice(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        try fixture.open().write { try $0.append(try entry(1)) }
        let again = try fixture.open()
        #expect(try again.read { try $0.auditCount() } == 1)
    }

    @Test(arguments: Backend.allCases) func concurrentWritersLoseNoUpdate(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        try fixture.open().write { try $0.setPilotCapacity(0) }
        let group = DispatchGroup()
        let failures = Counter()
        for _ in 0..<4 {
            let store = try fixture.open()
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for _ in 0..<25 {
                    do {
                        try store.write { records in
                            try records.setPilotCapacity((try records.pilotCapacity() ?? 0) + 1)
                        }
                    } catch {
                        failures.add()
                    }
                }
            }
        }
        group.wait()
        #expect(failures.value == 0)
        #expect(try fixture.open().read { try $0.pilotCapacity() } == 100)
    }

    @Test(arguments: Backend.allCases) func concurrentClaimsNeverTakeARowTwice(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        try fixture.open().write { records in
            for number in 0..<120 {
                _ = try records.enqueue(
                    OutboxItem(
                        batch: "b", recipient: "r\(number)@x.org", sender: "s@x.org", messageID: "<\(number)>",
                        hash: "h", payload: "p", updatedAt: at(0)))
            }
        }
        let claimed = Counter()
        let ids = Collected()
        let group = DispatchGroup()
        for _ in 0..<4 {
            let store = try fixture.open()
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                guard let run = try? store.claimant() else { return }
                while let items = try? store.claim({
                    try $0.claim(batch: "b", now: at(1), maxAttempts: 3, limit: 7, claimant: run.id, at: at(1))
                }), !items.isEmpty {
                    for item in items {
                        claimed.add()
                        ids.append(item.id ?? -1)
                    }
                }
            }
        }
        group.wait()
        #expect(claimed.value == 120)
        #expect(Set(ids.values).count == 120)
    }
}

/// A count shared by test threads.
final class Counter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// Values collected from test threads.
final class Collected: @unchecked Sendable {
    // @unchecked: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [Int64] = []
    func append(_ value: Int64) { lock.withLock { items.append(value) } }
    var values: [Int64] { lock.withLock { items } }
}
