import Foundation

/// A staff reply written into a thread of a talk page: indented under the thread's last comment,
/// signed, and never written twice (a reply whose text is in the thread already is found again).
public enum TalkReply {
    /// The thread `name` names among `threads`: its id (as `talk questions` prints it), or its
    /// heading when it has a subsection of its own (compared without case).
    public static func thread(_ name: String, in threads: [TalkPage.Thread]) -> TalkPage.Thread? {
        if let byID = threads.first(where: { $0.id == name }) { return byID }
        let headed = threads.filter { $0.section.caseInsensitiveCompare(name) == .orderedSame }
        return headed.first
    }

    /// True when `thread` holds a comment with `reply`'s text (white space normalised): it was
    /// posted before, perhaps by a run that stopped before it could record it.
    public static func isPosted(_ reply: String, in thread: TalkPage.Thread) -> Bool {
        let wanted = TalkPageImport.normalized(TalkPage.plain(reply))
        return thread.comments.contains { TalkPageImport.normalized($0.text).contains(wanted) }
    }

    /// The reply's wikitext: each line indented one deeper than the thread's last comment, then
    /// `— by` and a signature (`~~~~`, which the wiki expands for the account that saves it).
    public static func wikitext(_ reply: String, by: String, in thread: TalkPage.Thread) -> String {
        let depth = (thread.comments.last?.depth ?? 0) + 1
        let indent = String(repeating: ":", count: depth)
        let lines = reply.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "\n", omittingEmptySubsequences: true)
        var text = lines.map { indent + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
        text += " —\(by) ~~~~"
        return text
    }

    /// `wikitext` (the text `thread` was read from) with the reply inserted after the thread's
    /// last line.
    public static func inserting(_ reply: String, by: String, after thread: TalkPage.Thread, into wikitext: String)
        -> String
    {
        var lines = wikitext.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let last = thread.comments.map(\.endLine).max() ?? lines.count
        lines.insert(Self.wikitext(reply, by: by, in: thread), at: min(max(last, 0), lines.count))
        return lines.joined(separator: "\n")
    }
}
