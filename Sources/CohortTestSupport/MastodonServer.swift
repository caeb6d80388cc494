import Foundation

/// The Mastodon API test server (`Tests/Support/servers/mastodon.sh`, written from Mastodon's
/// documented API since no Mastodon is packaged for Debian), started once per test run like the
/// other web servers. Each test makes an account of its own, so rate limits and forgotten
/// idempotency keys of one test never reach another.
extension WebServer {
    /// `url`: the instance's base URL.
    public static let mastodon: Result<WebServer, WebServerError> = start("mastodon")

    /// A new account on the server: its id and its access token.
    public func mastodonAccount() throws -> (id: String, token: String) {
        let object = try control("account", [])
        guard let object = object as? [String: Any], let id = object["id"] as? String,
            let token = object["token"] as? String
        else { throw WebServerError(message: "mastodon.sh account: no id and token") }
        return (id, token)
    }

    /// Every status of the account, oldest first: `id`, `text`, `key` (its Idempotency-Key),
    /// `visibility`, `language`, `url`.
    public func mastodonStatuses(token: String) throws -> [[String: String]] {
        let list = try control("statuses", [token]) as? [[String: Any]] ?? []
        return list.map { $0.compactMapValues { $0 as? String } }
    }

    /// The account's next `count` posts are answered 429, the limit resetting `seconds` later.
    public func mastodonRateLimit(token: String, count: Int, resetIn seconds: Int) throws {
        _ = try control("ratelimit", [token, String(count), String(seconds)])
    }

    /// The server forgets the account's idempotency keys (as Mastodon does after an hour, or a restart).
    public func mastodonForgetKeys(token: String) throws {
        _ = try control("forget", [token])
    }

    func control(_ verb: String, _ arguments: [String]) throws -> Any {
        let result = try run(verb, arguments)
        guard result.status == 0 else {
            throw WebServerError(message: "mastodon.sh \(verb) failed (\(result.status)): \(result.stderr)")
        }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}
