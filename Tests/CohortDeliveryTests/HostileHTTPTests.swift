import CohortCore
import CohortDelivery
import CohortTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 26, findings 3, 4, 5 and 6: a server that asks for endless waits, sends endless bodies or
/// echoes the credentials, against the one `HTTPPolicy` every client of Cohort keeps. The server is
/// a fake on loopback (`HostileServer`); the waits are counted, never slept.
@Suite struct HostileHTTPTests {
    static let password = "Bot-S3cret-Passw0rd"
    static let user = "Rosa@cohort"

    static func policy(_ waits: Waits, change: (inout HTTPPolicy) -> Void = { _ in }) -> HTTPPolicy {
        var policy = HTTPPolicy()
        policy.sleep = { waits.add($0) }
        policy.clock = { Date(timeIntervalSince1970: 1_670_000_000) }
        change(&policy)
        return policy
    }

    static func wiki(_ server: HostileServer, policy: HTTPPolicy, password: String = password) throws
        -> MediaWikiClient
    {
        try MediaWikiClient(
            api: try #require(URL(string: "http://\(server.authority)/w/api.php")),
            transport: try CurlHTTPTransport(contact: "tests@example.org", policy: policy),
            credentials: .botPassword(user: user, password: password), policy: policy)
    }

    static func blog(_ server: HostileServer, policy: HTTPPolicy) throws -> WordPressClient {
        try WordPressClient(
            site: try #require(URL(string: "http://\(server.authority)")),
            transport: try CurlHTTPTransport(
                contact: "tests@example.org", credentials: .basic(user: "rosa", password: password), policy: policy),
            account: "rosa", policy: policy)
    }

    static func failure(_ body: () throws -> Void) -> (any Error)? {
        do {
            try body()
            return nil
        } catch { return error }
    }

