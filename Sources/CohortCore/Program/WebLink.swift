import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        // Echoed only with any login masked: an unparseable URL may still carry one.
        let shown = SecretText.redacted(text)
        if let scheme = url?.scheme?.lowercased(), !schemes.contains(scheme), scheme != "http" {
            return "\"\(shown)\" uses \(scheme):; write an \(schemes[0]):// address"
        }
        guard let url, let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "\"\(shown)\" is not an absolute \(schemes[0]):// address with a host"
        }
        if url.user != nil || url.password != nil {
            return "\"\(redacted(url))\" carries a login (user:password@); remove it and give the login \(loginGoes)"
        }
        if schemes.contains(scheme) || Loopback.isLiteral(host) { return nil }
        return "\"\(shown)\" is plain http to another machine; use https:// (http:// only to 127.0.0.1 or ::1)"
    }

    /// The URL with its password replaced, for messages.
    public static func redacted(_ url: URL) -> String { SecretText.redacted(url.absoluteString) }
}

extension WebLink {
    /// Where a relay's login goes instead of its URL.
    public static let smtpLoginGoes =
        "in COHORT_SMTP_USER and COHORT_SMTP_PASSWORD, or in .cohort/smtp-credentials (user= and password= lines, mode 0600)"
}

/// This machine, as an address: what may be reached without TLS. The one test of it: SMTP, the web
/// clients and PostgreSQL all ask here (`NetworkAddress.isLoopback` adds the resolving of `localhost`).
public enum Loopback {
    /// An IPv4 literal in 127.0.0.0/8 (four decimal octets), or the IPv6 loopback `::1` in any
    /// spelling (bracketed or not). A name is never loopback here (`127.attacker.example` is a
    /// name); `localhost` needs resolving, which the transports do.
    public static func isLiteral(_ host: String) -> Bool { literal(host) == true }

    /// Nil when `host` is not an IP literal; else whether it is a loopback address. Decided by the
    /// address, never by a prefix of the text.
    public static func literal(_ host: String) -> Bool? {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 { return (UInt32(bigEndian: v4.s_addr) >> 24) == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return nil
    }
}
