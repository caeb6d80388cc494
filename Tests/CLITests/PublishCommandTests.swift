import CohortTestSupport
import Foundation
import Testing

/// `announce publish`, `announce release`, `feedback import --from-wiki` and `talk questions`
/// as a user runs them, against a real MediaWiki and a real WordPress on loopback.
@Suite struct PublishCommandTests {
    static let now = "2022-05-20T09:00:00Z"

    /// A workspace of the example program whose Meta page and blog are the test servers', with
    /// one announcement told on meta, blog and mail.
    static func workspace(
        wiki: WebServer, page: String, slug: String, body: String = "The dashboard moves later in the year."
    ) throws -> (TemporaryFolder, [String: String]) {
        let blog = try WebServer.wordPress.get()
        let configuration = try Repository.exampleConfiguration()
            .replacingOccurrences(of: "https://meta.example.org/w/api.php", with: wiki["api"])
            .replacingOccurrences(
                of: "page: Global Data and Insights Team/Movement Data/Equity Landscape/Pilot & Consultation",
                with: "page: \(page)\n    staff: [Admin]"
            )
            .replacingOccurrences(of: "site: https://diff.example.org", with: "site: \(blog["site"])")
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        try folder.copyExampleTemplates()
        try write(folder, slug: slug, body: body)
        let environment = [
            "COHORT_META_USER": wiki["bot_user"], "COHORT_META_PASSWORD": wiki["bot_password"],
            "COHORT_BLOG_USER": blog["user"], "COHORT_BLOG_PASSWORD": blog["app_password"],
        ]
        return (folder, environment)
    }

    static func write(_ folder: TemporaryFolder, slug: String, body: String) throws {
        try folder.write(
            "announcements/\(slug).md",
            """
            ---
            title: The public dashboard moves
            kind: update
            date: 2022-05-20
            channels: [meta, blog, mail]
            meta:
              section: "Update: the dashboard <b>moves</b> {{later}}"
              summary: "Dashboard update"
            blog:
              slug: \(slug)
              url: https://diff.example.org/\(slug)/
              categories: [Announcements]
              tags: [dashboard]
              excerpt: Why it moves.
            mail:
              to: [movement-data]
              subject: "The public dashboard moves"
            ---
            \(body)

            """)
    }

    static func cohort(_ arguments: [String], _ folder: TemporaryFolder, _ environment: [String: String])
        throws -> ProcessResult
    {
        try Processes.cohort(arguments, in: folder.url, environment: environment)
    }

