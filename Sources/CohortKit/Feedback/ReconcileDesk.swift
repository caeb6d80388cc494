import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation
import Synchronization

/// `cohort feedback serve --reconcile`: the reconciliation page, as a use case the HTTP server
/// only carries. It shows each item both judges coded differently in its current round and not
/// yet reconciled, both codes side by side (category, themes, the coding page's memo), and
/// records the agreed category with its reason exactly as `feedback reconcile` does, with the same
/// audit entry. Who may use it is kept as for the coding page (token, cookie, CSRF).
public final class ReconcileDesk: Sendable {
    let session: ProgramSession
    /// Who reconciles: `--by`, resolved as every deciding command resolves it.
    let by: String
    let now: @Sendable () -> Date
    private let access = DeskAccess()
    private let state = Mutex(State())

    private struct State: Sendable {
        var skipped: [String] = []
        var revisit: String?  // the item a refused post was about: shown again
        var message: String?
    }

    /// A desk reconciling as `by`; `now` is the clock each reconciliation is recorded at.
    public init(session: ProgramSession, by: String, now: @escaping @Sendable () -> Date) throws {
        let by = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !by.isEmpty else { throw FeedbackError.empty(option: "--by", purpose: "name who agrees each category") }
        self.session = session
        self.by = by
        self.now = now
    }

    /// The one-time token the printed address carries.
    public var token: String { access.token }

    /// `GET /`: with the one-time token, opens a session (the cookie) and redirects; with a
    /// session, the page; otherwise forbidden.
    public func get(token: String?, sessionID: String?) throws -> CodingDesk.Reply {
        if let token { return access.open(token: token) }
        guard let csrf = access.csrf(for: sessionID) else { return .forbidden }
        return .page(try page(csrf: csrf))
    }

    /// `POST /reconcile`, `/skip`: checked against the session and its CSRF token first; a
    /// refused request records nothing. A reconciliation without a reason records nothing and
    /// shows the same item again with the error.
    public func post(_ action: String, form: [String: String], sessionID: String?) throws -> CodingDesk.Reply {
        guard access.allows(form, sessionID: sessionID), let item = form["item"] else { return .forbidden }
        switch action {
        case "reconcile":
            guard let category = form["category"].flatMap(FeedbackCategory.init(rawValue:)) else { return .forbidden }
            let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else {
                state.withLock { state in
                    state.revisit = item
                    state.message =
                        "Write why the judges settled on \(category.rawValue) for \(item): nothing was recorded."
                }
                return .redirect(cookie: nil)
            }
            do {
                let reconciled = try FeedbackCoding(session).reconcile(
                    item: item, category: category.rawValue, reason: reason, by: by,
                    audit: AuditContext(now: now(), actor: by, command: "feedback serve"))
                state.withLock { state in
                    state.skipped.removeAll { $0 == item }
                    state.revisit = nil
                    state.message = reconciled.text
                }
            } catch let error as FeedbackError {
                state.withLock { $0.message = error.errorDescription ?? "\(error)" }
            }
        case "skip":
            state.withLock { state in
                if !state.skipped.contains(item) { state.skipped.append(item) }
                state.revisit = nil
                state.message = "Skipped \(item) for now."
            }
        default: return .forbidden
        }
        return .redirect(cookie: nil)
    }

    /// The items to reconcile now: coded differently by both judges in their current round, not
    /// reconciled, in import order.
    public func open() throws -> [ItemCoding] {
        try FeedbackCoding(session).feedbackLedger().disagreements.filter { $0.status == .disagreement }
    }

    /// The page now: the item to reconcile (the one a refused post was about, else the first not
    /// skipped, else the first skipped), both codes side by side, progress, the six categories.
    func page(csrf: String) throws -> String {
        let ledger = try FeedbackCoding(session).feedbackLedger()
        let codebook = try FeedbackCoding(session).codebook()
        let (skipped, revisit, message) = state.withLock { state in
            defer { state.message = nil }
            return (state.skipped, state.revisit, state.message)
        }
        let all = ledger.disagreements
        let open = all.filter { $0.status == .disagreement }
        let current =
            revisit.flatMap { id in open.first { $0.item.id == id } }
            ?? open.first { !skipped.contains($0.item.id) } ?? open.first
        let settled = all.count - open.count
        var page = ReconcilePage(
            by: by, csrf: csrf, message: message,
            progress: "\(settled) of \(all.count) disagreements reconciled, \(open.count) left")
        if let current {
            let item = current.item
            page.item = ReconcilePage.Item(
                id: item.id, source: item.source, section: item.section, received: Instant.format(item.receivedAt),
                text: item.text, clarifications: current.clarifications.map(\.note))
            let memos = try memos(of: current)
            page.codes = current.codes.map { code in
                ReconcilePage.Code(
                    judge: (try? ledger.judge(code.judge).name) ?? code.judge, category: code.category.rawValue,
                    themes: code.themes, memo: memos[code.judge])
            }
            page.categories = FeedbackCategory.allCases.enumerated().map { index, category in
                ReconcilePage.Category(
                    id: category.rawValue, key: index + 1,
                    definition: codebook?.entry(for: category)?.definition ?? category.disposition.title,
                    given: current.codes.filter { $0.category == category }.map {
                        (try? ledger.judge($0.judge).name) ?? $0.judge
                    })
            }
        }
        return ReconcilePageHTML.render(page)
    }

    /// Each judge's latest memo on the item in its current round: the coding page keeps memos in
    /// the code's audit entry.
    func memos(of state: ItemCoding) throws -> [String: String] {
        let subject = "feedback:\(state.item.id)"
        let entries = try session.openStore().read { try $0.auditEntries(limit: nil) }
        var memos: [String: String] = [:]
        for entry in entries where entry.action == "code" && entry.subject == subject {
            guard let details = entry.details?.data(using: .utf8),
                let facts = try? JSONSerialization.jsonObject(with: details) as? [String: Any],
                let judge = facts["judge"] as? String, facts["round"] as? Int == state.round,
                let memo = facts["memo"] as? String, !memo.isEmpty
            else { continue }
            memos[judge] = memo
        }
        return memos
    }
}
