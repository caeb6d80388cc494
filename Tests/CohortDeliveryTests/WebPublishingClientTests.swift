import CohortCore
import CohortDelivery
import CohortTestSupport
import Foundation
import Testing

/// The action API and REST clients against a real MediaWiki and a real WordPress on loopback.
/// The two lag tests share their own wiki, one after the other.
@Suite(.serialized) struct MediaWikiClientTests {
    static func server() throws -> WebServer { try WebServer.mediaWiki.get() }

    static func client(
        _ server: WebServer, password: String? = nil, sleep: @escaping @Sendable (TimeInterval) -> Void = { _ in }
    ) throws -> MediaWikiClient {
        var policy = HTTPPolicy()
        policy.sleep = sleep
        return try MediaWikiClient(
            api: try #require(URL(string: server["api"])),
            transport: try CurlHTTPTransport(contact: "tests@example.org"),
            credentials: .botPassword(user: server["bot_user"], password: password ?? server["bot_password"]),
            policy: policy)
    }

    static func title(_ name: String) -> String { "Cohort tests/\(name) \(UUID().uuidString.prefix(8))" }

    @Test func aSectionIsAppendedReplacedAndAnIdenticalTextMakesNoRevision() throws {
        let server = try Self.server()
        let wiki = try Self.client(server)
        try wiki.login()
        let title = Self.title("sections")
        let created = try wiki.save(
            .init(
                title: title, place: .create, text: "== Pilot ==\nFirst text.", summary: "test", baseTimestamp: nil,
                startTimestamp: ""))
        #expect(created.revision != nil && !created.unchanged)
        let (page, now) = try wiki.page(title)
        let revision = try #require(page)
        #expect(revision.content == "== Pilot ==\nFirst text.")
        let sections = try wiki.sections(title)
        #expect(sections.map(\.heading) == ["Pilot"])
        let replaced = try wiki.save(
            .init(
                title: title, place: .replace(section: sections[0].index), text: "== Pilot ==\nSecond text.",
                summary: "test", baseTimestamp: revision.timestamp, startTimestamp: now))
        #expect(replaced.revision.map { $0 > revision.id } == true)
        let again = try wiki.page(title)
        let same = try wiki.save(
            .init(
                title: title, place: .replace(section: sections[0].index), text: "== Pilot ==\nSecond text.",
                summary: "test", baseTimestamp: again.revision?.timestamp, startTimestamp: again.now))
        #expect(same.unchanged)
        #expect(try wiki.page(title).revision?.id == again.revision?.id, "no new revision")
    }

    @Test func aWrongBotPasswordNamesTheAccountAndTheResult() throws {
        let server = try Self.server()
        let wiki = try Self.client(server, password: "0123456789abcdef0123456789abcdef")
        var failure: MediaWikiError?
        do { try wiki.login() } catch { failure = error as? MediaWikiError }
        let error = try #require(failure)
        let message = error.localizedDescription
        #expect(message.contains(server["bot_user"]))
        #expect(message.contains("Failed"))
        #expect(!message.contains(server["bot_password"]))
        #expect(error.kind == .failure)
    }

    @Test func nocreateRefusesAMissingPage() throws {
        let wiki = try Self.client(try Self.server())
        try wiki.login()
        #expect(throws: MediaWikiError.api(code: "missingtitle", info: "The page you specified doesn't exist.")) {
            try wiki.save(
                .init(
                    title: Self.title("missing"), place: .append, text: "== X ==\ny", summary: "t", baseTimestamp: nil,
                    startTimestamp: ""))
        }
    }

    @Test func maxlagIsWaitedOutAsRetryAfterSays() throws {
        let server = try WebServer.laggingMediaWiki.get()
        let waits = Waits()
        let wiki = try Self.client(server, sleep: { waits.add($0) })
        try wiki.login()
        try "7 1\n".write(toFile: server["maxlag_file"], atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: server["maxlag_file"]) }
        let (page, _) = try wiki.page("Main Page")
        #expect(page != nil)
        #expect(waits.all == [5], "waited as Retry-After said, once")
    }

    @Test func aServerThatKeepsLaggingIsATemporaryFailure() throws {
        let server = try WebServer.laggingMediaWiki.get()
        let wiki = try Self.client(server)
        try wiki.login()
        try "9\n".write(toFile: server["maxlag_file"], atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: server["maxlag_file"]) }
        do {
            _ = try wiki.page("Main Page")
            Issue.record("a lagging server answered")
        } catch {
            #expect((error as? any CategorizedError)?.kind == .temporary, "\(error)")
        }
    }

    @Test func talkPageWikitextReadsBack() throws {
        let server = try Self.server()
        let title = "Talk:" + Self.title("talk")
        let seeded = try server.run("edit", [title, "--user", "Editor"], input: "== Q&A ==\n\nWhen? ~~~~\n")
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let wiki = try Self.client(server)
        let (revision, text) = try wiki.wikitext(title)
        #expect(revision > 0)
        #expect(text.contains("[[User:Editor|Editor]]"))
    }
}

