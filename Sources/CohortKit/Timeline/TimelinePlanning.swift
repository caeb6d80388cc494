import CohortCore
internal import CohortStore
import Foundation

/// What `timeline shift` (and `release slip`) did: what moved and what now states a stale date.
public struct ShiftReport: Sendable, Equatable, Encodable {
    public var item: String
    public var reason: String
    public var moved: [TimelineMove]
    /// Announcements whose text states a date that moved (`announcements/<slug>.md`).
    public var staleAnnouncements: [String]
    /// Calendar files with entries for moved items; `cohort calendar` rewrites them.
    public var staleCalendars: [String]
    /// The delay notice drafted by `release slip`, if any.
    public var drafted: String?
    /// What the plan can no longer hold after the shift (`cohort check` would report it): a
    /// milestone outside its phase, a missed deadline, a date its gates no longer allow.
    public var findings: [String] = []
}

extension ProgramSession {
    /// The session with recorded shifts applied to the program, so every command and every
    /// rendered announcement sees the dates in force. Reads the records only when they exist.
    public func applyingShifts() throws -> ProgramSession {
        guard records.exists else { return self }
        let (shifts, steps) = try openStore().read { (try $0.shifts(), try $0.channelRecords(announcement: nil)) }
        guard !shifts.isEmpty else { return self }
        switch Timeline.schedule(
            declaredProgram, shifts: shifts, stated: TimelinePlanning(self).statedDates(shifts, records: steps))
        {
        case .success(let (shifted, _)): return with(program: shifted)
        case .failure(let problems): throw WorkspaceError.invalidConfiguration(problems)
        }
    }

    /// The timeline with every date computed (shifts already applied by `applyingShifts`).
    public func timeline() throws -> Timeline {
        switch Timeline.schedule(program) {
        case .success(let (_, timeline)): return timeline
        case .failure(let problems): throw WorkspaceError.invalidConfiguration(problems)
        }
    }
}

/// The use cases of the timeline: its dates, shifts, milestones reached, and the release waves. Made
/// with the command's session: its workspace and program, its records (opened once for the command) and
/// the transports it reaches servers through.
public struct TimelinePlanning: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension TimelinePlanning {

