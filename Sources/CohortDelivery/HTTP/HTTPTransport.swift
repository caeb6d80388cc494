import CCurl
import CohortCore
import Foundation

/// One HTTP request: what the web publishers (MediaWiki, WordPress) send.
public struct HTTPRequest: Sendable, Equatable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }

    public var method: Method
    public var url: URL
    public var headers: [String: String]
    public var body: Data?

    public init(method: Method, url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A form POST (`application/x-www-form-urlencoded`), fields in the order given.
    public static func form(_ url: URL, _ fields: [(String, String)]) -> HTTPRequest {
        let body = fields.map { "\(FormEncoding.escape($0.0))=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
        return HTTPRequest(
            method: .post, url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data(body.utf8))
    }

    /// A JSON POST.
    public static func json(_ url: URL, _ body: Data) -> HTTPRequest {
        HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"], body: body)
    }
}

/// What the server answered.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names in lower case; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `Retry-After` in seconds, when the server gave one as a number.
    public var retryAfter: TimeInterval? { headers["retry-after"].flatMap { TimeInterval($0) } }
}

/// The seam the web publishers send through; `CurlHTTPTransport` is the real one.
public protocol HTTPTransport: AnyObject {
    /// Sends `request` and returns the answer, whatever its status; throws only when no answer came,
    /// or one larger than the policy allows. Clients send through `HTTPExchange`, which waits.
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse
    /// The secrets this transport sends itself (a Basic or Bearer login, in every form it travels),
    /// masked from any server text shown.
    var secrets: [String] { get }
}

extension HTTPTransport {
    public var secrets: [String] { [] }
}

/// A login for a web API. Its description never shows the secret.
public enum HTTPCredentials: Sendable, Equatable, CustomStringConvertible {
    /// HTTP Basic (WordPress application passwords).
    case basic(user: String, password: String)
    /// `Authorization: Bearer` (an OAuth 2 owner-only access token).
    case bearer(token: String)

    public var description: String {
        switch self {
        case .basic(let user, _): "\(user):••••"
        case .bearer: "bearer ••••"
        }
    }
}

/// Why no usable answer came.
public enum HTTPError: Error, Equatable, LocalizedError, CategorizedError {
    /// The connection failed or timed out: worth trying again later.
    case unreachable(host: String, reason: String)
    /// A secret would have gone in clear to another machine.
    case insecure(url: String)
    /// The server kept answering busy (429, 5xx, `maxlag`) through every attempt.
    case busy(host: String, detail: String)
    /// The server asked for a longer wait than the policy allows: what it answered, the header that
    /// asked, when that wait ends (nil for "forever") and which bound it passed.
    case waitTooLong(host: String, detail: String, asked: String, retryAt: Date?, limit: String)
    /// The reply grew past the policy's bound and was cut off.
    case replyTooLarge(host: String, limit: Int)
    /// A `COHORT_HTTP_*` setting that is not a bound.
    case badSetting(name: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .unreachable(let host, let reason): "\(host) did not answer: \(reason)"
        case .insecure(let url):
            "refusing to send credentials to \(SecretText.redacted(url)) without TLS; use an https:// address (plain http only to this machine)"
        case .busy(let host, let detail): "\(host) is busy (\(detail)) and kept asking to wait; try again later"
        case .waitTooLong(let host, let detail, let asked, let retryAt, let limit):
            "\(host) answered \(detail) and asked to wait (\(asked)), longer than Cohort waits (\(limit); COHORT_HTTP_MAX_WAIT, COHORT_HTTP_TOTAL_WAIT); nothing more was sent; try again "
                + (retryAt.map { "after \(Self.instant($0))" } ?? "later")
        case .replyTooLarge(let host, let limit):
            "\(host) sent a reply larger than \(limit / 1024) KiB, the most Cohort reads (COHORT_HTTP_MAX_REPLY); the transfer was stopped"
        case .badSetting(let name, let reason): "\(name): \(reason)"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .unreachable, .busy, .waitTooLong: .temporary
        case .badSetting: .badInput
        case .insecure, .replyTooLarge: .failure
        }
    }

    static func instant(_ date: Date) -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime]
        return format.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up)))
    }
}

/// One libcurl easy handle for HTTP(S), reused request to request (one connection kept alive), with
/// an in-memory cookie jar (a wiki session lives in cookies), TLS verified, timeouts, no redirects
/// followed (a redirect could carry credentials elsewhere), and a User-Agent that names Cohort
/// and whom to contact, as Wikimedia's API etiquette asks. Not thread-safe: one thread uses it.
public final class CurlHTTPTransport: HTTPTransport {
    private let handle: UnsafeMutableRawPointer
    private let userAgent: String
    private let credentials: HTTPCredentials?
    private let timeout: Int
    /// The largest reply body read (the policy's); the transfer stops past it.
    private let largestReply: Int

    /// `contact` is an address or URL operators can reach the sender at; `policy` bounds the replies.
    public init(
        contact: String, credentials: HTTPCredentials? = nil, timeout: Int = 30, policy: HTTPPolicy = HTTPPolicy()
    ) throws(HTTPError) {
        _ = CurlRuntime.features
        guard let handle = curl_easy_init() else {
            throw .unreachable(host: "", reason: "libcurl could not create a handle")
        }
        self.handle = handle
        self.credentials = credentials
        self.timeout = timeout
        largestReply = policy.largestReply
        let version = CurlRuntime.features.version
        let safeContact = contact.filter { !$0.isNewline && $0 != "\r" }
        userAgent = "Cohort/\(CohortVersion.number) (\(safeContact)) libcurl/\(version)"
    }

