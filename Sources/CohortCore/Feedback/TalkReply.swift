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
        unsigned(reply, by: by, in: thread) + " ~~~~"
    }

    /// `wikitext` without its signature: what a saved revision carries word for word (the wiki
    /// replaces `~~~~` with the account's signature), so the edit can be read back.
    public static func unsigned(_ reply: String, by: String, in thread: TalkPage.Thread) -> String {
        let depth = (thread.comments.last?.depth ?? 0) + 1
        let indent = String(repeating: ":", count: depth)
        let lines = reply.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "\n", omittingEmptySubsequences: true)
        return lines.map { indent + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n") + " —\(by)"
    }

    /// `unsigned` for a reply under `comment` alone (a question to its author).
    public static func unsigned(_ reply: String, by: String, under comment: TalkPage.Comment) -> String {
        unsigned(reply, by: by, in: TalkPage.Thread(section: comment.section, comments: [comment]))
    }

    /// `wikitext` with the reply inserted under `comment` alone (a question to its author).
    public static func inserting(_ reply: String, by: String, under comment: TalkPage.Comment, into wikitext: String)
        -> String
    {
        inserting(reply, by: by, after: TalkPage.Thread(section: comment.section, comments: [comment]), into: wikitext)
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

/// Hiding a comment on the wiki under the rules of engagement, and showing it again: its lines
/// wrapped in the program's hide template (`{{hidden|reason|…}}`), and unwrapped.
public enum TalkHiding {
    /// `wikitext` with the lines of `comment` wrapped in `{{template|reason|…}}`, the indentation
    /// kept outside; nil when the comment is hidden already.
    public static func hiding(_ comment: TalkPage.Comment, template: String, reason: String, in wikitext: String)
        -> String?
    {
        guard comment.hidden == nil, comment.line > 0 else { return nil }
        var lines = wikitext.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = comment.line - 1
        let last = max(comment.endLine, comment.line) - 1
        guard last < lines.count else { return nil }
        let markers = lines[first].prefix { ":*#".contains($0) }
        let body = lines[first...last].joined(separator: "\n")
        let named = body.dropFirst(markers.count).contains("=") ? "2=" : ""
        lines[first] = markers + "{{\(template)|\(reason)|\(named)" + lines[first].dropFirst(markers.count)
        lines[last] += "}}"
        return lines.joined(separator: "\n")
    }

    /// `wikitext` with the `{{template|…|` wrapper around the hidden `comment` (signed on its
    /// `line`) taken off; nil when there is none.
    public static func unhiding(_ comment: TalkPage.Comment, template: String, in wikitext: String) -> String? {
        var lines = wikitext.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let signed = comment.line - 1
        guard comment.hidden != nil, signed >= 0, signed < lines.count, lines[signed].hasSuffix("}}") else {
            return nil
        }
        let opener = "{{\(template)|"
        guard let first = lines[...signed].lastIndex(where: { $0.contains(opener) }),
            let start = lines[first].range(of: opener)
        else { return nil }
        let rest = lines[first][start.upperBound...]
        guard let bar = rest.firstIndex(of: "|") else { return nil }
        var content = rest[rest.index(after: bar)...]
        if content.hasPrefix("2=") { content = content.dropFirst(2) }
        lines[first] = String(lines[first][..<start.lowerBound]) + content
        lines[signed] = String(lines[signed].dropLast(2))
        return lines.joined(separator: "\n")
    }
}