    /// Moves one item (and its dependants), records the shift and an audit entry in one
    /// transaction, and lists what now states a stale date: the announcements whose `rendered` text
    /// (by slug, rendered before the shift) or, failing that, whose committed outputs name an old date.
    public func shift(
        _ id: String, _ request: ShiftRequest, reason: String, audit: AuditContext,
        rendered: [String: [String]] = [:]
    ) throws -> ShiftReport {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ShiftError.emptyReason }
        return try transaction { records in
            let earlier = try records.shifts()
            let result = try Timeline.shift(
                declaredProgram, shifts: earlier, id: id, request: request, reason: reason,
                by: audit.actor, at: audit.now)
            for shift in result.shifts {
                try records.append(shift)
                let kind = result.timeline[shift.item]?.kind.rawValue ?? "item"
                let details = try JSONDocument.compact([
                    "from": shift.from?.description ?? "", "to": shift.to.description,
                ])
                try records.append(
                    audit.entry(
                        action: shift.cascaded ? "cascade" : "shift", subject: "\(kind):\(shift.item)", reason: reason,
                        details: details))
            }
            return ShiftReport(
                item: id, reason: reason, moved: result.moves,
                staleAnnouncements: staleAnnouncements(result.moves, rendered: rendered),
                staleCalendars: result.moves.isEmpty ? [] : ["calendar/program.ics"],
                findings: Timeline.problems(
                    result.timeline, program: result.program, shifts: earlier + result.shifts
                ).map(\.description)
                    + OverdueMilestone.find(
                        result.program, completed: Set(try records.completions().map(\.milestone)),
                        today: CivilDate(audit.now, in: program.timeZone)
                    ).map(\.text))
        }
    }

    /// Announcements whose source or rendered text states the old date of a moved item.
    func staleAnnouncements(_ moves: [TimelineMove], rendered: [String: [String]]) -> [String] {
        let old = moves.compactMap(\.from).flatMap { [$0.spelledOut, $0.description] }
        return workspace.files(in: "announcements", endingWith: ".md").map { "announcements/\($0)" }.filter { path in
            let slug = String(path.dropLast(3))
            guard !slug.hasSuffix("README") else { return false }
            let texts =
                rendered[String(slug.dropFirst("announcements/".count))]
                ?? [path, "\(slug)/meta.wiki", "\(slug)/blog.html"].compactMap { try? workspace.readText($0) }
            return texts.contains { text in old.contains { text.contains($0) } }
        }
    }

    /// The release plan at `now`, judged against what the records hold.
    public func releasePlan(now: Date, onboarding: (any OnboardingGateEvaluator)? = nil) throws
        -> ReleasePlan
    {
        try openStore().read { records in try releasePlan(records, now: now, onboarding: onboarding) }
    }

    /// `signups`, when the caller has read them already, are not read (and decoded) again.
    func releasePlan(
        _ records: any RecordWriting, now: Date, onboarding: (any OnboardingGateEvaluator)?, signups: [Signup]? = nil
    ) throws -> ReleasePlan {
        let onboarding = try onboarding ?? PartnerOnboarding(session).onboardingGate(records, now: now)
        let members = try (signups ?? records.signups()).filter { $0.standing == .enrolled }.map {
            (username: $0.username, ndaSigned: $0.nda == .signed)
        }
        return ReleasePlan.make(
            program,
            facts: ReleaseFacts(now: now, events: try records.releaseEvents(), members: members, onboarding: onboarding)
        )
    }

    /// Records an approval, an opening, a pause or a resumption of `wave`, refusing what the plan
    /// does not allow; `override` opens despite failing gates and records who overrode what.
    @discardableResult
    public func release(
        _ action: ReleaseEvent.Action, wave: String, by name: String? = nil, reason: String = "",
        override: Bool = false,
        audit: AuditContext, onboarding: (any OnboardingGateEvaluator)? = nil
    ) throws -> WavePlan {
        try changeWave(
            action, wave: wave, by: name, reason: reason, override: override, audit: audit, onboarding: onboarding
        ).wave
    }

    /// As `release`, and what the change told the wave's audience: an opening, a pause or a
    /// resumption queues, in the same transaction, a notice to each of them (see `WaveNotices`).
    public func changeWave(
        _ action: ReleaseEvent.Action, wave: String, by name: String? = nil, reason: String = "",
        override: Bool = false,
        audit: AuditContext, onboarding: (any OnboardingGateEvaluator)? = nil
    ) throws -> WaveChange {
        guard let declared = program.waves.first(where: { $0.id == wave }) else {
            throw ReleaseError.unknownWave(wave, known: program.waves.map(\.id))
        }
        return try transaction { records in
            // The reason goes out in the wave's notice, to every participant, partner or list it
            // tells: nothing private may be in it (the same terms lint keeps out of announcements).
            if WaveNotices.kind(action) != nil {
                let terms = try PrivateTerms.recorded(in: records)
                if let found = terms.occurrences(in: reason).first {
                    throw ReleaseError.privateInReason(
                        wave: wave, what: found.term.what, shown: found.term.shown, offset: found.offset)
                }
            }
            let plan = try releasePlan(records, now: audit.now, onboarding: onboarding)
            guard let current = plan[wave] else { throw ReleaseError.unknownWave(wave, known: []) }
            let actor = name ?? audit.actor
            switch action {
            case .approve:
                let approvers = declared.gates.compactMap { gate -> String? in
                    if case .approval(let by) = gate { return by }
                    return nil
                }
                // With `approvals.releases`, anyone may approve a wave no approval gate names approvers of.
                let anyone = approvers.isEmpty && program.approvals.releases > 0
                guard anyone || approvers.contains(where: { $0.caseInsensitiveCompare(actor) == .orderedSame }) else {
                    throw ReleaseError.notApprover(wave: wave, name: actor, approvers: approvers)
                }
            case .open:
                guard current.openedAt == nil else { throw ReleaseError.alreadyOpen(wave) }
                try AnnouncementDesk(session).requireReleaseApproval(
                    wave, opener: actor, events: try records.releaseEvents())
                if !current.blockedBy.isEmpty {
                    guard override else { throw ReleaseError.gatesFail(wave: wave, blockedBy: current.blockedBy) }
                    guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw ReleaseError.overrideNeedsReason
                    }
                    let overridden = current.blockedBy.joined(separator: "; ")
                    try records.append(
                        ReleaseEvent(wave: wave, action: .override, by: actor, at: audit.now, reason: reason))
                    try records.append(
                        audit.entry(action: "override", subject: "wave:\(wave)", reason: reason, details: overridden))
                }
            case .pause:
                guard current.status == .open else { throw ReleaseError.notOpen(wave) }
            case .resume:
                guard current.status == .paused else { throw ReleaseError.notPaused(wave) }
            case .override:
                break
            }
            try records.append(ReleaseEvent(wave: wave, action: action, by: actor, at: audit.now, reason: reason))
            try records.append(
                audit.entry(
                    action: action.rawValue, subject: "wave:\(wave)",
                    reason: reason.isEmpty ? "\(action.rawValue) by \(actor)" : reason))
            var notices = NoticeSummary()
            if let kind = WaveNotices.kind(action) {
                let audience = WaveNotices.audience(
                    declared, signups: try records.signups(),
                    partners: try PartnerOnboarding(session).partnerProgress(records),
                    rules: program.onboarding, updatesList: program.updatesMailingList,
                    timeZone: program.timeZoneName)
                notices = try Notifications(session).queueNotices(
                    WaveNotices.drafts(kind, wave: declared, at: audit.now, reason: reason, to: audience),
                    records: records, audit: audit)
            }
            return WaveChange(
                wave: try releasePlan(records, now: audit.now, onboarding: onboarding)[wave]!, notices: notices)
        }
    }
}

/// What `release open`, `pause` or `resume` did: the wave as it now stands, and the notices queued
/// to its audience.
public struct WaveChange: Sendable {
    public var wave: WavePlan
    public var notices: NoticeSummary
}
