import CCurl

/// The libcurl this build links: initialised once per process, asked what it can do.
public enum CurlRuntime {
    /// What the linked libcurl reports about itself.
    public struct Features: Sendable, Equatable {
        /// libcurl's version, e.g. `7.88.1`.
        public var version: String
        /// The TLS library it uses, e.g. `OpenSSL/3.0.15`.
        public var ssl: String?
        /// The URL schemes it speaks, lowercased (`smtp`, `smtps`, `https`, ...).
        public var protocols: [String]
    }

    /// `curl_global_init` runs exactly once, on first use (Swift runs a global's initialiser once, thread-safely).
    private static let initialised: CURLcode = cohort_curl_global_init()

    /// The linked libcurl's version, TLS library and protocols.
    public static var features: Features {
        _ = initialised
        guard let info = cohort_curl_version_info()?.pointee else {
            return Features(version: "unknown", ssl: nil, protocols: [])
        }
        var protocols: [String] = []
        if var cursor = info.protocols {
            while let name = cursor.pointee {
                protocols.append(String(cString: name).lowercased())
                cursor += 1
            }
        }
        return Features(
            version: String(cString: info.version), ssl: info.ssl_version.map { String(cString: $0) },
            protocols: protocols)
    }

    /// True when this libcurl can submit mail over SMTP with TLS (what `announce send` needs).
    public static var supportsSecureMail: Bool {
        let protocols = features.protocols
        return protocols.contains("smtp") && protocols.contains("smtps") && features.ssl != nil
    }
}
