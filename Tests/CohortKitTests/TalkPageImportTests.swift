import CohortKit
import CohortStore
import CohortTestSupport
import Foundation
import Testing

/// `feedback import --from-wiki` against a real MediaWiki whose talk page is written through its
/// own maintenance script, in the layouts real talk pages have.
@Suite struct TalkPageImportTests {
    static let now = Instant.parse("2022-03-03T09:00:00Z")!

    /// A workspace whose `channels.meta` is the test wiki's page, with Admin as staff and the
    /// program's own hide template.
    static func workspace(_ wiki: WebServer, page: String) throws -> TemporaryFolder {
        let configuration = try Repository.exampleConfiguration()
            .replacingOccurrences(of: "https://meta.example.org/w/api.php", with: wiki["api"])
            .replacingOccurrences(
                of: "page: Global Data and Insights Team/Movement Data/Equity Landscape/Pilot & Consultation",
                with: "page: \(page)\n    staff: [Admin]\n    hide_templates: [Off topic]")
        return try TemporaryFolder.workspace(configuration: configuration)
    }

    /// A fresh talk page holding `text` (saved by `user`) and a workspace whose program talks there.
    static func program(_ name: String, _ text: String, user: String = "Editor") throws -> (
        wiki: WebServer, title: String, folder: TemporaryFolder, session: ProgramSession,
        environment: [String: String]
    ) {
        let wiki = try WebServer.mediaWiki.get()
        let title = "Cohort tests/\(name)-\(UUID().uuidString.prefix(8).lowercased())"
        try seed(wiki, "Talk:" + title, text, user: user)
        let folder = try workspace(wiki, page: title)
        let session = try ProgramSession.open(workspace: folder.url.path, from: folder.url)
        let environment = ["COHORT_META_USER": wiki["bot_user"], "COHORT_META_PASSWORD": wiki["bot_password"]]
        return (wiki, title, folder, session, environment)
    }

    static func seed(_ wiki: WebServer, _ title: String, _ text: String, user: String) throws {
        let result = try wiki.run("edit", [title, "--user", user], input: text)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func everySignedCommentIsOneItemWithItsAuthorSectionAndTimeAndNothingNextToAHiddenBlockIsLost()
        throws
    {
        let wiki = try WebServer.mediaWiki.get()
        let page = "Cohort tests/talk-\(UUID().uuidString.prefix(8).lowercased())"
        let text = try String(
            contentsOf: Repository.root.appendingPathComponent("Tests/Support/talk/prompt.wiki"), encoding: .utf8)
        try Self.seed(wiki, "Talk:" + page, text, user: "Admin")
        // Unsigned text, added in a revision of its own by Kim.
        try Self.seed(
            wiki, "Talk:" + page, text + "The glossary should explain what equity means here.\n", user: "Kim")
        let folder = try Self.workspace(wiki, page: page)
        let session = try ProgramSession.open(workspace: folder.url.path, from: folder.url)
        let audit = AuditContext(now: Self.now, actor: "rosa", command: "feedback import --from-wiki")
        let environment = ["COHORT_META_USER": wiki["bot_user"], "COHORT_META_PASSWORD": wiki["bot_password"]]

        let first = try TalkPageDesk(session).importTalkPage(nil, audit: audit, environment: environment)
        #expect(first.added.count == 12)
        #expect(first.hidden == 6)
        #expect(first.staff == 2)
        #expect(first.unsigned == 0)
        #expect(first.attributed == 1)
        #expect(first.late.count == 2, "Jo's comment, and Kim's text, saved now")
        #expect(first.problems.isEmpty, "\(first.problems)")

        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        let items = try store.read { try $0.feedbackItems() }
        #expect(
            items.map {
                "\($0.author ?? "-")|\($0.section ?? "-")|\(Instant.format($0.receivedAt))\($0.late ? "|late" : "")"
            }
                == [
                    "Ana K|Prompt 1: Which regions should the dashboard show first?|2022-02-07T10:00:00Z",
                    "Bo|Prompt 1: Which regions should the dashboard show first?|2022-02-07T10:30:00Z",
                    "Chen|Prompt 1: Which regions should the dashboard show first?|2022-02-07T11:00:00Z",
                    "Dee|Prompt 1: Which regions should the dashboard show first?|2022-02-07T11:20:00Z",
                    "Eve|Prompt 1: Which regions should the dashboard show first?|2022-02-07T11:30:00Z",
                    "Fay|Prompt 1: Which regions should the dashboard show first?|2022-02-07T12:30:00Z",
                    "Gus|Prompt 1: Which regions should the dashboard show first?|2022-02-07T12:50:00Z",
                    "Jo|Prompt 1: Which regions should the dashboard show first?|2022-03-02T09:00:00Z|late",
                    "Editor|Q&A|2022-02-09T14:00:00Z",
                    "Other|Q&A|2022-02-09T15:00:00Z",
                    "Lee|Other|2022-02-10T09:00:00Z",
                    "Kim|Other|\(Instant.format(items.last?.receivedAt ?? .distantPast))|late",
                ])
        #expect(items.contains { $0.text == "Please use colours that colour-blind readers can tell apart." })
        #expect(items.allSatisfy { $0.themes.isEmpty }, "sections are never themes")
        #expect(!items.contains { $0.author == "Troll" || $0.author == "Hal" || $0.author == "Ivy" })

        let again = try TalkPageDesk(session).importTalkPage(nil, audit: audit, environment: environment)
        #expect(again.added.isEmpty)
        #expect(again.unchanged == 12, "importing again changes nothing")
    }
}

