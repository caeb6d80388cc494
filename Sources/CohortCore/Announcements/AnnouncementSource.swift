import Foundation
import Yams

/// The channels one announcement is told on: the Meta-Wiki page, the Diff blog, the mailing lists
/// and a short post for the social media channels used for recruitment. Open, not an enum: a
/// channel is a plug-in (CohortKit's `Channel`), and a workspace may register more than these four.
public struct AnnouncementChannel: RawRepresentable, Hashable, Sendable, Codable, Comparable,
    CustomStringConvertible
{
    public let rawValue: String

    /// Nil unless `rawValue` is a name (`[a-z][a-z0-9-]*`), as front matter and records write it.
    public init?(rawValue: String) {
        guard let first = rawValue.unicodeScalars.first, ("a"..."z").contains(first),
            rawValue.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else { return nil }
        self.rawValue = rawValue
    }

    private init(_ name: StaticString) { rawValue = "\(name)" }

    public static let meta = Self("meta")
    public static let blog = Self("blog")
    public static let mail = Self("mail")
    public static let social = Self("social")

    /// The four channels Cohort ships, in the plan's order.
    public static let allCases: [Self] = [.meta, .blog, .mail, .social]

    /// The shipped channels in the plan's order, then any other by name.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        let (left, right) = (
            allCases.firstIndex(of: lhs) ?? allCases.count, allCases.firstIndex(of: rhs) ?? allCases.count
        )
        return left == right ? lhs.rawValue < rhs.rawValue : left < right
    }

    public var description: String { rawValue }

    /// The file the channel renders to in `announcements/<slug>/` (`<name>.txt` for a plug-in's own).
    public var outputName: String {
        switch self {
        case .meta: "meta.wiki"
        case .blog: "blog.html"
        case .mail: "mail.eml"
        case .social: "social.txt"
        default: "\(rawValue).txt"
        }
    }
}

/// `announcements/<slug>.md`: front matter that says where and how to tell it, and a CommonMark body.
public struct AnnouncementSource: Sendable, Equatable {
    /// Kinds of announcement; a kind may have its own templates in `templates/<kind>/`.
    public static let kinds = ["call-for-participation", "workshop", "outcome", "delay", "release", "update"]

    public var slug: String
    public var file: String
    public var title: String
    public var kind: String
    /// When it goes out: the mail's Date, the blog post's date.
    public var date: Date
    /// The date as written (`2022-01-24`).
    public var dateText: String
    public var channels: [AnnouncementChannel]
    public var meta: MetaOptions
    public var blog: BlogOptions
    public var mail: MailOptions
    /// The CommonMark body (may use template variables).
    public var body: String
    /// The line of the file the body starts on.
    public var bodyLine: Int

    /// Where the Meta-Wiki update goes and how the edit is described.
    public struct MetaOptions: Sendable, Equatable {
        /// The page (default: `channels.meta.page`).
        public var page: String?
        /// The section heading the update goes under.
        public var section: String?
        /// The edit summary.
        public var summary: String?
        /// The page does not exist yet and publishing may create it (otherwise it refuses to).
        public var create = false

        public init(page: String? = nil, section: String? = nil, summary: String? = nil, create: Bool = false) {
            self.page = page
            self.section = section
            self.summary = summary
            self.create = create
        }
    }

    /// The Diff blog draft.
    public struct BlogOptions: Sendable, Equatable {
        public var slug: String?
        /// Where the post will be (or is) published; mail and Meta link it.
        public var url: String?
        public var categories: [String] = []
        public var tags: [String] = []
        public var excerpt: String?
        /// True once WordPress published the post and `url` is its own address (never written by
        /// hand: Cohort reads it from the blog).
        public var published: Bool = false

        public init(
            slug: String? = nil, url: String? = nil, categories: [String] = [], excerpt: String? = nil,
            published: Bool = false
        ) {
            self.slug = slug
            self.url = url
            self.categories = categories
            self.excerpt = excerpt
            self.published = published
        }
    }

    /// The mailing-list mail.
    public struct MailOptions: Sendable, Equatable {
        /// List ids from `channels.mail.lists`, or addresses.
        public var to: [String] = []
        public var subject: String?
        /// Where the subject's text starts in the file, for errors in its template variables.
        public var subjectLocation: SourceLocation?
        /// Where the list archive shows the mail, when known; the Meta update links it.
        public var archiveURL: String?

