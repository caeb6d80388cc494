import Foundation

/// The program a workspace runs, as `cohort.yaml` declares it: who runs it, its timeline,
/// its pilot rules, its release waves, its channels and its judges.
public struct Program: Sendable, Equatable {
    /// The only `cohort.yaml` version this build reads.
    public static let supportedVersion = 1

    public var name: String
    /// A short id for file names and URLs (`equity-landscape-2022`).
    public var slug: String
    /// The zone in which the program's dates are meant (e.g. a phase that ends "in April").
    public var timeZone: TimeZone
    /// The zone's IANA name as written (Foundation may report `UTC` as `GMT`).
    public var timeZoneName: String
    public var contact: Person
    public var phases: [Phase]
    public var milestones: [Milestone]
    public var pilot: PilotRules
    public var waves: [ReleaseWave]
    public var channels: Channels
    public var judges: [Judge]
    /// How partners are onboarded: stages, checklists with due offsets, the reminder interval.
    public var onboarding: OnboardingRules
    /// `records:`: a PostgreSQL database the team shares, instead of the workspace's SQLite file.
    public var records: RecordsSetting?
    /// How many people other than the one acting must approve before something goes out (`approvals:`).
    public var approvals = ApprovalRules()
    /// `program.default_actor`: who decides when neither `--by` nor `COHORT_ACTOR` says.
    public var defaultActor: String?
    /// `release.updates_list`: the id of the mailing list (one of `channels.mail.lists`) told when
    /// the public wave opens, pauses or resumes.
    public var updatesList: String?

    /// The mailing list `release.updates_list` names, if any.
    public var updatesMailingList: MailingList? {
        guard let updatesList else { return nil }
        return channels.mail?.lists.first { $0.id == updatesList }
    }

    public init(
        name: String, slug: String, timeZone: TimeZone, timeZoneName: String? = nil, contact: Person,
        phases: [Phase] = [],
        milestones: [Milestone] = [], pilot: PilotRules = PilotRules(), waves: [ReleaseWave] = [],
        channels: Channels = Channels(), judges: [Judge] = [], onboarding: OnboardingRules = OnboardingRules()
    ) {
        self.name = name
        self.slug = slug
        self.timeZone = timeZone
        self.timeZoneName = timeZoneName ?? timeZone.identifier
        self.contact = contact
        self.phases = phases
        self.milestones = milestones
        self.pilot = pilot
        self.waves = waves
        self.channels = channels
        self.judges = judges
        self.onboarding = onboarding
    }
}

/// Where `cohort.yaml` says the records live: a PostgreSQL URL (never with a password in it) and,
/// optionally, a file holding the password, readable by its owner alone.
public struct RecordsSetting: Sendable, Equatable {
    public var url: String
    /// Relative to the workspace.
    public var passwordFile: String?
    /// Where `url` is written, for errors found when it is checked.
    public var location: SourceLocation

    public init(url: String, passwordFile: String? = nil, location: SourceLocation) {
        self.url = url
        self.passwordFile = passwordFile
        self.location = location
    }
}

/// A named person with a mail address (a team contact, a sender).
public struct Person: Sendable, Equatable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// A stretch of the timeline (`input`, `analysis`, `outcome`), at the precision it was planned.
public struct Phase: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var dates: PlannedDate
    /// When the phase starts relative to another item (`after: {id, lag}`); `dates` is then computed.
    public var after: Dependency?
    /// How long a relative phase lasts.
    public var duration: Lag?
    /// The date the phase must end by, if any; slack is measured against it.
    public var deadline: PlannedDate?
    /// Every date it had before recorded shifts moved it, oldest first.
    public var history: [DateChange] = []
    /// Where the phase is declared, for errors that later checks find.
    public var location: SourceLocation?

    public init(
        id: String, name: String, dates: PlannedDate, after: Dependency? = nil, duration: Lag? = nil,
        deadline: PlannedDate? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.dates = dates
        self.after = after
        self.duration = duration
        self.deadline = deadline
        self.location = location
    }
}

/// A dated point on the timeline, possibly a window at coarse precision (`2022-05/2022-06`).
public struct Milestone: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var date: PlannedDate
    /// The phase the milestone belongs to, if any.
    public var phase: String?
    /// When the milestone falls relative to another item (`after: {id, lag}`); `date` is then computed.
    public var after: Dependency?
    /// The date the milestone must be reached by, if any.
    public var deadline: PlannedDate?
    /// Every date it had before recorded shifts moved it, oldest first.
    public var history: [DateChange] = []
    public var location: SourceLocation?

    public init(
        id: String, name: String, date: PlannedDate, phase: String? = nil, after: Dependency? = nil,
        deadline: PlannedDate? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.date = date
        self.phase = phase
        self.after = after
        self.deadline = deadline
        self.location = location
    }
}

