import Foundation

/// What reading the talk page's sign-up section decided: one sign-up per person (their first
/// signed entry), and everything else counted or located.
public struct TalkSignupReading: Sendable, Equatable {
    /// A person's first signed entry, read as a sign-up.
    public struct Entry: Sendable, Equatable {
        /// `PAGE§Section, comment N`.
        public var location: String
        public var signup: Signup
        /// The sign-ups CSV columns the page gives for it; a known sign-up keeps the rest as recorded
        /// (an address, staff's judgement of the use case, answers recorded with `pilot set`).
        public var given: Set<String>
    }

    public var entries: [Entry] = []
    /// Later entries by someone who signed up already: reported, not imported.
    public var later: [String] = []
    /// Staff's comments in the section: they answer, they do not sign up.
    public var staff = 0
    /// Entries hidden or struck under the rules of engagement: counted, never imported.
    public var hidden = 0
    /// Unsigned text that holds the sign-up template: no one to credit and no time, so reported.
    public var unsigned: [String] = []
    /// Entries refused by the text rules or the sign-ups CSV's rules for values, each located.
    public var problems: [TalkPageProblems.Problem] = []
    /// How many entries `problems` are about (an entry may have several).
    public var refused = 0
}

/// Problems found on a talk page, each at its comment (`PAGE§Section, comment N: message`),
/// reported at once; nothing is changed when there is one.
public struct TalkPageProblems: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError, CategorizedError {
    /// One problem and the comment it is in.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// `PAGE§Section, comment N`.
        public var location: String
        public var message: String

        public init(location: String, message: String) {
            self.location = location
            self.message = message
        }

        public var description: String { "\(location): \(message)" }
    }

    /// What was read: `PAGE§Section`.
    public var place: String
    public var problems: [Problem]
    /// What to do about them, said after the count.
    public var hint: String?

    public init(place: String, problems: [Problem], hint: String? = nil) {
        self.place = place
        self.problems = problems
        self.hint = hint
    }

    /// The count, where, and that nothing changed.
    public var summary: String {
        "\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(place); nothing was changed"
            + (hint.map { "; \($0)" } ?? "")
    }

    /// One line per problem, then the summary.
    public var description: String { (problems.map(\.description) + [summary]).joined(separator: "\n") }
    public var errorDescription: String? { description }
    public var kind: FailureKind { .badInput }
}

/// Reading the sign-up section of a talk page (`pilot.signup`) into sign-ups: each signed entry is
/// one, its signer the username and its signature's time (UTC) `signed_up_at`; the sign-up
/// template's parameters, when the program names one, are its answers, read by the sign-ups CSV's
/// own rules. Pure: the page is passed in.
public enum TalkSignups {
    /// Reads the entries of `rules.section` (and its subsections) in `page`, titled `title`.
    /// Comments by `staff` are counted apart. A person's first signed entry is their sign-up; an
    /// entry without the template's answers is incomplete (`available`, `nda` unanswered), and the
    /// use case waits for staff's judgement unless the template carries it.
    public static func read(_ page: TalkPage, title: String, rules: TalkSignupRules, staff: [String])
        -> TalkSignupReading
    {
        var reading = TalkSignupReading()
        let staffKeys = Set(staff.map(WikiUsername.key))
        var first: [String: Int] = [:]
        for comment in page.comments
        where comment.sections.contains(where: { $0.caseInsensitiveCompare(rules.section) == .orderedSame }) {
            let location = comment.location(page: title)
            if comment.hidden != nil {
                reading.hidden += 1
                continue
            }
            guard let author = comment.author, let at = comment.signedAt else {
                if let template = rules.template, parameters(of: template, in: comment.wikitext) != nil {
                    reading.unsigned.append(
                        "\(location): a sign-up without a signature; ask its author to sign it with ~~~~")
                }
                continue
            }
            let key = WikiUsername.key(author)
            if staffKeys.contains(key) {
                reading.staff += 1
                continue
            }
            if let earlier = first[key] {
                reading.later.append(
                    "\(location): \(author) signed up in comment \(earlier) already; only the first entry counts")
                continue
            }
            first[key] = comment.number
            var found = TalkPageImport.problems(comment, author: author)
            if let problem = TalkPageImport.problem(in: author, kind: .key), found.isEmpty {
                found.append("the signature's user name \(problem)")
            }
            var entry: TalkSignupReading.Entry?
            if found.isEmpty {
                entry = self.entry(comment, location: location, author: author, at: at, rules: rules, found: &found)
            }
            guard let entry, found.isEmpty else {
                reading.problems += found.map { TalkPageProblems.Problem(location: location, message: $0) }
                reading.refused += 1
                continue
            }
            reading.entries.append(entry)
        }
        return reading
    }

