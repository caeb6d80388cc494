import CohortKit
import CohortStore
import CohortTestSupport
import Foundation
import Testing

/// `talk digest` against the real wiki: one outbox message a day to the program's contact naming
/// each waiting thread, nothing new the same day, a new one the next; the counts it read shown by
/// `status` and the report without the wiki.
@Suite struct TalkDigestTests {
    /// Wednesday 23 February 2022, 10:00 in Los Angeles (the program's zone).
    static let wednesday = Instant.parse("2022-02-23T18:00:00Z")!

    static func notices(_ folder: TemporaryFolder) throws -> [Notice] {
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        return try store.read { try $0.notices() }
    }

    static func outbox(_ folder: TemporaryFolder, batch: String) throws -> [OutboxItem] {
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        return try store.read { try $0.outboxItems(batch: batch) }
    }

    @Test func oneDigestADayToTheContactNamingEachWaitingThread() throws {
        let (_, _, folder, session, environment) = try TalkPageImportTests.program(
            "digest", AnswerPromiseTests.questions, user: "Admin")
        let audit = AuditContext(now: Self.wednesday, actor: "rosa", command: "talk digest")

        // The view records nothing: not even the store is made.
        let preview = try TalkPageDesk(session).talkDigest(now: Self.wednesday, environment: environment)
        #expect(preview.result == .preview)
        #expect(preview.batch == "digest:2022-02-23")
        #expect(preview.unanswered == 4 && preview.overdue == 3)
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(".cohort").path))
        // A dry run neither.
        let dry = try TalkPageDesk(session).sendTalkDigest(audit: audit, dryRun: true, environment: environment)
        #expect(dry.result == .wouldQueue)
        #expect(dry.recorded == nil)
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(".cohort").path))

        let first = try TalkPageDesk(session).sendTalkDigest(audit: audit, dryRun: false, environment: environment)
        #expect(first.result == .queued)
        #expect(first.recorded?.unanswered == 4 && first.recorded?.overdue == 3)
        let rows = try Self.outbox(folder, batch: "digest:2022-02-23")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.recipient == "equity-landscape@example.org", "program.contact")
        #expect(row.state == .pending)
        // The message names each waiting thread, and not the answered one. Read through the
        // preview's body (the payload is MIME, maybe encoded).
        let body = try #require(first.body)
        for question in first.questions {
            #expect(body.contains(question.id), "\(question.id) in \(body)")
            #expect(body.contains(question.question), "\(question.question) in \(body)")
        }
        #expect(first.questions.compactMap(\.askedBy) == ["Ann", "Bo", "Cy", "Eve"])
        #expect(!body.contains("Can partners join?"), "answered by staff")
        #expect(body == preview.body, "the view shows what is sent")

        // The same day again, two hours later: nothing new, and it says so.
        let later = AuditContext(
            now: Self.wednesday.addingTimeInterval(7200), actor: "rosa", command: "talk digest")
        let again = try TalkPageDesk(session).sendTalkDigest(audit: later, dryRun: false, environment: environment)
        #expect(again.result == .alreadyQueued)
        #expect(again.text.contains("nothing new queued"))
        #expect(try Self.outbox(folder, batch: "digest:2022-02-23").count == 1)
        #expect(try Self.notices(folder).count { $0.kind == .digest } == 1)

        // The next day in Los Angeles: a new digest.
        let thursday = AuditContext(
            now: Instant.parse("2022-02-24T17:00:00Z")!, actor: "rosa", command: "talk digest")
        let next = try TalkPageDesk(session).sendTalkDigest(audit: thursday, dryRun: false, environment: environment)
        #expect(next.result == .queued)
        #expect(next.batch == "digest:2022-02-24")
        #expect(try Self.outbox(folder, batch: "digest:2022-02-24").count == 1)
        #expect(
            try Self.notices(folder).filter { $0.kind == .digest }.map(\.batch) == [
                "digest:2022-02-23", "digest:2022-02-24",
            ])

        // Status and the report show the last reading's counts, with no wiki asked.
        let status = try ProgramReporting(session).status(now: Instant.parse("2022-02-24T18:00:00Z")!)
        let reading = try #require(status.records?.questions)
        #expect(reading.unanswered == 4 && reading.overdue == 4, "Eve's question is overdue on Thursday")
        #expect(
            StatusText.render(status).contains(
                "Talk     4 unanswered, 4 overdue (as of the talk page read at 2022-02-24 17:00 UTC)"))
        let report = try ProgramReporting(session).report(
            now: Instant.parse("2022-02-24T18:00:00Z")!, audience: .public, out: nil)
        #expect(report.report.questions == reading)
        #expect(report.html.contains("4 unanswered, 4 overdue (as of the talk page read at 2022-02-24 17:00 UTC)"))
        let json = try JSONDocument.compact(report.document)
        #expect(json.contains(#""questions":{"overdue":4,"page":"#), "\(json)")
        #expect(json.contains(#""read_at":"2022-02-24T17:00:00Z","revision":"#), "\(json)")
        // A status at a clock before any reading shows none.
        #expect(
            try ProgramReporting(session).status(now: Self.wednesday.addingTimeInterval(-60)).records?.questions == nil)
    }

    @Test func noQuestionWaitingQueuesNothingAndSaysSo() throws {
        let page = """
            == Q&A ==

            Can partners join? [[User:Dan|Dan]] ([[User talk:Dan|talk]]) 09:00, 22 February 2022 (UTC)
            :Yes, from the second wave. [[User:Admin|Admin]] ([[User talk:Admin|talk]]) 12:00, 22 February 2022 (UTC)

            """
        let (_, _, folder, session, environment) = try TalkPageImportTests.program("digest-none", page)
        let audit = AuditContext(now: Self.wednesday, actor: "rosa", command: "talk digest")
        let done = try TalkPageDesk(session).sendTalkDigest(audit: audit, dryRun: false, environment: environment)
        #expect(done.result == .nothingToSend)
        #expect(done.text.contains("nothing queued"))
        #expect(done.body == nil)
        #expect(try Self.outbox(folder, batch: "digest:2022-02-23").isEmpty)
        #expect(try Self.notices(folder).isEmpty)
        let status = try ProgramReporting(session).status(now: Self.wednesday)
        #expect(status.records?.questions?.unanswered == 0, "the reading is recorded all the same")
    }

    @Test func theQueuedDigestIsDeliveredToTheContact() throws {
        let (_, _, folder, session, environment) = try TalkPageImportTests.program(
            "digest-send", AnswerPromiseTests.questions, user: "Admin")
        let audit = AuditContext(now: Self.wednesday, actor: "rosa", command: "talk digest")
        _ = try TalkPageDesk(session).sendTalkDigest(audit: audit, dryRun: false, environment: environment)
        let sink = try SMTPSink()
        var options = SendOptions()
        options.smtpURL = sink.url
        options.security = SMTPSecurity.none
        let sent = try Sending(session).send(.notices, options: options, audit: audit, environment: [:])
        let row = try Self.outbox(folder, batch: "digest:2022-02-23").first
        #expect(sent.summary.sent == 1, "\(row?.state.rawValue ?? "-"): \(row?.lastReply ?? "-")")
        let received = try sink.received()
        #expect(received.count == 1)
        #expect(received.first?.rcptTos == ["equity-landscape@example.org"])
        #expect(try Self.outbox(folder, batch: "digest:2022-02-23").first?.state == .sent)
    }
}
