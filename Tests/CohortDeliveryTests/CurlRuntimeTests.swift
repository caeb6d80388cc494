import CohortDelivery
import Testing

@Suite("CurlRuntime")
struct CurlRuntimeTests {
    @Test func reportsItsVersion() {
        let version = CurlRuntime.features.version
        #expect(!version.isEmpty)
        #expect(version != "unknown")
        #expect(version.wholeMatch(of: /\d+\.\d+\.\d+.*/) != nil, "version \(version)")
    }

    @Test(arguments: ["smtp", "smtps", "http", "https"])
    func speaksTheProtocolsDeliveryNeeds(scheme: String) {
        #expect(CurlRuntime.features.protocols.contains(scheme))
    }

    @Test func protocolsAreLowercaseAndDistinct() {
        let protocols = CurlRuntime.features.protocols
        #expect(!protocols.isEmpty)
        #expect(protocols.allSatisfy { $0 == $0.lowercased() })
        #expect(Set(protocols).count == protocols.count)
    }

    @Test func usesOpenSSLForTLS() throws {
        let ssl = try #require(CurlRuntime.features.ssl)
        #expect(ssl.contains("OpenSSL"), "libcurl4-openssl-dev links OpenSSL, got \(ssl)")
    }

    @Test func supportsSecureMail() {
        #expect(CurlRuntime.supportsSecureMail)
    }

    @Test func featuresAreStableAcrossCalls() {
        #expect(CurlRuntime.features == CurlRuntime.features)
    }
}
