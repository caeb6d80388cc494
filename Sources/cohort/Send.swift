import ArgumentParser
import CohortKit
import Foundation

/// How a send reaches the relay and retries: the same flags on every command that sends.
struct SendFlags: ParsableArguments {
    @Flag(help: "Show what would go out; send nothing.") var dryRun = false
    @Option(help: "Send one copy to this address instead; not recorded as sent.") var testTo: String?
    @Option(help: "Messages per second at most.") var rate: Double?
    @Option(
        help:
            "Attempts per message, counted across runs, before it stays failed-temporary (`cohort outbox requeue` resets them)."
    ) var maxAttempts = 5
    @Option(help: "Seconds before the first retry (doubling after each).") var retryDelay: Double = 5
    @Option(help: "The relay, e.g. smtp://relay.example.org:587 (default: channels.mail.smtp.url).")
    var smtpURL: String?
    @Option(help: "TLS to the relay: required, opportunistic or none (default: channels.mail.smtp.use_tls).")
    var useTLS: SMTPSecurity?
    @Flag(help: "Send again the messages whose delivery is unknown.") var resendUnknown = false

    func validate() throws {
        if let rate, rate <= 0 { throw ValidationError("--rate must be more than 0") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be 1 or more") }
        if retryDelay < 0 { throw ValidationError("--retry-delay cannot be negative") }
    }

    /// The send options these flags describe.
    var options: SendOptions {
        var send = SendOptions()
        send.smtpURL = smtpURL
        send.security = useTLS
        send.dryRun = dryRun
        send.testTo = testTo
        send.resendUnknown = resendUnknown
        send.policy = SendPolicy(maxAttempts: maxAttempts, rate: rate, retryDelay: retryDelay)
        return send
    }

    /// Sends `target`, prints what happened, and exits 75 when some wait for a retry, 1 when some
    /// failed or are unknown: one path for `announce send`, `workshop send` and `outbox send`.
    func run(
        _ target: SendTarget, command: String, options: DecidingOptions, adjust: (inout SendOptions) -> Void = { _ in }
    )
        throws
    {
        var send = self.options
        adjust(&send)
        let bar = ProgressBar(enabled: !options.json)
        let report = try Sending(options.session()).send(
            target, options: send, audit: try options.audit(command),
            environment: ProcessInfo.processInfo.environment,
            progress: { bar.show($0, of: $1) })
        bar.finish()
        try Output.show(report, json: options.json) { SendText.render(report) }
        if let failure = report.failure { throw Output.exit(failure) }
    }
}

/// What every send command says about the outbox, the relay and the exit codes.
let sendDiscussion = """
    Messages are claimed a few at a time in one synced transaction, handed to the relay one by \
    one, and each reply is recorded before the next, so several senders can share a batch and \
    none sends a message twice. A killed sender leaves at most the message it was handing over \
    "unknown" (reported, re-sent only with --resend-unknown); the rest of its claim goes back to \
    the queue. 4xx replies and dropped connections are retried with exponential backoff; 5xx \
    replies are permanent failures. Running a finished send again sends nothing. The relay \
    login comes from COHORT_SMTP_USER and COHORT_SMTP_PASSWORD, or from .cohort/smtp-credentials \
    (mode 0600). Exit codes: 0 all sent; 75 some wait for a retry; 1 some failed or are unknown.
    """