    static func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func seed(_ wiki: WebServer, _ title: String, _ text: String, user: String = "Admin") throws {
        let result = try wiki.run("edit", [title, "--user", user], input: text)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The page's current wikitext, read with curl (not through Cohort).
    static func pageText(_ wiki: WebServer, _ title: String) throws -> String {
        let url =
            wiki["index"] + "?action=raw&title="
            + (title.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let result = try Processes.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-fsS", url])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func theMetaSectionIsAddedThenUnchangedThenReplacedAndAnEditBehindCohortIsNeverOverwritten() throws {
        let wiki = try WebServer.mediaWiki.get()
        let page = "Cohort tests/" + Self.unique("portal")
        try Self.seed(wiki, page, "Intro of the portal.\n\n== Timeline ==\nFebruary to June.\n")
        let slug = Self.unique("update")
        let (folder, environment) = try Self.workspace(wiki: wiki, page: page, slug: slug)
        let publish = ["announce", "publish", slug, "--channel", "meta", "--json", "--now", Self.now]

        let first = try Self.cohort(publish, folder, environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try readJSON(first.stdout, "d['channel']", "d['result']") == ["meta", "created"])
        let revision = try readJSON(first.stdout, "d['revision']").first
        var text = try Self.pageText(wiki, page)
        #expect(text.hasPrefix("Intro of the portal.\n\n== Timeline ==\nFebruary to June.\n\n== Update: the dashboard"))
        #expect(text.contains("&lt;b&gt;moves&lt;/b&gt;") || text.contains("<nowiki>"), "markup in a title is escaped")
        #expect(!text.contains("<b>moves</b>"))

        let again = try Self.cohort(publish, folder, environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try readJSON(again.stdout, "d['result']", "d['revision']") == ["unchanged", revision ?? ""])

        try Self.write(folder, slug: slug, body: "The dashboard now follows a staggered release.")
        let dry = try Self.cohort(
            ["announce", "publish", slug, "--channel", "meta", "--dry-run", "--now", Self.now], folder, environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("+ The dashboard now follows a staggered release."))
        #expect(try Self.pageText(wiki, page) == text, "a dry run changes nothing")
        let replaced = try Self.cohort(publish, folder, environment)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try readJSON(replaced.stdout, "d['result']") == ["updated"])
        text = try Self.pageText(wiki, page)
        #expect(text.components(separatedBy: "== Update: the dashboard").count == 2, "replaced in place, not added")
        #expect(text.contains("staggered release") && !text.contains("later in the year"))

        let planted = text.replacingOccurrences(of: "staggered release.", with: "staggered release (edited by Rosa).")
        try Self.seed(wiki, page, planted, user: "Editor")
        try Self.write(folder, slug: slug, body: "The dashboard waits for the partners.")
        let conflict = try Self.cohort(publish, folder, environment)
        #expect(conflict.status == 4, "\(conflict.stderr)")
        #expect(conflict.stderr.contains("changed since revision"))
        #expect(conflict.stderr.contains("- The dashboard now follows a staggered release (edited by Rosa)."))
        #expect(try Self.pageText(wiki, page).contains("(edited by Rosa)"), "the planted edit survives")

        let forced = try Self.cohort(publish + ["--force", "--reason", "Rosa agreed"], folder, environment)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.pageText(wiki, page).contains("waits for the partners"))
        let status = try Self.cohort(["announce", "status", slug, "--json"], folder, environment)
        #expect(
            try readJSON(
                status.stdout, "[c['state'] for c in d['announcements'][0]['channels'] if c['channel'] == 'meta']")
                == ["['published']"])
    }

    @Test func aMissingPageIsRefusedAndAWrongBotPasswordNamesTheAccount() throws {
        let wiki = try WebServer.mediaWiki.get()
        let slug = Self.unique("missing")
        let (folder, environment) = try Self.workspace(
            wiki: wiki, page: "Cohort tests/" + Self.unique("nowhere"), slug: slug)
        let missing = try Self.cohort(
            ["announce", "publish", slug, "--channel", "meta", "--now", Self.now], folder, environment)
        #expect(missing.status == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("does not exist; create it on the wiki, or set meta.create: true"))
        var wrong = environment
        wrong["COHORT_META_PASSWORD"] = "0123456789abcdef0123456789abcdef"
        let refused = try Self.cohort(
            ["announce", "publish", slug, "--channel", "meta", "--now", Self.now], folder, wrong)
        #expect(refused.status == 1)
        #expect(
            refused.stderrLines.first?.hasPrefix("cohort: the wiki refused the login of Admin@cohort (Failed") == true)
        #expect(!refused.stderr.contains("0123456789abcdef"))
        let status = try Self.cohort(["announce", "status", slug, "--json"], folder, environment)
        #expect(
            try readJSON(status.stdout, "[c['recorded'] for c in d['announcements'][0]['channels']]").first?
                .contains("True") == false, "nothing recorded as published")
    }

    @Test func maxlagIsWaitedOutThenThePageIsPublished() throws {
        let wiki = try WebServer.laggingMediaWiki.get()
        let page = "Cohort tests/" + Self.unique("lag")
        try Self.seed(wiki, page, "Intro.\n")
        let slug = Self.unique("lag")
        let (folder, environment) = try Self.workspace(wiki: wiki, page: page, slug: slug)
        try "7 1\n".write(toFile: wiki["maxlag_file"], atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: wiki["maxlag_file"]) }
        let started = Date()
        let result = try Self.cohort(
            ["announce", "publish", slug, "--channel", "meta", "--json", "--now", Self.now], folder, environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) >= 5, "waited as Retry-After said")
        #expect(try readJSON(result.stdout, "d['result']") == ["created"])
    }

    @Test func oneDraftEvenAfterACrashAnEditOnTheBlogIsNeverOverwrittenAndTheMailWaitsForThePost() throws {
        let wiki = try WebServer.mediaWiki.get()
        let blog = try WebServer.wordPress.get()
        let slug = Self.unique("post")
        let (folder, environment) = try Self.workspace(wiki: wiki, page: "Cohort tests/" + Self.unique("p"), slug: slug)
        let publish = ["announce", "publish", slug, "--channel", "blog", "--json", "--now", Self.now]
        let first = try Self.cohort(publish, folder, environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try readJSON(first.stdout, "d['result']", "d['status']") == ["created", "draft"])
        let id = try readJSON(first.stdout, "d['post_id']").first ?? ""
        let again = try Self.cohort(publish, folder, environment)
        #expect(try readJSON(again.stdout, "d['result']", "d['post_id']") == ["unchanged", id])

        // A crash between WordPress's answer and the record: the records forget the post.
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent(".cohort"))
        try Self.write(folder, slug: slug, body: "Changed after the crash.")
        let recovered = try Self.cohort(publish, folder, environment)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(try readJSON(recovered.stdout, "d['post_id']", "d['result']") == [id, "updated"], "the same draft")
        let drafts = try blog.run(
            "eval",
            ["echo count(get_posts([\"name\" => \"\(slug)\", \"post_status\" => \"any\", \"numberposts\" => -1]));"])
        #expect(drafts.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "one draft, never two")

        let edited = try blog.run(
            "eval", ["sleep(1); wp_update_post([\"ID\" => \(id), \"post_content\" => \"<p>Edited on Diff.</p>\"]);"])
        #expect(edited.status == 0, "\(edited.stderr)")
        try Self.write(folder, slug: slug, body: "Another change.")
        let conflict = try Self.cohort(publish, folder, environment)
        #expect(conflict.status == 4, "\(conflict.stderr)")
        let read = try blog.run("eval", ["echo get_post(\(id))->post_content;"])
        #expect(read.stdout.contains("Edited on Diff."), "the editor's change survives")

        // The follow-up mail waits for the post to be published, then links it where WordPress put it.
        let sink = try SMTPSink(["--keep-content"])
        let send = ["announce", "send", slug, "--smtp-url", sink.url, "--use-tls", "none", "--now", Self.now]
        let early = try Self.cohort(send, folder, environment)
        #expect(early.status == 65, "\(early.stderr)")  // a lint finding of the mail (issue 12): nothing queued
        #expect(early.stderr.contains("not published yet"))
        #expect(try sink.received().isEmpty)
        let published = try blog.run("eval", ["wp_publish_post(\(id)); echo get_permalink(\(id));"])
        let link = published.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(link.hasSuffix("/\(slug)/"), "\(published.stdout) \(published.stderr)")
        let sent = try Self.cohort(send, folder, environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        let content = try #require(try sink.received().first?.content)
        let mail = try IndependentParsers.mail(content)
        #expect(mail.defects.isEmpty)
        #expect(
            mail.parts.contains { $0.text?.contains(link) == true }, "the mail links the post where WordPress put it")
        #expect(!content.contains("https://diff.example.org/\(slug)/"), "not the planned address")
        let status = try Self.cohort(["announce", "status", slug, "--json"], folder, environment)
        #expect(
            try readJSON(
                status.stdout,
                "[(c['state'], c['details']['link']) for c in d['announcements'][0]['channels'] if c['channel'] == 'blog']"
            )
                == ["[('published', '\(link)')]"])
    }
}

