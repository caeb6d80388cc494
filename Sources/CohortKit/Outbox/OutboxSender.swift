import CohortCore
internal import CohortDelivery
internal import CohortStore
import Foundation
import Logging

/// How a batch is sent.
public struct SendPolicy: Sendable {
    /// Attempts per message, counted across runs, before it stays `failed-temporary` (a requeue
    /// resets the count).
    public var maxAttempts: Int
    /// Messages per second at most; nil for as fast as the relay takes them.
    public var rate: Double?
    /// The first retry waits this long; each further one twice as long (plus up to 50% jitter).
    public var retryDelay: TimeInterval
    /// How long one run waits for retries before leaving them for the next run.
    public var maxWait: TimeInterval
    /// How many messages a sender claims at once (one synced commit for all of them). A crash of
    /// the process leaves at most the message being handed over `unknown`; a crash of the machine,
    /// at most this many.
    public var claimGroup: Int

    public init(
        maxAttempts: Int = 5, rate: Double? = nil, retryDelay: TimeInterval = 5, maxWait: TimeInterval = 600,
        claimGroup: Int = 32
    ) {
        self.maxAttempts = maxAttempts
        self.rate = rate
        self.retryDelay = retryDelay
        self.maxWait = maxWait
        self.claimGroup = claimGroup
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
}

/// Sends a batch from the outbox, never twice, whatever runs beside it or dies: it claims a few
/// messages at a time in one synced transaction (`sending`, with its claimant id), hands them to
/// the relay one by one and settles each (`sent` after the 250) before the next. A sender that
/// finds rows `sending` by a claimant that is gone knows only the first of them may have been
/// handed over: that one becomes `unknown`, the rest go back to `pending`.
public struct OutboxSender {
    let store: any RecordStore
    public let policy: SendPolicy
    /// The command's clock at the start; with the system clock, times recorded are this plus the
    /// time elapsed.
    public let start: Date
    /// A fixed clock (`--now`, `COHORT_NOW`): every time recorded is `start`, ordered by sequence,
    /// so the next command run with the same clock is not behind the records.
    public let fixed: Bool
    public var random: () -> Double = { Double.random(in: 0...1) }
    public var sleep: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }
    /// Called after each message with the number handled so far.
    public var progress: (Int) -> Void = { _ in }
    /// Recorded in the transaction that settles the run's first accepted message (the moment
    /// an announcement's mail went out).
    var firstDelivery: ((any RecordWriting) throws -> Void)?

    private let started = ContinuousClock.now

    init(store: any RecordStore, policy: SendPolicy, start: Date, fixed: Bool = false) {
        self.store = store
        self.policy = policy
        self.start = start
        self.fixed = fixed
    }

    /// Drains `batch` from the SQLite records at `database` through the SMTP relay at `relay`
    /// (plain SMTP, loopback), exactly as `announce send` drains a batch. For the mail benchmark,
    /// which queues its messages itself; Kit's API names no store or transport type.
    public static func drain(
        sqlite database: URL, batch: String, relay: URL, policy: SendPolicy, start: Date
    ) throws -> SendSummary {
        var quiet = Logger(label: "cohort.store")
        quiet.logLevel = .error
        let store = try RecordStoreLocation.sqlite(database).open(logger: quiet)
        let transport = try SMTPTransport(settings: SMTPSettings(url: relay, security: .none))
        return try OutboxSender(store: store, policy: policy, start: start)
            .drain(batch: batch, transport: transport, resendUnknown: false, summary: SendSummary())
    }