/// How the pilot cohort is chosen: its size, whether an NDA is required, how long an offer stands.
public struct PilotRules: Sendable, Equatable {
    public var capacity: Int
    public var ndaRequired: Bool
    public var offerHours: Int
    /// `pilot.public_session_links`: whether the meeting links of the pilot's sessions may appear
    /// in public calendars and reports. Off by default: sessions under an NDA share their link only
    /// in the personal invitations.
    public var publicSessionLinks: Bool
    /// `pilot.signup`: where people sign up on the talk page, and the template that carries their
    /// answers; nil when the program takes sign-ups from a CSV only.
    public var signup: TalkSignupRules?

    public init(
        capacity: Int = 10, ndaRequired: Bool = true, offerHours: Int = 48, publicSessionLinks: Bool = false,
        signup: TalkSignupRules? = nil
    ) {
        self.capacity = capacity
        self.ndaRequired = ndaRequired
        self.offerHours = offerHours
        self.publicSessionLinks = publicSessionLinks
        self.signup = signup
    }

    /// True when a session's meeting link may be published: the pilot needs no NDA, or the
    /// program says its links are public.
    public var sessionLinksArePublic: Bool { !ndaRequired || publicSessionLinks }
}

/// `pilot.signup`: the talk page's sign-up section and, when the program has one, the sign-up
/// template whose parameters carry each person's answers.
public struct TalkSignupRules: Sendable, Equatable {
    /// `pilot.signup.section`: the heading people sign up under (compared without case; its
    /// subsections count too).
    public var section: String
    /// `pilot.signup.template`: the template's name, without `Template:`.
    public var template: String?
    /// `pilot.signup.fields`: Cohort's field (a sign-ups CSV column) → the template's parameter.
    public var fields: [String: String]

    /// The fields a template may carry: the sign-ups CSV's columns that a person answers.
    public static let fieldNames = ["use_case", "use_case_applicable", "available", "nda", "time_zone", "languages"]

    public init(section: String, template: String? = nil, fields: [String: String] = [:]) {
        self.section = section
        self.template = template
        self.fields = fields
    }
}

/// One step of a staggered release (the NDA pilot, partners, the public) and the gates it waits on.
public struct ReleaseWave: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    /// Who gets access in this wave, in words.
    public var audience: String
    /// When the wave is planned, at its precision.
    public var date: PlannedDate?
    /// When it was planned before it last slipped, so reports and notices can name the old date.
    public var previousDate: PlannedDate?
    /// Every date it had before, oldest first (a `previous_date` in `cohort.yaml`, then each
    /// recorded slip).
    public var history: [DateChange]
    public var gates: [Gate]
    /// The date the wave must open by, if any.
    public var deadline: PlannedDate?
    public var location: SourceLocation?

    public init(
        id: String, name: String, audience: String, date: PlannedDate? = nil, previousDate: PlannedDate? = nil,
        gates: [Gate] = [], location: SourceLocation? = nil
    ) {
        self.previousDate = previousDate
        self.history = previousDate.map { [DateChange(date: $0, changedAt: nil, reason: "")] } ?? []
        self.id = id
        self.name = name
        self.audience = audience
        self.date = date
        self.gates = gates
        self.location = location
    }
}

/// A relative date: `lag` after the item `id` (a phase, milestone or wave) ends.
public struct Dependency: Sendable, Equatable {
    public var id: String
    public var lag: Lag
    /// Where the reference is written, for unknown-id and cycle errors.
    public var location: SourceLocation?

    public init(id: String, lag: Lag = Lag(days: 0), location: SourceLocation? = nil) {
        self.id = id
        self.lag = lag
        self.location = location
    }
}

/// A condition a release wave waits on. Each is declared as a one-key mapping in `cohort.yaml`.
public enum Gate: Sendable, Equatable {
    /// Not before this date.
    case notBefore(PlannedDate)
    /// A lag after another wave opened.
    case after(wave: String, lag: Lag)
    /// Every member of the wave has signed the NDA.
    case ndaSigned
    /// Every partner of the wave has reached this onboarding stage.
    case onboarded(stage: String)
    /// A recorded approval by this person.
    case approval(by: String)

    /// The key that declares this gate in `cohort.yaml`.
    public var kind: String {
        switch self {
        case .notBefore: "not_before"
        case .after: "after"
        case .ndaSigned: "nda"
        case .onboarded: "onboarded"
        case .approval: "approval"
        }
    }

    /// Every gate key `cohort.yaml` accepts.
    public static let kinds = ["not_before", "after", "nda", "onboarded", "approval"]
}

/// Where announcements go: a Meta-Wiki page, a blog, mailing lists, and the sections of the
/// channels that are plug-ins (the social post's Mastodon account), which each decodes itself.
public struct Channels: Sendable, Equatable {
    /// The plug-in channels Cohort ships whose section `cohort.yaml` may hold.
    public static let pluginNames = ["social"]

    public var meta: MetaChannel?
    public var blog: BlogChannel?
    public var mail: MailChannel?
    /// `channels.<name>` of each plug-in channel, as written.
    public var sections: [String: ChannelSection]

