import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// `talk digest`: the day's digest of the questions waiting for staff, to the program's contact.
public struct TalkDigest: Sendable, Encodable {
    /// What the run did, or (on a view or a dry run) would do.
    public enum Result: String, Sendable, Encodable {
        /// A view: the digest as it would go out.
        case preview
        /// A dry run: the digest would be queued.
        case wouldQueue = "would-queue"
        case queued
        /// Today's digest is in the outbox already: nothing new.
        case alreadyQueued = "already-queued"
        /// No question waits for staff: nothing to send.
        case nothingToSend = "nothing-to-send"
    }

    /// The day, in the program's zone.
    public var date: String
    /// The outbox batch, `digest:<date>`.
    public var batch: String
    /// Who it goes to: `program.contact`'s name.
    public var recipient: String
    public var page: String
    public var section: String
    public var unanswered: Int
    public var overdue: Int
    public var questions: [OpenQuestion]
    public var result: Result
    /// When today's digest was queued, if it was (by this run or an earlier one).
    public var queuedAt: Date?
    /// The message as it goes out; nil when there is nothing to send.
    public var subject: String?
    public var body: String?
    /// The reading recorded for `status` and the report (`--send`, not on a dry run).
    public var recorded: TalkReading?

    enum CodingKeys: String, CodingKey {
        case date, batch, recipient, page, section, unanswered, overdue, questions, result, subject, body, recorded,
            queuedAt
    }

    /// By hand: `queued_at`, `subject` and `body` are always there, `null` when unset; synthesis would drop them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(batch, forKey: .batch)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(page, forKey: .page)
        try container.encode(section, forKey: .section)
        try container.encode(unanswered, forKey: .unanswered)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(questions, forKey: .questions)
        try container.encode(result, forKey: .result)
        try container.encode(queuedAt.map(Instant.format), forKey: .queuedAt)
        try container.encode(subject, forKey: .subject)
        try container.encode(body, forKey: .body)
        try container.encodeIfPresent(recorded, forKey: .recorded)
    }

    public var text: String {
        let counts = "\(unanswered) unanswered, \(overdue) overdue in \"\(section)\" of \(page)"
        switch result {
        case .nothingToSend:
            return
                "Every question in \"\(section)\" of \(page) has a staff answer: no digest for \(date), nothing queued."
        case .alreadyQueued:
            let at = queuedAt.map { " at \(Instant.format($0))" } ?? ""
            return "The digest for \(date) was queued already\(at) (\(batch)): nothing new queued. Now \(counts)."
        case .queued:
            return "Digest for \(date) queued to \(recipient) (\(batch)): \(counts). "
                + "`cohort notices send` (or `cohort outbox send \(batch)`) sends it."
        case .wouldQueue:
            return "Would queue the digest for \(date) to \(recipient) (\(batch)): \(counts). Nothing recorded."
        case .preview:
            var lines: [String] = []
            if let queuedAt {
                lines.append("(The digest for \(date) was queued already at \(Instant.format(queuedAt)).)")
            } else {
                lines.append("The digest for \(date) to \(recipient), not queued (`--send` queues it):")
            }
            lines += ["", "Subject: \(subject ?? "")", "", body ?? ""]
            return lines.joined(separator: "\n")
        }
    }
}

extension TalkPageDesk {
    /// The day's digest at `now`, as it would go out: read from the wiki, recording nothing.
    public func talkDigest(now: Date, environment: [String: String]) throws -> TalkDigest {
        let (open, _) = try readOpenQuestions(now: now, environment: environment)
        let draft = DigestNotices.draft(open, day: DigestNotices.day(now, program: program), program: program)
        let queuedAt: Date? =
            records.exists ? try openStore().read { try queuedDigest(draft.batch, records: $0) } : nil
        return try digest(
            open, draft: draft, result: open.questions.isEmpty ? .nothingToSend : .preview, queuedAt: queuedAt)
    }

    /// Queues the day's digest in the outbox for `program.contact`, at most once a day (batch
    /// `digest:<date>` in the program's zone), and records the reading's counts for `status` and
    /// the report. With no open question nothing is queued; a dry run records nothing.
    public func sendTalkDigest(audit: AuditContext, dryRun: Bool, environment: [String: String]) throws -> TalkDigest {
        let now = audit.now
        let (open, revision) = try readOpenQuestions(now: now, environment: environment)
        let draft = DigestNotices.draft(open, day: DigestNotices.day(now, program: program), program: program)
        let reading = TalkReading(open, revision: revision, at: now)
        if dryRun {
            let queuedAt: Date? =
                records.exists ? try openStore().read { try queuedDigest(draft.batch, records: $0) } : nil
            let result: TalkDigest.Result =
                queuedAt != nil ? .alreadyQueued : open.questions.isEmpty ? .nothingToSend : .wouldQueue
            return try digest(open, draft: draft, result: result, queuedAt: queuedAt)
        }
        return try transaction { records in
            try records.save(reading)
            var result: TalkDigest.Result
            var queuedAt = try queuedDigest(draft.batch, records: records)
            if queuedAt != nil {
                result = .alreadyQueued
            } else if open.questions.isEmpty {
                result = .nothingToSend
            } else {
                let summary = try using(Notifications.self).queueNotices([draft], records: records, audit: audit)
                result = summary.queued.isEmpty ? .alreadyQueued : .queued
                if !summary.undeliverable.isEmpty { throw DigestError.noAddress }
                queuedAt = now
            }
            try records.append(
                audit.entry(
                    action: "talk-read", subject: draft.subject,
                    reason: "\(reading.unanswered) unanswered, \(reading.overdue) overdue at revision \(revision); "
                        + "digest \(draft.batch) \(result.rawValue)"))
            var done = try digest(open, draft: draft, result: result, queuedAt: queuedAt)
            done.recorded = reading
            return done
        }
    }

    /// When the notice of `batch` was queued; nil if it never was.
    private func queuedDigest(_ batch: String, records: any RecordWriting) throws -> Date? {
        try records.notices().first { $0.batch == batch && $0.state == .queued }?.queuedAt
    }

    /// The digest's value, with its message rendered unless there is nothing to send.
    private func digest(_ open: OpenQuestions, draft: NoticeDraft, result: TalkDigest.Result, queuedAt: Date?) throws
        -> TalkDigest
    {
        var digest = TalkDigest(
            date: draft.key, batch: draft.batch, recipient: draft.recipient.name, page: open.page,
            section: open.section, unanswered: open.questions.count, overdue: open.questions.count(where: \.overdue),
            questions: open.questions, result: result, queuedAt: queuedAt)
        guard !open.questions.isEmpty else { return digest }
        let templates = workspace.noticeTemplates()
        let renderer = NoticeRenderer(program: program, partials: templates.partials)
        let template = try templates.template(.digest, language: "en")
        (digest.subject, digest.body) = try renderer.text(draft, template: template)
        return digest
    }
}

/// Why `talk digest --send` could not queue the digest.
public enum DigestError: Error, LocalizedError, CategorizedError, Equatable {
    case noAddress

    public var errorDescription: String? {
        switch self {
        case .noAddress: "program.contact has no mail address in cohort.yaml; the digest has nowhere to go"
        }
    }

    public var kind: FailureKind { .badInput }
}
