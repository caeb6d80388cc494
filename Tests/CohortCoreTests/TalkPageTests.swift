import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// The talk page read one comment per signature: hidden and struck regions leave out exactly their
/// own span, indentation and `{{od}}` keep the thread, and nothing next to a hidden block is lost.
@Suite struct TalkPageTests {
    static func page() throws -> String {
        try String(
            contentsOf: Repository.root.appendingPathComponent("Tests/Support/talk/prompt.wiki"), encoding: .utf8)
    }

    static let prompt = "Prompt 1: Which regions should the dashboard show first?"

    @Test func everySignatureIsOneCommentAndEveryHiddenRegionHidesOnlyItself() throws {
        let talk = TalkPage.parse(try Self.page(), hideTemplates: ["Off topic"])
        let prompt = talk.comments.filter { $0.section == Self.prompt }
        #expect(
            prompt.map { "\($0.author ?? "-")\($0.hidden.map { " (\($0))" } ?? "")" } == [
                "Ana K", "Bo", "Troll (hidden)", "Chen", "Dee (struck)", "Dee", "Eve", "Admin", "Fay", "Troll (hidden)",
                "Gus", "Hal (hidden)", "Ivy (struck)", "Troll (hidden)", "Jo",
            ])
        #expect(prompt.map(\.number) == Array(1...15))
        let chen = try #require(prompt.first { $0.author == "Chen" })
        #expect(chen.text == "Please use colours that colour-blind readers can tell apart.")
        #expect(!chen.isReply, "a comment right after a {{hidden}} block starts its own thread")
        let gus = try #require(prompt.first { $0.author == "Gus" })
        #expect(gus.text == "A comment right after the hat block.")
        #expect(
            prompt.first { $0.author == "Dee" && $0.hidden == nil }?.text == "Show the data sources under each chart.")
        #expect(prompt.first { $0.author == "Eve" }?.text == "Add an export to CSV.", "a user-talk link alone signs")
        #expect(
            prompt.first { $0.author == "Jo" }?.signedAt == Instant.parse("2022-03-02T09:00:00Z"),
            "the signature's time is UTC")
        #expect(!talk.comments.contains { $0.hidden == nil && $0.text.contains("rant") })
    }

    @Test func indentationAndOutdentsKeepTheThread() throws {
        let talk = TalkPage.parse(try Self.page(), hideTemplates: ["Off topic"])
        let threads = talk.threads(in: Self.prompt).map { thread in
            thread.comments.filter { $0.hidden == nil }.compactMap(\.author)
        }.filter { !$0.isEmpty }
        #expect(threads == [["Ana K", "Bo"], ["Chen"], ["Dee"], ["Eve", "Admin", "Fay"], ["Gus"], ["Jo"]])
        let questions = talk.threads(in: "q&a").map { $0.comments.compactMap(\.author) }
        #expect(questions == [["Editor"], ["Other", "Admin"]], "consecutive unindented comments are two threads")
    }

    @Test func theSectionIsKeptAsASectionAndStaffRepliesAreCountedApart() throws {
        let talk = TalkPage.parse(try Self.page(), hideTemplates: ["Off topic"])
        let reading = TalkPageImport.read(
            talk, title: "Talk:P", staff: ["admin"], inputCloses: Instant.parse("2022-03-01T08:00:00Z"), known: [])
        #expect(
            reading.items.map { $0.author ?? "" } == [
                "Ana K", "Bo", "Chen", "Dee", "Eve", "Fay", "Gus", "Jo", "Editor", "Other", "Lee",
            ])
        #expect(reading.hidden == 6)
        #expect(reading.staff == 2)
        #expect(reading.items.allSatisfy { $0.themes.isEmpty }, "sections are not themes")
        #expect(reading.items.first?.section == Self.prompt)
        #expect(reading.late == reading.items.filter { $0.author == "Jo" }.map(\.id))
        #expect(reading.items.filter(\.late).map { $0.author ?? "" } == ["Jo"])
        let again = TalkPageImport.read(
            talk, title: "Talk:P", staff: ["Admin"], inputCloses: nil, known: reading.items)
        #expect(again.items.map(\.id) == reading.items.map(\.id), "ids are stable from read to read")
    }

    @Test func unsignedTextIsAttributedToTheRevisionThatAddedItOrReported() throws {
        let before = "== Ideas ==\nMore maps. [[User:Bo|Bo]] 10:00, 7 February 2022 (UTC)\n"
        let after = before + "A glossary would help.\n"
        let talk = TalkPage.parse(after)
        let history = [
            TalkRevision(user: "Bo", at: Instant.parse("2022-02-07T10:00:00Z")!, text: before),
            TalkRevision(user: "Kim", at: Instant.parse("2022-02-08T11:00:00Z")!, text: after),
        ]
        let attributed = TalkPageImport.read(
            talk, title: "Talk:P", staff: [], inputCloses: nil, known: [], history: history)
        #expect(
            attributed.items.map { "\($0.author ?? "-") \(Instant.format($0.receivedAt))" } == [
                "Bo 2022-02-07T10:00:00Z", "Kim 2022-02-08T11:00:00Z",
            ])
        #expect(attributed.attributed == 1)
        let reported = TalkPageImport.read(talk, title: "Talk:P", staff: [], inputCloses: nil, known: [])
        #expect(reported.items.count == 1)
        #expect(reported.unsigned.count == 1)
        #expect(reported.unsigned.first?.hasPrefix("Talk:P§Ideas, comment 2: unsigned") == true)
    }

    @Test(arguments: [
        ("\u{1B}[31m red", "the comment contains the control character U+001B"),
        ("ring \u{07}", "the comment contains the control character U+0007"),
        ("cut\u{0}off", "the comment contains a NUL byte"),
        ("evil \u{202E}txt.exe", "the comment contains the bidirectional control U+202E"),
        (String(repeating: "long ", count: 5_000), "the comment is 24999 bytes, more than the 20000"),
    ])
    func textRulesRefuseAComment(_ text: String, _ message: String) throws {
        let wikitext =
            "== Q&A ==\nFine. [[User:Ann|Ann]] 10:00, 7 February 2022 (UTC)\n\(text) [[User:Bo|Bo]] 10:05, 7 February 2022 (UTC)\n"
        let reading = TalkPageImport.read(
            TalkPage.parse(wikitext), title: "Talk:P", staff: [], inputCloses: nil, known: [])
        #expect(reading.items.map { $0.author ?? "" } == ["Ann"])
        #expect(reading.problems.count == 1)
        #expect(reading.problems.first?.hasPrefix("Talk:P§Q&A, comment 2: \(message)") == true, "\(reading.problems)")
    }

    @Test func aCommentFromAnotherSourceIsLinkedNotAddedTwice() throws {
        let wikitext = "== Q&A ==\nPlease   add\n maps. [[User:ann_Lee|Ann Lee]] 10:00, 7 February 2022 (UTC)\n"
        let csv = FeedbackItem(
            id: "fb-1", source: "survey", receivedAt: .distantPast, author: "Ann Lee", text: "Please add maps.")
        let reading = TalkPageImport.read(
            TalkPage.parse(wikitext), title: "Talk:P", staff: [], inputCloses: nil, known: [csv])
        #expect(reading.items.isEmpty)
        #expect(reading.linked.map(\.item) == ["fb-1"])
    }

    @Test func userNamesCompareAsMediaWikiComparesThem() {
        #expect(WikiUsername.same("alice", "Alice"))
        #expect(WikiUsername.same("Ana_K", "Ana K"))
        #expect(WikiUsername.same(" Ana  K ", "Ana_K"))
        #expect(!WikiUsername.same("ALICE", "Alice"))
        #expect(WikiUsername.problem(String(repeating: "é", count: 128)) != nil, "256 bytes")
        #expect(WikiUsername.problem("Ann[1]") != nil)
        #expect(WikiUsername.problem("Ann") == nil)
    }

    @Test func theSignUpsFileTakesAliceAndaliceForOnePerson() throws {
        let table = try CSVTable.parse(
            """
            username,email,signed_up_at,use_case,use_case_applicable,available,nda,time_zone,languages
            alice,a@example.org,2022-02-01T10:00:00Z,,yes,yes,agreed,UTC,en
            Alice,b@example.org,2022-02-01T11:00:00Z,,yes,yes,agreed,UTC,en
            Ana_K,c@example.org,2022-02-01T12:00:00Z,,yes,yes,agreed,UTC,en

            """, file: "signups.csv", columns: Signup.columns)
        let (signups, problems) = Signup.read(table)
        #expect(signups.map(\.signup.username) == ["alice", "Ana_K"], "stored as first written")
        #expect(problems.problems.map(\.description).first?.contains("\"Alice\" already appears in row") == true)
        let cohort = PilotCohort(signups: signups.map(\.signup), capacity: 2, rules: PilotRules())
        #expect((try? cohort.index(of: "Ana K")) == 1, "named as the wiki names them")
    }
}
