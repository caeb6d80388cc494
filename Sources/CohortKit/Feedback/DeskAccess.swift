import Foundation
import Synchronization

/// Who may use a page `cohort feedback serve` serves: a one-time token in the printed address,
/// traded once for a session cookie (HttpOnly, SameSite=Strict), and a CSRF token that every form
/// of that session carries. The coding desk and the reconciling desk keep one each.
final class DeskAccess: Sendable {
    private let state: Mutex<State>

    private struct State: Sendable {
        var token: String?
        var sessions: [String: String] = [:]  // session id → CSRF token
    }

    init() { state = Mutex(State(token: Self.randomToken())) }

    /// The one-time token the printed address carries (empty once spent).
    var token: String { state.withLock { $0.token ?? "" } }

    /// `GET /?token=…`: the right token, once, opens a session (the cookie) and redirects to `/`.
    func open(token: String) -> CodingDesk.Reply {
        let opened: String? = state.withLock { state in
            guard let expected = state.token, Self.same(token, expected) else { return nil }
            state.token = nil
            let id = Self.randomToken()
            state.sessions[id] = Self.randomToken()
            return id
        }
        guard let opened else { return .forbidden }
        return .redirect(cookie: "\(CodingDesk.cookieName)=\(opened); Path=/; HttpOnly; SameSite=Strict")
    }

    /// The CSRF token of the session a request's cookie names, if it is one of ours.
    func csrf(for sessionID: String?) -> String? {
        guard let sessionID else { return nil }
        return state.withLock { $0.sessions[sessionID] }
    }

    /// True when a posted form comes from one of our sessions and carries its CSRF token.
    func allows(_ form: [String: String], sessionID: String?) -> Bool {
        guard let csrf = csrf(for: sessionID), let sent = form["csrf"] else { return false }
        return Self.same(sent, csrf)
    }

    /// 32 random bytes as hex, from the system's generator.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next(), radix: 16).zeroPadded(to: 16) }.joined()
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ first: String, _ second: String) -> Bool {
        let a = Array(first.utf8)
        let b = Array(second.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
