import Foundation

/// Something recorded about a release wave: an approval, opening, pausing, resuming, an override.
public struct ReleaseEvent: Sendable, Equatable, Codable {
    /// What happened to a wave.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case approve, open, pause, resume, override
    }

    public var wave: String
    public var action: Action
    public var by: String
    public var at: Date
    public var reason: String

    public init(wave: String, action: Action, by: String, at: Date, reason: String = "") {
        self.wave = wave
        self.action = action
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// Whether one gate holds, and why not: the members holding the wave back, by name.
public struct GateOutcome: Sendable, Equatable, Encodable {
    /// How the gate is declared (`approval: Rosa Quintero`).
    public var gate: String
    public var holds: Bool
    /// Why it holds or fails, in words.
    public var reason: String
    /// Who holds it back (members without a signed NDA, partners not yet onboarded).
    public var holdingBack: [String]

    public init(gate: String, holds: Bool, reason: String, holdingBack: [String] = []) {
        self.gate = gate
        self.holds = holds
        self.reason = reason
        self.holdingBack = holdingBack
    }
}

/// Decides an `onboarded: STAGE` gate. The partner-onboarding capability conforms to this and is
/// passed to `ReleasePlan.make`; until it exists, `OnboardingNotAvailable` answers.
public protocol OnboardingGateEvaluator: Sendable {
    /// Whether every partner of `wave` has reached `stage`.
    func evaluate(stage: String, wave: ReleaseWave) -> GateOutcome
}

/// The onboarding evaluator until partner records exist: the gate blocks, and says why.
public struct OnboardingNotAvailable: OnboardingGateEvaluator {
    public init() {}

    public func evaluate(stage: String, wave: ReleaseWave) -> GateOutcome {
        GateOutcome(
            gate: "onboarded: \(stage)", holds: false,
            reason: "onboarding records not available; partners cannot be shown to have reached \"\(stage)\"")
    }
}

/// What a release wave's gates are judged on: the clock, the recorded events, the pilot's members.
public struct ReleaseFacts: Sendable {
    public var now: Date
    public var events: [ReleaseEvent]
    /// Enrolled pilot members and whether each signed the NDA.
    public var members: [(username: String, ndaSigned: Bool)]
    public var onboarding: any OnboardingGateEvaluator

    public init(
        now: Date, events: [ReleaseEvent], members: [(username: String, ndaSigned: Bool)],
        onboarding: any OnboardingGateEvaluator = OnboardingNotAvailable()
    ) {
        self.now = now
        self.events = events
        self.members = members
        self.onboarding = onboarding
    }
}

/// Where a wave stands.
public enum WaveStatus: String, Sendable, Encodable {
    /// Opened and not paused.
    case open
    case paused
    /// Every gate holds; it can be opened.
    case ready
    /// At least one gate fails.
    case blocked
}

/// One wave in the plan: its date, status and what blocks it.
public struct WavePlan: Sendable, Equatable, Encodable {
    public var id: String
    public var name: String
    public var audience: String
    public var date: PlannedDate?
    public var previousDate: PlannedDate?
    public var status: WaveStatus
    public var gates: [GateOutcome]
    /// When it opened, if it did.
    public var openedAt: Date?
    /// Gates overridden when it was opened, with the reason.
    public var overrides: [ReleaseEvent]
    /// Until it opens: the first day its gates allow (today at the soonest; a wave it waits for
    /// and that has not opened counts from its own plan, or today if that has passed).
    public var earliest: CivilDate?

    /// False when the wave has not opened and its gates allow no day of its planned date.
    public var dateHolds: Bool {
        guard let date, let earliest else { return true }
        return earliest <= date.last
    }

    /// The gates that fail, as declared.
    public var blockedBy: [String] { gates.filter { !$0.holds }.map(\.gate) }

    enum CodingKeys: String, CodingKey {
        case id, name, audience, date, precision, spelled, status, gates, previousDate, blockedBy, openedAt, earliest,
            dateHolds
    }

    /// By hand: `date` spread over date, precision and spelled; blocked_by and date_holds added; `null` when unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(audience, forKey: .audience)
        try container.encode(date?.isoFirstDay, forKey: .date)
        try container.encode(date?.precision.rawValue, forKey: .precision)
        try container.encode(date?.spelledOut, forKey: .spelled)
        try container.encode(previousDate?.description, forKey: .previousDate)
        try container.encode(status, forKey: .status)
        try container.encode(blockedBy, forKey: .blockedBy)
        try container.encode(gates, forKey: .gates)
        try container.encode(openedAt.map(Instant.format), forKey: .openedAt)
        try container.encode(earliest?.description, forKey: .earliest)
        try container.encode(dateHolds, forKey: .dateHolds)
    }
}

