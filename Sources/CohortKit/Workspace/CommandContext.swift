import CohortCore
internal import CohortStore
import Foundation

/// The clock a command runs by: `--now`, else `COHORT_NOW`, else the system clock. Reports made
/// with the same clock are the same; tests never depend on the wall clock.
public struct CommandClock: Sendable, Equatable {
    /// Where the clock came from.
    public enum Source: String, Sendable, Equatable {
        case flag = "--now"
        case environment = "COHORT_NOW"
        case system = "the system clock"
        /// `--at`: when a decision happened, not the clock.
        case at = "--at"
    }

    public var now: Date
    public var source: Source

    public init(now: Date, source: Source) {
        self.now = now
        self.source = source
    }

    /// The clock from `--now` (`flag`), `COHORT_NOW`, or `system`; a value that is not an ISO
    /// 8601 instant is bad input naming where it came from.
    public static func resolve(flag: String?, environment: [String: String], system: Date = Date()) throws(ClockError)
        -> CommandClock
    {
        if let flag {
            guard let now = Instant.parse(flag) else { throw .notAnInstant(flag, source: .flag) }
            return CommandClock(now: now, source: .flag)
        }
        if let text = environment["COHORT_NOW"], !text.isEmpty {
            guard let now = Instant.parse(text) else { throw .notAnInstant(text, source: .environment) }
            return CommandClock(now: now, source: .environment)
        }
        return CommandClock(now: system, source: .system)
    }
}

/// A clock that cannot be used.
public enum ClockError: Error, LocalizedError, CategorizedError, Equatable {
    case notAnInstant(String, source: CommandClock.Source)
    /// `--at` later than the command's clock.
    case atAfterClock(Date, clock: CommandClock)

    public var errorDescription: String? {
        switch self {
        case .notAnInstant(let text, let source):
            "\(source.rawValue) \(Instant.problem(text, expected: "an ISO 8601 instant; write it like 2022-02-01T12:00:00Z or 2022-02-01T13:00:00+01:00"))"
        case .atAfterClock(let at, let clock):
            "--at \(Instant.format(at)) is after the clock (\(clock.source.rawValue), \(Instant.format(clock.now))); a decision is recorded when or after it happens; give an earlier --at or a later --now"
        }
    }

    public var kind: FailureKind { .badInput }
}

/// What every command hands to Kit: which workspace, which clock, who is deciding, and the
/// environment (credentials, `COHORT_ACTOR`), all passed in so Kit reads none of its own.
public struct CommandContext: Sendable {
    /// `--workspace DIR`, if given.
    public var workspace: String?
    public var clock: CommandClock
    public var environment: [String: String]
    /// Where relative paths (`--workspace`, CSV files) start from.
    public var currentDirectory: URL
    /// `--database-url`, if given: a PostgreSQL database holding the records.
    public var databaseURL: String?
    /// The command's unit of work: its records, opened once whichever use cases ask for them.
    public let unit: RecordsUnit

    public init(
        workspace: String?, clock: CommandClock, environment: [String: String], currentDirectory: URL,
        databaseURL: String? = nil, unit: RecordsUnit = RecordsUnit()
    ) {
        self.workspace = workspace
        self.clock = clock
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.databaseURL = databaseURL
        self.unit = unit
    }

    /// The command's clock.
    public var now: Date { clock.now }

    /// The workspace's program, read and validated, with recorded timeline shifts applied.
    public func session() throws -> ProgramSession {
        var session = try ProgramSession.open(workspace: workspace, from: currentDirectory, unit: unit)
        session.records = try session.workspace.records(
            program: session.program, databaseURL: databaseURL, environment: environment)
        return try session.applyingShifts()
    }

    /// Stamps for the audit entries `command` writes: when its decisions happened (`--at`, else
    /// the clock), when they are recorded (the clock), and `--by` or whoever runs it. A `--at`
    /// after the clock is bad input: a decision is recorded after it happens.
    public func audit(
        _ command: String, by explicit: String? = nil, at happened: String? = nil, configured: String? = nil
    ) throws(ClockError) -> AuditContext {
        var at = now
        if let happened {
            guard let instant = Instant.parse(happened) else { throw .notAnInstant(happened, source: .at) }
            guard instant <= now else { throw .atAfterClock(instant, clock: clock) }
            at = instant
        }
        var audit = AuditContext(
            now: at, actor: Actor.resolve(explicit: explicit, environment: environment, configured: configured),
            command: command,
            recordedAt: now)
        audit.fixedClock = clock.source != .system
        return audit
    }

    /// A note when the clock is earlier than the latest decision in the records: what is shown
    /// then includes decisions from after it. Nil when the records are empty or in order.
    public func clockNote(_ session: ProgramSession) -> String? {
        guard session.records.exists,
            let latest = try? session.openStore().read({ try $0.auditEntries(limit: 1).last }),
            latest.at > now
        else { return nil }
        return
            "note: the clock (\(clock.source.rawValue), \(Instant.format(now))) is before the latest recorded decision (\(Instant.format(latest.at)), \(latest.command)); the records shown include it"
    }
}
