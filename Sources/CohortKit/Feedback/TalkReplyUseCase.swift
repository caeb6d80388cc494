import CohortCore
internal import CohortDelivery
import Foundation

/// What `talk reply` did: posted the reply, or found it in the thread already.
public struct TalkReplied: Sendable, Encodable {
    public var page: String
    public var thread: String
    public var section: String
    /// `posted`, or `unchanged` when the thread holds the reply already.
    public var result: String
    public var revision: Int?

    public var text: String {
        result == "posted"
            ? "Replied in \"\(section)\" of \(page) (thread \(thread)), revision \(revision.map(String.init) ?? "?")."
            : "The reply is in \"\(section)\" of \(page) (thread \(thread)) already; nothing posted."
    }
}

extension TalkPageDesk {
    /// Posts `reply` as an indented, signed reply in `thread` (an id `talk questions` prints, or the
    /// heading of a thread's own subsection) of the questions section: `action=edit` on the
    /// thread's section with `basetimestamp`, so a change made meanwhile is a conflict (exit 4) and
    /// nothing is written. A reply whose text is in the thread already is not posted again.
    public func replyOnTalkPage(
        thread name: String, reply: String, by: String, audit: AuditContext, environment: [String: String]
    ) throws -> TalkReplied {
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        try checkPublicReply(reply)
        let title = meta.talk
        let wiki = try using(Publishing.self).wikiClient(environment: environment, needLogin: true)
        try wiki.login()
        let (_, page) = try wiki.wikitext(title)
        let threads = TalkPage.parse(page, hideTemplates: meta.hideTemplates).threads(in: meta.questions)
        guard let thread = TalkReply.thread(name, in: threads) else {
            throw TalkReplyError.noThread(
                name, page: title,
                known: threads.map { $0.id + ($0.section == meta.questions ? "" : " (\($0.section))") })
        }
        let sections = try wiki.sections(title)
        // The thread's own section as the wiki numbers it: the one with its heading that holds it.
        var target: (index: String, text: String, timestamp: String, thread: TalkPage.Thread)?
        let (_, now) = try wiki.page(title)
        for section in sections where section.heading.caseInsensitiveCompare(thread.section) == .orderedSame {
            let (live, _) = try wiki.page(title, section: section.index)
            guard let live else { continue }
            let local = TalkPage.parse(live.content, hideTemplates: meta.hideTemplates).threads(in: thread.section)
            if let found = local.first(where: { $0.id == thread.id }) {
                target = (section.index, live.content, live.timestamp, found)
                break
            }
        }
        guard let target else { throw TalkReplyError.noThread(name, page: title, known: []) }
        var report = TalkReplied(
            page: title, thread: thread.id, section: thread.section, result: "unchanged", revision: nil)
        if TalkReply.isPosted(reply, in: target.thread) { return report }
        let text = TalkReply.inserting(reply, by: by, after: target.thread, into: target.text)
        let revision = try saveTalkSection(
            wiki, title: title, section: target.index, text: text,
            proof: TalkReply.unsigned(reply, by: by, in: target.thread),
            summary: "Reply to a question in \(thread.section) (Cohort, for \(by))",
            baseTimestamp: target.timestamp, startTimestamp: now)
        report.result = "posted"
        report.revision = revision
        try transaction { records in
            try records.append(
                audit.entry(
                    action: "reply", subject: "talk:\(title)#\(thread.id)",
                    reason:
                        "replied in \"\(thread.section)\" for \(by), revision \(revision)"
                ))
        }
        return report
    }
}

extension TalkPageDesk {
    /// Refuses a reply that may not go on the public talk page: empty, too long, holding control
    /// characters or direction overrides, or naming what the records know to be private (an
    /// enrolled participant, a partner's contact, an NDA session's link).
    func checkPublicReply(_ reply: String) throws {
        if reply.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw TalkReplyError.badReply("is empty; write the answer with --text or --file")
        }
        if reply.utf8.count > TalkPageImport.maximumCommentBytes {
            throw TalkReplyError.badReply(
                "is \(reply.utf8.count) bytes, more than the \(TalkPageImport.maximumCommentBytes) a comment may hold; shorten it"
            )
        }
        if let problem = TalkPageImport.problem(in: reply, kind: .multiline) {
            throw TalkReplyError.badReply(problem)
        }
        let terms = try openStore().read { try PrivateTerms.recorded(in: $0) }
        if let found = terms.occurrences(in: reply).first {
            throw TalkReplyError.badReply(
                "names \(found.term.what) (\"\(found.term.shown)\") at character \(found.offset + 1); the talk page is public: leave it out"
            )
        }
    }
}

/// A `talk reply` that names no thread of the questions section.
public enum TalkReplyError: Error, LocalizedError, CategorizedError, Equatable {
    case noThread(String, page: String, known: [String])
    case noComment(String, page: String)
    /// The reply's text is not fit to post; the message says why and what to change.
    case badReply(String)

    public var errorDescription: String? {
        switch self {
        case .noThread(let name, let page, let known):
            "no thread \"\(name)\" in the questions section of \(page)"
                + (known.isEmpty ? "" : "; threads: \(known.joined(separator: ", "))")
                + "; run cohort talk questions to list them"
        case .noComment(let item, let page):
            "no signed comment on \(page) is item \(item); only items imported from the talk page can be changed there"
        case .badReply(let why):
            "the reply \(why); nothing was posted"
        }
    }

    public var kind: FailureKind { .badInput }
}
