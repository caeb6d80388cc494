import Foundation

/// Partner onboarding as the report shows it: the funnel for everyone, each partner for staff.
public struct PartnerSection: Sendable, Equatable {
    /// One partner organisation and where it stands: staff reports only.
    public struct Line: Sendable, Equatable {
        public var id: String
        public var name: String
        public var stage: String
        public var wave: String
        /// The names of its overdue checklist items.
        public var overdue: [String]
    }

    public var funnel: PartnerFunnel
    /// Each stage's name for people, in the order of `funnel.stages`.
    public var stageNames: [String]
    /// Staff reports only (empty otherwise), in the order partners were added.
    public var partners: [Line]

    init(_ progress: [PartnerProgress], rules: OnboardingRules, now: Date, staff: Bool) {
        funnel = PartnerFunnel.make(progress, rules: rules, now: now)
        stageNames = funnel.stages.map { stage in rules.stages.first { $0.id == stage.stage }?.name ?? stage.stage }
        partners =
            staff
            ? progress.map { partner in
                let overdue = Set(partner.overdue(at: now))
                return Line(
                    id: partner.partner.id, name: partner.partner.name,
                    stage: rules.stages.first { $0.id == partner.stage }?.name ?? partner.stage,
                    wave: partner.partner.wave, overdue: partner.items.filter { overdue.contains($0.id) }.map(\.name))
            } : []
    }
}

/// A release wave with its gates, as the report shows it. A public report names nobody: an
/// approval gate says only whether it holds, an NDA gate gives no figures, and no list of who
/// holds a gate back is kept.
public struct WaveLine: Sendable, Equatable {
    /// One gate: holds or not, and why.
    public struct GateLine: Sendable, Equatable {
        public var gate: String
        public var holds: Bool
        public var reason: String?
        /// Who or what holds it back (participants, partners): staff reports only.
        public var holdingBack: [String]
    }

    public var id: String
    public var name: String
    public var audience: String
    public var date: PlannedDate?
    public var previousDate: PlannedDate?
    public var status: WaveStatus
    public var openedAt: Date?
    public var gates: [GateLine]

    init(_ plan: WavePlan, declared: ReleaseWave?, staff: Bool) {
        id = plan.id
        name = plan.name
        audience = plan.audience
        date = plan.date
        previousDate = plan.previousDate
        status = plan.status
        openedAt = plan.openedAt
        let kinds = declared?.gates ?? []
        gates = plan.gates.enumerated().map { index, outcome in
            guard !staff else {
                return GateLine(
                    gate: outcome.gate, holds: outcome.holds, reason: outcome.reason, holdingBack: outcome.holdingBack)
            }
            switch index < kinds.count ? kinds[index] : nil {
            case .approval:
                return GateLine(
                    gate: "approval", holds: outcome.holds,
                    reason: outcome.holds ? "approved" : "not approved yet", holdingBack: [])
            case .ndaSigned:
                return GateLine(gate: outcome.gate, holds: outcome.holds, reason: nil, holdingBack: [])
            case .after, .notBefore, .onboarded:
                return GateLine(gate: outcome.gate, holds: outcome.holds, reason: outcome.reason, holdingBack: [])
            case nil:
                return GateLine(gate: "gate", holds: outcome.holds, reason: nil, holdingBack: [])
            }
        }
    }
}

/// The coded feedback as the report shows it: how far the judges agree, where items go, the
/// themes. Counts only; item ids per disposition for staff. No author is ever included.
public struct FeedbackSection: Sendable, Equatable {
    /// Items routed to one disposition.
    public struct DispositionCount: Sendable, Equatable {
        public var disposition: Disposition
        public var count: Int
        /// Staff reports only.
        public var items: [String]
    }

    public var items: Int
    /// Items both judges coded in their current round.
    public var codedByBoth: Int
    /// Items both judges put in the same category.
    public var agreed: Int
    public var codedByOne: Int
    public var uncoded: Int
    public var percentAgreement: Double?
    public var kappa: Double?
    public var kappaInterval: ClosedRange<Double>?
    public var strength: AgreementStrength?
    public var alpha: Double?
    /// Who the confusion matrix's rows and columns are: the judges' names for staff, "First
    /// judge" and "Second judge" in public.
    public var raters: [String]
    /// Rows: the first judge's category; columns: the second's; in `FeedbackCategory` order.
    public var confusion: [[Int]]
    public var dispositions: [DispositionCount]
    /// Items without a final category yet.
    public var pending: Int
    /// Themes by count, most common first; `share` is of all items.
    public var themes: [FeedbackReport.ThemeCount]
    public var unthemed: Int
    /// Every reliability figure: per-category and per-theme kappa, alpha's bootstrap interval,
    /// and what they leave out.
    public var reliability: FeedbackAgreement

    init(_ ledger: FeedbackLedger, program: Program, staff: Bool) {
        let agreement = FeedbackAgreement(ledger)
        reliability = agreement
        let report = FeedbackReport(ledger, staff: program.channels.meta?.staff ?? [])
        items = report.items
        codedByBoth = agreement.items
        agreed = agreement.agreed
        codedByOne = agreement.codedByOne
        uncoded = agreement.uncoded
        percentAgreement = agreement.percentAgreement
        kappa = agreement.kappa.kappa
        kappaInterval = agreement.kappa.confidenceInterval.map { $0.low...$0.high }
        strength = agreement.kappa.strength
        alpha = agreement.alpha
        let names = agreement.judges.map(\.name)
        raters = staff && names.count == 2 ? names : ["First judge", "Second judge"]
        confusion = agreement.confusion.counts
        dispositions = report.groups.map {
            DispositionCount(
                disposition: $0.disposition, count: $0.entries.count, items: staff ? $0.entries.map(\.id) : [])
        }
        pending = report.pending.count
        themes = report.themes
        unthemed = report.unthemed
    }
}

/// Where one announcement stands on each of its channels. Today Cohort knows which channels an
/// announcement renders to and what the outbox says of its mail; a fuller lifecycle (draft,
/// ready, sent, published, frozen) fills the same value in.
public struct AnnouncementStanding: Sendable, Equatable {
    /// One channel's state.
    public struct Channel: Sendable, Equatable {
        /// `meta`, `blog`, `mail` (or any channel a later lifecycle adds).
        public var channel: String
        /// A short word: `rendered`, `not rendered`, `not sent`, `sent`, `published`…
        public var state: String
        /// More in words (`2 of 2 lists`), if anything.
        public var detail: String?
        /// When it reached this state, if known.
        public var at: Date?
        /// Who moved it there: staff reports only.
        public var by: String?

        public init(channel: String, state: String, detail: String? = nil, at: Date? = nil, by: String? = nil) {
            self.channel = channel
            self.state = state
            self.detail = detail
            self.at = at
            self.by = by
        }
    }

    public var slug: String
    public var title: String
    /// Its date as its source writes it.
    public var date: String?
    public var channels: [Channel]

    public init(slug: String, title: String, date: String?, channels: [Channel]) {
        self.slug = slug
        self.title = title
        self.date = date
        self.channels = channels
    }

    /// The same standing without who did what.
    var forPublic: AnnouncementStanding {
        var copy = self
        copy.channels = channels.map { channel in
            var copy = channel
            copy.by = nil
            return copy
        }
        return copy
    }
}
