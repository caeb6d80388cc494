import CohortCore
import Foundation

/// A status as Mastodon's REST API returns it (the fields Cohort reads).
public struct MastodonStatus: Sendable, Equatable {
    /// Mastodon's ids are strings (a number too large for some JSON readers).
    public var id: String
    /// The status's page on the instance; nil for some visibilities.
    public var url: String?
    public var uri: String
    /// HTML, as the server rendered the text: compare texts through `source(of:)`, not this.
    public var content: String
    public var visibility: String
    public var language: String?
    public var createdAt: String

    /// Where people read it: `url`, else `uri`.
    public var link: String { url ?? uri }
}

/// The account a token belongs to (`verify_credentials`).
public struct MastodonAccount: Sendable, Equatable {
    public var id: String
    public var username: String
    /// `user` on its own instance, `user@domain` elsewhere.
    public var acct: String
}

/// What Mastodon refused, or why it could not be asked.
public enum MastodonError: Error, Equatable, LocalizedError, CategorizedError {
    /// 401/403 on `verify_credentials`: the token is wrong, revoked or lacks a scope.
    case notLoggedIn(host: String, status: Int, message: String)
    /// The API answered an error: HTTP status and its `error` text.
    case api(status: Int, message: String)
    case malformed(String)

    public var errorDescription: String? {
        switch self {
        case .notLoggedIn(let host, let status, let message):
            "\(host) refused the access token (\(status)\(message.isEmpty ? "" : ": \(message)")); check COHORT_SOCIAL_TOKEN or .cohort/social-credentials (a token with the write:statuses and read:accounts scopes)"
        case .api(let status, let message): "Mastodon answered \(status): \(message)"
        case .malformed(let detail): "the instance's answer was not what Mastodon's API sends: \(detail)"
        }
    }

    public var kind: FailureKind {
        .failure
    }
}

/// A client of Mastodon's REST API (`INSTANCE/api/v1/`) with an access token (the transport
/// carries it as `Authorization: Bearer`). Every request goes through the one HTTP policy every
/// web client of Cohort keeps (`HTTPExchange`): a 429 is waited out as `X-RateLimit-Reset` (or
/// `Retry-After`) says when that is within the policy's bounds, else exit 75 saying when to try
/// again; 5xx answers are retried with backoff; replies are capped.
public final class MastodonClient {
    public let instance: URL
    let exchange: HTTPExchange

    public init(instance: URL, transport: any HTTPTransport, policy: HTTPPolicy = HTTPPolicy()) throws(HTTPError) {
        guard NetworkAddress.maySendSecrets(to: instance) else {
            throw HTTPError.insecure(url: instance.absoluteString)
        }
        self.instance = instance
        self.exchange = HTTPExchange(transport: transport, policy: policy)
    }

    /// The instance's host name, for messages.
    public var host: String { instance.host ?? instance.absoluteString }

    /// `INSTANCE/api/v1/ROUTE?query`.
    func url(_ route: String, _ query: [(String, String)] = []) -> URL {
        let base =
            instance.absoluteString.hasSuffix("/")
            ? String(instance.absoluteString.dropLast()) : instance.absoluteString
        let path = URL(string: "\(base)/api/v1/\(route)") ?? instance
        return query.isEmpty ? path : FormEncoding.url(path, query)
    }

    /// Sends one request under the shared policy (waits and retries within its bounds); returns
    /// the JSON.
    func call(_ request: HTTPRequest) throws -> Any {
        let response = try exchange.send(request)
        let json = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
        guard (200..<300).contains(response.status) else {
            throw MastodonError.api(
                status: response.status,
                message: exchange.shown((json as? [String: Any])?["error"] as? String ?? ""))
        }
        guard let json else { throw MastodonError.malformed("HTTP \(response.status) without JSON") }
        return json
    }

    /// The token's account; a refused token is `notLoggedIn`.
    public func verifyCredentials() throws -> MastodonAccount {
        let json: Any
        do {
            json = try call(HTTPRequest(method: .get, url: url("accounts/verify_credentials")))
        } catch MastodonError.api(let status, let message) where status == 401 || status == 403 {
            throw MastodonError.notLoggedIn(host: host, status: status, message: message)
        }
        guard let object = json as? [String: Any], let id = object["id"] as? String else {
            throw MastodonError.malformed("an account without an id")
        }
        return MastodonAccount(
            id: id, username: object["username"] as? String ?? "", acct: object["acct"] as? String ?? "")
    }

    /// The account's latest statuses, newest first (at most `limit`, 40 at most as Mastodon allows),
    /// without replies and boosts.
    public func statuses(of account: String, limit: Int = 40) throws -> [MastodonStatus] {
        let found = try call(
            HTTPRequest(
                method: .get,
                url: url(
                    "accounts/\(FormEncoding.escape(account))/statuses",
                    [("limit", String(min(40, limit))), ("exclude_replies", "true"), ("exclude_reblogs", "true")])))
        guard let list = found as? [Any] else { throw MastodonError.malformed("statuses that are not a list") }
        return try list.map(Self.status)
    }

    /// The plain text a status was posted with (`/statuses/:id/source`); nil when it is gone.
    public func source(of id: String) throws -> String? {
        do {
            let json = try call(HTTPRequest(method: .get, url: url("statuses/\(FormEncoding.escape(id))/source")))
            return (json as? [String: Any])?["text"] as? String
        } catch MastodonError.api(let status, _) where status == 404 || status == 410 {
            return nil
        }
    }

    /// The status `id`; nil when it is gone.
    public func status(_ id: String) throws -> MastodonStatus? {
        do {
            return try Self.status(call(HTTPRequest(method: .get, url: url("statuses/\(FormEncoding.escape(id))"))))
        } catch MastodonError.api(let status, _) where status == 404 || status == 410 {
            return nil
        }
    }

    /// Posts `text`. The same `idempotencyKey` again within the server's memory of it (an hour on
    /// Mastodon) returns the first status instead of a second one.
    public func post(_ text: String, visibility: String, language: String?, idempotencyKey: String) throws
        -> MastodonStatus
    {
        var body: [String: Any] = ["status": text, "visibility": visibility]
        if let language { body["language"] = language }
        var request = HTTPRequest.json(
            url("statuses"),
            (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8))
        request.headers["Idempotency-Key"] = idempotencyKey
        return try Self.status(call(request))
    }

    static func status(_ json: Any) throws -> MastodonStatus {
        guard let object = json as? [String: Any], let id = object["id"] as? String else {
            throw MastodonError.malformed("a status without an id")
        }
        return MastodonStatus(
            id: id, url: object["url"] as? String, uri: object["uri"] as? String ?? "",
            content: object["content"] as? String ?? "", visibility: object["visibility"] as? String ?? "",
            language: object["language"] as? String, createdAt: object["created_at"] as? String ?? "")
    }
}