    public init(
        meta: MetaChannel? = nil, blog: BlogChannel? = nil, mail: MailChannel? = nil,
        sections: [String: ChannelSection] = [:]
    ) {
        self.meta = meta
        self.blog = blog
        self.mail = mail
        self.sections = sections
    }
}

/// A plug-in channel's section of `cohort.yaml`, kept as written for the channel to decode: each
/// key's text and where it stands, so the channel's own problems are located like every other.
public struct ChannelSection: Sendable, Equatable {
    public struct Value: Sendable, Equatable {
        public var text: String
        /// Where the value stands, and where its key does.
        public var location: SourceLocation
        public var keyLocation: SourceLocation

        public init(text: String, location: SourceLocation, keyLocation: SourceLocation? = nil) {
            self.text = text
            self.location = location
            self.keyLocation = keyLocation ?? location
        }
    }

    /// Where the section's mapping starts.
    public var location: SourceLocation
    public var values: [String: Value]

    public init(location: SourceLocation, values: [String: Value] = [:]) {
        self.location = location
        self.values = values
    }

    public subscript(key: String) -> Value? { values[key] }

    /// Keys outside `allowed` (with the nearest), and keys of `required` that are missing, for `context`.
    public func problems(_ context: String, allowed: [String], required: [String] = []) -> [Diagnostic] {
        values.sorted { $0.key < $1.key }.filter { !allowed.contains($0.key) }.map {
            Diagnostic(
                $0.value.keyLocation,
                "unknown key \"\($0.key)\" in \(context)\(Suggestion.didYouMean($0.key, in: allowed))")
        }
            + required.filter { values[$0] == nil }.map { Diagnostic(location, "\(context) is missing \"\($0)\"") }
    }
}

/// The wiki page updated by announcements, the action API that edits it, and the talk page where
/// the plan collects questions and input.
public struct MetaChannel: Sendable, Equatable {
    public var api: URL
    public var page: String
    /// The talk page (default: `Talk:` and the page).
    public var talk: String
    /// The talk page's section for questions, which staff answer daily on working days.
    public var questions: String
    /// Wiki user names of the staff who answer (Cohort's own account counts as staff too).
    public var staff: [String]
    /// Templates that hide a comment under the rules of engagement, beside the usual ones; the
    /// first is the one Cohort hides with (default `hidden`).
    public var hideTemplates: [String]
    /// ISO weekdays on which staff answer (1 Monday … 7 Sunday); default Monday to Friday.
    public var workingDays: Set<Int> = WorkingCalendar.weekWeekdays
    /// Days without answers, written as dates.
    public var holidays: [CivilDate] = []
    /// An `.ics` file of holidays (relative to the workspace), read with `holidays`.
    public var holidayCalendar: String?
    /// When the daily-answer promise holds: a phase or milestone id, or a window (`2022-02-01/2022-02-28`).
    public var answerPeriod: String?

    public init(
        api: URL, page: String, talk: String? = nil, questions: String = "Q&A", staff: [String] = [],
        hideTemplates: [String] = []
    ) {
        self.api = api
        self.page = page
        self.talk = talk ?? "Talk:\(page)"
        self.questions = questions
        self.staff = staff
        self.hideTemplates = hideTemplates
    }
}

/// The WordPress site blog drafts go to.
public struct BlogChannel: Sendable, Equatable {
    public var site: URL

    public init(site: URL) { self.site = site }
}

/// Mail: who it comes from, where replies go, which lists it is sent to, and through which relay.
public struct MailChannel: Sendable, Equatable {
    public var from: Person
    public var replyTo: String?
    public var lists: [MailingList]
    /// The SMTP submission URL (`smtp://relay.example.org:587`); credentials never live here.
    public var smtpURL: URL?
    /// How the relay connection is protected (default: TLS required).
    public var smtpSecurity: SMTPSecurity = .required
    /// A one-click unsubscribe URL for list mail, when the lists have one.
    public var unsubscribeURL: URL?

    public init(
        from: Person, replyTo: String? = nil, lists: [MailingList] = [], smtpURL: URL? = nil, unsubscribeURL: URL? = nil
    ) {
        self.from = from
        self.replyTo = replyTo
        self.lists = lists
        self.smtpURL = smtpURL
        self.unsubscribeURL = unsubscribeURL
    }
}

/// A mailing list announcements go to.
public struct MailingList: Sendable, Equatable, Identifiable {
    public var id: String
    public var address: String
    public var name: String?

    public init(id: String, address: String, name: String? = nil) {
        self.id = id
        self.address = address
        self.name = name
    }
}

/// A staff member who codes community feedback.
public struct Judge: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// How an SMTP connection is protected.
public enum SMTPSecurity: String, Sendable, Equatable, CaseIterable {
    /// STARTTLS (or smtps://) is required; fail rather than send in the clear.
    case required
    /// STARTTLS when the server offers it.
    case opportunistic
    /// No TLS: only for a relay on this machine (tests, a local sink).
    case none
}