extension PublishCommandTests {
    @Test func theReleaseSequenceGoesMetaThenBlogThenWaitsForTheEditorThenSendsTheMailOnce() throws {
        let wiki = try WebServer.mediaWiki.get()
        let blog = try WebServer.wordPress.get()
        let page = "Cohort tests/" + Self.unique("sequence")
        try Self.seed(wiki, page, "Intro.\n")
        let slug = Self.unique("sequence")
        let (folder, environment) = try Self.workspace(wiki: wiki, page: page, slug: slug)
        let sink = try SMTPSink()
        let release = [
            "announce", "release", slug, "--smtp-url", sink.url, "--use-tls", "none", "--json", "--now", Self.now,
        ]
        let first = try Self.cohort(release, folder, environment)
        #expect(first.status == 75, "\(first.stderr)")
        #expect(
            try readJSON(first.stdout, "[(s['step'], s['outcome']) for s in d['steps']]") == [
                "[('meta', 'done'), ('blog', 'done'), ('blog', 'waiting')]"
            ])
        #expect(try sink.received().isEmpty, "no mail before the post is live")
        let id = try #require(
            try readJSON(
                try Self.cohort(["announce", "status", slug, "--json"], folder, environment).stdout,
                "[c['details']['post_id'] for c in d['announcements'][0]['channels'] if c['channel'] == 'blog'][0]"
            ).first)
        let published = try blog.run("eval", ["wp_publish_post(\(id));"])
        #expect(published.status == 0, "\(published.stderr)")
        let second = try Self.cohort(release, folder, environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            try readJSON(second.stdout, "[(s['step'], s['outcome']) for s in d['steps']]", "d['complete']") == [
                "[('meta', 'unchanged'), ('blog', 'unchanged'), ('mail', 'done')]", "True",
            ])
        #expect(try sink.received().count == 1)
        let third = try Self.cohort(release, folder, environment)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try sink.received().count == 1, "never twice")
    }
}

