import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// A status report as `cohort report` shows it: its values, its page, and the file it went to.
public struct ReportShown: Sendable {
    public var report: StatusReport
    public var html: String
    /// The file written (`--out`), as the user wrote it; nil when the page is for stdout.
    public var written: String?

    /// What `--json` prints: the report's values, and the file written.
    public var document: ReportDocument { ReportDocument(report: report, written: written, bytes: html.utf8.count) }
}

/// `cohort report --json`: the report's values (`StatusReport`), the file written and its size.
public struct ReportDocument: Sendable, Encodable {
    public var report: StatusReport
    public var written: String?
    public var bytes: Int

    /// By hand: the report's keys with `written` (`null` for stdout) and `bytes` beside them, in one flat object.
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(written, forKey: .written)
        try container.encode(bytes, forKey: .bytes)
    }

    enum Keys: String, CodingKey { case written, bytes }
}

/// The use cases of what the program stands at: status and the HTML report. Made with the command's
/// session: its workspace and program, its records (opened once for the command) and the transports it
/// reaches servers through.
public struct ProgramReporting: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension ProgramReporting {
    /// The path of the public report `cohort build` writes.
    public static let reportPath = "calendar/report.html"

    /// True when the records hold anything at all (an empty store is as good as none).
    public func hasRecords() throws -> Bool {
        guard records.exists else { return false }
        return try openStore().read { try $0.auditCount() } > 0
    }

    /// Everything a report is made from, read in one transaction; when there are no records yet,
    /// the program alone (nothing is created). `announcements` replaces what the workspace says of
    /// its announcements (a recorded lifecycle, say).
    public func reportFacts(now: Date, announcements: [AnnouncementStanding]? = nil) throws -> ReportFacts {
        let timeline = try session.timeline()
        guard records.exists else {
            let gate = PartnerOnboardingGate(progress: [], rules: program.onboarding, now: now)
            return ReportFacts(
                program: program, timeline: timeline,
                releasePlan: ReleasePlan.make(
                    program, facts: ReleaseFacts(now: now, events: [], members: [], onboarding: gate)),
                announcements: try announcements ?? announcementStandings(nil))
        }
        return try openStore().read { records in
            let ledger = try records.feedbackLedger(judges: program.judges)
            return ReportFacts(
                program: program, timeline: timeline, shifts: try records.shifts(),
                cohort: try using(PilotEnrolment.self).cohort(records),
                sessions: try records.sessions(), registrations: try records.registrations(session: nil),
                partners: try using(PartnerOnboarding.self).partnerProgress(records),
                releasePlan: try using(TimelinePlanning.self).releasePlan(records, now: now, onboarding: nil),
                feedback: ledger.items.isEmpty ? nil : ledger,
                announcements: try announcements ?? announcementStandings(records),
                questions: try records.latestTalkReading(asOf: now))
        }
    }

    /// The status report at `now` for `audience`.
    public func statusReport(
        now: Date, audience: ReportAudience, announcements: [AnnouncementStanding]? = nil
    ) throws -> StatusReport {
        StatusReport.make(try reportFacts(now: now, announcements: announcements), audience: audience, now: now)
    }

    /// `cohort report`: the page at `now` for `audience`, written to `out` when given (over a file
    /// cohort did not write only with `force`).
    public func report(now: Date, audience: ReportAudience, out: String?, force: Bool = false) throws -> ReportShown {
        let report = try statusReport(now: now, audience: audience)
        let html = ReportPage.render(report)
        if let out { try writeUserFile(html, to: out, force: force) }
        return ReportShown(report: report, html: html, written: out)
    }

    /// Where each announcement stands per channel, as the workspace and the outbox say today:
    /// whether its rendering for the channel is in `announcements/<slug>/`, and for mail what
    /// `cohort announce log` reports. A recorded lifecycle can pass its own to `reportFacts`.
    func announcementStandings(_ records: (any RecordWriting)?) throws -> [AnnouncementStanding] {
        let build = AnnouncementBuild(session: session, sections: [], now: .distantPast)
        return try build.slugs().map { slug in
            guard let source = try? build.source(slug) else {
                return AnnouncementStanding(
                    slug: slug, title: slug, date: nil,
                    channels: [.init(channel: "source", state: "cannot be read", detail: "see cohort announce lint")])
            }
            var channels: [AnnouncementStanding.Channel] = []
            for channel in source.channels {
                let file = channel.outputName
                let rendered = workspace.exists("announcements/\(slug)/\(file)")
                guard channel == .mail, rendered else {
                    channels.append(.init(channel: channel.rawValue, state: rendered ? "rendered" : "not rendered"))
                    continue
                }
                channels.append(
                    Self.mailStanding(try records?.outboxItems(batch: Publishing.announcementBatch(slug)) ?? []))
            }
            return AnnouncementStanding(slug: slug, title: source.title, date: source.dateText, channels: channels)
        }
    }

    /// An announcement's mail as its outbox rows say: not sent, sent, or how far it got.
    static func mailStanding(_ deliveries: [OutboxItem]) -> AnnouncementStanding.Channel {
        guard !deliveries.isEmpty else { return .init(channel: "mail", state: "rendered, not sent") }
        let sent = deliveries.filter { $0.state == .sent }
        let lists = Plural.count(deliveries.count, "list")
        if sent.count == deliveries.count {
            return .init(
                channel: "mail", state: "sent", detail: "\(sent.count) of \(lists)", at: sent.map(\.updatedAt).max())
        }
        let counts = OutboxState.allCases.compactMap { state -> String? in
            let count = deliveries.count { $0.state == state }
            return count == 0 ? nil : "\(count) \(state.rawValue)"
        }
        return .init(
            channel: "mail", state: sent.isEmpty ? "not sent" : "partly sent", detail: counts.joined(separator: ", "))
    }
}
