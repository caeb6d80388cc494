import CohortCore
import Foundation

/// A user name and a secret, from the environment or a private file: a relay's, a wiki's, a
/// blog's. Neither its description nor its debug description shows the secret.
public struct Login: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "\(user):••••" }
    public var debugDescription: String { description }
}

/// Where a service's login comes from: `COHORT_<SERVICE>_USER` and `COHORT_<SERVICE>_PASSWORD`, or
/// a file (`COHORT_<SERVICE>_CREDENTIALS`, else `<workspace>/.cohort/<service>-credentials`)
/// readable by its owner alone, holding `user=…` and `password=…` lines. Neither is ever
/// printed, logged or stored.
public struct CredentialSource: Sendable {
    /// `SMTP`, `META`, `BLOG`, `SOCIAL`: the middle of the variable names.
    public var service: String
    /// The private file when no variable names one.
    public var workspaceFile: URL

    public init(service: String, workspaceFile: URL) {
        self.service = service
        self.workspaceFile = workspaceFile
    }

    /// The login, or nil when none is configured.
    public func resolve(environment: [String: String]) throws(DeliveryError) -> Login? {
        let userVariable = "COHORT_\(service)_USER"
        let passwordVariable = "COHORT_\(service)_PASSWORD"
        switch (environment[userVariable], environment[passwordVariable]) {
        case (let user?, let password?): return Login(user: user, password: password)
        case (.some, nil): throw .credentialsIncomplete(userVariable, partner: passwordVariable)
        case (nil, .some): throw .credentialsIncomplete(passwordVariable, partner: userVariable)
        case (nil, nil): break
        }
        guard let fields = try privateFileFields(environment: environment) else { return nil }
        guard let user = fields.values["user"], let password = fields.values["password"] else {
            throw .credentialsFileUnreadable(path: fields.path)
        }
        return Login(user: user, password: password)
    }

    /// An access token (`COHORT_<SERVICE>_TOKEN`, or a `token=…` line of the private file), or nil
    /// when none is configured: how the social channel logs in to Mastodon.
    public func resolveToken(environment: [String: String]) throws(DeliveryError) -> String? {
        if let token = environment["COHORT_\(service)_TOKEN"], !token.isEmpty { return token }
        guard let fields = try privateFileFields(environment: environment) else { return nil }
        guard let token = fields.values["token"], !token.isEmpty else {
            throw .credentialsFileUnreadable(path: fields.path)
        }
        return token
    }

    /// The `name=value` lines of the credentials file, nil when there is none; refused unless
    /// its owner alone can read it.
    func privateFileFields(environment: [String: String]) throws(DeliveryError) -> (
        path: String, values: [String: String]
    )? {
        let file = environment["COHORT_\(service)_CREDENTIALS"].map { URL(fileURLWithPath: $0) } ?? workspaceFile
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { throw .credentialsFileUnreadable(path: file.path) }
        guard mode & 0o077 == 0 else { throw .credentialsFileTooOpen(path: file.path, mode: mode & 0o777) }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw .credentialsFileUnreadable(path: file.path)
        }
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0].trimmingCharacters(in: .whitespaces)] = String(parts[1]) }
        }
        return (file.path, fields)
    }

    /// The relay login (`COHORT_SMTP_USER`/`_PASSWORD` or `.cohort/smtp-credentials`).
    public static func resolve(environment: [String: String], workspaceFile: URL) throws(DeliveryError)
        -> SMTPCredentials?
    {
        try CredentialSource(service: "SMTP", workspaceFile: workspaceFile).resolve(environment: environment).map {
            SMTPCredentials(user: $0.user, password: $0.password)
        }
    }
}
