/// What the records know to be private, for lint to look for in every public output: enrolled
/// participants' usernames and addresses (taking part in the NDA pilot is private, even where the
/// sign-up was public), partners' contacts, and every NDA session's meeting link.
public struct PrivateTerms: Sendable, Equatable {
    /// One private text and what it is, in words a finding names it by.
    public struct Term: Sendable, Hashable {
        public var text: String
        /// What the text is (`an enrolled pilot participant's username`).
        public var what: String
        /// True for a name or username: found only as a whole word. A link or an address is found
        /// wherever it starts, even inside a longer one.
        public var wholeWord: Bool
        /// The text as findings name it: `text` itself, unless this is a channel's escaped form of it.
        public var shown: String

        public init(_ text: String, what: String, wholeWord: Bool, shown: String? = nil) {
            self.text = text
            self.what = what
            self.wholeWord = wholeWord
            self.shown = shown ?? text
        }
    }

    public var terms: [Term]

    public init(_ terms: [Term] = []) {
        var seen: Set<String> = []
        self.terms = terms.filter { !$0.text.isEmpty && seen.insert($0.text).inserted }
    }

    /// Plain names (a test's or a caller's own), each as "a private record's name".
    public init(names: [String]) {
        self.init(names.map { Term($0, what: "a private record's name", wholeWord: true) })
    }

    /// From the records: the enrolled participants, the partners, and the sessions that are not
    /// open to the community.
    public init(signups: [Signup], partners: [Partner], sessions: [WorkshopSession]) {
        var terms: [Term] = []
        for signup in signups where signup.standing == .enrolled {
            // A wiki username is written with spaces or underscores alike.
            for form in Set([signup.username, signup.username.replacingOccurrences(of: "_", with: " ")]) {
                terms.append(Term(form, what: "an enrolled pilot participant's username", wholeWord: true))
            }
            terms.append(Term(signup.email, what: "an enrolled pilot participant's address", wholeWord: false))
        }
        for partner in partners {
            terms.append(Term(partner.contactName, what: "a partner's contact name", wholeWord: true))
            terms.append(Term(partner.contactEmail, what: "a partner's contact address", wholeWord: false))
        }
        for session in sessions where !session.audience.publishesLink {
            terms.append(
                Term(
                    session.link, what: "the meeting link of \(session.audience.rawValue) session \(session.id)",
                    wholeWord: false))
        }
        self.init(terms)
    }

    /// The terms with each written as well in the forms `escapings` give it (a channel's escaping
    /// of markup): found in an output however that output escaped it, named as the records hold it.
    public func including(_ escapings: [(String) -> String]) -> PrivateTerms {
        PrivateTerms(
            terms.flatMap { term in
                [term]
                    + escapings.map { escape in
                        Term(escape(term.text), what: term.what, wholeWord: term.wholeWord, shown: term.shown)
                    }
            })
    }

    /// Every occurrence of a term in `text`: the term and the offset (in Unicode scalars) where it starts.
    public func occurrences(in text: String) -> [(term: Term, offset: Int)] {
        let scalars = Array(text.unicodeScalars)
        var found: [(term: Term, offset: Int)] = []
        for term in terms {
            let needle = Array(term.text.unicodeScalars)
            guard !needle.isEmpty, needle.count <= scalars.count else { continue }
            var index = 0
            while index + needle.count <= scalars.count {
                if scalars[index] == needle[0], Array(scalars[index..<index + needle.count]) == needle,
                    !term.wholeWord
                        || (!Self.isWordScalar(index > 0 ? scalars[index - 1] : nil)
                            && !Self.isWordScalar(
                                index + needle.count < scalars.count ? scalars[index + needle.count] : nil))
                {
                    found.append((term, index))
                    index += needle.count
                } else {
                    index += 1
                }
            }
        }
        // One finding per place: a username inside an address found as the address.
        var end = 0
        return found.sorted {
            ($0.offset, -$0.term.text.unicodeScalars.count) < ($1.offset, -$1.term.text.unicodeScalars.count)
        }
        .filter { found in
            guard found.offset >= end else { return false }
            end = found.offset + found.term.text.unicodeScalars.count
            return true
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
    }
}