/// The release plan: every wave with its gates judged at `facts.now`.
public struct ReleasePlan: Sendable, Equatable, Encodable {
    public var waves: [WavePlan]

    public subscript(id: String) -> WavePlan? { waves.first { $0.id == id } }

    /// The first wave that is not open yet, in plan order.
    public var next: WavePlan? { waves.first { $0.status != .open && $0.openedAt == nil } }

    /// Judges every gate of every wave of `program` (whose dates already include recorded shifts).
    public static func make(_ program: Program, facts: ReleaseFacts) -> ReleasePlan {
        let today = CivilDate(facts.now, in: program.timeZone)
        var opened: [String: Date] = [:]
        var paused: Set<String> = []
        for event in facts.events {
            switch event.action {
            case .open: opened[event.wave] = opened[event.wave] ?? event.at
            case .pause: paused.insert(event.wave)
            case .resume: paused.remove(event.wave)
            case .approve, .override: break
            }
        }
        var earliestByWave: [String: CivilDate] = [:]
        let waves = program.waves.map { wave -> WavePlan in
            let gates = wave.gates.map { gate -> GateOutcome in
                judge(gate, wave: wave, today: today, opened: opened, facts: facts, zone: program.timeZone)
            }
            let status: WaveStatus =
                if opened[wave.id] != nil {
                    paused.contains(wave.id) ? .paused : .open
                } else if gates.allSatisfy(
                    \.holds)
                { .ready } else { .blocked }
            let soonest = earliest(
                wave, program: program, today: today, opened: opened, known: earliestByWave, zone: program.timeZone)
            earliestByWave[wave.id] = soonest
            return WavePlan(
                id: wave.id, name: wave.name, audience: wave.audience, date: wave.date, previousDate: wave.previousDate,
                status: status, gates: gates, openedAt: opened[wave.id],
                overrides: facts.events.filter { $0.wave == wave.id && $0.action == .override },
                earliest: opened[wave.id] == nil ? soonest : nil)
        }
        return ReleasePlan(waves: waves)
    }

    /// The first day `wave`'s date gates allow: today at the soonest, a `not_before` date, and
    /// a lag after the wave it waits for opened (or, not opened yet, after the latest of its
    /// planned start, the earliest its own gates allow (`known`) and today).
    static func earliest(
        _ wave: ReleaseWave, program: Program, today: CivilDate, opened: [String: Date],
        known: [String: CivilDate], zone: TimeZone
    ) -> CivilDate {
        var earliest = today
        for gate in wave.gates {
            switch gate {
            case .notBefore(let date): earliest = max(earliest, date.first)
            case .after(let other, let lag):
                let start =
                    opened[other].map { CivilDate($0, in: zone) }
                    ?? max(today, program.waves.first { $0.id == other }?.date?.first ?? today, known[other] ?? today)
                earliest = max(earliest, start.adding(days: lag.days))
            default: break
            }
        }
        return earliest
    }

