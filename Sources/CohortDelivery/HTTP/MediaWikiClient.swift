import CohortCore
import Foundation

/// How Cohort logs in to a wiki: a bot password (`User@bot` and its password, through
/// `action=login`) or an owner-only OAuth 2 access token (a bearer header).
public enum MediaWikiCredentials: Sendable, Equatable, CustomStringConvertible {
    case botPassword(user: String, password: String)
    case oauth(token: String)
    /// No login: for reading only.
    case anonymous

    /// Who the wiki will see, for messages (never the secret).
    public var account: String {
        switch self {
        case .botPassword(let user, _): user
        case .oauth: "the OAuth token's account"
        case .anonymous: "an anonymous reader"
        }
    }

    public var description: String { account }
}

/// One revision of a page, as the wiki holds it now.
public struct WikiRevision: Sendable, Equatable {
    public var id: Int
    /// `2022-06-15T10:00:00Z`, one-second resolution: the `basetimestamp` of the next edit.
    public var timestamp: String
    public var content: String
    /// Who saved it.
    public var user: String?
}

/// A section of a page: its index (what `section=` takes) and its heading, as the wiki renders
/// it (`line`, HTML) and as plain text.
public struct WikiSection: Sendable, Equatable {
    public var index: String
    /// The heading as the API gives it (HTML): two headings are the same when these are.
    public var line: String
    public var heading: String
    public var level: Int
}

/// What an edit did.
public struct WikiEdit: Sendable, Equatable {
    /// The wiki found the text identical to the current one (`nochange`): no revision was made.
    public var unchanged: Bool
    public var revision: Int?
    public var timestamp: String?
    /// The page the wiki says it edited.
    public var title: String?
}

/// What the wiki refused, or why it could not be asked.
public enum MediaWikiError: Error, Equatable, LocalizedError, CategorizedError {
    /// `action=login` did not succeed: the account, the result (`Failed`, `WrongToken`, …) and the reason.
    case loginFailed(account: String, result: String, reason: String)
    /// The API answered an error object.
    case api(code: String, info: String)
    /// The answer was not the JSON the API sends.
    case malformed(String)

    public var errorDescription: String? {
        switch self {
        case .loginFailed(let account, let result, let reason):
            "the wiki refused the login of \(account) (\(result)\(reason.isEmpty ? "" : ": \(reason)")); check COHORT_META_USER and COHORT_META_PASSWORD (a bot password from Special:BotPasswords)"
        case .api(let code, let info): "the wiki answered \(code): \(info)"
        case .malformed(let detail): "the wiki's answer was not what its API sends: \(detail)"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .api(let code, _) where code == "editconflict": .conflict
        case .loginFailed, .api, .malformed: .failure
        }
    }
}

/// A client of the MediaWiki action API (`api.php`), as Wikimedia's API etiquette asks: one
/// session (cookies) for everything, `maxlag=5` on every request with a wait as `Retry-After`
/// says (within Cohort's `HTTPPolicy`), `assert=user` on every write, `format=json&formatversion=2`.
public final class MediaWikiClient {
    public let api: URL
    let exchange: HTTPExchange
    let credentials: MediaWikiCredentials
    private var csrf: String?

    /// `policy` bounds every wait and reply (Cohort's one `HTTPPolicy`); the transport's too.
    public init(
        api: URL, transport: any HTTPTransport, credentials: MediaWikiCredentials, policy: HTTPPolicy = HTTPPolicy()
    ) throws(HTTPError) {
        guard NetworkAddress.maySendSecrets(to: api) else { throw HTTPError.insecure(url: api.absoluteString) }
        self.api = api
        self.credentials = credentials
        let secrets: [String] =
            switch credentials {
            case .botPassword(let user, let password): SecretText.forms(user: user, secret: password)
            case .oauth(let token): [token]
            case .anonymous: []
            }
        exchange = HTTPExchange(transport: transport, policy: policy, secrets: secrets)
    }

    // MARK: Requests

