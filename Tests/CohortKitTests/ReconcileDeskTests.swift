import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

@Suite("The reconciliation page's desk: the open disagreements, side by side, recorded as `feedback reconcile`")
struct ReconcileDeskTests {
    static let now = CodingDeskTests.now

    enum Store: String, CaseIterable { case sqlite, postgresql }

    /// Five items: fb-1 agreed, fb-2 and fb-4 coded differently (fb-2 with memos), fb-3 coded
    /// differently and reconciled already, fb-5 coded by one judge.
    static let items = """
        id,source,received_at,author,text,theme
        fb-1,survey,2022-02-01T10:00:00Z,,Fine.,
        fb-2,talk-page,2022-02-02T10:00:00Z,Tomasz K.,"Where, <exactly>?",
        fb-3,survey,2022-02-03T10:00:00Z,,Later.,
        fb-4,pilot-session,2022-02-04T10:00:00Z,,"Say ""yes"" now",
        fb-5,survey,2022-02-05T10:00:00Z,,Only one judge.,

        """

    /// A session on `store` holding the items and codes above, as the coding page would have
    /// recorded them.
    static func session(_ store: Store, _ folder: TemporaryFolder) throws -> ProgramSession {
        let session: ProgramSession
        switch store {
        case .sqlite: session = try FeedbackRecordsTests.session(folder)
        case .postgresql:
            let server = try PostgresServer.shared
            let context = CommandContext(
                workspace: folder.url.path, clock: CommandClock(now: now, source: .flag), environment: [:],
                currentDirectory: folder.url, databaseURL: server.socketURL(database: try server.newDatabase()))
            session = try context.session()
        }
        try FeedbackCoding(session).importFeedback(
            try FeedbackRecordsTests.table(items, FeedbackImport.itemColumns),
            audit: FeedbackRecordsTests.audit("feedback import"))
        let codes: [(String, String, FeedbackCategory, [String], String?)] = [
            ("fb-1", "amara", .integrateNow, [], nil), ("fb-1", "jonas", .integrateNow, [], nil),
            ("fb-2", "amara", .unclear, ["data sources"], "which counts?"),
            ("fb-2", "jonas", .needsResourcing, ["access"], "needs <b>engineers</b>"),
            ("fb-3", "amara", .againstAim, [], nil), ("fb-3", "jonas", .noAgreement, [], nil),
            ("fb-4", "amara", .outOfScope, [], nil), ("fb-4", "jonas", .againstAim, [], nil),
            ("fb-5", "amara", .unclear, [], nil),
        ]
        for (item, judge, category, themes, memo) in codes {
            try FeedbackCoding(session).code(
                item: item, judge: judge, category: category, themes: themes, memo: memo,
                audit: AuditContext(now: now, actor: judge, command: "feedback serve"))
        }
        _ = try FeedbackCoding(session).reconcile(
            item: "fb-3", category: "no-agreement", reason: "settled earlier", by: "Rosa",
            audit: FeedbackRecordsTests.audit("feedback reconcile"))
        return session
    }

