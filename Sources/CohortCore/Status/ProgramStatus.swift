import Foundation

/// Where the program stands at an instant: the phase it is in, what comes next, how the release
/// waves are planned. Computed from the program alone; records add their own lines.
public struct ProgramStatus: Sendable, Equatable, Encodable {
    /// Where a dated item stands relative to today.
    public enum Timing: String, Sendable, Encodable {
        case past, current, upcoming
    }

    /// A phase and where it stands.
    public struct PhaseLine: Sendable, Equatable, Encodable {
        public var id: String
        public var name: String
        public var dates: DateLine
        public var timing: Timing
    }

    /// An upcoming (or current) milestone and the days until its first possible day.
    public struct MilestoneLine: Sendable, Equatable, Encodable {
        public var id: String
        public var name: String
        public var date: DateLine
        public var daysLeft: Int
        public var timing: Timing
    }

    /// A release wave and its planned date.
    public struct WaveLine: Sendable, Equatable, Encodable {
        public var id: String
        public var name: String
        public var audience: String
        public var date: DateLine?
    }

    public var program: String
    public var slug: String
    public var now: Date
    public var timeZone: String
    /// Today in the program's home zone.
    public var today: CivilDate
    /// The phase today falls in, if any (the first, should phases overlap).
    public var phase: PhaseLine?
    public var phases: [PhaseLine]
    public var nextMilestones: [MilestoneLine]
    /// Milestones whose date has passed with no completion recorded (`cohort timeline done`).
    public var overdueMilestones: [OverdueMilestone]
    public var waves: [WaveLine]
    /// What the records hold, when a store was read.
    public var records: RecordSummary?

    enum CodingKeys: String, CodingKey {
        case program, slug, now, today, phase, phases, waves, records, timeZone, nextMilestones, overdueMilestones
    }

    /// How many upcoming milestones a status shows.
    public static let milestoneCount = 3

    /// The status of `program` at `now`; `completed` names the milestones recorded as reached.
    public init(program: Program, now: Date, records: RecordSummary? = nil, completed: Set<String> = []) {
        self.records = records
        self.program = program.name
        self.slug = program.slug
        self.now = now
        self.timeZone = program.timeZoneName
        let today = CivilDate(now, in: program.timeZone)
        self.today = today
        func timing(_ date: PlannedDate) -> Timing {
            date.last < today ? .past : (date.first > today ? .upcoming : .current)
        }
        phases = program.phases.map {
            PhaseLine(id: $0.id, name: $0.name, dates: DateLine($0.dates), timing: timing($0.dates))
        }
        phase = phases.first { $0.timing == .current }
        nextMilestones =
            program.milestones
            .filter { $0.date.last >= today && !completed.contains($0.id) }
            .sorted { ($0.date.first, $0.date.last, $0.id) < ($1.date.first, $1.date.last, $1.id) }
            .prefix(Self.milestoneCount)
            .map {
                MilestoneLine(
                    id: $0.id, name: $0.name, date: DateLine($0.date),
                    daysLeft: max(0, today.days(until: $0.date.first)),
                    timing: timing($0.date))
            }
        overdueMilestones = OverdueMilestone.find(program, completed: completed, today: today)
        waves = program.waves.map {
            WaveLine(id: $0.id, name: $0.name, audience: $0.audience, date: $0.date.map(DateLine.init))
        }
    }

    /// By hand for one key: `phase` is always there, `null` between phases; synthesis would leave it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(program, forKey: .program)
        try container.encode(slug, forKey: .slug)
        try container.encode(Instant.format(now), forKey: .now)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(today, forKey: .today)
        try container.encode(phase, forKey: .phase)
        try container.encode(phases, forKey: .phases)
        try container.encode(nextMilestones, forKey: .nextMilestones)
        try container.encode(overdueMilestones, forKey: .overdueMilestones)
        try container.encode(waves, forKey: .waves)
        try container.encodeIfPresent(records, forKey: .records)
    }
}

/// A planned date as reports show it: its canonical text, its precision, its first and last day,
/// and its words.
public struct DateLine: Sendable, Equatable, Encodable {
    public var date: String
    public var precision: DatePrecision
    public var first: CivilDate
    public var last: CivilDate
    public var text: String

    public init(_ date: PlannedDate) {
        self.date = date.description
        precision = date.precision
        first = date.first
        last = date.last
        text = date.spelledOut
    }
}

/// Counts of what the records hold; each capability adds its own.
public struct RecordSummary: Sendable, Equatable, Encodable {
    public var auditEntries: Int
    /// The pilot cohort's fill, once anyone has signed up.
    public var pilot: PilotFill?
    /// The next scheduled workshop session, if any.
    public var nextWorkshop: NextWorkshop?
    /// The partner funnel (partners per stage, overdue counts), once any partner is recorded.
    public var partners: PartnerFunnel?
    /// The next release wave not yet opened: its date, status and what blocks it.
    public var nextWave: WavePlan?
    /// Which store holds the records: `SQLite .cohort/state.sqlite`, `PostgreSQL user@host:port/db (from …)`.
    public var store: String?
    /// `sqlite` or `postgres`.
    public var backend: String?
    /// The talk page's questions as last read by a deciding command (`talk digest --send`):
    /// counts as of that reading, never read from the wiki by the view itself.
    public var questions: TalkReading?

    public init(
        auditEntries: Int, pilot: PilotFill? = nil, nextWorkshop: NextWorkshop? = nil, partners: PartnerFunnel? = nil
    ) {
        self.auditEntries = auditEntries
        self.pilot = pilot
        self.nextWorkshop = nextWorkshop
        self.partners = partners
    }
}

/// How full the pilot cohort is.
public struct PilotFill: Sendable, Equatable, Encodable {
    public var enrolled: Int
    public var capacity: Int
    public var waitlist: Int
    /// Offers of a freed seat not yet answered and not expired.
    public var openOffers: Int

    public init(_ cohort: PilotCohort, now: Date) {
        enrolled = cohort.enrolled.count
        capacity = cohort.capacity
        waitlist = cohort.waitlist.count
        openOffers = cohort.openOffers(at: now).count
    }
}

/// The next workshop session: what, when, and how many registered.
public struct NextWorkshop: Sendable, Equatable, Encodable {
    public var id: String
    public var title: String
    public var start: Date
    public var registered: Int
    public var capacity: Int

    public init(_ session: WorkshopSession, registered: Int) {
        id = session.id
        title = session.title
        start = session.start
        self.registered = registered
        capacity = session.capacity
    }
}
