import Foundation

/// Who a status report is for. `public` carries no personal name, no address and no NDA detail:
/// what it leaves out never enters the value, so no format can leak it. `staff` carries the
/// details a team needs and is marked confidential.
public enum ReportAudience: String, Sendable, Equatable, Codable, CaseIterable {
    case staff
    case `public`
}

/// Everything the records and the program say, gathered by the caller in one read: what a status
/// report is made from. Personal data is in here; `StatusReport.make` decides what of it is shown.
public struct ReportFacts: Sendable {
    public var program: Program
    public var timeline: Timeline
    public var shifts: [TimelineShift]
    /// The pilot as the records hold it; nil when nobody has signed up.
    public var cohort: PilotCohort?
    public var sessions: [WorkshopSession]
    public var registrations: [Registration]
    public var partners: [PartnerProgress]
    public var releasePlan: ReleasePlan
    /// Nil when no feedback was imported.
    public var feedback: FeedbackLedger?
    public var announcements: [AnnouncementStanding]
    /// The talk page's questions as last read by a deciding command; nil before any reading.
    public var questions: TalkReading?

    public init(
        program: Program, timeline: Timeline, shifts: [TimelineShift] = [], cohort: PilotCohort? = nil,
        sessions: [WorkshopSession] = [], registrations: [Registration] = [], partners: [PartnerProgress] = [],
        releasePlan: ReleasePlan, feedback: FeedbackLedger? = nil, announcements: [AnnouncementStanding] = [],
        questions: TalkReading? = nil
    ) {
        self.questions = questions
        self.program = program
        self.timeline = timeline
        self.shifts = shifts
        self.cohort = cohort
        self.sessions = sessions
        self.registrations = registrations
        self.partners = partners
        self.releasePlan = releasePlan
        self.feedback = feedback
        self.announcements = announcements
    }
}

/// A status report: where the program stands at an instant, section by section, for one
/// audience. A plain value the HTML report and `cohort report --json` are both made from. A
/// section that has nothing to show is nil (or empty), and formats say so in words.
public struct StatusReport: Sendable, Equatable {
    public var program: String
    public var audience: ReportAudience
    /// The instant the report describes (`--now`).
    public var asOf: Date
    /// That instant's day in the program's home zone.
    public var today: CivilDate
    public var timeZone: String
    public var phase: ProgramStatus.PhaseLine?
    public var nextMilestones: [ProgramStatus.MilestoneLine]
    public var timeline: TimelineSection
    public var pilot: PilotSection?
    public var workshops: [WorkshopLine]
    public var partners: PartnerSection?
    public var waves: [WaveLine]
    public var feedback: FeedbackSection?
    public var announcements: [AnnouncementStanding]
    /// How many of the talk page's questions wait for staff, and how many are overdue, as of the
    /// last reading a deciding command recorded (`talk digest --send`); nil before any.
    public var questions: TalkReading?

    /// The report of `facts` at `now` for `audience`.
    public static func make(_ facts: ReportFacts, audience: ReportAudience, now: Date) -> StatusReport {
        let status = ProgramStatus(program: facts.program, now: now)
        let staff = audience == .staff
        return StatusReport(
            program: facts.program.name, audience: audience, asOf: now, today: status.today,
            timeZone: facts.program.timeZoneName, phase: status.phase, nextMilestones: status.nextMilestones,
            timeline: TimelineSection(facts.timeline, shifts: facts.shifts, staff: staff),
            pilot: facts.cohort.flatMap { $0.signups.isEmpty ? nil : PilotSection($0, now: now, staff: staff) },
            workshops: WorkshopLine.lines(facts.sessions, registrations: facts.registrations, now: now),
            partners: facts.partners.isEmpty
                ? nil : PartnerSection(facts.partners, rules: facts.program.onboarding, now: now, staff: staff),
            waves: facts.releasePlan.waves.map { plan in
                WaveLine(plan, declared: facts.program.waves.first { $0.id == plan.id }, staff: staff)
            },
            feedback: facts.feedback.flatMap {
                $0.items.isEmpty ? nil : FeedbackSection($0, program: facts.program, staff: staff)
            },
            announcements: facts.announcements.map { staff ? $0 : $0.forPublic }, questions: facts.questions)
    }
}

/// The timeline as the report draws it: every item with its dates, and the slips with reasons.
public struct TimelineSection: Sendable, Equatable {
    /// One recorded change of an item's date (or a wave's `previous_date`), with its reason.
    public struct Slip: Sendable, Equatable {
        public var id: String
        public var name: String
        public var kind: TimelineKind
        public var from: PlannedDate
        public var to: PlannedDate
        /// Nil when the earlier date comes from `cohort.yaml` rather than a recorded shift.
        public var reason: String?
        public var recordedAt: Date?
        /// Who recorded it: staff reports only.
        public var by: String?
    }

    public var timeline: Timeline
    /// Oldest first.
    public var slips: [Slip]

