import CohortCore
import Foundation

/// A post as WordPress holds it (`context=edit`: the raw fields, not the rendered ones).
public struct WordPressPost: Sendable, Equatable {
    public var id: Int
    /// `draft`, `pending`, `future`, `publish`, `private` or `trash`.
    public var status: String
    public var slug: String
    /// `SITE/?p=ID` for a draft; the permalink once published.
    public var link: String
    /// When it last changed, UTC to the second (`2022-06-15T10:00:00`).
    public var modified: String
    public var title: String
    public var content: String
    public var excerpt: String
    public var categories: Set<Int>
    public var tags: Set<Int>
}

/// What Cohort writes into a post.
public struct WordPressFields: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var content: String
    public var excerpt: String
    public var categories: Set<Int>
    public var tags: Set<Int>

    public init(slug: String, title: String, content: String, excerpt: String, categories: Set<Int>, tags: Set<Int>) {
        self.slug = slug
        self.title = title
        self.content = content
        self.excerpt = excerpt
        self.categories = categories
        self.tags = tags
    }

    /// True when `post` already holds exactly these fields (WordPress has no "no change").
    public func matches(_ post: WordPressPost) -> Bool {
        post.slug == slug && post.title == title && post.content == content && post.excerpt == excerpt
            && post.categories == categories && post.tags == tags
    }
}

/// What WordPress refused, or why it could not be asked.
public enum WordPressError: Error, Equatable, LocalizedError, CategorizedError {
    /// 401/403 on `users/me`: the application password is wrong, revoked or not allowed.
    case notLoggedIn(account: String, code: String)
    /// The REST API answered an error: HTTP status, code and message.
    case api(status: Int, code: String, message: String)
    /// Categories or tags named in the front matter that the site does not have.
    case unknownTerms(kind: String, names: [String])
    case malformed(String)

    public var errorDescription: String? {
        switch self {
        case .notLoggedIn(let account, let code):
            "the blog refused the login of \(account) (\(code)); check COHORT_BLOG_USER and COHORT_BLOG_PASSWORD (an application password from the user's profile)"
        case .api(let status, let code, let message): "the blog answered \(status) \(code): \(message)"
        case .unknownTerms(let kind, let names):
            "the blog has no \(kind) \(names.map { "\"\($0)\"" }.joined(separator: ", ")); create them in WordPress or correct the front matter"
        case .malformed(let detail): "the blog's answer was not what its REST API sends: \(detail)"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .unknownTerms: .badInput
        case .notLoggedIn, .api, .malformed: .failure
        }
    }
}

/// A client of the WordPress REST API (`SITE/wp-json/wp/v2/`) with an application password.
public final class WordPressClient {
    public let site: URL
    let exchange: HTTPExchange
    let account: String

    /// `transport` carries the application password (HTTP Basic); `account` names it in messages;
    /// `policy` bounds every wait and reply (Cohort's one `HTTPPolicy`).
    public init(
        site: URL, transport: any HTTPTransport, account: String, policy: HTTPPolicy = HTTPPolicy()
    ) throws(HTTPError) {
        guard NetworkAddress.maySendSecrets(to: site) else { throw HTTPError.insecure(url: site.absoluteString) }
        self.site = site
        self.account = account
        exchange = HTTPExchange(transport: transport, policy: policy)
    }

    /// `SITE/wp-json/wp/v2/ROUTE?query`.
    func url(_ route: String, _ query: [(String, String)] = []) -> URL {
        let base = site.absoluteString.hasSuffix("/") ? String(site.absoluteString.dropLast()) : site.absoluteString
        let path = URL(string: "\(base)/wp-json/wp/v2/\(route)") ?? site
        return query.isEmpty ? path : FormEncoding.url(path, query)
    }