    /// Sends one request (GET with `query`, or POST with `form`), retrying on `maxlag` (after
    /// `Retry-After`) and on 5xx (with backoff); returns the decoded JSON object or the API's error.
    func call(query: [(String, String)] = [], form: [(String, String)]? = nil) throws -> [String: Any] {
        let common = [("format", "json"), ("formatversion", "2"), ("maxlag", "5")]
        let request: HTTPRequest
        if let form {
            request = .form(FormEncoding.url(api, query + common), form)
        } else {
            request = HTTPRequest(method: .get, url: FormEncoding.url(api, query + common))
        }
        let response = try exchange.send(request) { response in
            // MediaWiki names the error in a header; a proxy may drop it, and a maxlag answer is tiny.
            guard
                response.headers["mediawiki-api-error"] == "maxlag"
                    || (response.body.count < 4096 && Self.errorCode(response.body) == "maxlag")
            else { return nil }
            return "maxlag: " + (Self.error(response.body)?["info"] as? String ?? "replication lag")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            throw MediaWikiError.malformed(
                "HTTP \(response.status), \(response.body.count) bytes that are not a JSON object")
        }
        if let error = object["error"] as? [String: Any] {
            throw MediaWikiError.api(
                code: exchange.shown(error["code"] as? String ?? "unknown"),
                info: exchange.shown(error["info"] as? String ?? ""))
        }
        return object
    }

    static func error(_ body: Data) -> [String: Any]? {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["error"] as? [String: Any]
    }

    static func errorCode(_ body: Data) -> String? { error(body)?["code"] as? String }

    // MARK: Session

    /// Logs in (bot password) and fetches the CSRF token every write needs.
    public func login() throws {
        if case .botPassword(let user, let password) = credentials {
            let tokens = try call(query: [("action", "query"), ("meta", "tokens"), ("type", "login")])
            guard
                let token = ((tokens["query"] as? [String: Any])?["tokens"] as? [String: Any])?["logintoken"] as? String
            else { throw MediaWikiError.malformed("no login token") }
            let answer = try call(
                query: [("action", "login")], form: [("lgname", user), ("lgpassword", password), ("lgtoken", token)])
            let login = answer["login"] as? [String: Any] ?? [:]
            let result = login["result"] as? String ?? "no result"
            guard result == "Success" else {
                throw MediaWikiError.loginFailed(
                    account: user, result: exchange.shown(result),
                    reason: exchange.shown(login["reason"] as? String ?? ""))
            }
        }
        let tokens = try call(query: [("action", "query"), ("meta", "tokens")])
        guard let token = ((tokens["query"] as? [String: Any])?["tokens"] as? [String: Any])?["csrftoken"] as? String
        else { throw MediaWikiError.malformed("no CSRF token") }
        // `+\` alone is the anonymous token: the session did not take.
        guard token != "+\\" else {
            throw MediaWikiError.loginFailed(
                account: credentials.account, result: "anonymous", reason: "the wiki does not see a logged-in user")
        }
        csrf = token
    }

    // MARK: Reading

    /// The current revision of `title` with its content, and the server's time (the `starttimestamp`
    /// of an edit); nil revision when the page does not exist.
    public func page(_ title: String, section: String? = nil) throws
        -> (revision: WikiRevision?, now: String)
    {
        var query = [
            ("action", "query"), ("prop", "revisions"), ("titles", title), ("rvprop", "ids|timestamp|user|content"),
            ("rvslots", "main"), ("curtimestamp", "1"),
        ]
        if let section { query.append(("rvsection", section)) }
        let answer = try call(query: query)
        let now = answer["curtimestamp"] as? String ?? ""
        guard let pages = (answer["query"] as? [String: Any])?["pages"] as? [[String: Any]], let page = pages.first
        else { throw MediaWikiError.malformed("no pages in the answer") }
        if page["invalid"] as? Bool == true {
            throw MediaWikiError.api(
                code: "invalidtitle", info: page["invalidreason"] as? String ?? "invalid title \(title)")
        }
        guard page["missing"] as? Bool != true, let revision = (page["revisions"] as? [[String: Any]])?.first,
            let id = revision["revid"] as? Int, let timestamp = revision["timestamp"] as? String
        else { return (nil, now) }
        let main = (revision["slots"] as? [String: Any])?["main"] as? [String: Any]
        if main?["nosuchsection"] as? Bool == true {
            return (WikiRevision(id: id, timestamp: timestamp, content: "", user: revision["user"] as? String), now)
        }
        return (
            WikiRevision(
                id: id, timestamp: timestamp, content: main?["content"] as? String ?? "",
                user: revision["user"] as? String),
            now
        )
    }

