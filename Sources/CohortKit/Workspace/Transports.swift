internal import CohortDelivery
import Foundation

/// How use cases reach servers: the SMTP relay for mail and HTTP for the web services (MediaWiki,
/// WordPress, Mastodon) built on it. Production uses the libcurl transports (`live`); a test hands
/// in-memory ones to the session, so a use case is exercised without a socket. Kit's public API
/// names no Delivery type: the makers are internal, and a test reaches them with `@testable`.
public struct Transports: Sendable {
    /// Makes the transport to the relay `settings` name.
    let mail: @Sendable (SMTPSettings) throws -> any MessageTransport
    /// Makes an HTTP transport that names `contact` in its User-Agent and sends `credentials`,
    /// its replies bounded by `policy`.
    let web:
        @Sendable (_ contact: String, _ credentials: HTTPCredentials?, _ policy: HTTPPolicy) throws -> any HTTPTransport

    init(
        mail: @escaping @Sendable (SMTPSettings) throws -> any MessageTransport,
        web: @escaping @Sendable (String, HTTPCredentials?, HTTPPolicy) throws -> any HTTPTransport
    ) {
        self.mail = mail
        self.web = web
    }

    /// The libcurl transports: SMTP to the configured relay, HTTP(S) with TLS verified.
    public static let live = Transports(
        mail: { try SMTPTransport(settings: $0) },
        web: { try CurlHTTPTransport(contact: $0, credentials: $1, policy: $2) })
}
