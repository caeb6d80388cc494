import CohortCore
import CohortDelivery
import CohortStore
import Foundation

/// How a batch is sent.
public struct SendPolicy: Sendable {
    /// Attempts per message before it stays `failed-temporary`.
    public var maxAttempts: Int
    /// Messages per second at most; nil for as fast as the relay takes them.
    public var rate: Double?
    /// The first retry waits this long; each further one twice as long (plus up to 50% jitter).
    public var retryDelay: TimeInterval
    /// How long one run waits for retries before leaving them for the next run.
    public var maxWait: TimeInterval

    public init(maxAttempts: Int = 5, rate: Double? = nil, retryDelay: TimeInterval = 5, maxWait: TimeInterval = 600) {
        self.maxAttempts = maxAttempts
        self.rate = rate
        self.retryDelay = retryDelay
        self.maxWait = maxWait
    }

    /// The wait before attempt `attempts + 1`, with jitter from `random` (0…1).
    func backoff(afterAttempt attempts: Int, random: Double) -> TimeInterval {
        let base = retryDelay * pow(2, Double(max(0, attempts - 1)))
        return min(base * (1 + 0.5 * random), maxWait)
    }
}

/// What one run of the outbox did (`announce send --json`).
public struct SendSummary: Sendable, Equatable, Encodable {
    public var sent = 0
    public var failedPermanent = 0
    public var failedTemporary = 0
    public var unknown = 0
    public var skippedAlreadySent = 0
    /// Rows found `sending` from a run that died, now reported `unknown`.
    public var interrupted = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sent, unknown, interrupted
        case failedPermanent = "failed_permanent"
        case failedTemporary = "failed_temporary"
        case skippedAlreadySent = "skipped_already_sent"
    }
}

/// Sends a batch from the outbox: one message at a time, each marked `sending` in its own
/// committed transaction before it is handed to the relay and `sent` right after the 250, so a
/// crash can leave a message `unknown` but never send it twice.
public struct OutboxSender {
    public let store: any RecordStore
    public let policy: SendPolicy
    /// The command's clock at the start (`--now`); times recorded are this plus the time elapsed.
    public let start: Date
    public var random: () -> Double = { Double.random(in: 0...1) }
    public var sleep: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }
    /// Called after each message with the number handled so far.
    public var progress: (Int) -> Void = { _ in }

    private let started = ContinuousClock.now

    public init(store: any RecordStore, policy: SendPolicy, start: Date) {
        self.store = store
        self.policy = policy
        self.start = start
    }

    func now() -> Date {
        let elapsed = ContinuousClock.now - started
        return start.addingTimeInterval(
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Drains `batch` through `transport`; `summary` comes in with what enqueueing found.
    public func drain(batch: String, transport: SMTPTransport, resendUnknown: Bool, summary: SendSummary) throws
        -> SendSummary
    {
        var summary = summary
        summary.interrupted = try store.write { try $0.markInterruptedAsUnknown(batch: batch, at: now()) }
        if resendUnknown { _ = try store.write { try $0.resendUnknown(batch: batch, at: now()) } }
        var handled = 0
        var lastSend: ContinuousClock.Instant?
        var contended = 0
        while true {
            let moment = now()
            if let rate = policy.rate, rate > 0, let lastSend {
                let gap =
                    1 / rate
                    - (Double((ContinuousClock.now - lastSend).components.attoseconds) / 1e18
                        + Double((ContinuousClock.now - lastSend).components.seconds))
                if gap > 0 { sleep(gap) }
            }
            // Taken and marked `sending` in one committed step, on disk before the hand-over even
            // against a power failure: no other sender (another process, another machine) takes it
            // too, and a message that might have gone out never looks unsent afterwards.
            guard
                let item = try store.claim({
                    try $0.claimNext(batch: batch, now: moment, maxAttempts: policy.maxAttempts, at: now())
                })
            else {
                // A message still due is being taken by another sender right now: look again.
                if contended < 1_000,
                    try store.read({ try $0.nextDue(batch: batch, now: moment, maxAttempts: policy.maxAttempts) })
                        != nil
                {
                    contended += 1
                    sleep(0.005)
                    continue
                }
                guard
                    let retry = try store.read({ try $0.earliestRetry(batch: batch, maxAttempts: policy.maxAttempts) }),
                    retry.timeIntervalSince(moment) <= policy.maxWait
                else { break }
                sleep(max(0.001, retry.timeIntervalSince(moment)))
                continue
            }
            guard let id = item.id else { continue }
            let attempts = item.attempts
            lastSend = ContinuousClock.now
            let outcome = transport.send(item.payload, from: item.sender, to: item.recipient)
            let at = now()
            if outcome.refusesLogin {
                // The relay refused our login, not this message: it goes back to the queue, the
                // refused attempt not counted, and the run stops, since every other message would
                // be refused the same way.
                try store.claim {
                    try $0.update(
                        id: id, state: .pending, attempts: max(0, attempts - 1), nextAttemptAt: nil,
                        lastReply: outcome.reply, at: at)
                }
                let counts = try store.read { try $0.outboxCounts(batch: batch) }
                throw OutboxError.loginRefused(
                    reply: outcome.reply, queued: counts[.pending, default: 0] + counts[.failedTemporary, default: 0])
            }
            try store.claim { records in
                switch outcome {
                case .accepted(let reply):
                    try records.update(
                        id: id, state: .sent, attempts: attempts, nextAttemptAt: nil, lastReply: reply, at: at)
                case .permanent(let reply):
                    try records.update(
                        id: id, state: .failedPermanent, attempts: attempts, nextAttemptAt: nil, lastReply: reply,
                        at: at)
                case .temporary(let reply):
                    let retry = at.addingTimeInterval(policy.backoff(afterAttempt: attempts, random: random()))
                    try records.update(
                        id: id, state: .failedTemporary, attempts: attempts, nextAttemptAt: retry, lastReply: reply,
                        at: at)
                case .ambiguous(let reply):
                    try records.update(
                        id: id, state: .unknown, attempts: attempts, nextAttemptAt: nil, lastReply: reply, at: at)
                }
            }
            if case .accepted = outcome { summary.sent += 1 }
            handled += 1
            progress(handled)
        }
        let counts = try store.read { try $0.outboxCounts(batch: batch) }
        summary.failedPermanent = counts[.failedPermanent, default: 0]
        summary.failedTemporary = counts[.failedTemporary, default: 0]
        summary.unknown = counts[.unknown, default: 0]
        return summary
    }
}

extension OutboxSender {
    /// Drains `batch` like `drain`, then records the run in the audit log under `subject`.
    public func deliver(
        batch: String, transport: SMTPTransport, resendUnknown: Bool, summary: SendSummary, audit: AuditContext,
        subject: String, note: String = ""
    ) throws -> SendSummary {
        let result = try drain(batch: batch, transport: transport, resendUnknown: resendUnknown, summary: summary)
        try store.write {
            try $0.append(
                audit.entry(
                    action: "send", subject: subject,
                    reason:
                        "\(note)sent \(result.sent), failed permanently \(result.failedPermanent), to retry \(result.failedTemporary), unknown \(result.unknown), already sent \(result.skippedAlreadySent)"
                ))
        }
        return result
    }
}
