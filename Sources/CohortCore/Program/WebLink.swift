import Foundation

/// Links Cohort publishes or connects to (a meeting link, a blog post, a wiki API, a relay): an
/// absolute `https:` address with a host, or `http:` to this machine, and no login inside it. A
/// `javascript:` link, a bare `http:` one to another machine or a password in a URL never gets
/// past the door.
public enum WebLink {
    /// What is wrong with `text` as a link, as a phrase after its name ("is not …"), or nil.
    /// `schemes` are the secure schemes accepted (`https`, or `smtps`/`smtp` for a relay, whose
    /// protection is `use_tls`'s business); plain `http` is accepted only to loopback.
    public static func problem(
        _ text: String, schemes: [String] = ["https"],
        loginGoes: String = "in the environment or the credentials file (see the README)"
    ) -> String? {
        if let problem = TextRule.problem(in: text) { return problem }
        let url = URL(string: text)
        if let scheme = url?.scheme?.lowercased(), !schemes.contains(scheme), scheme != "http" {
            return "\"\(text)\" uses \(scheme):; write an \(schemes[0]):// address"
        }
        guard let url, let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "\"\(text)\" is not an absolute \(schemes[0]):// address with a host"
        }
        if url.user != nil || url.password != nil {
            return "\"\(redacted(url))\" carries a login (user:password@); remove it and give the login \(loginGoes)"
        }
        if schemes.contains(scheme) || Loopback.isLiteral(host) { return nil }
        return "\"\(text)\" is plain http to another machine; use https:// (http:// only to 127.0.0.1 or ::1)"
    }

    /// The URL with its password replaced, for messages.
    public static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "the URL" }
        if components.password != nil { components.password = "****" }
        return components.string ?? "the URL"
    }
}

extension WebLink {
    /// Where a relay's login goes instead of its URL.
    public static let smtpLoginGoes =
        "in COHORT_SMTP_USER and COHORT_SMTP_PASSWORD, or in .cohort/smtp-credentials (user= and password= lines, mode 0600)"
}

/// This machine, as an address: what may be reached without TLS.
public enum Loopback {
    /// An IPv4 literal in 127.0.0.0/8 (four decimal octets), or `::1` (bracketed or not). A name
    /// is never loopback here (`127.attacker.example` is a name); `localhost` needs resolving,
    /// which the transport does.
    public static func isLiteral(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4,
            octets.allSatisfy({ $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) && (Int($0).map { $0 <= 255 } ?? false) }
            )
        else { return false }
        return octets[0] == "127"
    }
}
