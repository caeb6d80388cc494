import CohortCore
import Foundation

/// The bounds every HTTP client of Cohort keeps, whatever the server says: how long one wait may
/// be, how long all waits of a command may add up to, how many times a request is sent, and how
/// large a reply may grow. One policy for MediaWiki, WordPress, Mastodon and any client after them:
/// they send through `HTTPExchange`, which keeps it.
public struct HTTPPolicy: Sendable {
    /// The longest single wait (`Retry-After`, `maxlag`, a rate-limit reset), in seconds.
    public var longestWait: TimeInterval = 60
    /// All waits of one command together, in seconds.
    public var totalWait: TimeInterval = 180
    /// The largest reply body kept, in bytes; a longer one is cut off and the request fails.
    public var largestReply: Int = 8 << 20
    /// How many times one request is sent while the server says it is busy.
    public var attempts: Int = 4
    /// How a wait is spent; tests pass one that only counts.
    public var sleep: @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }
    /// The wall clock, to say when to try again (never `--now`: the server's clock is real).
    public var clock: @Sendable () -> Date = { Date() }

    public init() {}

    /// The environment variables that change the bounds.
    public static let variables = ["COHORT_HTTP_MAX_WAIT", "COHORT_HTTP_TOTAL_WAIT", "COHORT_HTTP_MAX_REPLY"]

    /// The default bounds, with `COHORT_HTTP_MAX_WAIT` and `COHORT_HTTP_TOTAL_WAIT` (seconds) and
    /// `COHORT_HTTP_MAX_REPLY` (bytes, or with a `K`/`M`/`G` suffix) when set.
    public static func configured(environment: [String: String]) throws(HTTPError) -> HTTPPolicy {
        var policy = HTTPPolicy()
        func number(_ name: String, range: ClosedRange<Double>, units: Bool = false) throws(HTTPError) -> Double? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            var digits = Substring(text)
            var scale = 1.0
            if units, let last = digits.last?.uppercased(), let power = ["K": 1.0, "M": 2, "G": 3][last] {
                scale = pow(1024, power)
                digits = digits.dropLast()
            }
            guard let value = Double(digits).map({ $0 * scale }), value.isFinite, range.contains(value) else {
                throw .badSetting(
                    name: name,
                    reason:
                        "\"\(text)\" is not a number from \(Int(range.lowerBound)) to \(Int(range.upperBound))\(units ? " (bytes; K, M or G may follow)" : " (seconds)")"
                )
            }
            return value
        }
        if let value = try number("COHORT_HTTP_MAX_WAIT", range: 0...3600) { policy.longestWait = value }
        if let value = try number("COHORT_HTTP_TOTAL_WAIT", range: 0...86400) { policy.totalWait = value }
        if let value = try number("COHORT_HTTP_MAX_REPLY", range: 1024...Double(1 << 32), units: true) {
            policy.largestReply = Int(value)
        }
        return policy
    }
}

/// One client's conversation with one server under an `HTTPPolicy`: a request the server answers
/// with 429, with a 5xx, or with what the client calls busy (MediaWiki's `maxlag`) is sent again
/// after the wait the server asks (`Retry-After`, or a rate-limit reset), within the policy's
/// bounds; past them it fails at once as a temporary failure (exit 75) saying what the server
/// asked and when to try again. Server text it hands on is masked of the client's secrets.
public final class HTTPExchange {
    public let transport: any HTTPTransport
    public let policy: HTTPPolicy
    /// The secrets of this conversation (passwords, tokens), masked wherever server text is shown.
    public private(set) var secrets: [String]
    /// Seconds waited so far, against `policy.totalWait`.
    public private(set) var waited: TimeInterval = 0

    public init(transport: any HTTPTransport, policy: HTTPPolicy, secrets: [String] = []) {
        self.transport = transport
        self.policy = policy
        self.secrets = transport.secrets + secrets
    }