        public init(
            to: [String] = [], subject: String? = nil, subjectLocation: SourceLocation? = nil, archiveURL: String? = nil
        ) {
            self.to = to
            self.subject = subject
            self.subjectLocation = subjectLocation
            self.archiveURL = archiveURL
        }
    }
}

/// Reads announcement sources, reporting every problem with its line and column.
public enum AnnouncementDecoder {
    /// Decodes the text of `announcements/<slug>.md`; `file` names it in diagnostics.
    /// `channels`: the names its `channels` list may use (the workspace's registered channels).
    public static func decode(
        _ text: String, slug: String, file: String, timeZone: TimeZone,
        channels known: [AnnouncementChannel] = AnnouncementChannel.allCases
    ) -> Result<AnnouncementSource, ConfigurationProblems> {
        let start = SourceLocation(file: file, line: 1, column: 1)
        // "\r\n" is one Character in Swift: normalise line ends before splitting.
        // By byte, not by Character (a grapheme walk over the whole file); CRLF read as LF.
        var lines: [String] = []
        var lineStart = text.utf8.startIndex
        var index = lineStart
        while true {
            let end = index == text.utf8.endIndex
            if end || text.utf8[index] == UInt8(ascii: "\n") {
                var stop = index
                if stop > lineStart, text.utf8[text.utf8.index(before: stop)] == UInt8(ascii: "\r") {
                    stop = text.utf8.index(before: stop)
                }
                lines.append(String(text[lineStart..<stop]))
                if end { break }
                lineStart = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else {
            return .failure(
                ConfigurationProblems([
                    Diagnostic(start, "an announcement starts with front matter between two \"---\" lines")
                ]))
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        let root: Node?
        do {
            // Every scalar is read as text and interpreted by YAMLReader: Yams' tag rules
            // (regular expressions tried on each scalar) would only cost time. UTF-8 said outright:
            // the default reads the environment on every call (and prints if it is set).
            root = try Yams.compose(yaml: yaml, Resolver.basic, Constructor.default, .utf8)
        } catch {
            return .failure(
                ConfigurationProblems([ProgramDecoder.syntaxDiagnostic(error, file: file, text: yaml, lineOffset: 1)]))
        }
        guard let root else {
            return .failure(
                ConfigurationProblems([Diagnostic(start, "the front matter is empty; it needs at least a title")]))
        }
        var decoding = FrontMatter(reader: YAMLReader(file: file, lineOffset: 1), timeZone: timeZone, known: known)
        let source = decoding.decode(root, slug: slug, file: file, body: body, bodyLine: end + 2)
        guard decoding.reader.diagnostics.isEmpty, let source else {
            return .failure(ConfigurationProblems(decoding.reader.diagnostics))
        }
        return .success(source)
    }
}

private struct FrontMatter {
    var reader: YAMLReader
    let timeZone: TimeZone
    /// The channel names the `channels` list may use.
    let known: [AnnouncementChannel]

    mutating func decode(_ root: Node, slug: String, file: String, body: String, bodyLine: Int) -> AnnouncementSource? {
        guard
            let fields = reader.fields(
                root, "the front matter", allowed: ["title", "kind", "date", "channels", "meta", "blog", "mail"],
                required: ["title", "kind", "date", "channels"])
        else { return nil }
        let title = reader.string(fields["title"], "title")
        var kind = reader.string(fields["kind"], "kind")
        if let value = kind, !AnnouncementSource.kinds.contains(value) {
            reader.report(
                fields["kind"],
                "unknown kind \"\(value)\"\(Suggestion.didYouMean(value, in: AnnouncementSource.kinds)); kinds: \(AnnouncementSource.kinds.joined(separator: ", "))"
            )
            kind = nil
        }
        var date: (Date, String)?
        if let node = fields["date"], let text = reader.string(node, "date") {
            if let day = CivilDate(iso: text) {
                date = (day.start(in: timeZone), text)
            } else if let instant = Instant.parse(text) {
                date = (instant, text)
            } else {
                reader.report(
                    node,
                    "date "
                        + Instant.problem(text, expected: "a day (2022-01-24) or an instant (2022-01-24T17:00:00Z)"))
            }
        }
        var channels: [AnnouncementChannel] = []
        for node in reader.sequence(fields["channels"], "channels") {
            guard let name = reader.string(node, "a channel") else { continue }
            guard let channel = AnnouncementChannel(rawValue: name), known.contains(channel) else {
                let names = known.map(\.rawValue)
                reader.report(
                    node,
                    "unknown channel \"\(name)\"\(Suggestion.didYouMean(name, in: names)); channels: \(names.joined(separator: ", "))"
                )
                continue
            }
            if channels.contains(channel) {
                reader.report(node, "channel \"\(name)\" is listed twice")
            } else {
                channels.append(channel)
            }
        }
        if fields["channels"] != nil, channels.isEmpty, reader.diagnostics.isEmpty {
            let names = known.map(\.rawValue)
            let list =
                names.count > 1
                ? names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1] : names.joined()
            reader.report(fields["channels"], "list at least one channel: \(list)")
        }
        var meta = AnnouncementSource.MetaOptions()
        if let node = fields["meta"],
            let section = reader.fields(node, "meta", allowed: ["page", "section", "summary", "create"])
        {
            meta.page = reader.string(section["page"], "meta.page")
            meta.section = reader.string(section["section"], "meta.section")
            meta.summary = reader.string(section["summary"], "meta.summary")
            meta.create = reader.boolean(section["create"], "meta.create") ?? false
        }
        var blog = AnnouncementSource.BlogOptions()
        if let node = fields["blog"],
            let section = reader.fields(
                node, "blog", allowed: ["slug", "url", "categories", "tags", "excerpt", "published"])
        {
            blog.slug = reader.string(section["slug"], "blog.slug")
            blog.url = url(section["url"], "blog.url")
            blog.categories = reader.sequence(section["categories"], "blog.categories").compactMap {
                reader.string($0, "a category")
            }
            blog.tags = reader.sequence(section["tags"], "blog.tags").compactMap { reader.string($0, "a tag") }
            blog.excerpt = reader.string(section["excerpt"], "blog.excerpt", kind: .multiline)
            if let node = section["published"] {
                reader.report(
                    node,
                    "blog.published is no longer written by hand: Cohort asks the blog whether the post is live (cohort announce publish SLUG --channel blog, then an editor publishes it); remove this line"
                )
            }
        }
        var mail = AnnouncementSource.MailOptions()
        if let node = fields["mail"],
            let section = reader.fields(node, "mail", allowed: ["to", "subject", "archive_url"])
        {
            mail.to = reader.sequence(section["to"], "mail.to").compactMap { node in
                guard let recipient = reader.string(node, "a recipient") else { return nil }
                // One address or one list id per entry: `x@example.org>, <evil@…` would add a recipient.
                let isAddress = recipient.contains("@")
                if isAddress
                    ? !Signup.isMailAddress(recipient)
                    : recipient.contains(where: { "<>,;\"".contains($0) || $0.isWhitespace })
                {
                    reader.report(
                        node,
                        "mail.to \"\(recipient)\" is not \(isAddress ? "a mail address like name@example.org" : "a list id"); write one address or one list id per entry"
                    )
                    return nil
                }
                return recipient
            }
            mail.subject = reader.string(section["subject"], "mail.subject")
            if let node = section["subject"], case .scalar(let scalar) = node {
                var location = reader.location(of: node)
                if scalar.style == .doubleQuoted || scalar.style == .singleQuoted { location.column += 1 }
                mail.subjectLocation = location
            }
            mail.archiveURL = url(section["archive_url"], "mail.archive_url")
        }
        if channels.contains(.mail), mail.to.isEmpty {
            reader.report(fields["mail"] ?? fields["channels"], "the mail channel needs mail.to: list ids or addresses")
        }
        guard let title, let kind, let date else { return nil }
        return AnnouncementSource(
            slug: slug, file: file, title: title, kind: kind, date: date.0, dateText: date.1, channels: channels,
            meta: meta, blog: blog, mail: mail, body: body, bodyLine: bodyLine)
    }

    mutating func url(_ node: Node?, _ what: String) -> String? {
        guard let node, let text = reader.string(node, what) else { return nil }
        if let problem = WebLink.problem(text) {
            reader.report(node, "\(what) \(problem)")
            return nil
        }
        return text
    }
}
