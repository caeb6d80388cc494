import ArgumentParser
import CohortKit
import Foundation
import Hummingbird

/// The judges' coding page, served on this machine.
extension Cohort.Feedback {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a coding page for one judge, or the reconciliation page, on 127.0.0.1.",
            discussion: """
                Prints the page's address at once; it carries a one-time token, which the page \
                trades for a session cookie (HttpOnly, SameSite=Strict). Every form carries a CSRF \
                token; a request without the session or with a wrong token is refused (403) and \
                records nothing. Serves until interrupted. The pages work without JavaScript and \
                load nothing from elsewhere.

                With --judge, one item at a time, blind to the other judge: the six categories \
                as buttons (keys 1–6), themes from the codebook (a new one is a proposal that `cohort feedback \
                codebook --check` lists), a memo \
                (kept in the code's audit entry), undo of the last code (z), skip for now, and \
                progress. Each code is the same record, with the same audit entry, as `cohort \
                feedback code`; against PostgreSQL two judges code at once.

                With --reconcile, each item the judges coded differently and not yet reconciled, \
                both codes side by side (category, themes, memo): the agreed category as a button \
                (keys 1–6) with a required reason, skip for now, and progress. Each is the same \
                record, with the same audit entry, as `cohort feedback reconcile --by NAME`.

                Examples:
                  cohort feedback serve --judge amara
                  cohort feedback serve --judge jonas --port 8402
                  cohort feedback serve --reconcile --by "Amara and Jonas"
                """)

        @Option(help: "The judge's id in cohort.yaml: serve the coding page.", completion: .workspace(.judges))
        var judge: String?
        @Flag(help: "Serve the reconciliation page instead of a coding page.") var reconcile = false
        @Option(
            help: ArgumentHelp(
                "With --reconcile: who agrees each category (default: COHORT_ACTOR, else program.default_actor, else the user running the command).",
                valueName: "name"))
        var by: String?
        @Option(help: "The port on 127.0.0.1 (default: any free one).") var port = 0
        @OptionGroup var options: GlobalOptions

        func validate() throws {
            guard (judge != nil) != reconcile else {
                throw ValidationError("give exactly one of --judge ID (the coding page) or --reconcile")
            }
            if by != nil && !reconcile {
                throw ValidationError("--by goes with --reconcile; a judge codes as themselves")
            }
        }

        func run() throws {
            let session = try options.session()
            let clock = options.clock
            let now: @Sendable () -> Date = { (try? clock.resolve().now) ?? Date() }
            let desk: any ServedDesk =
                if let judge {
                    try CodingDesk(session: session, judge: judge, now: now)
                } else {
                    try ReconcileDesk(
                        session: session,
                        by: DecidingOptions.audit("feedback serve", by: by, global: options).actor, now: now)
                }
            let finished = DispatchSemaphore(value: 0)
            let failure = Failure()
            Task {
                do { try await Self.serve(desk, port: port) } catch { failure.error = error }
                finished.signal()
            }
            finished.wait()
            if let error = failure.error { throw error }
        }

        /// What the server task ended with.
        final class Failure: @unchecked Sendable {
            // Written once by the server task before it signals, read after the wait: never at once.
            var error: (any Error)?
        }

        static func serve(_ desk: any ServedDesk, port: Int) async throws {
            let router = Router()
            router.get("/") { request, _ -> Response in
                let token = request.uri.queryParameters["token"].map(String.init)
                return try reply(desk.get(token: token, sessionID: request.cookies[CodingDesk.cookieName]?.value))
            }
            for action in desk.actions {
                router.post(RouterPath(action)) { request, _ -> Response in
                    var request = request
                    let body = try await request.collectBody(upTo: 64 * 1024)
                    let form = CodingDesk.form(String(decoding: body.readableBytesView, as: UTF8.self))
                    return try reply(
                        desk.post(action, form: form, sessionID: request.cookies[CodingDesk.cookieName]?.value))
                }
            }
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                onServerRunning: { channel in
                    let bound = channel.localAddress?.port ?? port
                    print("http://127.0.0.1:\(bound)/?token=\(desk.token)")
                    fflush(nil)  // every stream: a script reading the address gets it at once
                }, logger: CodingDesk.quietLogger)
            try await app.runService()
        }

        /// The desk's reply as HTTP: pages are never cached and say where they may load from.
        static func reply(_ reply: CodingDesk.Reply) -> Response {
            var headers: HTTPFields = [
                .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
                .init("Referrer-Policy")!: "no-referrer", .init("X-Content-Type-Options")!: "nosniff",
            ]
            switch reply {
            case .page(let html):
                headers[.contentType] = "text/html; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
            case .redirect(let cookie):
                headers[.location] = "/"
                if let cookie { headers[.setCookie] = cookie }
                return Response(status: .seeOther, headers: headers)
            case .forbidden:
                headers[.contentType] = "text/plain; charset=utf-8"
                return Response(
                    status: .forbidden, headers: headers,
                    body: .init(byteBuffer: ByteBuffer(string: "forbidden: open the address cohort printed\n")))
            }
        }
    }
}

/// A page `feedback serve` carries: the coding desk or the reconciling desk.
protocol ServedDesk: Sendable {
    /// The one-time token the printed address carries.
    var token: String { get }
    /// The paths it takes posts on.
    var actions: [String] { get }
    func get(token: String?, sessionID: String?) throws -> CodingDesk.Reply
    func post(_ action: String, form: [String: String], sessionID: String?) throws -> CodingDesk.Reply
}

extension CodingDesk: ServedDesk {
    var actions: [String] { ["code", "undo", "skip"] }
}

extension ReconcileDesk: ServedDesk {
    var actions: [String] { ["reconcile", "skip"] }
}
