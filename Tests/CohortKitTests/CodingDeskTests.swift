import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

@Suite("The coding page's desk: tokens, CSRF, blind pages, two judges at once on PostgreSQL")
struct CodingDeskTests {
    static let now = Instant.parse("2022-03-20T10:00:00Z")!

    /// A session on a new PostgreSQL database of the shared test server, the example's items in it.
    static func postgresSession(_ folder: TemporaryFolder) throws -> ProgramSession {
        let server = try PostgresServer.shared
        let url = server.socketURL(database: try server.newDatabase())
        let context = CommandContext(
            workspace: folder.url.path, clock: CommandClock(now: now, source: .flag), environment: [:],
            currentDirectory: folder.url, databaseURL: url)
        let session = try context.session()
        try FeedbackCoding(session).importFeedback(
            try FeedbackRecordsTests.table(FeedbackRecordsTests.items, FeedbackImport.itemColumns),
            audit: FeedbackRecordsTests.audit("feedback import"))
        return session
    }

    /// Opens a desk's session with its one-time token; returns the session id and its CSRF token.
    static func open(_ desk: CodingDesk) throws -> (session: String, csrf: String) {
        guard case .redirect(let cookie?) = try desk.get(token: desk.token, sessionID: nil) else {
            Issue.record("the token did not open a session")
            return ("", "")
        }
        let session = String(cookie.split(separator: ";")[0].split(separator: "=")[1])
        guard case .page(let html) = try desk.get(token: nil, sessionID: session),
            let range = html.range(of: #"name="csrf" value=""#)
        else { return (session, "") }
        return (session, String(html[range.upperBound...].prefix { $0 != "\"" }))
    }

    @Test func twoJudgesCodeAtOnceOnPostgreSQLAndNeitherPageShowsTheOther() async throws {
        let folder = try TemporaryFolder.workspace()
        let session = try Self.postgresSession(folder)
        let amara = try CodingDesk(session: session, judge: "amara") { Self.now }
        let jonas = try CodingDesk(session: session, judge: "jonas") { Self.now }
        let (amaraSession, amaraCSRF) = try Self.open(amara)
        let (jonasSession, jonasCSRF) = try Self.open(jonas)
        // Each judge codes the three items at the same time as the other.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (desk, id, csrf, category) in [
                (amara, amaraSession, amaraCSRF, "unclear"), (jonas, jonasSession, jonasCSRF, "against-aim"),
            ] {
                group.addTask {
                    for item in ["fb-2", "fb-1", "fb-3"] {
                        let reply = try desk.post(
                            "code", form: ["csrf": csrf, "item": item, "category": category, "memo": "m \(item)"],
                            sessionID: id)
                        #expect(reply == .redirect(cookie: nil))
                    }
                }
            }
            try await group.waitForAll()
        }
        let ledger = try FeedbackCoding(session).feedbackLedger()
        #expect(ledger.codes.count == 6)
        #expect(ledger.states.allSatisfy { $0.codes.map(\.judge) == ["amara", "jonas"] })
        // Each code is audited as `feedback code` audits it, with the memo.
        let entries = try session.openStore().read { try $0.auditEntries(limit: nil) }.filter { $0.action == "code" }
        #expect(entries.count == 6 && entries.allSatisfy { $0.command == "feedback serve" })
        #expect(entries.allSatisfy { $0.details?.contains(#""memo":"m fb-"#) == true })
        // Nothing left: neither page names the other judge or marks a category.
        guard case .page(let page) = try amara.get(token: nil, sessionID: amaraSession) else {
            Issue.record("no page")
            return
        }
        #expect(page.contains("Nothing left to code") && !page.lowercased().contains("jonas"))
    }

    @Test func withoutTheTokenTheSessionOrTheCSRFTokenNothingIsServedOrRecorded() throws {
        let folder = try TemporaryFolder.workspace()
        let session = try FeedbackRecordsTests.session(folder)
        try FeedbackCoding(session).importFeedback(
            try FeedbackRecordsTests.table(FeedbackRecordsTests.items, FeedbackImport.itemColumns),
            audit: FeedbackRecordsTests.audit("feedback import"))
        let desk = try CodingDesk(session: session, judge: "amara") { Self.now }
        #expect(try desk.get(token: nil, sessionID: nil) == .forbidden)
        #expect(try desk.get(token: "wrong", sessionID: nil) == .forbidden)
        let token = desk.token
        let (id, csrf) = try Self.open(desk)
        #expect(!csrf.isEmpty)
        #expect(try desk.get(token: token, sessionID: nil) == .forbidden, "the token is spent")
        #expect(try desk.get(token: nil, sessionID: "forged") == .forbidden)
        let form = ["item": "fb-2", "category": "unclear"]
        #expect(try desk.post("code", form: form, sessionID: id) == .forbidden)
        #expect(try desk.post("code", form: form.merging(["csrf": "x"]) { $1 }, sessionID: id) == .forbidden)
        #expect(try desk.post("code", form: form.merging(["csrf": csrf]) { $1 }, sessionID: "forged") == .forbidden)
        #expect(try FeedbackCoding(session).feedbackLedger().codes.isEmpty)
        // Skip moves on; the skipped item comes back once nothing else is left.
        #expect(try desk.post("skip", form: ["csrf": csrf, "item": "fb-2"], sessionID: id) == .redirect(cookie: nil))
        guard case .page(let page) = try desk.get(token: nil, sessionID: id) else {
            Issue.record("no page")
            return
        }
        #expect(page.contains("<h1>Item fb-1</h1>") && page.contains("Skipped fb-2 for now."))
        #expect(page.contains("0 of 3 coded, 3 left"))
    }

    @Test func aThemeTheCodebookLacksIsProposedForItAndCheckListsIt() throws {
        let folder = try TemporaryFolder.workspace()
        let codebook = try Data(contentsOf: Repository.root.appendingPathComponent("codebook.yaml"))
        try folder.write("codebook.yaml", String(decoding: codebook, as: UTF8.self))
        let session = try FeedbackRecordsTests.session(folder)
        try FeedbackCoding(session).importFeedback(
            try FeedbackRecordsTests.table(FeedbackRecordsTests.items, FeedbackImport.itemColumns),
            audit: FeedbackRecordsTests.audit("feedback import"))
        let known = try #require(try FeedbackCoding(session).codebook()?.themes.first?.id)
        let desk = try CodingDesk(session: session, judge: "amara") { Self.now }
        let (id, csrf) = try Self.open(desk)
        let reply = try desk.post(
            "code", form: ["csrf": csrf, "item": "fb-2", "category": "unclear", "themes": "\(known), brand-new"],
            sessionID: id)
        #expect(reply == .redirect(cookie: nil))
        guard case .page(let page) = try desk.get(token: nil, sessionID: id) else {
            Issue.record("no page")
            return
        }
        #expect(page.contains("New theme brand-new proposed for the codebook"), "\(page)")
        let proposals = try session.openStore().read { try $0.auditEntries(limit: nil) }
            .filter { $0.action == "propose-theme" }
        #expect(proposals.map(\.subject) == ["codebook:theme:brand-new"])
        do {
            _ = try FeedbackCoding(session).showCodebook(check: true)
            Issue.record("the check passed with an undefined theme in the records")
        } catch let problems as ConfigurationProblems {
            #expect(
                problems.diagnostics.contains { $0.message.contains("theme \"brand-new\" is given in the records") })
        }
    }

    @Test func formBodiesDecodeAsBrowsersSendThem() {
        #expect(
            CodingDesk.form("csrf=ab&themes=data+sources%2C+access&memo=a%26b%3Dc&empty=")
                == ["csrf": "ab", "themes": "data sources, access", "memo": "a&b=c", "empty": ""])
    }
}
