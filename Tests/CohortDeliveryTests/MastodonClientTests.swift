import CohortDelivery
import CohortTestSupport
import Foundation
import Testing

/// The client against the Mastodon API test server: what a refused token and a limit say.
@Suite struct MastodonClientTests {
    static func client(token: String) throws -> MastodonClient {
        let server = try WebServer.mastodon.get()
        var policy = HTTPPolicy()
        policy.sleep = { _ in }
        return try MastodonClient(
            instance: try #require(URL(string: server["url"])),
            transport: try CurlHTTPTransport(
                contact: "tests@example.org", credentials: .bearer(token: token), policy: policy),
            policy: policy)
    }

    @Test func aRefusedTokenIsNamedWithoutBeingShown() throws {
        let client = try Self.client(token: "not-a-token")
        #expect(
            throws: MastodonError.notLoggedIn(host: "127.0.0.1", status: 401, message: "The access token is invalid")
        ) {
            try client.verifyCredentials()
        }
        let message = MastodonError.notLoggedIn(host: "127.0.0.1", status: 401, message: "").errorDescription ?? ""
        #expect(!message.contains("not-a-token") && message.contains("COHORT_SOCIAL_TOKEN"))
    }

    @Test func theSameKeyReturnsTheFirstStatusAndTheSourceIsThePlainText() throws {
        let server = try WebServer.mastodon.get()
        let account = try server.mastodonAccount()
        let client = try Self.client(token: account.token)
        #expect(try client.verifyCredentials().id == account.id)
        let text = "Results <soon> & more\n\nhttps://diff.example.org/x/"
        let first = try client.post(text, visibility: "unlisted", language: "en", idempotencyKey: "k-1")
        let again = try client.post(text, visibility: "unlisted", language: "en", idempotencyKey: "k-1")
        #expect(again.id == first.id)
        #expect(first.visibility == "unlisted" && first.language == "en")
        #expect(first.content.contains("&lt;soon&gt;"), "content is HTML")
        #expect(try client.source(of: first.id) == text)
        #expect(try client.statuses(of: account.id).map(\.id) == [first.id])
        #expect(try client.source(of: "1") == nil)
    }

    @Test func aRefusedInsecureInstance() {
        #expect(throws: HTTPError.insecure(url: "http://mastodon.example")) {
            try MastodonClient(
                instance: URL(string: "http://mastodon.example")!,
                transport: try CurlHTTPTransport(contact: "tests@example.org"))
        }
    }
}
