import Foundation

/// What to do after a server said "too many requests" (429) or "busy" (503): wait as it says
/// when that is within `cap`, else give up and say when to try again. Written for any HTTP
/// client (Mastodon's `X-RateLimit-Reset`, the common `Retry-After`), so the clients share one cap.
public struct RateLimitWait: Sendable, Equatable {
    /// The longest a command waits for a server on its own: 60 s unless a client is made otherwise.
    public static let defaultCap: TimeInterval = 60

    public enum Decision: Sendable, Equatable {
        /// Wait this many seconds, then send the same request again.
        case retry(after: TimeInterval)
        /// Too long to wait here: the server is ready again at `until` (nil when it did not say).
        case giveUp(until: Date?)
    }

    public var cap: TimeInterval

    public init(cap: TimeInterval = RateLimitWait.defaultCap) { self.cap = cap }

    /// The decision for `response`. The wait is counted from the server's own `Date` header when
    /// it sent one (so a skewed local clock does not matter), else from `now`.
    /// `Retry-After` (seconds or an HTTP date) wins over `X-RateLimit-Reset` (an ISO 8601 instant).
    public func decide(_ response: HTTPResponse, now: Date) -> Decision {
        let serverNow = response.headers["date"].flatMap(Self.httpDate) ?? now
        var until: Date?
        if let retryAfter = response.headers["retry-after"] {
            until = TimeInterval(retryAfter).map { serverNow.addingTimeInterval($0) } ?? Self.httpDate(retryAfter)
        } else if let reset = response.headers["x-ratelimit-reset"] {
            until = Self.isoDate(reset)
        }
        guard let until else { return .giveUp(until: nil) }
        let wait = max(0, until.timeIntervalSince(serverNow))
        guard wait <= cap else { return .giveUp(until: until) }
        // A second more: Mastodon's window resets at the instant, not before it.
        return .retry(after: wait.rounded(.up) + 1)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110's IMF-fixdate).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// `2022-06-15T10:05:00.019685Z` or without the fraction.
    static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