/// `talk questions --overdue` against the real wiki, over a period that holds a holiday.
@Suite struct AnswerPromiseTests {
    static let questions = """
        == Q&A ==

        When does the pilot start? [[User:Ann|Ann]] ([[User talk:Ann|talk]]) 10:00, 17 February 2022 (UTC)
        Is there a recording of the office hour? [[User:Bo|Bo]] ([[User talk:Bo|talk]]) 20:00, 18 February 2022 (UTC)
        Which languages are covered? [[User:Cy|Cy]] ([[User talk:Cy|talk]]) 15:00, 21 February 2022 (UTC)
        Can partners join? [[User:Dan|Dan]] ([[User talk:Dan|talk]]) 09:00, 22 February 2022 (UTC)
        :Yes, from the second wave. [[User:Admin|Admin]] ([[User talk:Admin|talk]]) 12:00, 22 February 2022 (UTC)
        Where is the NDA? [[User:Eve|Eve]] ([[User talk:Eve|talk]]) 17:00, 22 February 2022 (UTC)

        """

    @Test func overdueAgreesWithAHandCountOverAPeriodWithAHoliday() throws {
        let wiki = try WebServer.mediaWiki.get()
        let page = "Cohort tests/questions-\(UUID().uuidString.prefix(8).lowercased())"
        try TalkPageImportTests.seed(wiki, "Talk:" + page, Self.questions, user: "Admin")
        let configuration = try Repository.exampleConfiguration()
            .replacingOccurrences(of: "https://meta.example.org/w/api.php", with: wiki["api"])
            .replacingOccurrences(
                of: "page: Global Data and Insights Team/Movement Data/Equity Landscape/Pilot & Consultation",
                with: "page: \(page)\n    staff: [Admin]\n    holidays: calendar/holidays.ics\n    answer_period: input"
            )
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        try folder.write(
            "calendar/holidays.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20220221\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        let session = try ProgramSession.open(workspace: folder.url.path, from: folder.url)
        // Wednesday 23 February, 10:00 in Los Angeles (the program's zone); Monday 21st is a holiday.
        let now = Instant.parse("2022-02-23T18:00:00Z")!
        let all = try TalkPageDesk(session).openQuestions(now: now, environment: [:])
        // By hand, in Los Angeles: Ann (Thu 17th) Fri, Tue, Wed = 3; Bo (Fri 18th, noon) Tue, Wed = 2;
        // Cy (Mon 21st, the holiday) Tue, Wed = 2; Dan answered; Eve (Tue 22nd) Wed = 1.
        #expect(
            all.questions.map { "\($0.askedBy ?? "-") \($0.workingDays)\($0.overdue ? " overdue" : "")" } == [
                "Ann 3 overdue", "Bo 2 overdue", "Cy 2 overdue", "Eve 1",
            ])
        let overdue = try TalkPageDesk(session).openQuestions(now: now, overdueOnly: true, environment: [:])
        #expect(overdue.questions.compactMap(\.askedBy) == ["Ann", "Bo", "Cy"])
    }
}

