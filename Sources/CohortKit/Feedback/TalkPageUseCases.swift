import CohortCore
internal import CohortDelivery
internal import CohortStore
import Foundation

/// What `feedback import --from-wiki` read and kept.
public struct TalkImported: Sendable, Encodable {
    public var page: String
    public var revision: Int
    public var added: [String]
    public var updated: [String]
    public var unchanged: Int
    /// Comments hidden or removed under the rules of engagement: counted, never imported.
    public var hidden: Int
    /// Comments with no signature: nobody to ask or credit, so not imported.
    public var unsigned: Int
    /// Staff's own answers: not community input.
    public var staff: Int

    public var text: String {
        "Read \(page) (revision \(revision)): \(added.count) new, \(updated.count) updated, \(unchanged) unchanged; "
            + "\(hidden) hidden under the rules of engagement, \(unsigned) unsigned and \(staff) by staff left out."
    }
}

/// A thread of the Q&A section whose last word is not staff's: a question waiting for an answer.
public struct OpenQuestion: Sendable, Encodable {
    public var section: String
    /// The question's first words.
    public var question: String
    public var askedBy: String?
    public var askedAt: String?
    public var lastBy: String?
    public var lastAt: String?
    /// Working days (Monday to Friday, in the program's zone) since the last comment.
    public var workingDays: Int
    public var line: Int

    enum CodingKeys: String, CodingKey {
        case section, question, line
        case askedBy = "asked_by"
        case askedAt = "asked_at"
        case lastBy = "last_by"
        case lastAt = "last_at"
        case workingDays = "working_days"
    }
}

/// `talk questions --json`: `{"page","section","questions":[…]}`.
public struct OpenQuestions: Sendable, Encodable {
    public var page: String
    public var section: String
    public var questions: [OpenQuestion]

    public var text: String {
        guard !questions.isEmpty else { return "Every question in \"\(section)\" of \(page) has a staff answer." }
        var lines = [
            "\(questions.count) question\(questions.count == 1 ? "" : "s") in \"\(section)\" of \(page) wait for staff:"
        ]
        for question in questions {
            lines.append(
                "  line \(question.line): \(question.workingDays) working day\(question.workingDays == 1 ? "" : "s") since \(question.lastBy ?? "someone") wrote — \(question.question)"
            )
        }
        return lines.joined(separator: "\n")
    }
}

extension ProgramSession {
    /// Who answers for the program on the wiki: `channels.meta.staff` and the account Cohort logs in as.
    func staffNames(_ environment: [String: String]) -> Set<String> {
        var staff = Set((program.channels.meta?.staff ?? []).map { $0.lowercased() })
        if let user = environment["COHORT_META_USER"]?.split(separator: "@").first { staff.insert(user.lowercased()) }
        return staff
    }

    /// The talk page (`page`, default `channels.meta.talk`) as comments, read through the API.
    func talkPage(_ page: String?, environment: [String: String]) throws -> (
        title: String, revision: Int, page: TalkPage
    ) {
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        let title = page ?? meta.talk
        let wiki = try wikiClient(environment: environment, needLogin: false)
        let (revision, text) = try wiki.wikitext(title)
        return (title, revision, TalkPage.parse(text))
    }

    /// Imports the signed comments of the talk page as feedback items (`source: talk-page`, the
    /// signer as author, the section as a theme), idempotent by comment: a comment keeps its id
    /// from revision to revision. Hidden and unsigned comments are counted, never imported.
    public func importTalkPage(_ page: String?, audit: AuditContext, environment: [String: String]) throws
        -> TalkImported
    {
        let (title, revision, talk) = try talkPage(page, environment: environment)
        let staff = staffNames(environment)
        var seen: [String: Int] = [:]
        var items: [FeedbackItem] = []
        var hidden = 0
        var unsigned = 0
        var byStaff = 0
        for comment in talk.comments {
            if comment.hidden != nil {
                hidden += 1
                continue
            }
            guard let author = comment.author, let at = comment.signedAt else {
                unsigned += 1
                continue
            }
            if staff.contains(author.lowercased()) {
                byStaff += 1
                continue
            }
            let key = "\(title)\u{0}\(comment.section)\u{0}\(author)\u{0}\(Instant.format(at))"
            seen[key, default: 0] += 1
            items.append(
                FeedbackItem(
                    id: "talk-" + String(StableHash.hex(key, String(seen[key] ?? 1)).prefix(10)), source: "talk-page",
                    receivedAt: at, author: author, text: comment.text,
                    themes: comment.section.isEmpty ? [] : Themes.parse(comment.section)))
        }
        return try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            var report = TalkImported(
                page: title, revision: revision, added: [], updated: [], unchanged: 0, hidden: hidden,
                unsigned: unsigned,
                staff: byStaff)
            for item in items {
                if let known = try? ledger.item(item.id) {
                    if known == item {
                        report.unchanged += 1
                    } else if !ledger.codes.contains(where: { $0.itemID == item.id }) {
                        ledger.put(item)
                        try records.save(item)
                        report.updated.append(item.id)
                    } else {
                        report.unchanged += 1
                    }
                    continue
                }
                ledger.put(item)
                try records.save(item)
                report.added.append(item.id)
            }
            if !report.added.isEmpty || !report.updated.isEmpty {
                try records.append(
                    audit.entry(
                        action: "import", subject: "feedback:\(title)",
                        reason:
                            "\(report.added.count) new and \(report.updated.count) updated from revision \(revision); \(hidden) hidden, \(unsigned) unsigned left out"
                    ))
            }
            return report
        }
    }

    /// The Q&A section's threads whose last comment is not by staff (`channels.meta.staff`, and the
    /// account Cohort logs in as), with how many working days they have waited at `now`.
    public func openQuestions(now: Date, environment: [String: String]) throws -> OpenQuestions {
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        let (title, _, talk) = try talkPage(nil, environment: environment)
        let staff = staffNames(environment)
        var questions: [OpenQuestion] = []
        for thread in talk.threads(in: meta.questions) {
            let signed = thread.comments.filter { $0.isSigned && $0.hidden == nil }
            guard let first = thread.comments.first, let last = signed.last,
                !staff.contains(last.author?.lowercased() ?? "")
            else { continue }
            questions.append(
                OpenQuestion(
                    section: thread.section, question: String(first.text.prefix(80)), askedBy: first.author,
                    askedAt: first.signedAt.map(Instant.format), lastBy: last.author,
                    lastAt: last.signedAt.map(Instant.format),
                    workingDays: last.signedAt.map { WorkingDays.between($0, now, in: program.timeZone) } ?? 0,
                    line: first.line))
        }
        return OpenQuestions(page: title, section: meta.questions, questions: questions)
    }
}
