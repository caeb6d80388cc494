import CohortCore
import Foundation

/// Checks rendered announcements before they go public: no personal mail address or private
/// name, no date the timeline does not have, no missing link to the blog post.
public struct AnnouncementLint: Sendable {
    public let program: Program
    /// What the records know to be private: it must never appear in a public channel.
    public var privateTerms: PrivateTerms

    public init(program: Program, privateTerms: PrivateTerms = PrivateTerms()) {
        self.program = program
        // Each term as the outputs may write it: wikitext and HTML escape what they embed.
        self.privateTerms = privateTerms.including([
            { Escaping.wikitext($0, atLineStart: false) }, { Escaping.wikitext($0) }, Escaping.html,
        ])
    }

    /// Mail addresses that may appear publicly: the team's, the sender's and the lists'.
    public var publicAddresses: Set<String> {
        var addresses: Set<String> = [program.contact.email.lowercased()]
        if let mail = program.channels.mail {
            addresses.insert(mail.from.email.lowercased())
            if let replyTo = mail.replyTo { addresses.insert(replyTo.lowercased()) }
            for list in mail.lists { addresses.insert(list.address.lowercased()) }
        }
        return addresses
    }

    /// Every date the timeline states, in words, and each end of a window.
    var timelineDates: Set<String> {
        var dates: [PlannedDate] = program.phases.map(\.dates) + program.milestones.map(\.date)
        dates += program.waves.compactMap(\.date) + program.waves.compactMap(\.previousDate)
        // The dates an item had before it moved may be named too ("first planned for …").
        dates +=
            (program.phases.flatMap(\.history) + program.milestones.flatMap(\.history)
            + program.waves.flatMap(\.history)).map(\.date)
        var words: Set<String> = []
        for date in dates {
            words.insert(date.spelledOut)
            words.insert(PlannedDate(date.from).spelledOut)
            words.insert(PlannedDate(date.to).spelledOut)
        }
        return words
    }

    /// Every problem in `rendered` (in the outputs of `channels` only, when given); `sources`
    /// locate them in the file staff edit when the text is there.
    public func problems(
        _ rendered: [RenderedAnnouncement], sources: [AnnouncementSource], channels: Set<AnnouncementChannel>? = nil
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for announcement in rendered {
            guard let source = sources.first(where: { $0.slug == announcement.slug }) else { continue }
            let all: [(AnnouncementChannel, String, String?)] = [
                (.meta, "announcements/\(source.slug)/meta.wiki", announcement.metaWiki),
                (.blog, "announcements/\(source.slug)/blog.html", announcement.blogHTML),
                (.mail, "announcements/\(source.slug)/mail.eml (text part)", announcement.mailText),
                (.mail, "announcements/\(source.slug)/mail.eml (html part)", announcement.mailHTML),
                (.social, "announcements/\(source.slug)/social.txt", announcement.socialText),
            ]
            let outputs: [(file: String, text: String)] = all.compactMap { channel, file, text in
                guard channels?.contains(channel) ?? true else { return nil }
                return text.map { (file, $0) }
            }
            let ownDate = PlannedDate(DatePeriod(day: CivilDate(source.date, in: program.timeZone))).spelledOut
            // A problem is reported once where staff wrote it (the source), else once in each
            // output it reached: every channel it would go out on is stopped by it.
            var reported: Set<Diagnostic> = []
            func report(_ found: String, in output: (file: String, text: String), _ message: String) {
                let location =
                    Self.locate(found, in: source.body, file: source.file, lineOffset: source.bodyLine - 1)
                    ?? Self.locate(found, in: output.text, file: output.file, lineOffset: 0)
                    ?? SourceLocation(file: output.file)
                let problem = Diagnostic(location, message)
                if reported.insert(problem).inserted { problems.append(problem) }
            }
            let privateTexts = Set(privateTerms.terms.map { $0.shown.lowercased() })
            // The mail's subject is checked as its parts are, but links nothing.
            var subject: [(file: String, text: String)] = []
            if let text = announcement.mail?.subject, channels?.contains(.mail) ?? true {
                subject.append(("announcements/\(source.slug)/mail.eml (subject)", text))
            }
            for output in outputs + subject {
                for match in output.text.matches(of: Self.emailPattern) {
                    let address = String(match.output)
                    if !publicAddresses.contains(address.lowercased()), !privateTexts.contains(address.lowercased()) {
                        report(
                            address, in: output,
                            "\"\(address)\" is a personal mail address in a public channel; remove it")
                    }
                }
                problems += privateProblems(in: output, source: source, reported: &reported)
                for match in output.text.matches(of: Self.doubledWordPattern) {
                    report(
                        String(match.output.0), in: output,
                        "\"\(match.output.0)\" repeats a word; a template variable may carry it already (date_phrase has its article, date has none)"
                    )
                }
                for match in output.text.matches(of: Self.datePattern) {
                    let phrase = String(match.output)
                    if phrase != ownDate, !timelineDates.contains(phrase) {
                        report(
                            phrase, in: output,
                            "\"\(phrase)\" is not a date of the timeline; use a timeline variable such as {{milestone.<id>.date}} so the text follows it"
                        )
                    }
                }
            }
            if source.kind == "outcome", source.channels.contains(.mail), !source.channels.contains(.blog),
                source.blog.url == nil, channels?.contains(.mail) ?? true
            {
                problems.append(
                    Diagnostic(
                        SourceLocation(file: source.file, line: 2, column: 1),
                        "an outcome mail links the Diff blog post (the plan: \"sending a follow-up announcement and linking to the diff blog\"); set blog.url"
                    ))
            }
            if source.channels.contains(.blog), source.channels.count > 1 {
                guard let url = source.blog.url else {
                    problems.append(
                        Diagnostic(
                            SourceLocation(file: source.file, line: 2, column: 1),
                            "blog.url is not set; the mail and the Meta update link the blog post (its planned address until published)"
                        ))
                    continue
                }
                for output in outputs where !output.file.hasSuffix("blog.html") && !output.text.contains(url) {
                    problems.append(
                        Diagnostic(
                            SourceLocation(file: output.file),
                            "does not link the blog post \(url); add {{{blog_link}}} to its template"))
                }
            }
        }
        return problems
    }

