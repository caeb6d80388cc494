import ArgumentParser
import CohortCore
import CohortDelivery
import CohortRender
import CohortStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Cohort.Announce {
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an announcement's mail to its lists through the outbox, never twice.",
            discussion: """
                Each list gets its own message with a stable Message-ID. A message is marked as \
                being sent before it is handed to the relay and as sent after the relay's 250, so \
                a crash can leave it "unknown" (reported, re-sent only with --resend-unknown) but \
                never send it twice. 4xx replies and dropped connections are retried with \
                exponential backoff; 5xx replies are permanent failures. Running a finished send \
                again sends nothing. The relay login comes from COHORT_SMTP_USER and \
                COHORT_SMTP_PASSWORD, or from .cohort/smtp-credentials (mode 0600). \
                Exit codes: 0 all sent; 75 some wait for a retry; 1 some failed or are unknown.

                Examples:
                  cohort announce send 2022-06-outcome --dry-run
                  cohort announce send 2022-06-outcome --smtp-url smtp://127.0.0.1:2525 --use-tls none --test-to me@example.org
                  cohort announce send 2022-06-outcome --rate 5 --json
                """)

        @Argument(help: "The announcement's slug.") var slug: String
        @Flag(help: "Show what would go out; send nothing.") var dryRun = false
        @Option(help: "Send one copy to this address instead of the lists; not recorded as sent.") var testTo: String?
        @Option(help: "Messages per second at most.") var rate: Double?
        @Option(help: "Attempts per message before giving up for this run.") var maxAttempts = 5
        @Option(help: "Seconds before the first retry (doubling after each).") var retryDelay: Double = 5
        @Option(help: "The relay, e.g. smtp://relay.example.org:587 (default: channels.mail.smtp.url).")
        var smtpURL: String?
        @Option(help: "TLS to the relay: required, opportunistic or none (default: channels.mail.smtp.use_tls).")
        var useTLS: SMTPSecurity?
        @Flag(help: "Send again the messages whose delivery is unknown.") var resendUnknown = false
        @Flag(help: "Send although the blog post the mail links is not published yet.") var allowUnpublishedLink = false
        @OptionGroup var options: GlobalOptions

        func validate() throws {
            if let smtpURL, URL(string: smtpURL)?.scheme.map({ ["smtp", "smtps"].contains($0) }) != true {
                throw ValidationError("--smtp-url \"\(smtpURL)\" is not an smtp:// or smtps:// address")
            }
            if let rate, rate <= 0 { throw ValidationError("--rate must be more than 0") }
            if maxAttempts < 1 { throw ValidationError("--max-attempts must be 1 or more") }
        }

        func run() throws {
            var send = SendOptions()
            send.smtpURL = smtpURL.flatMap(URL.init(string:))
            send.security = useTLS
            send.dryRun = dryRun
            send.testTo = testTo
            send.allowUnpublishedLink = allowUnpublishedLink
            send.resendUnknown = resendUnknown
            send.policy = SendPolicy(maxAttempts: maxAttempts, rate: rate, retryDelay: retryDelay)
            let sender = AnnouncementSend(
                session: try options.session(), options: send, environment: ProcessInfo.processInfo.environment)
            let bar = ProgressBar(enabled: !options.output.json)
            let report = try sender.run(
                slug, audit: options.audit(command: "announce send"), progress: { bar.show($0, of: $1) })
            bar.finish()
            try Output.sendReport(report, json: options.output.json)
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every delivery of an announcement's mail and where it stands.",
            discussion: """
                Examples:
                  cohort announce log 2022-06-outcome
                  cohort announce log 2022-06-outcome --json
                """)

        @Argument(help: "The announcement's slug.") var slug: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let sender = AnnouncementSend(
                session: try options.session(), options: SendOptions(), environment: [:])
            let items = try sender.log(slug)
            if options.output.json {
                try Output.json(["deliveries": items.map(DeliveryLine.init)])
            } else if items.isEmpty {
                print("Nothing has been queued for \(slug); run `cohort announce send \(slug)`.")
            } else {
                var table = TextTable(
                    headers: ["RECIPIENT", "STATE", "ATTEMPTS", "LAST REPLY"],
                    alignments: [.left, .left, .right, .left])
                for item in items {
                    table.append([item.recipient, item.state.rawValue, String(item.attempts), item.lastReply ?? ""])
                }
                print(table.render())
            }
        }
    }
}

extension SMTPSecurity: ExpressibleByArgument {}

extension Output {
    /// Prints what a send did (or, on a dry run, would do) and exits 75 when some wait for a
    /// retry, 1 when some failed or are unknown: shared by `announce send` and `workshop send`.
    static func sendReport(_ report: SendReport, json: Bool) throws {
        if json {
            if let planned = report.dryRun {
                try Output.json(["would_send": planned])
            } else {
                try Output.json(report.summary)
            }
        } else if let planned = report.dryRun {
            var table = TextTable(headers: ["RECIPIENT", "MESSAGE-ID", "STATE"])
            for message in planned { table.append([message.recipient, message.messageID, message.state]) }
            print(table.render())
            print("Dry run: nothing was sent.")
        } else {
            print(SendText.summary(report))
        }
        let summary = report.summary
        if summary.failedPermanent > 0 || summary.unknown > 0 { throw ExitCode(FailureKind.failure.exitCode) }
        if summary.failedTemporary > 0 { throw ExitCode(FailureKind.temporary.exitCode) }
    }
}

/// A one-line progress bar on stderr, only when stderr is a terminal.
final class ProgressBar {
    let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func show(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
