import CohortCore
internal import CohortDelivery
import Foundation

/// How a send run reaches the relay and retries: what `--smtp-url`, `--use-tls`, `--rate`,
/// `--max-attempts`, `--retry-delay`, `--dry-run`, `--resend-unknown` and `--test-to` say.
public struct SendOptions: Sendable {
    /// Overrides `channels.mail.smtp.url`.
    public var smtpURL: String?
    /// Overrides `channels.mail.smtp.use_tls`.
    public var security: SMTPSecurity?
    public var dryRun = false
    /// One copy to this address instead of the recipients; not recorded as sent.
    public var testTo: String?
    public var allowUnpublishedLink = false
    /// Send an announcement's mail although lint found problems; `reason` says why, for the audit log.
    public var overrideLint = false
    public var reason: String?
    /// Send without the approvals `approvals.announcements` asks for (allowed only by
    /// `approvals.allow_override`; needs `reason`; audited).
    public var overrideApproval = false
    public var resendUnknown = false
    public var policy = SendPolicy()

    public init() {}
}

extension Outbox {
    /// The relay settings, resolved in one place: the URL from `--smtp-url` or
    /// `channels.mail.smtp.url`, TLS from `--use-tls` or `channels.mail.smtp.use_tls` (required by
    /// default), the login from the environment or the private credentials file.
    func relaySettings(_ options: SendOptions, environment: [String: String]) throws -> SMTPSettings {
        let mail = program.channels.mail
        let url: URL
        if let text = options.smtpURL {
            if let problem = WebLink.problem(text, schemes: ["smtp", "smtps"], loginGoes: WebLink.smtpLoginGoes),
                URL(string: text).map({ $0.user != nil || $0.password != nil }) == true
            {
                throw RelayError.loginInURL(problem)
            }
            guard let parsed = URL(string: text), let scheme = parsed.scheme, ["smtp", "smtps"].contains(scheme),
                parsed.host != nil
            else { throw RelayError.badURL(text) }
            url = parsed
        } else if let configured = mail?.smtpURL {
            url = configured
        } else {
            throw OutboxError.noRelay
        }
        let credentials = try CredentialSource.resolve(
            environment: environment, workspaceFile: workspace.stateFolderURL.appendingPathComponent("smtp-credentials")
        )
        return SMTPSettings(
            url: url, security: options.security ?? mail?.smtpSecurity ?? .required, credentials: credentials)
    }
}

/// A relay that cannot be used as given.
public enum RelayError: Error, LocalizedError, CategorizedError, Equatable {
    case badURL(String)
    case badPolicy(String)
    /// A login written into `--smtp-url`: it would be logged, kept in shell history and sent by
    /// libcurl whatever `--use-tls` says.
    case loginInURL(String)

    public var errorDescription: String? {
        switch self {
        case .badURL(let text):
            "--smtp-url \"\(SecretText.redacted(text))\" is not an smtp:// or smtps:// address with a host"
        case .loginInURL(let problem): "--smtp-url \(problem); nothing was sent"
        case .badPolicy(let message): message
        }
    }

    public var kind: FailureKind { .badInput }
}
