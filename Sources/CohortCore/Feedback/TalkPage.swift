import Foundation

/// A wiki talk page read as its comments: each paragraph or indented line, with the author and
/// time of its signature, under the section it is in. Comments hidden or removed under the rules
/// of engagement are kept apart and counted, never quoted.
public struct TalkPage: Sendable, Equatable {
    /// One comment.
    public struct Comment: Sendable, Equatable {
        /// The section heading it is under (empty before the first heading).
        public var section: String
        /// How deep it is indented (`:` count); 0 starts a thread.
        public var depth: Int
        /// The signer's user name, when the comment is signed.
        public var author: String?
        /// When it was signed, from the signature's timestamp.
        public var signedAt: Date?
        /// The comment as plain text, without its signature.
        public var text: String
        /// Why it does not count, when it was hidden, struck or removed.
        public var hidden: String?
        /// Its line in the wikitext (1-based).
        public var line: Int

        /// Signed: both an author and a time.
        public var isSigned: Bool { author != nil && signedAt != nil }
    }

    /// A thread: a comment that starts one and the replies indented under it.
    public struct Thread: Sendable, Equatable {
        public var section: String
        public var comments: [Comment]
    }

    public var comments: [Comment]

    /// Every thread of `section` (by heading, compared without case), in page order.
    public func threads(in section: String) -> [Thread] {
        var threads: [Thread] = []
        for comment in comments where comment.section.caseInsensitiveCompare(section) == .orderedSame {
            if comment.depth == 0 || threads.isEmpty {
                threads.append(Thread(section: comment.section, comments: [comment]))
            } else {
                threads[threads.count - 1].comments.append(comment)
            }
        }
        return threads
    }

    /// Reads `wikitext`. Signatures are MediaWiki's: a link to the user's page, talk page or
    /// contributions, then `HH:MM, D Month YYYY (UTC)`; the author is the last such link before the
    /// time. A comment inside `<span style="display:none">`, `<s>`, `<del>`, `{{hidden}}`,
    /// `{{hat}}`/`{{collapse top}}` or `<!-- -->` is hidden.
    public static func parse(_ wikitext: String) -> TalkPage {
        var comments: [Comment] = []
        var section = ""
        var paragraph: (text: String, line: Int)?
        func flush() {
            if let open = paragraph { comments.append(comment(open.text, section: section, depth: 0, line: open.line)) }
            paragraph = nil
        }
        let text = stripComments(wikitext)
        for (offset, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let heading = heading(line) {
                flush()
                section = heading
                continue
            }
            if line.isEmpty {
                flush()
                continue
            }
            let markers = line.prefix { ":*#".contains($0) }
            if !markers.isEmpty {
                flush()
                comments.append(
                    comment(
                        String(line.dropFirst(markers.count)), section: section, depth: markers.count, line: offset + 1)
                )
                continue
            }
            if var open = paragraph {
                open.text += "\n" + line
                paragraph = open
            } else {
                paragraph = (line, offset + 1)
            }
        }
        flush()
        return TalkPage(comments: comments.filter { !$0.text.isEmpty || $0.isSigned })
    }

    static func heading(_ line: String) -> String? {
        guard let match = line.wholeMatch(of: /(={1,6})\s*(.+?)\s*\1/) else { return nil }
        return plain(String(match.2))
    }

    /// `<!-- … -->` removed, but each removed comment leaves a marker so a comment that held only
    /// one is known as removed.
    static func stripComments(_ text: String) -> String {
        text.replacing(
            /<!--.*?-->/.dotMatchesNewlines(),
            with: { match in
                String(repeating: "\n", count: match.output.filter { $0 == "\n" }.count)
            })
    }

    // nonisolated(unsafe): Regex literals are immutable values only matched against; Regex is
    // not marked Sendable in the standard library.
    private nonisolated(unsafe) static let timestamp =
        /(\d{1,2}):(\d{2}), (\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4}) \(UTC\)/
    private nonisolated(unsafe) static let userLink =
        /\[\[\s*(?:[Uu]ser(?:[ _][Tt]alk)?|[Ss]pecial:[Cc]ontributions)\s*[:\/]\s*([^|\]\/#]+?)\s*(?:\|[^\]]*)?\]\]/

    static func comment(_ raw: String, section: String, depth: Int, line: Int) -> Comment {
        var text = raw
        let hidden = hiddenReason(text)
        var author: String?
        var signedAt: Date?
        if let stamp = text.matches(of: timestamp).last {
            let before = text[..<stamp.range.lowerBound]
            let links = before.matches(of: userLink)
            if let last = links.last {
                author = String(last.output.1).replacingOccurrences(of: "_", with: " ")
                // The signature is the run of user links before the time, with only spacing and
                // brackets between them: `[[User:A|A]] ([[User talk:A|talk]])`.
                var start = last.range.lowerBound
                for link in links.dropLast().reversed() {
                    let gap = before[link.range.upperBound..<start]
                    guard gap.allSatisfy({ " \t()|·-–—".contains($0) }) else { break }
                    start = link.range.lowerBound
                }
                text = String(text[..<start]) + String(text[stamp.range.upperBound...])
            } else {
                text = String(before) + String(text[stamp.range.upperBound...])
            }
            signedAt = date(stamp.output)
        }
        return Comment(
            section: section, depth: depth, author: author, signedAt: signedAt, text: plain(text), hidden: hidden,
            line: line)
    }

    static func hiddenReason(_ text: String) -> String? {
        let lowered = text.lowercased()
        if lowered.contains("display:none") || lowered.contains("display: none") { return "hidden" }
        if lowered.contains("<s>") || lowered.contains("<del>") || lowered.contains("<strike>") { return "struck" }
        if lowered.contains("{{hidden") || lowered.contains("{{hat") || lowered.contains("{{collapse top")
            || lowered.contains("{{cot")
        {
            return "hidden"
        }
        return nil
    }

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func date(_ parts: (Substring, Substring, Substring, Substring, Substring, Substring)) -> Date? {
        guard let hour = Int(parts.1), let minute = Int(parts.2), let day = Int(parts.3),
            let month = months.firstIndex(of: String(parts.4)), let year = Int(parts.5),
            let civil = CivilDate(year: year, month: month + 1, day: day)
        else { return nil }
        return civil.start(in: .gmt).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    /// Wikitext as plain text: links as their text, bold and italics and HTML tags gone.
    static func plain(_ text: String) -> String {
        var result = text.replacing(/\[\[(?:[^|\]]*\|)?([^\]]*)\]\]/, with: { String($0.output.1) })
        result = result.replacing(/\[https?:\/\/[^\s\]]+\s+([^\]]*)\]/, with: { String($0.output.1) })
        result = result.replacing(/\{\{[^}]*\}\}/, with: "")
        result = result.replacing(/<[^>]+>/, with: "")
        result = result.replacingOccurrences(of: "'''", with: "").replacingOccurrences(of: "''", with: "")
        result = result.replacing(/[ \t]+/, with: " ")
        return result.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(
            in: CharacterSet(charactersIn: "—–-")
        )
        .trimmingCharacters(in: .whitespaces)
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