    deinit { curl_easy_cleanup(handle) }

    public var secrets: [String] {
        switch credentials {
        case .basic(let user, let password): SecretText.forms(user: user, secret: password)
        case .bearer(let token): [token]
        case nil: []
        }
    }

    /// Per-transfer state the C callbacks reach through their user-data pointer.
    final class Transfer {
        let upload: [UInt8]
        var offset = 0
        var received: [UInt8] = []
        var headerLines: [String] = []
        let limit: Int
        /// Set when the body passed `limit`: the write callback refused it and curl stopped.
        var overflowed = false

        init(upload: [UInt8], limit: Int) {
            self.upload = upload
            self.limit = limit
        }
    }

    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let host = request.url.host ?? request.url.absoluteString
        if credentials != nil || request.headers.keys.contains(where: { $0.lowercased() == "cookie" }),
            !NetworkAddress.maySendSecrets(to: request.url)
        {
            throw .insecure(url: request.url.absoluteString)
        }
        let transfer = Transfer(upload: Array(request.body ?? Data()), limit: largestReply)
        let box = Unmanaged.passRetained(transfer)
        defer { box.release() }
        var headers: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headers = curl_slist_append(headers, "\(name): \(value.filter { $0 != "\r" && $0 != "\n" })")
        }
        if case .bearer(let token) = credentials {
            headers = curl_slist_append(headers, "Authorization: Bearer \(token)")
        }
        headers = curl_slist_append(headers, "Expect:")
        defer { curl_slist_free_all(headers) }

        // A reset keeps the connection and the cookies; an empty cookie file name turns the
        // cookie engine back on without reading any file, so the session goes with the request.
        curl_easy_reset(handle)
        cohort_curl_easy_setopt_string(handle, CURLOPT_COOKIEFILE, "")
        cohort_curl_easy_setopt_string(handle, CURLOPT_URL, request.url.absoluteString)
        cohort_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        cohort_curl_easy_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
        cohort_curl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        cohort_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        cohort_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        cohort_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, timeout)
        cohort_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT, timeout * 4)
        cohort_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        cohort_curl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        cohort_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
        if case .basic(let user, let password) = credentials {
            cohort_curl_easy_setopt_long(handle, CURLOPT_HTTPAUTH, cohort_curlauth_basic)
            cohort_curl_easy_setopt_string(handle, CURLOPT_USERNAME, user)
            cohort_curl_easy_setopt_string(handle, CURLOPT_PASSWORD, password)
        }
        if request.method == .post {
            cohort_curl_easy_setopt_long(handle, CURLOPT_POST, 1)
            cohort_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(transfer.upload.count))
            cohort_curl_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, user in
                guard let buffer, let user else { return 0 }
                let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
                let chunk = min(size * count, transfer.upload.count - transfer.offset)
                if chunk > 0 {
                    transfer.upload.withUnsafeBufferPointer { bytes in
                        UnsafeMutableRawPointer(buffer).copyMemory(
                            from: bytes.baseAddress! + transfer.offset, byteCount: chunk)
                    }
                }
                transfer.offset += chunk
                return chunk
            }
            cohort_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, box.toOpaque())
        } else {
            cohort_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
        }
        cohort_curl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, user in
            guard let buffer, let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            // Short count: libcurl stops the transfer (CURLE_WRITE_ERROR); memory stays bounded.
            guard transfer.received.count + size * count <= transfer.limit else {
                transfer.overflowed = true
                return 0
            }
            transfer.received.append(
                contentsOf: UnsafeRawBufferPointer(start: buffer, count: size * count).bindMemory(to: UInt8.self))
            return size * count
        }
        cohort_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, box.toOpaque())
        cohort_curl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { buffer, size, count, user in
            guard let buffer, let user else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
            transfer.headerLines.append(
                String(decoding: UnsafeRawBufferPointer(start: buffer, count: size * count), as: UTF8.self))
            return size * count
        }
        cohort_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, box.toOpaque())

        // A declared length past the bound stops before any byte of the body (CURLE_FILESIZE_EXCEEDED).
        cohort_curl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(largestReply))
        let result = curl_easy_perform(handle)
        if transfer.overflowed || result == CURLE_FILESIZE_EXCEEDED {
            throw .replyTooLarge(host: host, limit: largestReply)
        }
        guard result == CURLE_OK else {
            throw .unreachable(host: host, reason: String(cString: curl_easy_strerror(result)))
        }
        var status = 0
        cohort_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: Self.headers(transfer.headerLines), body: Data(transfer.received))
    }

    /// The last response's headers (a redirect or `100 Continue` starts a new block).
    static func headers(_ lines: [String]) -> [String: String] {
        var headers: [String: String] = [:]
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("HTTP/") {
                headers = [:]
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            headers[trimmed[..<colon].lowercased()] = trimmed[trimmed.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        return headers
    }
}

/// `application/x-www-form-urlencoded` as browsers write it (RFC 3986 unreserved kept).
public enum FormEncoding {
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// `base?name=value&…`.
    public static func url(_ base: URL, _ query: [(String, String)]) -> URL {
        let joined = query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        return URL(string: base.absoluteString + (base.query == nil ? "?" : "&") + joined) ?? base
    }
}