    /// Adds secrets the client sends itself (a bot password in a form).
    public func keepSecret(_ secret: String) { secrets.append(secret) }

    /// `text` from the server, safe to show: Cohort's secrets masked, in any form they travelled.
    public func shown(_ text: String) -> String { SecretText.masked(text, secrets: secrets) }

    /// Sends `request` until the answer is not busy; `busy` names a busy answer the status does not
    /// show (MediaWiki's `maxlag` comes with 200). Returns the last answer; throws `HTTPError.busy`
    /// when every attempt was busy, `.waitTooLong` when the server asks more than the policy allows.
    public func send(_ request: HTTPRequest, busy: (HTTPResponse) -> String? = { _ in nil }) throws(HTTPError)
        -> HTTPResponse
    {
        let host = request.url.host ?? "the server"
        var detail = ""
        for attempt in 1...max(1, policy.attempts) {
            let response = try transport.send(request)
            let reason: String?
            if response.status == 429 {
                reason = "HTTP 429 Too Many Requests"
            } else if (500..<600).contains(response.status) {
                reason = "HTTP \(response.status)"
            } else {
                reason = busy(response).map(shown)
            }
            guard let reason else { return response }
            detail = reason
            guard let asked = Self.requestedWait(response, now: policy.clock()) else {
                // Nothing asked: Cohort's own backoff (2 s, 4 s, …), kept within the bounds.
                let backoff = min(pow(2, Double(attempt)), policy.longestWait, policy.totalWait - waited)
                guard attempt < policy.attempts, backoff >= 0 else { break }
                policy.sleep(backoff)
                waited += backoff
                continue
            }
            if asked.seconds > policy.longestWait || waited + asked.seconds > policy.totalWait {
                throw .waitTooLong(
                    host: host, detail: reason, asked: asked.header,
                    retryAt: asked.seconds.isFinite ? policy.clock().addingTimeInterval(asked.seconds) : nil,
                    limit: asked.seconds <= policy.longestWait
                        ? "\(Int(policy.totalWait)) s in all" : "\(Int(policy.longestWait)) s at once")
            }
            guard attempt < policy.attempts else { break }
            policy.sleep(asked.seconds)
            waited += asked.seconds
        }
        throw .busy(host: host, detail: detail)
    }

    /// The wait the server asked for and the header that said so: `Retry-After` (seconds or an
    /// HTTP date), else a rate-limit reset (`RateLimit-Reset` in seconds, `X-RateLimit-Reset` as a
    /// date, an ISO 8601 instant as Mastodon sends, or Unix seconds). A value that is no wait at all
    /// (`inf`, `-1`, text) is taken as "forever": never slept on, always past the bound.
    static func requestedWait(_ response: HTTPResponse, now: Date) -> (seconds: TimeInterval, header: String)? {
        for name in ["retry-after", "ratelimit-reset", "x-ratelimit-reset"] {
            guard let raw = response.headers[name] else { continue }
            let value = raw.trimmingCharacters(in: .whitespaces)
            let header =
                "\(name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")): \(String(SecretText.printable(value).prefix(40)))"
            if !value.isEmpty, value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let number = Double(value)
            {
                // Large counts under a rate-limit name are Unix times, not durations.
                let seconds =
                    name != "retry-after" && number > 1_000_000_000 ? number - now.timeIntervalSince1970 : number
                return (max(0, seconds), header)
            }
            if let date = Self.date(value) { return (max(0, date.timeIntervalSince(now)), header) }
            return (.infinity, header)
        }
        return nil
    }

    /// An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`) or an ISO 8601 instant.
    static func date(_ text: String) -> Date? {
        let http = DateFormatter()
        http.locale = Locale(identifier: "en_US_POSIX")
        http.timeZone = TimeZone(identifier: "GMT")
        http.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = http.date(from: text) { return date }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime]
        return iso.date(from: text)
    }
}