    /// The slips of `timeline`: its recorded `shifts`, or a `previous_date` from `cohort.yaml`;
    /// who recorded each only when `staff`.
    public init(_ timeline: Timeline, shifts: [TimelineShift], staff: Bool) {
        self.timeline = timeline
        var slips: [Slip] = []
        for item in timeline.items {
            guard let date = item.date else { continue }
            let recorded = shifts.filter { $0.item == item.id }
            if recorded.isEmpty, let previous = item.previousDate {
                slips.append(Slip(id: item.id, name: item.name, kind: item.kind, from: previous, to: date))
            }
            for shift in recorded {
                guard let from = shift.from else { continue }
                slips.append(
                    Slip(
                        id: item.id, name: item.name, kind: item.kind, from: from, to: shift.to, reason: shift.reason,
                        recordedAt: shift.at, by: staff ? shift.by : nil))
            }
        }
        self.slips = slips
    }

    /// The reasons an item's date moved, in the order they were recorded.
    public func slips(of id: String) -> [Slip] { slips.filter { $0.id == id } }
}

/// The pilot cohort: seats and the wait-list for everyone; who stands where and their NDA for staff.
public struct PilotSection: Sendable, Equatable {
    /// One person's standing: staff reports only.
    public struct Person: Sendable, Equatable {
        public var username: String
        public var standing: String
        public var nda: NDAStatus
        public var signedUpAt: Date
        public var offerExpires: Date?
        /// Why they cannot be selected; empty when eligible.
        public var ineligible: [IneligibilityReason]
        /// True when the standing is what time decided by the report's clock and no command has
        /// recorded yet (a lapsed offer, the seat it passed on).
        public var projected: Bool
    }

    public var capacity: Int
    public var enrolled: Int
    public var openOffers: Int
    public var waitlist: Int
    public var signups: Int
    /// How many sign-ups are in one NDA state.
    public struct NDACount: Sendable, Equatable {
        public var status: NDAStatus
        public var count: Int
    }

    /// Sign-ups per NDA state, in `NDAStatus` order: staff reports only (empty otherwise).
    public var nda: [NDACount]
    /// Staff reports only (empty otherwise), first come first served.
    public var people: [Person]
    /// How many decisions time made by the report's clock that no command has recorded yet.
    public var projectedDecisions: Int

    public var freeSeats: Int { max(0, capacity - enrolled - openOffers) }

    /// The cohort as it stands at `now`: offers whose deadline passed are shown lapsed and their
    /// seats passed on, as the next deciding command would record them (a report records nothing).
    init(_ recorded: PilotCohort, now: Date, staff: Bool) {
        let projection = recorded.projected(now: now)
        let cohort = projection.cohort
        let moved = Set(projection.decisions.map(\.username))
        projectedDecisions = projection.decisions.count
        capacity = cohort.capacity
        enrolled = cohort.enrolled.count
        openOffers = cohort.openOffers(at: now).count
        waitlist = cohort.waitlist.count
        signups = cohort.signups.count
        nda =
            staff
            ? NDAStatus.allCases.map { status in
                NDACount(status: status, count: cohort.signups.count { $0.nda == status })
            } : []
        people =
            staff
            ? cohort.signups.sorted(by: PilotCohort.inLine).map { signup in
                var expires: Date?
                if case .offered(let at) = signup.standing { expires = at }
                return Person(
                    username: signup.username, standing: signup.standing.name, nda: signup.nda,
                    signedUpAt: signup.signedUpAt, offerExpires: expires,
                    ineligible: Eligibility.reasons(signup, rules: cohort.rules),
                    projected: moved.contains(signup.username))
            } : []
    }
}

/// One workshop session: when, seats, and how many registered and came. No names.
public struct WorkshopLine: Sendable, Equatable, Encodable {
    public var id: String
    public var title: String
    public var start: Date
    public var duration: Int
    public var capacity: Int
    public var registered: Int
    public var attended: Int
    public var cancelled: Bool
    /// `scheduled`, `under way`, `held`, `not held` or `cancelled` at the report's clock.
    public var status: String

    /// The report's JSON (declared here: synthesis needs the type's own file): the duration in
    /// minutes, named as `workshop list --json` names it; `cancelled` is told by `status`.
    enum CodingKeys: String, CodingKey {
        case id, title, start, capacity, registered, attended, status
        case duration = "duration_minutes"
    }

    static func lines(_ sessions: [WorkshopSession], registrations: [Registration], now: Date) -> [WorkshopLine] {
        sessions.sorted { ($0.start, $0.id) < ($1.start, $1.id) }.map { session in
            // Those on a community session's wait-list hold no seat.
            let here = registrations.filter { $0.session == session.id && !$0.waitlisted }
            let attended = here.count(where: \.attended)
            return WorkshopLine(
                id: session.id, title: session.title, start: session.start, duration: session.duration,
                capacity: session.capacity, registered: here.count, attended: attended,
                cancelled: session.status == .cancelled, status: session.standing(at: now, attended: attended))
        }
    }
}
