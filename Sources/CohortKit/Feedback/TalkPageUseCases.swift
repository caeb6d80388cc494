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
    /// Unsigned text the page history could not attribute: nobody to ask or credit, so not imported.
    public var unsigned: Int
    /// Unsigned text attributed to the revision that added it, and imported as that user's.
    public var attributed: Int
    /// Staff's own answers: replies that answer their thread, not community input.
    public var staff: Int
    /// Items signed after input closed (imported, marked late).
    public var late: [String]
    /// Comments already imported from another source, linked to that item instead of added twice.
    public var linked: [TalkPageReading.Link]
    /// Comments refused by the text rules, and unsigned text left out, each located.
    public var problems: [String]

    public var text: String {
        var lines = [
            "Read \(page) (revision \(revision)): \(added.count) new, \(updated.count) updated, \(unchanged) unchanged; "
                + "\(hidden) hidden under the rules of engagement, \(unsigned) unsigned and \(staff) by staff left out."
        ]
        if attributed > 0 { lines.append("\(attributed) unsigned attributed from the page history.") }
        if !late.isEmpty {
            lines.append("\(late.count) signed after input closed, marked late: \(late.joined(separator: ", ")).")
        }
        for link in linked {
            lines.append("\(link.comment) is \(link.item) already (same author and text): linked, not added.")
        }
        lines += problems
        return lines.joined(separator: "\n")
    }
}

/// The use cases of the plan's talk page: read, answered, moderated and digested. Made with the
/// command's session: its workspace and program, its records (opened once for the command) and the
/// transports it reaches servers through.
public struct TalkPageDesk: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension TalkPageDesk {
    /// Who answers for the program on the wiki: `channels.meta.staff` and the account Cohort logs in as.
    func staffNames(_ environment: [String: String]) -> [String] {
        var staff = program.channels.meta?.staff ?? []
        if let user = environment["COHORT_META_USER"]?.split(separator: "@").first { staff.append(String(user)) }
        return staff
    }

    /// When input closes: the end of the `input-closes` milestone's day, or of the `input` phase,
    /// in the program's zone; nil when the program names neither.
    var inputCloses: Date? {
        let day =
            program.milestones.first { $0.id == "input-closes" }?.date.last
            ?? program.phases.first { $0.id == "input" }?.dates.last
        return day?.adding(days: 1).start(in: program.timeZone)
    }

    /// The talk page (`page`, default `channels.meta.talk`) as comments, read through the API.
    func talkPage(_ page: String?, environment: [String: String]) throws -> (
        title: String, revision: Int, page: TalkPage
    ) {
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        let title = page ?? meta.talk
        let wiki = try using(Publishing.self).wikiClient(environment: environment, needLogin: false)
        let (revision, text) = try wiki.wikitext(title)
        return (title, revision, TalkPage.parse(text, hideTemplates: meta.hideTemplates))
    }

    /// The page's history, oldest first, read only when some text on it is unsigned.
    func talkHistory(_ title: String, of page: TalkPage, environment: [String: String]) throws -> [TalkRevision] {
        guard page.comments.contains(where: { $0.hidden == nil && !$0.isSigned }) else { return [] }
        let wiki = try using(Publishing.self).wikiClient(environment: environment, needLogin: false)
        return try wiki.history(title).compactMap { revision in
            guard let user = revision.user, let at = Instant.parse(revision.timestamp) else { return nil }
            return TalkRevision(user: user, at: at, text: revision.content)
        }
    }

    /// Imports the signed comments of the talk page as feedback items (`source: talk-page`, the
    /// signer as author, the section kept as `section`), one per signature, idempotent by comment:
    /// a comment keeps its id from revision to revision. Hidden comments and staff replies are
    /// counted; unsigned text is attributed from the page history or reported.
    public func importTalkPage(_ page: String?, audit: AuditContext, environment: [String: String]) throws
        -> TalkImported
    {
        let (title, revision, talk) = try talkPage(page, environment: environment)
        let history = try talkHistory(title, of: talk, environment: environment)
        let staff = staffNames(environment)
        let closes = inputCloses
        return try transaction { records in
            var ledger = try records.feedbackLedger(judges: program.judges)
            let reading = TalkPageImport.read(
                talk, title: title, staff: staff, inputCloses: closes, known: ledger.items, history: history)
            var report = TalkImported(
                page: title, revision: revision, added: [], updated: [], unchanged: 0, hidden: reading.hidden,
                unsigned: reading.unsigned.count, attributed: reading.attributed, staff: reading.staff,
                late: reading.late, linked: reading.linked, problems: reading.problems + reading.unsigned)
            for item in reading.items {
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
                            "\(report.added.count) new and \(report.updated.count) updated from revision \(revision); "
                            + "\(reading.hidden) hidden, \(reading.unsigned.count) unsigned left out"
                    ))
            }
            return report
        }
    }

    /// The Q&A section's threads whose last comment is not by staff (`channels.meta.staff`, and the
    /// account Cohort logs in as), with how many working days they have waited at `now`.
    public func openQuestions(now: Date, overdueOnly: Bool = false, environment: [String: String]) throws
        -> OpenQuestions
    {
        let (open, _) = try readOpenQuestions(now: now, environment: environment)
        return overdueOnly
            ? OpenQuestions(page: open.page, section: open.section, questions: open.questions.filter(\.overdue)) : open
    }

    /// Every open question of the Q&A section at `now`, and the page revision they were read from.
    func readOpenQuestions(now: Date, environment: [String: String]) throws -> (
        questions: OpenQuestions, revision: Int
    ) {
        let calendar = try workingCalendar()
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        let (title, revision, talk) = try talkPage(nil, environment: environment)
        let staff = staffNames(environment)
        var questions: [OpenQuestion] = []
        for thread in talk.threads(in: meta.questions) {
            let signed = thread.comments.filter { $0.isSigned && $0.hidden == nil }
            guard let first = thread.comments.first, let last = signed.last,
                !staff.contains(where: { WikiUsername.same($0, last.author ?? "") })
            else { continue }
            questions.append(
                OpenQuestion(
                    id: thread.id, section: thread.section, question: String(first.text.prefix(80)),
                    askedBy: first.author,
                    askedAt: first.signedAt.map(Instant.format), lastBy: last.author,
                    lastAt: last.signedAt.map(Instant.format),
                    workingDays: last.signedAt.map { calendar.days(from: $0, to: now) } ?? 0,
                    overdue: last.signedAt.map { calendar.isOverdue(since: $0, now: now) } ?? false,
                    line: first.line))
        }
        return (OpenQuestions(page: title, section: meta.questions, questions: questions), revision)
    }
}