    func now() -> Date {
        if fixed { return start }
        let elapsed = ContinuousClock.now - started
        return start.addingTimeInterval(
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Drains `batch` through `transport`; `summary` comes in with what enqueueing found. Other
    /// senders may drain the same batch at the same time, in this process or others: each takes
    /// its own messages by claiming them.
    func drain(
        batch: String, transport: any MessageTransport, resendUnknown: Bool, summary: SendSummary
    ) throws -> SendSummary {
        var summary = summary
        let claimant = try store.claimant()
        let released = try store.write { records in
            try records.releaseAbandoned(batch: batch, isAlive: store.claimantIsAlive, at: now())
        }
        summary.interrupted = released.unknown
        if resendUnknown { _ = try store.write { try $0.resendUnknown(batch: batch, at: now()) } }
        var handled = 0
        var delivered = false
        var lastSend: ContinuousClock.Instant?
        // A rate-limited run takes one message at a time, so others can share the batch.
        let group = policy.rate == nil ? policy.claimGroup : 1
        while true {
            let moment = now()
            // Claimed durably, before anything is handed over: on disk even against a power failure,
            // and skipping what another sender (another process, another machine) holds.
            let claimed = try store.claim { records in
                try records.claim(
                    batch: batch, now: moment, maxAttempts: policy.maxAttempts, limit: group, claimant: claimant.id,
                    at: moment)
            }
            guard !claimed.isEmpty else {
                guard
                    let retry = try store.read({ try $0.earliestRetry(batch: batch, maxAttempts: policy.maxAttempts) }),
                    retry.timeIntervalSince(moment) <= policy.maxWait
                else { break }
                sleep(max(0.001, retry.timeIntervalSince(moment)))
                continue
            }
            var unsent = claimed.compactMap(\.id)
            do {
                for item in claimed {
                    guard let id = item.id else { continue }
                    if let rate = policy.rate, rate > 0, let lastSend {
                        let gap = 1 / rate - Self.seconds(ContinuousClock.now - lastSend)
                        if gap > 0 { sleep(gap) }
                    }
                    lastSend = ContinuousClock.now
                    unsent.removeFirst()
                    let outcome = transport.send(item.payload, from: item.sender, to: item.recipient)
                    if outcome.refusesLogin {
                        // The relay refused our login, not this message: it goes back to the queue,
                        // the refused attempt not counted, with the rest of the group (below), and
                        // the run stops, since every other message would be refused the same way.
                        try store.settle {
                            try $0.update(
                                id: id, state: .pending, attempts: max(0, item.attempts - 1), nextAttemptAt: nil,
                                lastReply: outcome.reply, at: now())
                        }
                        let counts = try store.read { try $0.outboxCounts(batch: batch) }
                        throw OutboxError.loginRefused(
                            reply: outcome.reply,
                            queued: counts[.pending, default: 0] + counts[.failedTemporary, default: 0] + unsent.count)
                    }
                    // Settled before the next hand-over, so a crash leaves at most this one in doubt.
                    try store.settle { records in
                        try settle(id: id, attempts: item.attempts, outcome: outcome, records: records)
                        if case .accepted = outcome, !delivered, let firstDelivery {
                            try firstDelivery(records)
                        }
                    }
                    if case .accepted = outcome { delivered = true }
                    if case .accepted = outcome { summary.sent += 1 }
                    handled += 1
                    progress(handled)
                }
            } catch {
                if !unsent.isEmpty { try? store.write { try $0.unclaim(ids: unsent, at: now()) } }
                throw error
            }
        }
        withExtendedLifetime(claimant) {}
        let counts = try store.read { try $0.outboxCounts(batch: batch) }
        summary.failedPermanent = counts[.failedPermanent, default: 0]
        summary.failedTemporary = counts[.failedTemporary, default: 0]
        summary.unknown = counts[.unknown, default: 0]
        return summary
    }

    /// Records what the relay said to one message.
    func settle(id: Int64, attempts: Int, outcome: DeliveryOutcome, records: any RecordWriting) throws {
        let at = now()
        switch outcome {
        case .accepted(let reply):
            try records.update(id: id, state: .sent, attempts: attempts, nextAttemptAt: nil, lastReply: reply, at: at)
        case .permanent(let reply):
            try records.update(
                id: id, state: .failedPermanent, attempts: attempts, nextAttemptAt: nil, lastReply: reply, at: at)
        case .temporary(let reply):
            let retry = at.addingTimeInterval(policy.backoff(afterAttempt: attempts, random: random()))
            try records.update(
                id: id, state: .failedTemporary, attempts: attempts, nextAttemptAt: retry, lastReply: reply, at: at)
        case .ambiguous(let reply):
            try records.update(
                id: id, state: .unknown, attempts: attempts, nextAttemptAt: nil, lastReply: reply, at: at)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

extension OutboxSender {
    /// Drains `batch` like `drain`, then records the run in the audit log under `subject`.
    func deliver(
        batch: String, transport: any MessageTransport, resendUnknown: Bool, summary: SendSummary,
        audit: AuditContext,
        subject: String, note: String = ""
    ) throws -> SendSummary {
        let result = try drain(batch: batch, transport: transport, resendUnknown: resendUnknown, summary: summary)
        try store.write {
            // Stamped with the run's clock at its end, or just after the latest decision when
            // another run, on a clock of its own, recorded one meanwhile.
            var stamp = audit
            stamp.now = max(now(), try $0.auditEntries(limit: 1).last?.at ?? .distantPast)
            try $0.append(
                stamp.entry(
                    action: "send", subject: subject,
                    reason:
                        "\(note)sent \(result.sent), failed permanently \(result.failedPermanent), to retry \(result.failedTemporary), unknown \(result.unknown), already sent \(result.skippedAlreadySent)"
                ))
        }
        return result
    }
}