/// Collects the waits a client asked for (the tests never sleep for real).
final class Waits: @unchecked Sendable {
    // @unchecked: `values` is touched under `lock` only.
    private var values: [TimeInterval] = []
    private let lock = NSLock()

    func add(_ value: TimeInterval) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    var all: [TimeInterval] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}

@Suite struct WordPressClientTests {
    static func client(password: String? = nil) throws -> (WebServer, WordPressClient) {
        let server = try WebServer.wordPress.get()
        let transport = try CurlHTTPTransport(
            contact: "tests@example.org",
            credentials: .basic(user: server["user"], password: password ?? server["app_password"]))
        return (
            server,
            try WordPressClient(
                site: try #require(URL(string: server["site"])), transport: transport, account: server["user"],
                policy: {
                    var policy = HTTPPolicy(); policy.sleep = { _ in }; return policy
                }())
        )
    }

    @Test func aDraftIsCreatedFoundBySlugUpdatedAndItsEditsSeen() throws {
        let (server, blog) = try Self.client()
        try blog.checkLogin()
        let categories = try blog.terms("categories", named: ["Announcements"])
        let tags = try blog.terms("tags", named: ["pilot", "Equity Landscape"])
        #expect(categories.count == 1 && tags.count == 2)
        let slug = "cohort-test-\(UUID().uuidString.prefix(8).lowercased())"
        var fields = WordPressFields(
            slug: slug, title: "A <em>title</em> & more", content: "<p>Body.</p>", excerpt: "Short.",
            categories: categories, tags: tags)
        let draft = try blog.createDraft(fields)
        #expect(draft.status == "draft" && draft.slug == slug)
        #expect(fields.matches(draft))
        #expect(try blog.posts(slug: slug).map(\.id) == [draft.id], "found again by slug while a draft")
        fields.content = "<p>Changed.</p>"
        let updated = try blog.update(draft.id, fields)
        #expect(updated.content == "<p>Changed.</p>" && updated.id == draft.id)
        let edit = try server.run(
            "eval", ["wp_update_post([\"ID\" => \(draft.id), \"post_content\" => \"<p>Edited by a human.</p>\"]);"])
        #expect(edit.status == 0, "\(edit.stderr)")
        let seen = try #require(try blog.post(draft.id))
        #expect(seen.content == "<p>Edited by a human.</p>")
        #expect(!fields.matches(seen))
    }

    @Test func aWrongApplicationPasswordIsRefusedAtTheDoor() throws {
        let (server, blog) = try Self.client(password: "wrong wrong wrong wrong")
        #expect(throws: WordPressError.notLoggedIn(account: server["user"], code: "rest_not_logged_in")) {
            try blog.checkLogin()
        }
    }

    @Test func aNameTheSiteLacksIsNamed() throws {
        let (_, blog) = try Self.client()
        #expect(throws: WordPressError.unknownTerms(kind: "categories", names: ["Gardening"])) {
            try blog.terms("categories", named: ["Announcements", "Gardening"])
        }
    }
}

@Suite struct NetworkAddressTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("[::1]", true), ("localhost", true),
        ("127.attacker.example", false), ("128.0.0.1", false), ("example.org", false), ("::2", false),
        ("0.0.0.0", false),
    ])
    func loopbackIsAnAddressOfThisMachine(host: String, loopback: Bool) {
        #expect(NetworkAddress.isLoopback(host: host) == loopback)
    }

    @Test func secretsGoOnlyOverTLSOrToThisMachine() throws {
        #expect(NetworkAddress.maySendSecrets(to: try #require(URL(string: "https://meta.example.org/w/api.php"))))
        #expect(NetworkAddress.maySendSecrets(to: try #require(URL(string: "http://127.0.0.1:8080/api.php"))))
        #expect(!NetworkAddress.maySendSecrets(to: try #require(URL(string: "http://meta.example.org/w/api.php"))))
        #expect(throws: HTTPError.self) {
            try MediaWikiClient(
                api: try #require(URL(string: "http://meta.example.org/w/api.php")),
                transport: try CurlHTTPTransport(contact: "x"), credentials: .oauth(token: "t"))
        }
    }
}
