import Foundation

/// One pass over a talk page's wikitext: headings, hidden spans and signatures found first, then
/// each section cut at its signatures.
struct TalkPageReader {
    typealias Span = (range: Range<String.Index>, reason: String)

    struct Signature {
        /// From the first link of the signature to the end of its time.
        var range: Range<String.Index>
        var author: String?
        var signedAt: Date?
    }

    struct Heading {
        var level: Int
        var title: String
        /// The heading line, its line break included.
        var range: Range<String.Index>
    }

    let text: String
    let hideTemplates: [String]
    var spans: [Span] = []
    var comments: [TalkPage.Comment] = []
    var thread = -1
    /// Where each line starts, for line numbers.
    let lineStarts: [String.Index]

    init(text: String, hideTemplates: [String]) {
        self.text = text
        self.hideTemplates = hideTemplates
        var starts = [text.startIndex]
        var index = text.startIndex
        while let newline = text[index...].firstIndex(of: "\n") {
            index = text.index(after: newline)
            starts.append(index)
        }
        lineStarts = starts
    }

    // nonisolated(unsafe): Regex literals are immutable values only matched against; Regex is
    // not marked Sendable in the standard library.
    nonisolated(unsafe) static let timestamp =
        /(\d{1,2}):(\d{2}), (\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4}) \(UTC\)/
    nonisolated(unsafe) static let userLink =
        /\[\[\s*:?\s*(?:[Uu]ser(?:[ _][Tt]alk)?|[Ss]pecial\s*:\s*[Cc]ontributions)\s*[:\/]\s*([^|\]\/#]+?)\s*(?:[\/#][^|\]]*)?(?:\|[^\]]*)?\]\]/
    nonisolated(unsafe) static let unsignedNote =
        /\{\{\s*[Uu]nsigned(?:[ _]?(?:IP|ip))?\s*\|\s*([^|}]+?)\s*(?:\|\s*([^|}]*?)\s*)?\}\}/
    nonisolated(unsafe) static let heading = /^(={1,6})[ \t]*(.+?)[ \t]*\1[ \t]*$/.anchorsMatchLineEndings()
    nonisolated(unsafe) static let templateStart = /\{\{\s*([^|{}\n]+?)\s*(?=\||\}\})/
    nonisolated(unsafe) static let strikeTag = /<(s|del|strike)(?:\s[^>]*)?>/.ignoresCase()
    nonisolated(unsafe) static let invisibleSpan = /<span[^>]*display\s*:\s*none[^>]*>/.ignoresCase()
    nonisolated(unsafe) static let outdent = /^\s*\{\{\s*(?:[Oo]d|[Oo]utdent)\s*(?:\|[^}]*)?\}\}/

    mutating func read() -> [TalkPage.Comment] {
        let headings = findHeadings()
        spans = findSpans(headings)
        let signatures = findSignatures()
        var path: [(level: Int, title: String)] = []
        var sectionStart = text.startIndex
        var current: (level: Int, title: String)?
        for heading in headings + [nil] {
            let end = heading?.range.lowerBound ?? text.endIndex
            readSection(
                sectionStart..<end, title: current?.title ?? "", path: path.map(\.title), signatures: signatures)
            guard let heading else { break }
            path.removeAll { $0.level >= heading.level }
            path.append((heading.level, heading.title))
            current = (heading.level, heading.title)
            sectionStart = heading.range.upperBound
        }
        return comments
    }

    func findHeadings() -> [Heading] {
        text.matches(of: Self.heading).map { match in
            var end = match.range.upperBound
            if end < text.endIndex, text[end] == "\n" { end = text.index(after: end) }
            return Heading(
                level: match.output.1.count, title: TalkPage.plain(String(match.output.2)),
                range: match.range.lowerBound..<end)
        }
    }

    /// Where the section holding `index` ends.
    func sectionEnd(after index: String.Index, _ headings: [Heading]) -> String.Index {
        headings.first { $0.range.lowerBound > index }?.range.lowerBound ?? text.endIndex
    }

    /// Every hidden or struck region, outer ones only, in page order.
    func findSpans(_ headings: [Heading]) -> [Span] {
        var found: [Span] = []
        var wrapping = Set(TalkPage.wrappingTemplates)
        var pairs = Dictionary(TalkPage.pairedTemplates, uniquingKeysWith: { first, _ in first })
        for name in hideTemplates.map(TalkPage.templateKey) {
            if name.hasSuffix(" top") {
                pairs[name] = String(name.dropLast(4)) + " bottom"
            } else if pairs[name] == nil {
                wrapping.insert(name)
            }
        }
        let templates = text.matches(of: Self.templateStart).map {
            (range: $0.range, name: TalkPage.templateKey(String($0.output.1)))
        }
        for (offset, template) in templates.enumerated() {
            if wrapping.contains(template.name) {
                found.append((template.range.lowerBound..<templateEnd(template.range.lowerBound), "hidden"))
            } else if let closer = pairs[template.name] {
                let end =
                    templates[(offset + 1)...].first {
                        $0.name == closer && $0.range.lowerBound > template.range.lowerBound
                    }
                    .map { templateEnd($0.range.lowerBound) } ?? sectionEnd(after: template.range.lowerBound, headings)
                found.append((template.range.lowerBound..<end, "hidden"))
            }
        }
        for tag in text.matches(of: Self.strikeTag) {
            let name = tag.output.1.lowercased()
            let rest = text[tag.range.upperBound...]
            let close = rest.firstRange(of: "</\(name)>") ?? rest.firstRange(of: "</\(name.uppercased())>")
            let end = close?.upperBound ?? rest.firstIndex(of: "\n") ?? text.endIndex
            found.append((tag.range.lowerBound..<end, "struck"))
        }
        for tag in text.matches(of: Self.invisibleSpan) {
            let end = text[tag.range.upperBound...].firstRange(of: "</span>")?.upperBound ?? text.endIndex
            found.append((tag.range.lowerBound..<end, "hidden"))
        }
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
        var merged: [Span] = []
        for span in found {
            if let last = merged.last, span.range.lowerBound < last.range.upperBound {
                if span.range.upperBound > last.range.upperBound {
                    merged[merged.count - 1].range = last.range.lowerBound..<span.range.upperBound
                }
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// The end of the template opening at `start` (its `{{`), braces counted; the text's end when it
    /// never closes.
    func templateEnd(_ start: String.Index) -> String.Index {
        var depth = 0
        var index = start
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == "{", next < text.endIndex, text[next] == "{" {
                depth += 1
                index = text.index(after: next)
                continue
            }
            if text[index] == "}", next < text.endIndex, text[next] == "}" {
                depth -= 1
                index = text.index(after: next)
                if depth == 0 { return index }
                continue
            }
            index = next
        }
        return text.endIndex
    }

    /// Every signature, in page order: user links then a time, or an `{{unsigned}}` note.
    func findSignatures() -> [Signature] {
        var signatures: [Signature] = []
        let notes = text.matches(of: Self.unsignedNote)
        for note in notes {
            let time = note.output.2.flatMap { String($0).firstMatch(of: Self.timestamp) }
            signatures.append(
                Signature(
                    range: note.range, author: String(note.output.1).replacingOccurrences(of: "_", with: " "),
                    signedAt: time.flatMap { TalkPage.date($0.output) }))
        }
        var previousEnd = text.startIndex
        for stamp in text.matches(of: Self.timestamp) {
            if notes.contains(where: { $0.range.contains(stamp.range.lowerBound) }) { continue }
            let lineStart = lineStarts[line(of: stamp.range.lowerBound) - 1]
            let windowStart = max(lineStart, previousEnd)
            previousEnd = stamp.range.upperBound
            let before = text[windowStart..<stamp.range.lowerBound]
            let links = before.matches(of: Self.userLink)
            guard let last = links.last, text.distance(from: last.range.upperBound, to: stamp.range.lowerBound) <= 100
            else {
                signatures.append(Signature(range: stamp.range, author: nil, signedAt: TalkPage.date(stamp.output)))
                continue
            }
            // The signature is the run of user links before the time, with only spacing and
            // brackets between them: `[[User:A|A]] ([[User talk:A|talk]])`.
            var start = last.range.lowerBound
            for link in links.dropLast().reversed() {
                let gap = text[link.range.upperBound..<start]
                guard gap.allSatisfy({ " \t()|·•-–—".contains($0) }) else { break }
                start = link.range.lowerBound
            }
            signatures.append(
                Signature(
                    range: start..<stamp.range.upperBound,
                    author: String(last.output.1).replacingOccurrences(of: "_", with: " "),
                    signedAt: TalkPage.date(stamp.output)))
        }
        return signatures.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The 1-based line of `index`.
    func line(of index: String.Index) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    mutating func readSection(
        _ range: Range<String.Index>, title: String, path: [String], signatures: [Signature]
    ) {
        thread += 1
        var number = 0
        var cursor = range.lowerBound
        for signature in signatures
        where signature.range.lowerBound >= range.lowerBound && signature.range.upperBound <= range.upperBound {
            guard signature.range.lowerBound >= cursor else { continue }
            let piece = cursor..<signature.range.upperBound
            cursor = signature.range.upperBound
            if let span = spans.first(where: { $0.range.contains(signature.range.lowerBound) }) {
                // Text before the hidden region and after the last signature has nobody's name.
                if piece.lowerBound < span.range.lowerBound {
                    emit(piece.lowerBound..<span.range.lowerBound, nil, title, path, &number)
                }
                number += 1
                comments.append(
                    TalkPage.Comment(
                        section: title, sections: path, number: number, depth: 0, isReply: true, thread: thread,
                        author: signature.author, signedAt: signature.signedAt, text: "", wikitext: "",
                        hidden: span.reason, line: line(of: signature.range.lowerBound),
                        endLine: line(of: signature.range.lowerBound)))
                continue
            }
            emit(piece, signature, title, path, &number)
        }
        if cursor < range.upperBound { emit(cursor..<range.upperBound, nil, title, path, &number) }
    }

    /// The parts of `range` outside every hidden span.
    func visible(_ range: Range<String.Index>) -> (text: String, start: String.Index?, hiddenReason: String?) {
        var result = ""
        var start: String.Index?
        var reason: String?
        var index = range.lowerBound
        for span in spans where span.range.overlaps(range) {
            if index < span.range.lowerBound {
                let part = text[index..<span.range.lowerBound]
                if start == nil, let first = part.firstIndex(where: { !$0.isWhitespace }) { start = first }
                result += part
            }
            reason = reason ?? span.reason
            index = max(index, span.range.upperBound)
        }
        if index < range.upperBound {
            let part = text[index..<range.upperBound]
            if start == nil, let first = part.firstIndex(where: { !$0.isWhitespace }) { start = first }
            result += part
        }
        return (result, start, reason)
    }

    mutating func emit(
        _ range: Range<String.Index>, _ signature: Signature?, _ title: String, _ path: [String], _ number: inout Int
    ) {
        let body = signature.map { range.lowerBound..<$0.range.lowerBound } ?? range
        let seen = visible(body)
        let plain = TalkPage.plain(seen.text)
        let at = seen.start ?? signature?.range.lowerBound ?? range.lowerBound
        if signature == nil, plain.isEmpty { return }
        let lineStart = lineStarts[line(of: at) - 1]
        let depth = text[lineStart...].prefix { ":*#".contains($0) }.count
        let outdented = seen.text.drop { ":*#".contains($0) || $0.isWhitespace }.prefixMatch(of: Self.outdent) != nil
        let isReply = depth > 0 || outdented
        if !isReply { thread += 1 }
        let end =
            signature.map(\.range.lowerBound)
            ?? text[range].lastIndex(where: { !$0.isWhitespace }) ?? at
        number += 1
        comments.append(
            TalkPage.Comment(
                section: title, sections: path, number: number, depth: depth, isReply: isReply, thread: thread,
                author: signature?.author, signedAt: signature?.signedAt, text: plain,
                wikitext: seen.text.trimmingCharacters(in: .whitespacesAndNewlines),
                hidden: plain.isEmpty ? seen.hiddenReason : nil, line: line(of: at), endLine: line(of: end)))
    }
}
