import CohortCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether a host is this machine: the one place that decides where a secret may go without TLS.
public enum NetworkAddress {
    /// True for an IPv4 literal in 127.0.0.0/8, the IPv6 literal `::1`, and the name `localhost`
    /// when every address it resolves to is one of those. `127.attacker.example` is not loopback.
    public static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if let literal = Loopback.literal(name) { return literal }
        guard name == "localhost" || name == "localhost." else { return false }
        return resolvesOnlyToLoopback(name)
    }

    static func resolvesOnlyToLoopback(_ name: String) -> Bool {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(first) }
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        var found = false
        while let entry = cursor {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard
                getnameinfo(
                    entry.pointee.ai_addr, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0,
                    NI_NUMERICHOST) == 0,
                Loopback.literal(String(cString: text)) == true
            else { return false }
            found = true
            cursor = entry.pointee.ai_next
        }
        return found
    }

    /// True when `url` may carry a secret: https, or http to this machine.
    public static func maySendSecrets(to url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host else { return false }
        return scheme == "https" || (scheme == "http" && isLoopback(host: host))
    }
}