    /// Opens a desk's session with its one-time token; returns the session id and its CSRF token.
    static func open(_ desk: ReconcileDesk) throws -> (session: String, csrf: String) {
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

    static func page(_ desk: ReconcileDesk, _ session: String) throws -> String {
        guard case .page(let html) = try desk.get(token: nil, sessionID: session) else {
            Issue.record("no page")
            return ""
        }
        return html
    }

    /// The audit log's last entry, without its sequence number.
    static func lastEntry(_ session: ProgramSession) throws -> AuditEntry? {
        var entry = try session.openStore().read { try $0.auditEntries(limit: 1) }.last
        entry?.id = nil
        return entry
    }

    @Test(arguments: Store.allCases)
    func listsTheOpenDisagreementsAndRecordsAsFeedbackReconcileDoes(_ store: Store) throws {
        let folder = try TemporaryFolder.workspace()
        let session = try Self.session(store, folder)
        let desk = try ReconcileDesk(session: session, by: "Rosa") { Self.now }
        #expect(try desk.open().map(\.item.id) == ["fb-2", "fb-4"])
        let (id, csrf) = try Self.open(desk)

        // Side by side: both codes, their themes and memos, the comment escaped.
        var html = try Self.page(desk, id)
        #expect(html.contains("<h1>Item fb-2</h1>") && html.contains("Where, &lt;exactly&gt;?"))
        #expect(html.contains("1 of 3 disagreements reconciled, 2 left"))
        for shown in [
            "Amara Okafor", "Jonas Lindqvist", #"<dd class="category">unclear</dd>"#,
            #"<dd class="category">needs-resourcing</dd>"#, #"<dd class="themes">data sources</dd>"#,
            #"<dd class="memo">which counts?</dd>"#, #"<dd class="memo">needs &lt;b&gt;engineers&lt;/b&gt;</dd>"#,
            #"name="reason" rows="2" required"#,
        ] {
            #expect(html.contains(shown), "\(shown)")
        }
        #expect(html.components(separatedBy: #"name="category""#).count == 7, "six category buttons")

        // No reason: nothing recorded, the same item again with the error.
        let before = try FeedbackCoding(session).feedbackLedger().reconciliations
        let entries = try session.openStore().read { try $0.auditCount() }
        for reason in [nil, "", "  \n"] {
            var form = ["csrf": csrf, "item": "fb-2", "category": "needs-resourcing"]
            form["reason"] = reason
            #expect(try desk.post("reconcile", form: form, sessionID: id) == .redirect(cookie: nil))
            html = try Self.page(desk, id)
            #expect(html.contains("<h1>Item fb-2</h1>") && html.contains(#"<p role="alert">Write why"#))
        }
        #expect(try FeedbackCoding(session).feedbackLedger().reconciliations == before)
        #expect(try session.openStore().read { try $0.auditCount() } == entries)

        // Recorded: the same reconciliation and audit entry as `feedback reconcile` makes.
        let form = ["csrf": csrf, "item": "fb-2", "category": "needs-resourcing", "reason": " ask the engineers "]
        #expect(try desk.post("reconcile", form: form, sessionID: id) == .redirect(cookie: nil))
        let twinFolder = try TemporaryFolder.workspace()
        let twin = try Self.session(store, twinFolder)
        _ = try FeedbackCoding(twin).reconcile(
            item: "fb-2", category: "needs-resourcing", reason: " ask the engineers ", by: "Rosa",
            audit: AuditContext(now: Self.now, actor: "Rosa", command: "feedback reconcile"))
        #expect(
            try FeedbackCoding(session).feedbackLedger().reconciliations
                == FeedbackCoding(twin).feedbackLedger().reconciliations)
        var served = try #require(try Self.lastEntry(session))
        #expect(served.command == "feedback serve")
        served.command = "feedback reconcile"
        #expect(served == (try Self.lastEntry(twin)))

        // It leaves the list; the next one shows.
        #expect(try desk.open().map(\.item.id) == ["fb-4"])
        html = try Self.page(desk, id)
        #expect(html.contains("<h1>Item fb-4</h1>") && html.contains("2 of 3 disagreements reconciled, 1 left"))
        #expect(html.contains("Reconciled fb-2 as needs-resourcing"))
    }

    @Test func refusesWithoutTheSessionOrCSRFSkipsAndSaysWhenNothingIsLeft() throws {
        let folder = try TemporaryFolder.workspace()
        let session = try Self.session(.sqlite, folder)
        let desk = try ReconcileDesk(session: session, by: "Rosa") { Self.now }
        #expect(try desk.get(token: nil, sessionID: nil) == .forbidden)
        let token = desk.token
        let (id, csrf) = try Self.open(desk)
        #expect(try desk.get(token: token, sessionID: nil) == .forbidden, "the token is spent")
        let form = ["item": "fb-2", "category": "unclear", "reason": "r"]
        #expect(try desk.post("reconcile", form: form, sessionID: id) == .forbidden)
        #expect(try desk.post("reconcile", form: form.merging(["csrf": "x"]) { $1 }, sessionID: id) == .forbidden)
        #expect(try desk.post("reconcile", form: form.merging(["csrf": csrf]) { $1 }, sessionID: "x") == .forbidden)
        #expect(try FeedbackCoding(session).feedbackLedger().reconciliations.count == 1)

        // Skip moves on; the skipped item comes back once nothing else is left.
        #expect(try desk.post("skip", form: ["csrf": csrf, "item": "fb-2"], sessionID: id) == .redirect(cookie: nil))
        var html = try Self.page(desk, id)
        #expect(html.contains("<h1>Item fb-4</h1>") && html.contains("Skipped fb-2 for now."))
        let settle = ["csrf": csrf, "category": "against-aim", "reason": "r"]
        _ = try desk.post("reconcile", form: settle.merging(["item": "fb-4"]) { $1 }, sessionID: id)
        html = try Self.page(desk, id)
        #expect(html.contains("<h1>Item fb-2</h1>"))
        _ = try desk.post("reconcile", form: settle.merging(["item": "fb-2"]) { $1 }, sessionID: id)
        html = try Self.page(desk, id)
        #expect(html.contains("<h1>Nothing to reconcile</h1>"))
        #expect(html.contains("3 of 3 disagreements reconciled, 0 left"))
        #expect(try desk.open().isEmpty)
        #expect(throws: FeedbackError.self) { try ReconcileDesk(session: session, by: " ") { Self.now } }
    }
}