    /// One entry as a sign-up: its answers written as a sign-ups CSV row and read by that format's
    /// rules, each problem named by the template's parameter.
    static func entry(
        _ comment: TalkPage.Comment, location: String, author: String, at: Date, rules: TalkSignupRules,
        found: inout [String]
    ) -> TalkSignupReading.Entry? {
        var values = [
            "username": author, "email": "", "signed_up_at": Instant.format(at), "use_case": "",
            "use_case_applicable": "no", "available": "no", "nda": "none", "time_zone": "UTC", "languages": "",
        ]
        var given: Set<String> = ["username", "signed_up_at"]
        var unanswered = Set(SignupAnswer.allCases)
        if let template = rules.template, let parameters = parameters(of: template, in: comment.wikitext) {
            for (field, parameter) in rules.fields {
                guard let value = parameters[TalkPage.templateKey(parameter)] else { continue }
                if let problem = TalkPageImport.problem(in: value, kind: Signup.columns.text[field] ?? .line) {
                    found.append("the template's \(parameter) (\(field)) \(problem)")
                    continue
                }
                if let answer = SignupAnswer(rawValue: field) {
                    // An answer left empty is not given: the entry is incomplete without it.
                    guard !value.isEmpty else { continue }
                    unanswered.remove(answer)
                } else if field == "time_zone", value.isEmpty {
                    continue
                }
                values[field] = value
                given.insert(field)
            }
        }
        var problems = CSVProblems(file: "")
        let columns = Signup.columns.all
        let row = CSVRow(
            location: CSVLocation(file: "", row: comment.number),
            columns: Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) }),
            values: columns.map { values[$0] ?? "" })
        guard var signup = Signup.read(row, &problems) else {
            found += problems.problems.map { problem in
                let field = problem.location?.column ?? ""
                let parameter = rules.fields[field].map { "the template's \($0) (\(field))" } ?? field
                return "\(parameter): \(problem.message)"
            }
            return nil
        }
        signup.unanswered = unanswered
        return TalkSignupReading.Entry(location: location, signup: signup, given: given)
    }

    /// `known` with what `entry` gives from the page (its `given` columns), the rest kept as recorded:
    /// the address, staff's judgement of the use case, answers recorded with `pilot set`, the name as
    /// first written, the standing. The page says what someone agreed to; a recorded `sent` or
    /// `signed` NDA is staff's later step, and the page's `agreed` does not undo it.
    public static func merging(_ entry: TalkSignupReading.Entry, into known: Signup) -> Signup {
        var merged = known
        let page = entry.signup
        for column in entry.given {
            switch column {
            case "signed_up_at": merged.signedUpAt = page.signedUpAt
            case "use_case": merged.useCase = page.useCase
            case "use_case_applicable": merged.useCaseApplicable = page.useCaseApplicable
            case "available": merged.available = page.available
            case "nda":
                let later = !known.unanswered.contains(.nda) && (known.nda == .sent || known.nda == .signed)
                if !(later && page.nda == .agreed) { merged.nda = page.nda }
            case "time_zone": merged.timeZone = page.timeZone
            case "languages": merged.languages = page.languages
            default: break
            }
            if let answer = SignupAnswer(rawValue: column) { merged.unanswered.remove(answer) }
        }
        return merged
    }

    /// The parameters of the last use of `template` in `wikitext` (the one nearest the signature: a
    /// section's first entry also holds the text above it, which may show the template bare), by
    /// name as MediaWiki matches names (`TalkPage.templateKey`), each value as plain text;
    /// positional ones by their number. Nil when the template is not there.
    public static func parameters(of template: String, in wikitext: String) -> [String: String]? {
        let wanted = TalkPage.templateKey(template)
        var index = wikitext.startIndex
        var found: [String: String]?
        while let open = wikitext[index...].firstRange(of: "{{") {
            let inner = templateBody(wikitext, from: open.upperBound)
            index = inner.end
            let parts = splitTopLevel(inner.text)
            var name = TalkPage.templateKey((parts.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            if name.hasPrefix("template:") { name = String(name.dropFirst("template:".count)).trimmed }
            guard name == wanted else {
                index = open.upperBound
                continue
            }
            var parameters: [String: String] = [:]
            var position = 0
            for part in parts.dropFirst() {
                if let equals = part.firstIndex(of: "=") {
                    let key = TalkPage.templateKey(
                        part[..<equals].trimmingCharacters(in: .whitespacesAndNewlines))
                    parameters[key] = parameters[key] ?? TalkPage.plain(String(part[part.index(after: equals)...]))
                } else {
                    position += 1
                    parameters[String(position)] = parameters[String(position)] ?? TalkPage.plain(part)
                }
            }
            found = parameters
        }
        return found
    }

    /// The text of the template that opens just before `start`, up to its closing `}}` (braces
    /// counted), and where that ends; the rest of the text when it never closes.
    static func templateBody(_ text: String, from start: String.Index) -> (text: String, end: String.Index) {
        var depth = 1
        var index = start
        while index < text.endIndex {
            let next = text.index(after: index)
            if next < text.endIndex, text[index] == "{", text[next] == "{" {
                depth += 1
                index = text.index(after: next)
            } else if next < text.endIndex, text[index] == "}", text[next] == "}" {
                depth -= 1
                if depth == 0 { return (String(text[start..<index]), text.index(after: next)) }
                index = text.index(after: next)
            } else {
                index = next
            }
        }
        return (String(text[start...]), text.endIndex)
    }

    /// `text` cut at each `|` that is not inside a nested template or link.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var previous: Character?
        for character in text {
            if (character == "{" || character == "[") && previous == character {
                depth += 1
            } else if (character == "}" || character == "]") && previous == character {
                depth = max(0, depth - 1)
            }
            if character == "|", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = (previous == character && "{}[]".contains(character)) ? nil : character
        }
        parts.append(current)
        return parts
    }
}