    /// The page's sections (those a template brings in, which cannot be edited here, left out).
    public func sections(_ title: String) throws -> [WikiSection] {
        try sections(from: try call(query: [("action", "parse"), ("page", title), ("prop", "sections")]))
    }

    /// The sections wikitext would have on `title`: how the wiki itself reads a heading Cohort
    /// writes, so it can be found again on the page.
    public func sections(ofText text: String, title: String) throws -> [WikiSection] {
        try sections(
            from: try call(
                query: [("action", "parse")],
                form: [("title", title), ("text", text), ("prop", "sections"), ("contentmodel", "wikitext")]))
    }

    func sections(from answer: [String: Any]) throws -> [WikiSection] {
        let list = (answer["parse"] as? [String: Any])?["sections"] as? [[String: Any]] ?? []
        return list.compactMap { section in
            guard let index = section["index"] as? String, !index.hasPrefix("T"), section["byteoffset"] is Int,
                let line = section["line"] as? String
            else { return nil }
            return WikiSection(
                index: index, line: line, heading: HTMLText.plain(line),
                level: Int(section["level"] as? String ?? "") ?? 2)
        }
    }

    /// The wikitext of a page (or a revision) with its revision id, through `action=parse`.
    public func wikitext(_ title: String) throws -> (revision: Int, text: String) {
        let answer = try call(query: [("action", "parse"), ("page", title), ("prop", "wikitext|revid")])
        guard let parse = answer["parse"] as? [String: Any], let text = parse["wikitext"] as? String else {
            throw MediaWikiError.malformed("no wikitext in the answer")
        }
        return (parse["revid"] as? Int ?? 0, text)
    }

    // MARK: Writing

    /// What to write: a whole section's text (heading line included) replacing section `index`,
    /// appended as a new section at the end of the page, or a new page of its own.
    public struct Edit: Sendable {
        public enum Place: Sendable, Equatable {
            case replace(section: String)
            case append
            /// The page does not exist yet: it is created with the text (`createonly`).
            case create
        }

        public var title: String
        public var place: Place
        public var text: String
        public var summary: String
        public var baseTimestamp: String?
        public var startTimestamp: String

        public init(
            title: String, place: Place, text: String, summary: String, baseTimestamp: String?, startTimestamp: String
        ) {
            self.title = title
            self.place = place
            self.text = text
            self.summary = summary
            self.baseTimestamp = baseTimestamp
            self.startTimestamp = startTimestamp
        }
    }

    /// Saves `edit` as the logged-in user (`assert=user`), with `basetimestamp` and
    /// `starttimestamp` so an edit landing in between is an `editconflict`, never overwritten.
    public func save(_ edit: Edit) throws -> WikiEdit {
        if csrf == nil { try login() }
        var form: [(String, String)] = [("title", edit.title), ("summary", edit.summary), ("assert", "user")]
        switch edit.place {
        case .replace(let section): form += [("section", section), ("text", edit.text), ("nocreate", "1")]
        case .append: form += [("appendtext", "\n\n" + edit.text), ("nocreate", "1")]
        case .create: form += [("text", edit.text), ("createonly", "1")]
        }
        if let base = edit.baseTimestamp { form.append(("basetimestamp", base)) }
        if !edit.startTimestamp.isEmpty { form.append(("starttimestamp", edit.startTimestamp)) }
        form.append(("token", csrf ?? ""))
        let answer = try call(query: [("action", "edit")], form: form)
        guard let result = answer["edit"] as? [String: Any], result["result"] as? String == "Success" else {
            throw MediaWikiError.malformed("the edit did not say Success")
        }
        return WikiEdit(
            unchanged: result["nochange"] as? Bool == true, revision: result["newrevid"] as? Int,
            timestamp: result["newtimestamp"] as? String, title: result["title"] as? String)
    }
}

/// Plain text of a short piece of HTML, as the API gives section headings (`<i>Pilot</i> &amp; dates`).
public enum HTMLText {
    public static func plain(_ html: String) -> String {
        var text = html.replacing(/<[^>]*>/, with: "")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: "&amp;", with: "&").trimmingCharacters(in: .whitespaces)
    }
}
