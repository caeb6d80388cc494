import CohortDelivery
import CohortTestSupport
import Foundation
import Testing

/// How long a 429 is waited out, from the server's own headers and clock.
@Suite struct RateLimitWaitTests {
    static let now = Date(timeIntervalSince1970: 1_655_287_200)  // 2022-06-15T10:00:00Z, the local clock
    static let serverDate = "Wed, 15 Jun 2022 10:00:30 GMT"  // the server's clock, 30 s ahead

    static func limited(_ headers: [String: String]) -> HTTPResponse { HTTPResponse(status: 429, headers: headers) }

    @Test func theResetIsCountedFromTheServersDateNotTheLocalClock() {
        let response = Self.limited(["date": Self.serverDate, "x-ratelimit-reset": "2022-06-15T10:00:50.250Z"])
        #expect(RateLimitWait().decide(response, now: Self.now) == .retry(after: 22))
    }

    @Test func retryAfterInSecondsWins() {
        let response = Self.limited(["retry-after": "5", "x-ratelimit-reset": "2022-06-15T11:00:00Z"])
        #expect(RateLimitWait().decide(response, now: Self.now) == .retry(after: 6))
    }

    @Test func beyondTheCapItGivesUpSayingWhen() {
        let response = Self.limited(["date": Self.serverDate, "x-ratelimit-reset": "2022-06-15T10:30:00Z"])
        let until = Date(timeIntervalSince1970: 1_655_287_200 + 1_800)
        #expect(RateLimitWait().decide(response, now: Self.now) == .giveUp(until: until))
        #expect(RateLimitWait(cap: 3_600).decide(response, now: Self.now) == .retry(after: 1_771))
    }

    @Test func withoutAnyHintItGivesUpWithoutSayingWhen() {
        #expect(RateLimitWait().decide(Self.limited([:]), now: Self.now) == .giveUp(until: nil))
    }
}

/// The client against the Mastodon API test server: what a refused token and a limit say.
@Suite struct MastodonClientTests {
    static func client(token: String, sleep: @escaping (TimeInterval) -> Void = { _ in }) throws -> MastodonClient {
        let server = try WebServer.mastodon.get()
        return try MastodonClient(
            instance: try #require(URL(string: server["url"])),
            transport: try CurlHTTPTransport(contact: "tests@example.org", credentials: .bearer(token: token)),
            sleep: sleep)
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
