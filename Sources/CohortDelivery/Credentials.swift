import CohortCore
import Foundation

/// Where the relay login comes from: `COHORT_SMTP_USER` and `COHORT_SMTP_PASSWORD`, or a file
/// (`COHORT_SMTP_CREDENTIALS`, else `<workspace>/.cohort/smtp-credentials`) readable by its owner
/// alone, holding `user=…` and `password=…` lines. Neither is ever printed, logged or stored.
public enum CredentialSource {
    /// The credentials, or nil when none are configured (a relay that needs no login).
    public static func resolve(environment: [String: String], workspaceFile: URL) throws(DeliveryError)
        -> SMTPCredentials?
    {
        let user = environment["COHORT_SMTP_USER"]
        let password = environment["COHORT_SMTP_PASSWORD"]
        switch (user, password) {
        case (let user?, let password?): return SMTPCredentials(user: user, password: password)
        case (.some, nil): throw .credentialsIncomplete("COHORT_SMTP_USER")
        case (nil, .some): throw .credentialsIncomplete("COHORT_SMTP_PASSWORD")
        case (nil, nil): break
        }
        let file = environment["COHORT_SMTP_CREDENTIALS"].map { URL(fileURLWithPath: $0) } ?? workspaceFile
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
            if parts.count == 2 {
                fields[parts[0].trimmingCharacters(in: .whitespaces)] = String(parts[1])
            }
        }
        guard let fileUser = fields["user"], let filePassword = fields["password"] else {
            throw .credentialsFileUnreadable(path: file.path)
        }
        return SMTPCredentials(user: fileUser, password: filePassword)
    }
}