/// `talk reply` against the real wiki: the reply appears once, indented under its thread, after
/// two runs.
@Suite struct TalkReplyTests {
    static let page = """
        == Q&A ==

        When will the public dashboard open? [[User:Editor|Editor]] ([[User talk:Editor|talk]]) 14:00, 9 February 2022 (UTC)
        Who can join the pilot? [[User:Other|Other]] ([[User talk:Other|talk]]) 15:00, 9 February 2022 (UTC)

        === Dashboard languages ===
        Which languages will it have? [[User:Ann|Ann]] ([[User talk:Ann|talk]]) 10:00, 10 February 2022 (UTC)
        :And right-to-left scripts? [[User:Bo|Bo]] ([[User talk:Bo|talk]]) 11:00, 10 February 2022 (UTC)

        == Other ==
        Thanks. [[User:Lee|Lee]] ([[User talk:Lee|talk]]) 09:00, 11 February 2022 (UTC)

        """

    static func raw(_ wiki: WebServer, _ title: String) throws -> String {
        let url =
            wiki["index"] + "?action=raw&title="
            + (title.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try Processes.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-fsS", url]).stdout
    }

    @Test func aReplyAppearsOnceUnderItsThreadAfterTwoRuns() throws {
        let (wiki, title, _, session, environment) = try TalkPageImportTests.program("reply", Self.page)
        let audit = AuditContext(now: Instant.parse("2022-02-14T09:00:00Z")!, actor: "rosa", command: "talk reply")
        let now = Instant.parse("2022-02-14T09:00:00Z")!
        let open = try TalkPageDesk(session).openQuestions(now: now, environment: environment)
        #expect(open.questions.map(\.askedBy) == ["Editor", "Other", "Ann"])
        let other = try #require(open.questions.first { $0.askedBy == "Other" })

        for _ in 0..<2 {
            _ = try TalkPageDesk(session).replyOnTalkPage(
                thread: other.id, reply: "Anyone with an applicable use case.", by: "Rosa", audit: audit,
                environment: environment)
            _ = try TalkPageDesk(session).replyOnTalkPage(
                thread: "dashboard LANGUAGES", reply: "English first, then Arabic and Hindi.", by: "Rosa",
                audit: audit, environment: environment)
        }
        let text = try Self.raw(wiki, "Talk:" + title)
        #expect(text.components(separatedBy: "Anyone with an applicable use case.").count == 2, "once: \(text)")
        #expect(text.components(separatedBy: "English first, then Arabic and Hindi.").count == 2, "once: \(text)")
        let lines = text.split(separator: "\n").map(String.init)
        let otherLine = try #require(lines.firstIndex { $0.hasPrefix("Who can join the pilot?") })
        #expect(lines[otherLine + 1].hasPrefix(":Anyone with an applicable use case. —Rosa [[User:Admin"))
        let boLine = try #require(lines.firstIndex { $0.hasPrefix(":And right-to-left scripts?") })
        #expect(lines[boLine + 1].hasPrefix("::English first, then Arabic and Hindi. —Rosa [[User:Admin"))
        let after = try TalkPageDesk(session).openQuestions(now: now, environment: environment)
        #expect(after.questions.map(\.askedBy) == ["Editor"], "answered by staff")
    }
}

/// `feedback hide --on-wiki`, `unhide --on-wiki` and the clarification ping against the real
/// wiki: each appears on the page once after two runs.
@Suite struct TalkModerationTests {
    static let page = """
        == Prompt 1 ==

        Good idea overall. [[User:Ann|Ann]] ([[User talk:Ann|talk]]) 10:00, 7 February 2022 (UTC)
        :You are all idiots. [[User:Troll|Troll]] ([[User talk:Troll|talk]]) 10:10, 7 February 2022 (UTC)
        Please count hubs apart. [[User:Bo|Bo]] ([[User talk:Bo|talk]]) 10:20, 7 February 2022 (UTC)

        """