    /// Sends one request (429 and 5xx waited out within the policy); returns the JSON, or the
    /// API's error with Cohort's secrets masked from its text.
    func call(_ request: HTTPRequest) throws -> Any {
        let response = try exchange.send(request)
        let json = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
        guard (200..<300).contains(response.status) else {
            let object = json as? [String: Any]
            throw WordPressError.api(
                status: response.status, code: exchange.shown(object?["code"] as? String ?? "http-\(response.status)"),
                message: exchange.shown(object?["message"] as? String ?? ""))
        }
        guard let json else { throw WordPressError.malformed("HTTP \(response.status) without JSON") }
        return json
    }

    /// Checks the login first: WordPress lets a wrong password through as anonymous on reads.
    public func checkLogin() throws {
        do {
            _ = try call(HTTPRequest(method: .get, url: url("users/me")))
        } catch WordPressError.api(let status, let code, _) where status == 401 || status == 403 {
            throw WordPressError.notLoggedIn(account: account, code: code)
        }
    }

    /// The ids of the categories (or tags) with these exact names; a name the site lacks is an error.
    public func terms(_ kind: String, named names: [String]) throws -> Set<Int> {
        var ids: Set<Int> = []
        var missing: [String] = []
        for name in names {
            let found = try call(
                HTTPRequest(
                    method: .get,
                    url: url(kind, [("search", name), ("per_page", "100"), ("_fields", "id,name")])))
            let match = (found as? [[String: Any]] ?? []).first {
                HTMLText.plain($0["name"] as? String ?? "").caseInsensitiveCompare(name) == .orderedSame
            }
            if let id = match?["id"] as? Int { ids.insert(id) } else { missing.append(name) }
        }
        guard missing.isEmpty else {
            throw WordPressError.unknownTerms(kind: kind == "tags" ? "tags" : "categories", names: missing)
        }
        return ids
    }

    /// The post with `id`, nil when it does not exist (or was deleted).
    public func post(_ id: Int) throws -> WordPressPost? {
        do {
            return try Self.post(call(HTTPRequest(method: .get, url: url("posts/\(id)", [("context", "edit")]))))
        } catch WordPressError.api(let status, _, _) where status == 404 || status == 410 {
            return nil
        }
    }

    /// Posts with this slug in any status but trash: how a draft whose id was lost is found again.
    public func posts(slug: String) throws -> [WordPressPost] {
        let found = try call(
            HTTPRequest(method: .get, url: url("posts", [("slug", slug), ("status", "any"), ("context", "edit")])))
        return try (found as? [Any] ?? []).map { (item: Any) throws -> WordPressPost in
            try Self.post(item)
        }
    }

    /// Creates a draft with `fields`.
    public func createDraft(_ fields: WordPressFields) throws -> WordPressPost {
        var body = Self.body(fields)
        body["status"] = "draft"
        return try Self.post(call(.json(url("posts", [("context", "edit")]), Self.json(body))))
    }

    /// Writes `fields` into post `id`, leaving its status alone.
    public func update(_ id: Int, _ fields: WordPressFields) throws -> WordPressPost {
        try Self.post(call(.json(url("posts/\(id)", [("context", "edit")]), Self.json(Self.body(fields)))))
    }

    static func body(_ fields: WordPressFields) -> [String: Any] {
        [
            "slug": fields.slug, "title": fields.title, "content": fields.content, "excerpt": fields.excerpt,
            "categories": fields.categories.sorted(), "tags": fields.tags.sorted(),
        ]
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    static func post(_ json: Any) throws -> WordPressPost {
        guard let object = json as? [String: Any], let id = object["id"] as? Int,
            let status = object["status"] as? String
        else { throw WordPressError.malformed("a post without an id and a status") }
        func raw(_ key: String) -> String { (object[key] as? [String: Any])?["raw"] as? String ?? "" }
        return WordPressPost(
            id: id, status: status, slug: object["slug"] as? String ?? "", link: object["link"] as? String ?? "",
            modified: object["modified_gmt"] as? String ?? "", title: raw("title"), content: raw("content"),
            excerpt: raw("excerpt"), categories: Set(object["categories"] as? [Int] ?? []),
            tags: Set(object["tags"] as? [Int] ?? []))
    }
}