    /// Each occurrence of a private term in `output`: where staff wrote it in the source, if they
    /// did, else at its line and column in the output.
    func privateProblems(
        in output: (file: String, text: String), source: AnnouncementSource, reported: inout Set<Diagnostic>
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (term, offset) in privateTerms.occurrences(in: output.text) {
            let message = Self.privateMessage(term, in: "a public channel")
            let inSource = privateTerms.occurrences(in: source.body).filter { $0.term.shown == term.shown }
            let locations =
                inSource.isEmpty
                ? [RecordContextFile.location(ofOffset: offset, in: output.text, file: output.file)]
                : inSource.map { found in
                    let at = RecordContextFile.location(ofOffset: found.offset, in: source.body, file: source.file)
                    return SourceLocation(file: source.file, line: at.line + source.bodyLine - 1, column: at.column)
                }
            for location in locations {
                let problem = Diagnostic(location, message)
                if reported.insert(problem).inserted { problems.append(problem) }
            }
        }
        return problems
    }

    /// What a finding of a private term says.
    public static func privateMessage(_ term: PrivateTerms.Term, in place: String) -> String {
        "\"\(term.shown)\" is \(term.what) in \(place); remove it"
    }

    /// Each occurrence of a private term in a record context, at its line and column.
    public func privateProblems(inContext text: String, file: String) -> [Diagnostic] {
        privateTerms.occurrences(in: text).map { term, offset in
            Diagnostic(
                RecordContextFile.location(ofOffset: offset, in: text, file: file),
                Self.privateMessage(term, in: "a record context, which public channels quote"))
        }
    }

    static func locate(_ needle: String, in text: String, file: String, lineOffset: Int) -> SourceLocation? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: needle) {
                return SourceLocation(
                    file: file, line: index + 1 + lineOffset,
                    column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }

    /// A word written twice in a row ("the the"), as a template that adds a word its variable
    /// carries already writes it.
    nonisolated(unsafe) static let doubledWordPattern = /\b(?i:([a-z]+)\s+\1)\b/

    nonisolated(unsafe) public static let emailPattern = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+/

    // Dates as announcements write them (the forms PlannedDate.spelledOut produces).
    nonisolated(unsafe) static let datePattern =
        /(?:\d{1,2}(?:–\d{1,2})? )?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:–(?:January|February|March|April|May|June|July|August|September|October|November|December))? \d{4}|Q[1-4] \d{4}|(?:first|second) half of \d{4}/
}
