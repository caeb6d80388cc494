import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// The use cases of notices to people: queued by decisions, listed, and sent. Made with the command's
/// session: its workspace and program, its records (opened once for the command) and the transports it
/// reaches servers through.
public struct Notifications: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension Notifications {
    /// Queues a notice for each of `drafts` in the outbox, in the transaction of the decision that
    /// calls for it: rendered from its template in the person's language, once per batch. A person
    /// with no address is recorded (and reported) as undeliverable. A template problem is thrown
    /// with its place, so the decision is not recorded either.
    func queueNotices(_ drafts: [NoticeDraft], records: any RecordWriting, audit: AuditContext) throws
        -> NoticeSummary
    {
        var summary = NoticeSummary()
        guard !drafts.isEmpty else { return summary }
        let templates = workspace.noticeTemplates()
        let renderer = NoticeRenderer(program: program, partials: templates.partials)
        let known = Set(try records.notices().map(\.batch))
        // Rendered first (on every core: each notice is its own), then queued together (one round
        // trip on PostgreSQL), then recorded in order.
        var chosen: [(draft: NoticeDraft, template: NoticeTemplate)] = []
        for draft in drafts where !known.contains(draft.batch) {
            let language = draft.recipient.language(among: templates.languages(draft.kind))
            chosen.append((draft, try templates.template(draft.kind, language: language)))
        }
        let now = audit.now
        let items = Concurrently.map(chosen) { draft, template in
            Result { () throws -> OutboxItem? in
                guard draft.recipient.isReachable else {
                    // Checked all the same, so a broken template never waits for someone with an address.
                    let problems = renderer.problems(template, for: draft)
                    if !problems.isEmpty { throw ConfigurationProblems(problems) }
                    return nil
                }
                return try renderer.outboxItem(draft, template: template, now: now)
            }
        }
        var rendered: [(draft: NoticeDraft, template: NoticeTemplate, item: OutboxItem?)] = []
        for ((draft, template), item) in zip(chosen, items) { rendered.append((draft, template, try item.get())) }
        var results = try records.enqueue(all: rendered.compactMap(\.item))[...]
        for (draft, template, item) in rendered {
            let recipient = draft.recipient
            guard item != nil else {
                try records.save(
                    Notice(
                        batch: draft.batch, kind: draft.kind, subject: draft.subject, person: recipient.id,
                        language: template.language, fact: draft.fact, state: .undeliverable,
                        reason: "no mail address on record", queuedAt: audit.now, updatedAt: audit.now))
                try records.append(
                    audit.entry(
                        action: "notice-undeliverable", subject: draft.subject,
                        reason: "\(draft.kind.rawValue) notice to \(recipient.id) not sent: no mail address on record"))
                summary.undeliverable.append(recipient.id)
                continue
            }
            // One result per queued item, in order.
            switch results.popFirst() {
            case .added?, .replaced?:
                try records.save(
                    Notice(
                        batch: draft.batch, kind: draft.kind, subject: draft.subject, person: recipient.id,
                        language: template.language, fact: draft.fact, state: .queued, queuedAt: audit.now,
                        updatedAt: audit.now))
                try records.append(
                    audit.entry(
                        action: "notice", subject: draft.subject,
                        reason: "\(draft.kind.rawValue) notice to \(recipient.id) queued (\(template.language))",
                        details: AuditDetails.json(["batch": draft.batch, "fact": draft.fact])))
                summary.queued.append(draft.batch)
            case .unchanged?, .alreadySent?, nil: break
            }
        }
        return summary
    }

    /// Drops every queued notice about `subjects` (all when nil) whose fact changed before it went
    /// out: its outbox row becomes `dropped`, never to be sent, and the drop is audited. About a
    /// subject in `replacing` (the command queues a newer notice about it: an offer accepted, a
    /// stage left for the next) it was superseded, not undone, and is counted so.
    func dropStaleNotices(
        subjects: Set<String>? = nil, replacing: Set<String> = [], records: any RecordWriting, audit: AuditContext
    ) throws -> NoticeSummary {
        var summary = NoticeSummary()
        let queued = try records.notices().filter { $0.state == .queued && subjects?.contains($0.subject) ?? true }
        guard !queued.isEmpty else { return summary }
        var facts = NoticeFacts(session: session, records: records)
        for var notice in queued {
            let now = try facts.current(notice)
            guard now != notice.fact else { continue }
            guard let row = try records.outboxItems(batch: notice.batch).first, let id = row.id,
                row.state == .pending || row.state == .failedTemporary
            else { continue }
            let superseded = replacing.contains(notice.subject)
            let reason =
                superseded
                ? "a newer notice replaces it before it was sent (it told of \(notice.fact); now \(now))"
                : "its decision was undone before it was sent (it told of \(notice.fact); now \(now))"
            try records.update(
                id: id, state: .dropped, attempts: row.attempts, nextAttemptAt: nil, lastReply: "dropped: \(reason)",
                at: audit.now)
            notice.state = .dropped
            notice.reason = reason
            notice.updatedAt = audit.now
            try records.save(notice)
            try records.append(
                audit.entry(
                    action: superseded ? "notice-supersede" : "notice-drop", subject: notice.subject,
                    reason: "\(notice.kind.rawValue) notice to \(notice.person) dropped: \(reason)",
                    details: AuditDetails.json(["batch": notice.batch])))
            if superseded { summary.superseded.append(notice.batch) } else { summary.dropped.append(notice.batch) }
        }
        return summary
    }
}

/// What is true now of the subjects notices tell about, read from the records once each.
struct NoticeFacts {
    let session: ProgramSession
    let records: any RecordWriting
    private var signups: [String: Signup]?
    private var partners: [String: PartnerProgress]?
    private var ledger: FeedbackLedger?

    init(session: ProgramSession, records: any RecordWriting) {
        self.session = session
        self.records = records
    }

    /// The fact `notice`'s subject holds now, in the words `NoticeDraft.fact` uses.
    mutating func current(_ notice: Notice) throws -> String {
        let parts = notice.subject.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "unknown" }
        let id = parts[1]
        switch parts[0] {
        case "signup":
            if signups == nil {
                signups = Dictionary(try records.signups().map { ($0.username, $0) }, uniquingKeysWith: { a, _ in a })
            }
            return signups?[id].map(PilotNotices.fact) ?? "gone"
        case "partner":
            if partners == nil {
                partners = Dictionary(
                    try records.partnerProgress(rules: session.program.onboarding).map { ($0.partner.id, $0) },
                    uniquingKeysWith: { a, _ in a })
            }
            guard let progress = partners?[id] else { return "gone" }
            return notice.kind == .welcome
                ? PartnerNotices.welcomeFact(progress.partner) : PartnerNotices.fact(progress)
        case "feedback":
            if ledger == nil { ledger = try records.feedbackLedger(judges: session.program.judges) }
            guard let ledger, let item = try? ledger.item(id) else { return "gone" }
            return FeedbackNotices.fact(ledger.state(of: item), hidden: ledger.hiddenReason(id) != nil)
        case "wave":
            // The last opening, pause or resumption of the wave says whether it is open or paused.
            let last = try records.releaseEvents().last { $0.wave == id && WaveNotices.kind($0.action) != nil }
            return last.flatMap { WaveNotices.kind($0.action) }.map(WaveNotices.fact) ?? "gone"
        case "talk": return DigestNotices.fact  // a digest tells what the page said when read
        default: return "unknown"
        }
    }
}
