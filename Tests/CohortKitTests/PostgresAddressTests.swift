import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// Issue 26, finding 1: every address libpq would use is judged before the password can go, and
/// nothing reaches another machine in clear. The "other machine" is a PostgreSQL wire fake on a
/// non-loopback address of this one, which asks for the password in clear and logs what arrives.
@Suite(.serialized) struct PostgresAddressTests {
    static let password = "Pg-S3cret-26"

    /// The fake: answers an SSLRequest with `N` (no TLS here), a StartupMessage with
    /// AuthenticationCleartextPassword, and logs the PasswordMessage that would follow.
    static func fake(on host: String) throws -> HostileServer {
        try HostileServer(host: host) { connection in
            var first = true
            while true {
                if !first {
                    guard let type = connection.read(1), type != Data("X".utf8) else { return }
                }
                guard let length = connection.read(4) else { return }
                let size = length.reduce(0) { $0 << 8 | Int($1) }
                guard size >= 4, size < 1 << 20, let rest = connection.read(size - 4) else { return }
                let code = rest.prefix(4).reduce(0) { $0 << 8 | Int($1) }
                if first, code == 80_877_103 {
                    connection.write(Data("N".utf8))
                    continue
                }
                if first {
                    first = false
                    connection.write(Data([UInt8(ascii: "R"), 0, 0, 0, 8, 0, 0, 0, 3]))
                    continue
                }
                return
            }
        }
    }

    static func workspace(records: String? = nil) throws -> (TemporaryFolder, Workspace) {
        let folder = try TemporaryFolder.workspace()
        if let records {
            let text = try folder.read("cohort.yaml") + "records:\n  url: \"\(records)\"\n"
            try folder.write("cohort.yaml", text)
        }
        return (folder, Workspace(root: folder.url))
    }

    /// What connecting would do: refused before any byte, or tried (and then the fake's log says what went).
    static func attempt(_ url: String?, environment: [String: String], records: String? = nil) throws -> String? {
        let (folder, workspace) = try Self.workspace(records: records)
        defer { withExtendedLifetime(folder) {} }
        let program = records == nil ? nil : try workspace.loadProgram()
        do {
            let location = try workspace.records(
                program: program, databaseURL: url,
                environment: environment.merging(["COHORT_DATABASE_PASSWORD": password]) { $1 })
            _ = try? location.open()
            return nil
        } catch {
            return "\(error.localizedDescription)"
        }
    }

    static var other: String? { HostileServer.otherAddress() }

    /// Runs `body` with the fake listening on this machine's non-loopback address, then stops it.
    /// A machine with loopback alone still checks the decision before connecting: the address is
    /// then TEST-NET's 192.0.2.2 and the fake, on loopback, must see nothing either.
    static func withFake(_ body: (HostileServer, String) throws -> Void) throws {
        let fake = try Self.fake(on: other ?? "127.0.0.1")
        let address = other ?? "192.0.2.2"
        defer { fake.stop() }
        try body(fake, address)
    }

    @Test func hostaddrInTheURLIsJudgedNotTheHostBesideIt() throws {
        try Self.withFake { fake, address in
            let refusal = try Self.attempt(
                "postgres://rosa@localhost:\(fake.port)/equity?hostaddr=\(address)&sslmode=disable", environment: [:])
            #expect(refusal?.contains("sslmode=disable would let the records") == true, "\(refusal ?? "accepted")")
            #expect(refusal?.contains(address) == true)
            #expect(fake.connections == 0 && fake.received.isEmpty)
        }
    }

    @Test func pghostaddrBehindALocalhostURLIsJudged() throws {
        try Self.withFake { fake, address in
            let refusal = try Self.attempt(
                "postgres://rosa@localhost:\(fake.port)/equity?sslmode=disable", environment: ["PGHOSTADDR": address])
            #expect(refusal?.contains(address) == true, "\(refusal ?? "accepted")")
            #expect(fake.connections == 0)
            let fromHost = try Self.attempt(
                "postgres:///equity?sslmode=disable", environment: ["PGHOST": address, "PGPORT": "\(fake.port)"])
            #expect(fromHost?.contains(address) == true, "\(fromHost ?? "accepted")")
            #expect(fake.connections == 0)
        }
    }

    @Test func aServiceFileIsRefusedBeforeItIsRead() throws {
        try Self.withFake { fake, address in
            let folder = try TemporaryFolder()
            try folder.write("pg_service.conf", "[evil]\nhost=\(address)\nport=\(fake.port)\nsslmode=disable\n")
            let file = folder.path("pg_service.conf")
            let viaEnvironment = try Self.attempt(
                "postgres://rosa@/equity", environment: ["PGSERVICEFILE": file, "PGSERVICE": "evil"])
            #expect(viaEnvironment?.contains("service \"evil\"") == true, "\(viaEnvironment ?? "accepted")")
            let viaURL = try Self.attempt("postgres:///equity?service=evil", environment: ["PGSERVICEFILE": file])
            #expect(viaURL?.contains("service \"evil\"") == true, "\(viaURL ?? "accepted")")
            #expect(fake.connections == 0 && fake.received.isEmpty)
        }
    }

    @Test func recordsURLInACommittedCohortYamlIsJudgedToo() throws {
        try Self.withFake { fake, address in
            let refusal = try Self.attempt(
                nil, environment: [:],
                records: "postgres://rosa@localhost:\(fake.port)/equity?hostaddr=\(address)&sslmode=disable")
            #expect(refusal?.contains("cohort.yaml:") == true, "\(refusal ?? "accepted")")
            #expect(fake.connections == 0)
        }
    }

    @Test(.enabled(if: HostileServer.otherAddress() != nil, "needs an address other than loopback"))
    func withTLSRequiredTheFakeSeesOnlyTheSSLRequest() throws {
        try Self.withFake { fake, address in
            // No sslmode: Cohort asks for TLS itself; the fake has none, so nothing more is sent.
            let refusal = try Self.attempt(
                "postgres://rosa@localhost:\(fake.port)/equity?hostaddr=\(address)&connect_timeout=5", environment: [:])
            #expect(refusal == nil)
            #expect(fake.connections >= 1)
            #expect(fake.received == Data([0, 0, 0, 8, 4, 210, 22, 47]), "only SSLRequest: \(Array(fake.received))")
            #expect(!String(decoding: fake.received, as: UTF8.self).contains(Self.password))
        }
    }

    @Test(arguments: [
        "postgres://rosa@127.attacker.example/equity?sslmode=disable",
        "postgres://rosa@127.0.0.1.nip.io/equity?sslmode=disable",
        "postgres://rosa@[::2]/equity?sslmode=disable",
    ])
    func aNameThatLooksLikeLoopbackIsNot(url: String) throws {
        let refusal = try Self.attempt(url, environment: [:])
        #expect(refusal?.contains("unencrypted") == true, "\(refusal ?? "accepted")")
    }

    @Test(arguments: [
        "postgres://rosa@127.0.0.1/equity?sslmode=disable", "postgres://rosa@[::1]/equity?sslmode=disable",
        "postgres://rosa@localhost/equity?sslmode=disable", "postgres://rosa@/equity?host=/tmp&sslmode=disable",
        "postgres://rosa@127.9.9.9/equity?hostaddr=127.0.0.1&sslmode=disable",
    ])
    func thisMachineByAddressNeedsNoTLS(url: String) throws {
        let (folder, workspace) = try Self.workspace()
        defer { withExtendedLifetime(folder) {} }
        #expect(throws: Never.self) { try workspace.records(program: nil, databaseURL: url, environment: [:]) }
    }
}
