import Foundation

/// A wiki talk page read as its comments: one comment per signature, from the end of the previous
/// signature (or the section's start) to its own, under the section it is in. Regions hidden or
/// struck under the rules of engagement leave out exactly their own span: a comment inside one is
/// kept apart and counted, never quoted; the comments around it are read as if it were not there.
public struct TalkPage: Sendable, Equatable {
    /// One comment, or a piece of unsigned text.
    public struct Comment: Sendable, Equatable {
        /// The heading it is under (empty before the first heading).
        public var section: String
        /// Every heading above it, outermost first, its own last.
        public var sections: [String]
        /// Its place in its section, counting every comment and unsigned piece there (1-based).
        public var number: Int
        /// How deep it is indented (`:`, `*`, `#` count).
        public var depth: Int
        /// Indented, or outdented with `{{od}}`: it answers the thread above it.
        public var isReply: Bool
        /// The thread it belongs to, counted over the page from 0.
        public var thread: Int
        /// The signer's user name as written in the signature, when it is signed.
        public var author: String?
        /// When it was signed, from the signature's timestamp (UTC).
        public var signedAt: Date?
        /// The comment as plain text, without its signature.
        public var text: String
        /// The comment's own wikitext, hidden spans and signature left out.
        public var wikitext: String
        /// Why it does not count, when it was hidden or struck.
        public var hidden: String?
        /// The line in the wikitext where it starts (1-based).
        public var line: Int
        /// The line where it ends: its signature's, or its last text's.
        public var endLine: Int = 0

        /// Signed: both an author and a time.
        public var isSigned: Bool { author != nil && signedAt != nil }

        /// `PAGE§Section, comment N`: where a finding about it points.
        public func location(page: String) -> String {
            "\(page)§\(section.isEmpty ? "(top)" : section), comment \(number)"
        }
    }

    /// A thread: a comment that starts one and the replies under it.
    public struct Thread: Sendable, Equatable {
        public var section: String
        public var comments: [Comment]

        /// A short name that stays the same while the page grows: from its section, first author
        /// and first signature time (`t-1a2b3c4d`).
        public var id: String {
            let first = comments.first
            return "t-"
                + String(
                    StableHash.hex(
                        section, first?.author.map(WikiUsername.key) ?? "",
                        first?.signedAt.map(Instant.format) ?? first?.text ?? ""
                    ).prefix(8))
        }
    }

    public var comments: [Comment]

    /// Every thread of `section` and its subsections (headings compared without case), in page order.
    public func threads(in section: String) -> [Thread] {
        var threads: [Thread] = []
        var last: Int?
        for comment in comments
        where comment.sections.contains(where: { $0.caseInsensitiveCompare(section) == .orderedSame }) {
            if comment.thread == last, !threads.isEmpty {
                threads[threads.count - 1].comments.append(comment)
            } else {
                threads.append(Thread(section: comment.section, comments: [comment]))
                last = comment.thread
            }
        }
        return threads
    }

    /// Templates that hide what they wrap (`{{hidden|…}}`), beside the paired ones.
    public static let wrappingTemplates = ["hidden"]
    /// Templates that hide everything from the first to the second.
    public static let pairedTemplates = [
        ("hat", "hab"), ("collapse top", "collapse bottom"), ("cot", "cob"),
        ("hidden archive top", "hidden archive bottom"),
        ("archive top", "archive bottom"), ("hidden begin", "hidden end"),
    ]

    /// Reads `wikitext`. Signatures are MediaWiki's: a link to the user's page, talk page or
    /// contributions, then `HH:MM, D Month YYYY (UTC)`, or an `{{unsigned|User|time}}` note. Hidden
    /// regions are `{{hidden}}`, `{{hat}}`/`{{hab}}`, `{{collapse top}}`/`{{collapse bottom}}`,
    /// `<s>`, `<del>`, `<strike>`, `display:none` spans and `hideTemplates` (a name ending in
    /// ` top` pairs with its ` bottom`). `<!-- -->` is left out.
    public static func parse(_ wikitext: String, hideTemplates: [String] = []) -> TalkPage {
        var reader = TalkPageReader(text: stripComments(wikitext), hideTemplates: hideTemplates)
        return TalkPage(comments: reader.read())
    }

    /// `<!-- … -->` removed, its line breaks kept so line numbers stay right.
    static func stripComments(_ text: String) -> String {
        text.replacing(
            /<!--.*?-->/.dotMatchesNewlines(),
            with: { match in
                String(repeating: "\n", count: match.output.filter { $0 == "\n" }.count)
            })
    }

    /// A template or tag name as MediaWiki matches it: first letter without case, `_` as space.
    static func templateKey(_ name: String) -> String {
        name.replacingOccurrences(of: "_", with: " ").split(separator: " ").joined(separator: " ").lowercased()
    }

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// `HH:MM, D Month YYYY (UTC)` as an instant.
    static func date(_ parts: (Substring, Substring, Substring, Substring, Substring, Substring)) -> Date? {
        guard let hour = Int(parts.1), let minute = Int(parts.2), let day = Int(parts.3),
            let month = months.firstIndex(of: String(parts.4)), let year = Int(parts.5), hour < 24, minute < 60,
            let civil = CivilDate(year: year, month: month + 1, day: day)
        else { return nil }
        return civil.start(in: .gmt).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    /// Wikitext as plain text: links as their text, templates, tags, bold and italics gone, each
    /// line's indentation markers dropped.
    static func plain(_ text: String) -> String {
        var result = text.replacing(/\[\[(?:[^|\]]*\|)?([^\]]*)\]\]/, with: { String($0.output.1) })
        result = result.replacing(/\[https?:\/\/[^\s\]]+\s+([^\]]*)\]/, with: { String($0.output.1) })
        result = result.replacing(/\{\{[^}]*\}\}/, with: "")
        result = result.replacing(/<[^>]+>/, with: "")
        result = result.replacingOccurrences(of: "'''", with: "").replacingOccurrences(of: "''", with: "")
        result = result.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.drop { ":*# \t".contains($0) }
        }.joined(separator: "\n")
        result = result.replacing(/[ \t]+/, with: " ")
        result = result.replacing(/\n{3,}/, with: "\n\n")
        return result.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(
            in: CharacterSet(charactersIn: "—–-")
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Counting working days (Monday to Friday), as the plan's promise to answer "daily during working
/// days" counts them.
public enum WorkingDays {
    /// Whole working days from `start` to `end`, counted in `zone`: 0 on the same day.
    public static func between(_ start: Date, _ end: Date, in zone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var day = calendar.startOfDay(for: start)
        let last = calendar.startOfDay(for: end)
        var count = 0
        while day < last {
            day = calendar.date(byAdding: .day, value: 1, to: day) ?? last
            let weekday = calendar.component(.weekday, from: day)
            if weekday != 1, weekday != 7 { count += 1 }
        }
        return count
    }
}