    @Test func aHidingAndAPingAppearOnceAfterTwoRunsAndUnhidingUndoesIt() throws {
        let (wiki, title, folder, session, environment) = try TalkPageImportTests.program("moderation", Self.page)
        let audit = AuditContext(now: Instant.parse("2022-02-14T09:00:00Z")!, actor: "rosa", command: "feedback")
        let imported = try TalkPageDesk(session).importTalkPage(nil, audit: audit, environment: environment)
        #expect(imported.added.count == 3)
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        let items = try store.read { try $0.feedbackItems() }
        let troll = try #require(items.first { $0.author == "Troll" }).id
        let ann = try #require(items.first { $0.author == "Ann" }).id

        let first = try TalkPageDesk(session).setFeedbackHiddenOnWiki(
            true, item: troll, reason: "conduct", by: "Rosa", audit: audit, environment: environment)
        let second = try TalkPageDesk(session).setFeedbackHiddenOnWiki(
            true, item: troll, reason: "conduct", by: "Rosa", audit: audit, environment: environment)
        #expect([first.wiki, second.wiki] == ["edited", "unchanged"])
        #expect([first.recorded, second.recorded] == [true, false])
        var text = try TalkReplyTests.raw(wiki, "Talk:" + title)
        // The program's first hide template (`channels.meta.hide_templates: [Off topic]`).
        #expect(text.components(separatedBy: "{{Off topic|conduct|").count == 2, "\(text)")
        #expect(text.contains(":{{Off topic|conduct|You are all idiots. [[User:Troll|Troll]]"))
        let again = try TalkPageDesk(session).importTalkPage(nil, audit: audit, environment: environment)
        #expect(again.hidden == 1)
        #expect(again.unchanged == 2)

        for judge in ["amara", "jonas"] {
            _ = try FeedbackCoding(session).code(item: ann, judge: judge, category: "unclear", themes: [], audit: audit)
        }
        for _ in 0..<2 {
            _ = try TalkPageDesk(session).askClarification(
                ann, question: "Which idea do you mean?", audit: audit, environment: environment)
        }
        text = try TalkReplyTests.raw(wiki, "Talk:" + title)
        #expect(text.components(separatedBy: "{{ping|Ann}} Which idea do you mean?").count == 2, "\(text)")

        let shown = try TalkPageDesk(session).setFeedbackHiddenOnWiki(
            false, item: troll, reason: "hidden by mistake", by: "Rosa", audit: audit, environment: environment)
        #expect(shown.wiki == "edited")
        text = try TalkReplyTests.raw(wiki, "Talk:" + title)
        #expect(!text.contains("{{Off topic|"))
        #expect(text.contains("\n:You are all idiots. [[User:Troll|Troll]]"))
        let audits = try store.read { try $0.auditEntries(limit: nil) }
        #expect(audits.filter { $0.action == "hide-on-wiki" || $0.action == "unhide-on-wiki" }.count == 2)
        #expect(audits.contains { $0.action == "hide-on-wiki" && $0.reason.contains("revision") })
    }
}
