import Foundation

/// What reading a talk page as feedback decided: the items to keep and everything left out,
/// counted or located.
public struct TalkPageReading: Sendable, Equatable {
    /// One item per signed comment by someone other than staff, in page order.
    public var items: [FeedbackItem] = []
    /// Comments hidden or struck under the rules of engagement: counted, never imported.
    public var hidden = 0
    /// Unsigned text the page history could not attribute: reported, not imported.
    public var unsigned: [String] = []
    /// Unsigned text attributed to the revision that added it, and imported.
    public var attributed = 0
    /// Staff's replies: they answer their thread, and are not feedback.
    public var staff = 0
    /// Items signed after input closed.
    public var late: [String] = []
    /// Comments already imported from another source: `(talk-page id it would have had, item id)`.
    public var linked: [Link] = []
    /// Comments refused by the text rules, each located (`PAGE§Section, comment N: message`).
    public var problems: [String] = []

    /// A comment that is an item already, from another source.
    public struct Link: Sendable, Equatable, Encodable {
        public var comment: String
        public var item: String
    }
}

/// The revision of a page that first held a piece of text: who saved it and when.
public struct TalkRevision: Sendable, Equatable {
    public var user: String
    public var at: Date
    public var text: String

    public init(user: String, at: Date, text: String) {
        self.user = user
        self.at = at
        self.text = text
    }
}

/// Reading a talk page's comments into feedback items (`source: talk-page`), under the same text
/// rules as the CSV import. Pure: the page, its history and the items known are passed in.
public enum TalkPageImport {
    /// The most a comment may hold, in UTF-8 bytes; a longer one is refused with a finding.
    public static let maximumCommentBytes = 20_000
    public static let source = "talk-page"

    /// Decides the items of `page` (titled `title`). `staff` names the accounts whose comments are
    /// answers; a comment signed at or after `inputCloses` is late; `known` are the items imported
    /// so far (a comment with the same author and text from another source is linked to it);
    /// `history` (oldest first) attributes unsigned text.
    public static func read(
        _ page: TalkPage, title: String, staff: [String], inputCloses: Date?, known: [FeedbackItem],
        history: [TalkRevision] = []
    ) -> TalkPageReading {
        var reading = TalkPageReading()
        let staffKeys = Set(staff.map(WikiUsername.key))
        var seen: [String: Int] = [:]
        var others: [String: String] = [:]
        for item in known where item.source != source {
            guard let author = item.author else { continue }
            others[WikiUsername.key(author) + "\u{0}" + normalized(item.text)] =
                others[
                    WikiUsername.key(author) + "\u{0}" + normalized(item.text)] ?? item.id
        }
        for comment in page.comments {
            if comment.hidden != nil {
                reading.hidden += 1
                continue
            }
            var author = comment.author
            var at = comment.signedAt
            if author == nil || at == nil {
                // Unsigned text above the first heading is the page's header, not a comment.
                if comment.section.isEmpty, author == nil { continue }
                guard let revision = attribution(comment, history) else {
                    reading.unsigned.append(
                        "\(comment.location(page: title)): unsigned, and no revision of the page added it alone; "
                            + "sign it with {{unsigned}} on the wiki")
                    continue
                }
                author = author ?? revision.user
                at = at ?? revision.at
                reading.attributed += 1
            }
            guard let author, let at else { continue }
            if staffKeys.contains(WikiUsername.key(author)) {
                reading.staff += 1
                continue
            }
            let found = problems(comment, author: author)
            if !found.isEmpty {
                reading.problems += found.map { "\(comment.location(page: title)): \($0)" }
                continue
            }
            let id = itemID(title: title, section: comment.section, author: author, at: at, seen: &seen)
            if let other = others[WikiUsername.key(author) + "\u{0}" + normalized(comment.text)],
                !known.contains(where: { $0.id == id })
            {
                reading.linked.append(TalkPageReading.Link(comment: id, item: other))
                continue
            }
            let late = inputCloses.map { at >= $0 } ?? false
            if late { reading.late.append(id) }
            reading.items.append(
                FeedbackItem(
                    id: id, source: source, receivedAt: at, author: author, text: comment.text,
                    section: comment.section.isEmpty ? nil : comment.section, late: late))
        }
        return reading
    }

    /// The id a comment's item has: from the page, section, signer and time, and a count when one
    /// signer signed twice at the same minute in the same section.
    static func itemID(title: String, section: String, author: String, at: Date, seen: inout [String: Int]) -> String {
        let key = "\(title)\u{0}\(section)\u{0}\(author)\u{0}\(Instant.format(at))"
        seen[key, default: 0] += 1
        return "talk-" + String(StableHash.hex(key, String(seen[key] ?? 1)).prefix(10))
    }

    /// The signed comment of `page` whose item is `id`, hidden or not.
    public static func comment(_ id: String, in page: TalkPage, title: String) -> TalkPage.Comment? {
        var seen: [String: Int] = [:]
        for comment in page.comments {
            guard let author = comment.author, let at = comment.signedAt else { continue }
            if itemID(title: title, section: comment.section, author: author, at: at, seen: &seen) == id {
                return comment
            }
        }
        return nil
    }

    /// What the text rules refuse in a comment: control characters, bidirectional overrides, a
    /// bad user name, more than `maximumCommentBytes`.
    public static func problems(_ comment: TalkPage.Comment, author: String) -> [String] {
        var found: [String] = []
        if comment.text.utf8.count > maximumCommentBytes {
            found.append(
                "the comment is \(comment.text.utf8.count) bytes, more than the \(maximumCommentBytes) a comment may hold; "
                    + "it was left out: ask its author to shorten or split it")
        }
        for (what, value, kind) in [
            ("the comment", comment.text, TextRule.Kind.multiline), ("the signature's user name", author, .line),
            ("the section heading", comment.section, .line),
        ] {
            if let problem = problem(in: value, kind: kind) { found.append("\(what) \(problem)") }
        }
        if let problem = WikiUsername.problem(author) { found.append("the signature's user name \(problem)") }
        return found
    }

    /// `TextRule`'s problem, or a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069)
    /// that would reorder what a reader sees.
    public static func problem(in text: String, kind: TextRule.Kind) -> String? {
        if let problem = TextRule.problem(in: text, kind: kind) { return problem }
        for (offset, scalar) in text.unicodeScalars.enumerated()
        where (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
            return
                "contains the bidirectional control \(TextRule.codePoint(scalar)) at character \(offset + 1); remove it"
        }
        return nil
    }

    /// Text with every run of white space as one space, trimmed: how two copies of a comment compare.
    public static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The revision that added `comment`: the first whose text holds the comment's wikitext, when the
    /// one before it did not.
    public static func attribution(_ comment: TalkPage.Comment, _ history: [TalkRevision]) -> TalkRevision? {
        let wanted = normalized(comment.wikitext)
        guard !wanted.isEmpty else { return nil }
        return history.first { normalized($0.text).contains(wanted) }
    }
}