/// The consultation's talk page read back: comments become feedback items, and the questions
/// still waiting for staff are listed with their age in working days.
@Suite struct TalkPageCommandTests {
    static let talk = """
        == Feedback on the pilot ==

        The pilot sessions were useful, thank you. [[User:Editor|Editor]] ([[User talk:Editor|talk]]) 10:00, 7 February 2022 (UTC)
        :Agreed, and the slides helped. [[User:Admin|Admin]] ([[User talk:Admin|talk]]) 11:30, 7 February 2022 (UTC)

        == Metrics ==

        Please count regional hubs separately. [[User:Editor|Editor]] ([[User talk:Editor|talk]]) 09:15, 8 February 2022 (UTC)

        <span style="display:none">An off-topic remark, hidden under the rules of engagement. [[User:Troll|Troll]] ([[User talk:Troll|talk]]) 09:20, 8 February 2022 (UTC)</span>

        An unsigned remark.

        == Q&A ==

        When will the public dashboard open? [[User:Editor|Editor]] ([[User talk:Editor|talk]]) 14:00, 9 February 2022 (UTC)

        Who can join the pilot? [[User:Other|Other]] ([[User talk:Other|talk]]) 15:00, 9 February 2022 (UTC)
        :Anyone with an applicable use case; see the call. [[User:Admin|Admin]] ([[User talk:Admin|talk]]) 16:00, 9 February 2022 (UTC)

        """

    @Test func signedCommentsBecomeItemsOnceHiddenOnesAreCountedAndTheOpenQuestionIsListed() throws {
        let wiki = try WebServer.mediaWiki.get()
        let page = "Cohort tests/" + PublishCommandTests.unique("consultation")
        let (folder, environment) = try PublishCommandTests.workspace(
            wiki: wiki, page: page, slug: PublishCommandTests.unique("unused"))
        try PublishCommandTests.seed(wiki, "Talk:" + page, Self.talk, user: "Editor")
        let now = "2022-02-14T09:00:00Z"
        let first = try PublishCommandTests.cohort(
            ["feedback", "import", "--from-wiki", "--json", "--now", now], folder, environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            try readJSON(
                first.stdout, "len(d['added'])", "d['hidden']", "d['unsigned']", "d['attributed']", "d['staff']") == [
                    "5", "1", "0", "1", "2",
                ], "the unsigned remark is the page's first revision's, by Editor")
        let again = try PublishCommandTests.cohort(
            ["feedback", "import", "--from-wiki", "--json", "--now", now], folder, environment)
        #expect(try readJSON(again.stdout, "len(d['added'])", "d['unchanged']") == ["0", "5"], "idempotent")
        let items = try PublishCommandTests.cohort(
            ["feedback", "report", "--json", "--with-authors", "--now", now], folder, environment)
        #expect(items.status == 0, "\(items.stderr)")
        #expect(!items.stdout.contains("Troll"), "a hidden comment is never imported")
        let next = try PublishCommandTests.cohort(
            ["feedback", "next", "--judge", "amara", "--json", "--now", now], folder, environment)
        #expect(
            try readJSON(next.stdout, "d['item']['source']", "d['item']['text']") == [
                "talk-page", "The pilot sessions were useful, thank you.",
            ])

        let questions = try PublishCommandTests.cohort(
            ["talk", "questions", "--json", "--now", now], folder, environment)
        #expect(questions.status == 0, "\(questions.stderr)")
        #expect(
            try readJSON(
                questions.stdout, "[(q['question'], q['last_by'], q['working_days']) for q in d['questions']]") == [
                    "[('When will the public dashboard open?', 'Editor', 3)]"
                ], "9 February (Wednesday) to 14 February (Monday): 3 working days")
    }
}
