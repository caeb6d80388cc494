import CohortCore
internal import CohortRender
import Foundation
import Logging
import Synchronization

/// `cohort feedback serve`: one judge's coding page, as a use case the HTTP server only carries.
/// It keeps who may use the page (a one-time token in the printed address, then a session
/// cookie and a CSRF token in every form), what the judge skipped and coded in this sitting
/// (for skip and undo), and records each code exactly as `feedback code` does, with the same
/// audit entry. The page is blind: it is made from the judge's own codes and the item alone.
public final class CodingDesk: Sendable {
    /// What the server answers.
    public enum Reply: Sendable, Equatable {
        /// A page (HTML), 200.
        case page(String)
        /// 303 to `/`, setting the session cookie when one is given.
        case redirect(cookie: String?)
        /// 403: no valid token, session or CSRF token; nothing was recorded.
        case forbidden
    }

    /// The session cookie's name.
    public static let cookieName = "cohort_session"

    let session: ProgramSession
    let judge: Judge
    let now: @Sendable () -> Date
    private let access = DeskAccess()
    private let state = Mutex(State())

    private struct State: Sendable {
        var skipped: [String] = []
        var coded: [String] = []  // items coded in this sitting, latest last
        var revisit: String?
        var message: String?
    }

    /// A desk for `judge` (an id in `cohort.yaml`); `now` is the clock each code is recorded at.
    public init(session: ProgramSession, judge judgeID: String, now: @escaping @Sendable () -> Date) throws {
        self.session = session
        guard let judge = session.program.judges.first(where: { $0.id == judgeID }) else {
            throw FeedbackError.unknownJudge(judgeID, judges: session.program.judges.map(\.id))
        }
        self.judge = judge
        self.now = now
    }

    /// A logger that says nothing: the server's stdout carries the page's address alone.
    public static var quietLogger: Logger { Logger(label: "cohort.serve") { _ in SwiftLogNoOpLogHandler() } }

    /// The one-time token the printed address carries.
    public var token: String { access.token }

    /// `GET /`: with the one-time token, opens a session (the cookie) and redirects; with a
    /// session, the page; otherwise forbidden.
    public func get(token: String?, sessionID: String?) throws -> Reply {
        if let token { return access.open(token: token) }
        guard let csrf = access.csrf(for: sessionID) else { return .forbidden }
        return .page(try page(csrf: csrf))
    }

    /// `POST /code`, `/undo`, `/skip`: checked against the session and its CSRF token first;
    /// a refused request records nothing.
    public func post(_ action: String, form: [String: String], sessionID: String?) throws -> Reply {
        guard access.allows(form, sessionID: sessionID) else { return .forbidden }
        switch action {
        case "code":
            guard let item = form["item"], let category = form["category"].flatMap(FeedbackCategory.init(rawValue:))
            else { return .forbidden }
            let themes = Themes.parse(
                (form["themes"] ?? "").replacingOccurrences(of: ",", with: ";"))
            let memo = form["memo"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let audit = AuditContext(now: now(), actor: judge.id, command: "feedback serve")
                try FeedbackCoding(session).code(
                    item: item, judge: judge.id, category: category, themes: themes,
                    memo: memo?.isEmpty == false ? memo : nil, audit: audit)
                // A theme the codebook does not define is a proposal for it: recorded, and listed by
                // `feedback codebook --check` until codebook.yaml defines it.
                let known = Set(try FeedbackCoding(session).codebook()?.themes.map(\.id) ?? [])
                let proposed = themes.filter { !known.contains($0) }
                if !proposed.isEmpty {
                    try session.transaction { records in
                        for theme in proposed {
                            try records.append(
                                audit.entry(
                                    action: "propose-theme", subject: "codebook:theme:\(theme)",
                                    reason: "given to \(item) by \(judge.id); not in \(Codebook.file) yet"))
                        }
                    }
                }
                state.withLock { state in
                    state.coded.append(item)
                    state.skipped.removeAll { $0 == item }
                    state.revisit = nil
                    state.message =
                        "Coded \(item) as \(category.rawValue)."
                        + (proposed.isEmpty
                            ? ""
                            : " New \(proposed.count == 1 ? "theme" : "themes") \(proposed.joined(separator: ", ")) proposed for the codebook: define \(proposed.count == 1 ? "it" : "them") in \(Codebook.file).")
                }
            } catch let error as FeedbackError {
                state.withLock { $0.message = error.errorDescription ?? "\(error)" }
            }
        case "undo":
            state.withLock { state in
                if let last = state.coded.popLast() {
                    state.revisit = last
                    state.message = "Back to \(last): choose its category again."
                } else {
                    state.message = "Nothing to undo in this sitting."
                }
            }
        case "skip":
            guard let item = form["item"] else { return .forbidden }
            state.withLock { state in
                if !state.skipped.contains(item) { state.skipped.append(item) }
                state.revisit = nil
                state.message = "Skipped \(item) for now."
            }
        default: return .forbidden
        }
        return .redirect(cookie: nil)
    }

    /// An `application/x-www-form-urlencoded` body as its fields (the last of a repeated name).
    public static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = parts.first.flatMap(decode) else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    /// The page now: the item to code (the one to revisit after an undo, else the first the judge
    /// has not coded and has not skipped), progress, the six categories, the codebook's themes.
    func page(csrf: String) throws -> String {
        let ledger = try FeedbackCoding(session).feedbackLedger()
        let codebook = try FeedbackCoding(session).codebook()
        let (skipped, revisit, message) = state.withLock { state in
            defer { state.message = nil }
            return (state.skipped, state.revisit, state.message)
        }
        let states = ledger.states
        let mine = states.filter { state in state.codes.contains { $0.judge == judge.id } }
        let open = states.filter { state in
            state.codes.count < 2 && !state.codes.contains { $0.judge == judge.id }
        }
        let current =
            revisit.flatMap { id in states.first { $0.item.id == id } }
            ?? open.first { !skipped.contains($0.item.id) } ?? open.first
        let own = current?.codes.first { $0.judge == judge.id }
        var page = CodingPage(
            judge: judge.name, csrf: csrf, message: message,
            progress: "\(mine.count) of \(states.count) coded, \(states.count - mine.count) left",
            themes: codebook?.themes.map(\.id) ?? [])
        if let current {
            page.item = CodingPage.Item(
                id: current.item.id, source: current.item.source, section: current.item.section,
                received: Instant.format(current.item.receivedAt), text: current.item.text,
                clarifications: current.clarifications.map(\.note), themes: own?.themes.joined(separator: ", ") ?? "")
        }
        page.categories = FeedbackCategory.allCases.enumerated().map { index, category in
            CodingPage.Category(
                id: category.rawValue, key: index + 1,
                definition: codebook?.entry(for: category)?.definition ?? category.disposition.title,
                chosen: own?.category == category)
        }
        return CodingPageHTML.render(page)
    }
}