    static func judge(
        _ gate: Gate, wave: ReleaseWave, today: CivilDate, opened: [String: Date], facts: ReleaseFacts, zone: TimeZone
    ) -> GateOutcome {
        switch gate {
        case .notBefore(let date):
            let label = "not_before: \(date)"
            return today >= date.first
                ? GateOutcome(gate: label, holds: true, reason: "\(date.spelledOut) has begun")
                : GateOutcome(
                    gate: label, holds: false,
                    reason: "not before \(date.spelledOut); \(today.days(until: date.first)) days to go")
        case .after(let other, let lag):
            let label = "after: \(other) + \(lag)"
            guard let at = opened[other] else {
                return GateOutcome(gate: label, holds: false, reason: "wave \"\(other)\" has not opened")
            }
            let allowed = CivilDate(at, in: zone).adding(days: lag.days)
            return today >= allowed
                ? GateOutcome(gate: label, holds: true, reason: "\"\(other)\" opened \(lag) or more ago")
                : GateOutcome(
                    gate: label, holds: false, reason: "\"\(other)\" opened; waits until \(allowed) (\(lag) after it)")
        case .ndaSigned:
            let label = "nda: signed"
            guard !facts.members.isEmpty else {
                return GateOutcome(gate: label, holds: false, reason: "no enrolled members yet")
            }
            let unsigned = facts.members.filter { !$0.ndaSigned }.map(\.username)
            return unsigned.isEmpty
                ? GateOutcome(gate: label, holds: true, reason: "all \(facts.members.count) members signed the NDA")
                : GateOutcome(
                    gate: label, holds: false,
                    reason: "\(unsigned.count) of \(facts.members.count) members have not signed the NDA",
                    holdingBack: unsigned)
        case .onboarded(let stage):
            return facts.onboarding.evaluate(stage: stage, wave: wave)
        case .approval(let name):
            let label = "approval: \(name)"
            if let approval = facts.events.last(where: {
                $0.wave == wave.id && $0.action == .approve && $0.by.caseInsensitiveCompare(name) == .orderedSame
            }) {
                return GateOutcome(
                    gate: label, holds: true, reason: "approved by \(approval.by) at \(Instant.format(approval.at))")
            }
            return GateOutcome(
                gate: label, holds: false, reason: "no approval recorded by \(name)")
        }
    }
}

/// Why a release command refused; nothing was recorded.
public enum ReleaseError: Error, LocalizedError, CategorizedError, Equatable {
    case unknownWave(String, known: [String])
    case gatesFail(wave: String, blockedBy: [String])
    case notApprover(wave: String, name: String, approvers: [String])
    case alreadyOpen(String)
    case notOpen(String)
    case notPaused(String)
    case overrideNeedsReason
    /// The reason names something private (`what`, `shown`, at character `offset` + 1), and
    /// the wave's notice would tell it to its whole audience.
    case privateInReason(wave: String, what: String, shown: String, offset: Int)

    public var errorDescription: String? {
        switch self {
        case .unknownWave(let wave, let known):
            "unknown wave \"\(wave)\"\(Suggestion.didYouMean(wave, in: known)); waves: \(known.joined(separator: ", "))"
        case .gatesFail(let wave, let blockedBy):
            "wave \"\(wave)\" is blocked by \(blockedBy.joined(separator: "; ")); see `cohort release explain \(wave)`, or open it with --override --reason TEXT"
        case .notApprover(let wave, let name, let approvers):
            approvers.isEmpty
                ? "wave \"\(wave)\" has no approval gate; nothing for \(name) to approve"
                : "wave \"\(wave)\" waits for approval by \(approvers.joined(separator: " or ")), not \(name)"
        case .alreadyOpen(let wave): "wave \"\(wave)\" is already open"
        case .notOpen(let wave): "wave \"\(wave)\" is not open; there is nothing to pause"
        case .notPaused(let wave): "wave \"\(wave)\" is not paused; there is nothing to resume"
        case .overrideNeedsReason: "--override needs --reason TEXT saying why the gates are overridden"
        case .privateInReason(let wave, let what, let shown, let offset):
            "--reason names \(what) (\"\(shown)\") at character \(offset + 1); the notice of wave \"\(wave)\" tells the reason to everyone it goes to: leave it out"
        }
    }

    public var kind: FailureKind { .badInput }
}