    @Test(arguments: ["99999", "inf"])
    func anEndlessRetryAfterOnA503IsExit75AtOnce(retryAfter: String) throws {
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            connection.answerHTTP(status: 503, headers: ["Retry-After": retryAfter])
        }
        defer { server.stop() }
        let waits = Waits()
        let error = try #require(
            Self.failure { _ = try Self.wiki(server, policy: Self.policy(waits)).page("Main Page") })
        #expect((error as? any CategorizedError)?.kind == .temporary, "\(error)")
        let message = error.localizedDescription
        #expect(message.contains("Retry-After: \(retryAfter)"), "\(message)")
        #expect(
            message.contains(retryAfter == "inf" ? "try again later" : "try again after 2022-12-03T20:39:59Z"),
            "\(message)")
        #expect(waits.all.isEmpty, "never slept on it")
        #expect(server.connections == 1, "nothing more was sent")
    }

    @Test func maxlagAskingADayIsExit75() throws {
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            connection.answerHTTP(
                status: 200, headers: ["Retry-After": "86400", "MediaWiki-API-Error": "maxlag"],
                body: Data(#"{"error":{"code":"maxlag","info":"Waiting for 10.0.0.1: 86400 seconds lagged."}}"#.utf8))
        }
        defer { server.stop() }
        let waits = Waits()
        let error = try #require(
            Self.failure { _ = try Self.wiki(server, policy: Self.policy(waits)).page("Main Page") })
        #expect(error as? HTTPError != nil && (error as? HTTPError)?.kind == .temporary, "\(error)")
        #expect(error.localizedDescription.contains("maxlag"), "\(error.localizedDescription)")
        #expect(waits.all.isEmpty)
    }

    @Test func waitsAddUpToTheTotalBoundAndNoFurther() throws {
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            connection.answerHTTP(status: 503, headers: ["Retry-After": "40"])
        }
        defer { server.stop() }
        let waits = Waits()
        let policy = Self.policy(waits) { $0.totalWait = 100 }
        let error = try #require(Self.failure { _ = try Self.wiki(server, policy: policy).page("Main Page") })
        #expect(waits.all == [40, 40], "two waits fit in 100 s, the third would not")
        #expect(error.localizedDescription.contains("100 s in all"), "\(error.localizedDescription)")
        #expect((error as? HTTPError)?.kind == .temporary)
    }

    @Test func withoutRetryAfterCohortsOwnBackoffKeepsTheBoundsToo() throws {
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            connection.answerHTTP(status: 502)
        }
        defer { server.stop() }
        let waits = Waits()
        let policy = Self.policy(waits) { $0.longestWait = 1 }
        let error = try #require(Self.failure { _ = try Self.wiki(server, policy: policy).page("Main Page") })
        #expect(waits.all == [1, 1, 1], "2 s, 4 s, 8 s held to the 1 s bound")
        #expect(error as? HTTPError == .busy(host: "127.0.0.1", detail: "HTTP 502"), "\(error)")
        #expect(server.connections == 4)
    }

    @Test func a429IsWaitedOutWithinTheBound() throws {
        let count = Counter()
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            if count.next() == 1 {
                connection.answerHTTP(status: 429, headers: ["Retry-After": "2"], body: Data("{}".utf8))
            } else {
                connection.answerHTTP(status: 200, body: Data(#"{"id":7,"name":"rosa"}"#.utf8))
            }
        }
        defer { server.stop() }
        let waits = Waits()
        try Self.blog(server, policy: Self.policy(waits)).checkLogin()
        #expect(waits.all == [2])
    }

    @Test func a429AskingAnHourIsExit75SayingWhen() throws {
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            connection.answerHTTP(
                status: 429, headers: ["Retry-After": "3600"],
                body: Data(#"{"code":"too_many","message":"slow down"}"#.utf8))
        }
        defer { server.stop() }
        let waits = Waits()
        let error = try #require(Self.failure { try Self.blog(server, policy: Self.policy(waits)).checkLogin() })
        #expect((error as? any CategorizedError)?.kind.exitCode == 75, "\(error)")
        #expect(error.localizedDescription.contains("HTTP 429"))
        #expect(
            error.localizedDescription.contains("try again after 2022-12-02T17:53:20Z"), "\(error.localizedDescription)"
        )
        #expect(waits.all.isEmpty)
    }

    @Test func aRateLimitResetAsMastodonSendsItIsABoundedWaitToo() throws {
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            connection.answerHTTP(status: 429, headers: ["X-RateLimit-Reset": "2022-12-02T17:00:00.000Z"])
        }
        defer { server.stop() }
        let waits = Waits()
        let error = try #require(Self.failure { try Self.blog(server, policy: Self.policy(waits)).checkLogin() })
        let message = error.localizedDescription
        #expect(message.contains("X-Ratelimit-Reset: 2022-12-02T17:00:00.000Z"), "\(message)")
        #expect(message.contains("try again after 2022-12-02T17:00:00Z"), "\(message)")
        #expect(waits.all.isEmpty)
    }

    @Test(arguments: [true, false])
    func aTwoGigabyteBodyIsCutOffAndMemoryStaysBounded(declared: Bool) throws {
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let server = try HostileServer { connection in
            _ = connection.readHTTPRequest()
            connection.answerHTTP(status: 200, body: chunk, length: 2_000 << 20, declared: declared)
        }
        defer { server.stop() }
        let before = Self.peakMemory()
        let waits = Waits()
        let error = try #require(Self.failure { try Self.blog(server, policy: Self.policy(waits)).checkLogin() })
        #expect(error as? HTTPError == .replyTooLarge(host: "127.0.0.1", limit: 8 << 20), "\(error)")
        #expect(error.localizedDescription.contains("larger than 8192 KiB"))
        #expect(server.bytesSent < 64 << 20, "the transfer stopped: \(server.bytesSent) bytes went")
        #expect(Self.peakMemory() - before < 100 << 20, "peak memory grew by less than 100 MB")
    }

    @Test func aLoginFailureQuotingThePasswordShowsItMasked() throws {
        let server = try HostileServer { connection in
            guard let request = connection.readHTTPRequest() else { return }
            let body =
                request.contains("action=login")
                ? #"{"login":{"result":"Failed","reason":"Incorrect password \#(Self.password) (lgpassword=\#(Self.password)) for \#(Self.user)"}}"#
                : #"{"query":{"tokens":{"logintoken":"abc+\\"}}}"#
            connection.answerHTTP(status: 200, body: Data(body.utf8))
        }
        defer { server.stop() }
        let error = try #require(Self.failure { try Self.wiki(server, policy: Self.policy(Waits())).login() })
        let message = error.localizedDescription
        #expect(message.contains("Failed") && message.contains("Incorrect password"), "\(message)")
        #expect(!message.contains(Self.password), "\(message)")
    }

    @Test func aServerEchoingTheAuthorizationHeaderShowsItMasked() throws {
        let server = try HostileServer { connection in
            guard let request = connection.readHTTPRequest() else { return }
            let authorization = request.split(separator: "\r\n").first { $0.hasPrefix("Authorization:") } ?? ""
            connection.answerHTTP(
                status: 400,
                body: Data(#"{"code":"bad","message":"you sent \#(authorization) with \#(Self.password)"}"#.utf8))
        }
        defer { server.stop() }
        let error = try #require(Self.failure { try Self.blog(server, policy: Self.policy(Waits())).checkLogin() })
        let message = error.localizedDescription
        let basic = Data("rosa:\(Self.password)".utf8).base64EncodedString()
        #expect(message.contains("you sent Authorization:"), "\(message)")
        #expect(!message.contains(basic) && !message.contains(Self.password), "\(message)")
    }

    @Test(arguments: [
        ("COHORT_HTTP_MAX_WAIT", "5", 5.0), ("COHORT_HTTP_TOTAL_WAIT", "600", 600.0),
        ("COHORT_HTTP_MAX_REPLY", "16M", Double(16 << 20)),
    ])
    func theBoundsAreConfigurable(name: String, value: String, expected: Double) throws {
        let policy = try HTTPPolicy.configured(environment: [name: value])
        let actual =
            switch name {
            case "COHORT_HTTP_MAX_WAIT": policy.longestWait
            case "COHORT_HTTP_TOTAL_WAIT": policy.totalWait
            default: Double(policy.largestReply)
            }
        #expect(actual == expected)
        #expect(throws: HTTPError.self) { try HTTPPolicy.configured(environment: [name: "forever"]) }
    }

    /// The process's peak resident memory so far, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}

/// Counts connections for a fake that answers the first one differently.
final class Counter: @unchecked Sendable {
    // @unchecked: `value` is touched under `lock` only.
    private var value = 0
    private let lock = NSLock()

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
