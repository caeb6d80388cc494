import CohortCore
internal import CohortDelivery
internal import CohortRender
internal import CohortStore
import Foundation

/// How a publish runs.
public struct PublishOptions: Sendable {
    /// Show what would change; change nothing.
    public var dryRun = false
    /// Write although the page or post changed behind Cohort's back (needs `reason`).
    public var force = false
    public var reason: String?
    /// Publish although lint found problems in this channel's output or its context (needs `reason`).
    public var overrideLint = false
    /// Publish without the approvals `approvals.announcements` asks for (where allowed; audited).
    public var overrideApproval = false

    public init(
        dryRun: Bool = false, force: Bool = false, reason: String? = nil, overrideLint: Bool = false,
        overrideApproval: Bool = false
    ) {
        self.dryRun = dryRun
        self.force = force
        self.reason = reason
        self.overrideLint = overrideLint
        self.overrideApproval = overrideApproval
    }
}

/// What `announce publish --json` prints: `{"channel","result","revision","post_id","status_id","status","link"}`.
public struct PublishReport: Sendable, Encodable {
    public enum Result: String, Sendable, Encodable { case created, updated, unchanged }

    public var channel: String
    public var result: Result
    /// Meta: the page revision that holds the text now.
    public var revision: Int?
    /// Blog: the WordPress post and its status (`draft` until an editor publishes it).
    public var postID: Int?
    public var status: String?
    public var link: String?
    /// Social: the Mastodon status that holds the post.
    public var statusID: String?
    /// With `--dry-run`: the difference between what is live and what would be published.
    public var diff: String?
    public var dryRun: Bool

    /// For people.
    public var text: String {
        var lines: [String] = []
        let verb = dryRun ? "would be" : "was"
        switch (channel, result) {
        case ("meta", .unchanged):
            lines.append("Meta-Wiki: no change; the section already reads so (revision \(revision ?? 0)).")
        case ("meta", _):
            lines.append(
                "Meta-Wiki: the section \(verb) \(result.rawValue)" + (revision.map { " (revision \($0))" } ?? "") + "."
            )
        case ("blog", .unchanged): lines.append("Diff blog: no change to post \(postID ?? 0) (\(status ?? "draft")).")
        case ("blog", _):
            lines.append(
                "Diff blog: the draft \(verb) \(result.rawValue)"
                    + (postID.map { " (post \($0), \(status ?? "draft"))" } ?? "") + ".")
        case ("social", .unchanged):
            lines.append("Mastodon: no change; the post is out already (status \(statusID ?? "?")).")
        case ("social", _):
            lines.append(
                "Mastodon: the post \(verb) \(result.rawValue)" + (statusID.map { " (status \($0))" } ?? "") + ".")
        default:
            lines.append("\(channel): \(result.rawValue)" + (status.map { " — \($0)" } ?? ""))
        }
        if let link { lines.append("  \(link)") }
        if let diff, !diff.isEmpty { lines.append(diff) }
        return lines.joined(separator: "\n")
    }
}

/// What stops a publish: the page or post changed since Cohort last saw it, or nothing can be published.
public enum PublishError: Error, LocalizedError, CategorizedError, Equatable {
    case conflict(what: String, since: String, diff: String)
    case notOnChannel(slug: String, channel: String)
    case noDestination(String)
    case noLogin(service: String)
    case needsReason
    case draftGone(postID: Int)
    case lint(slug: String, findings: [String])
    case unknownChannel(String, known: [String])

    public var errorDescription: String? {
        switch self {
        case .conflict(let what, let since, let diff):
            "\(what) changed since \(since); nothing was overwritten. Read the difference, merge it into the announcement, or publish again with --force --reason TEXT\n\(diff)"
        case .notOnChannel(let slug, let channel):
            "\(slug) is not told on the \(channel) channel; add it to `channels` in its front matter"
        case .noDestination(let what): "\(what) is not set in cohort.yaml; add it under channels"
        case .noLogin(let service):
            "no login for \(service == "META" ? "Meta-Wiki" : "the blog"): set COHORT_\(service)_USER and COHORT_\(service)_PASSWORD\(service == "META" ? " (a bot password) or COHORT_META_TOKEN" : " (an application password)"), or write .cohort/\(service.lowercased())-credentials (mode 0600)"
        case .needsReason: "--force needs --reason TEXT: say why overwriting is right (it goes to the audit log)"
        case .draftGone(let id):
            "post \(id), the draft Cohort created, is gone from WordPress; publish with --force --reason TEXT to create a new draft"
        case .lint(let slug, let findings):
            "\(slug) has lint findings for this channel; fix them first:\n" + findings.joined(separator: "\n")
        case .unknownChannel(let name, let known):
            "no channel \"\(name)\"\(Suggestion.didYouMean(name, in: known)); channels: \(known.joined(separator: ", "))"
        }
    }

    public var kind: FailureKind {
        switch self {
        case .conflict, .draftGone: .conflict
        case .lint: .problemsFound
        case .notOnChannel, .noDestination, .noLogin, .needsReason, .unknownChannel: .badInput
        }
    }
}

/// The use cases of announcements going out: published on their channels, mailed, released in order.
/// Made with the command's session: its workspace and program, its records (opened once for the
/// command) and the transports it reaches servers through.
public struct Publishing: UseCase {
    public let session: ProgramSession

    public init(_ session: ProgramSession) { self.session = session }
}

extension Publishing {
    /// Publishes `slug` on one of its channels through that channel's plug-in (the registry's):
    /// Meta-Wiki (a section of the page), the Diff blog (a WordPress draft), the social post
    /// (Mastodon), or another. Checks first (the announcement is told there, its output renders
    /// and is lint clean); the channel never overwrites what someone else changed, never makes a
    /// second post, and records what went out in the lifecycle.
    public func publish(
        _ slug: String, on channel: AnnouncementChannel, options: PublishOptions, audit: AuditContext,
        environment: [String: String]
    ) throws -> PublishReport {
        let noReason = options.reason?.trimmingCharacters(in: .whitespaces).isEmpty ?? true
        if options.force, noReason { throw PublishError.needsReason }
        if options.overrideLint, noReason { throw OverrideNeedsReason() }
        guard let plugin = channels[channel] else {
            throw PublishError.unknownChannel(channel.rawValue, known: channels.ids.map(\.rawValue))
        }
        let build = try AnnouncementBuild(session: session, now: audit.now)
        let source = try build.source(slug)
        guard source.channels.contains(channel) else {
            throw PublishError.notOnChannel(slug: slug, channel: channel.rawValue)
        }
        guard let prepared = try build.prepare([slug]).first, let text = prepared.outputs[channel.outputName] else {
            throw PublishError.notOnChannel(slug: slug, channel: channel.rawValue)
        }
        // Lint comes first, dry run or not: before a login, the network or an approval is asked for.
        // (It includes what each channel finds in its own output, `Channel.lint`.)
        let findings = try build.lint([slug]).filter { Self.stops(channel, $0) }
        if !findings.isEmpty, !options.overrideLint {
            throw PublishError.lint(slug: slug, findings: findings.map(\.description))
        }
        if !options.dryRun {
            try using(AnnouncementDesk.self).requireApproval(
                slug, channel: channel, text: text,
                override: ApprovalOverride(requested: options.overrideApproval, reason: options.reason), audit: audit)
        }
        let store = try openStore()
        if !findings.isEmpty, !options.dryRun {
            try store.write { records in
                try records.append(
                    audit.entry(
                        action: "override-lint", subject: "announcement:\(slug)/\(channel.rawValue)",
                        reason: options.reason ?? "", details: try JSONDocument.compact(findings.map(\.description))))
            }
        }
        let history = try store.read { try $0.channelRecords(announcement: nil) }
        return try plugin.publish(
            text,
            context: ChannelContext(
                session: session, source: source, channel: channel, options: options, audit: audit,
                environment: environment, history: history, store: store))
    }

    /// True when lint's `finding` stops `channel`: it is located in the channel's own output, in
    /// the source, or in the record context the output was rendered from.
    static func stops(_ channel: AnnouncementChannel, _ finding: Diagnostic) -> Bool {
        let file = finding.location.file
        return file.hasSuffix("/" + channel.outputName) || file.hasSuffix(".md")
            || file.hasSuffix("/" + RecordContextFile.name)
            || (channel == .mail && file.contains("/\(channel.outputName) ("))
    }

    /// The HTTP transport with the program's contact in its User-Agent, under `policy`.
    func webTransport(credentials: HTTPCredentials? = nil, policy: HTTPPolicy) throws -> any HTTPTransport {
        try transports.web(program.contact.email, credentials, policy)
    }

    // MARK: Meta-Wiki

    func wikiClient(environment: [String: String], needLogin: Bool) throws -> MediaWikiClient {
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        let policy = try HTTPPolicy.configured(environment: environment)
        if let token = environment["COHORT_META_TOKEN"], !token.isEmpty {
            return try MediaWikiClient(
                api: meta.api, transport: webTransport(credentials: .bearer(token: token), policy: policy),
                credentials: .oauth(token: token), policy: policy)
        }
        let login = try CredentialSource(
            service: "META", workspaceFile: workspace.stateFolderURL.appendingPathComponent("meta-credentials")
        ).resolve(environment: environment)
        guard let login else {
            if needLogin { throw PublishError.noLogin(service: "META") }
            return try MediaWikiClient(
                api: meta.api, transport: webTransport(policy: policy), credentials: .anonymous, policy: policy)
        }
        return try MediaWikiClient(
            api: meta.api, transport: webTransport(policy: policy),
            credentials: .botPassword(user: login.user, password: login.password), policy: policy)
    }

    func publishMeta(
        _ source: AnnouncementSource, text: String, history: [ChannelRecord], store: any RecordStore,
        options: PublishOptions, audit: AuditContext, environment: [String: String]
    ) throws -> PublishReport {
        guard let meta = program.channels.meta else { throw PublishError.noDestination("channels.meta.api") }
        let page = source.meta.page ?? meta.page
        let wiki = try wikiClient(environment: environment, needLogin: !options.dryRun)
        if !options.dryRun { try wiki.login() }
        let heading = WikiSectionText.heading(of: text) ?? source.meta.section ?? source.title
        let (live, now) = try wiki.page(page)
        let sections = live == nil ? [] : try wiki.sections(page)
        // The wiki's own reading of the heading Cohort writes, so escaped markup matches itself.
        let ours = try wiki.sections(ofText: text.split(separator: "\n").first.map(String.init) ?? "", title: page)
            .first
        let target = sections.last { $0.line == ours?.line }
        var liveSection: String?
        if let target { liveSection = try wiki.page(page, section: target.index).revision?.content ?? "" }
        let mine = history.filter { $0.announcement == source.slug && $0.channel == .meta }.last
        // The newest revision of this page that Cohort wrote or read: anything after it is someone else's.
        let known = history.filter { $0.channel == .meta && $0.details.page == page }.compactMap(\.details.revision)
            .max()
        let diff = WikiSectionText.diff(from: liveSection ?? "", to: text)
        var report = PublishReport(
            channel: "meta", result: .updated, revision: live?.id,
            link: Self.wikiLink(meta.api, page: page, heading: heading),
            diff: options.dryRun ? diff : nil, dryRun: options.dryRun)
        if let liveSection, WikiSectionText.same(liveSection, text) {
            report.result = .unchanged
        } else if live == nil {
            report.result = .created
        } else if target == nil {
            report.result = mine == nil ? .created : .updated
        }
        // Someone else's change since Cohort last saw the page: the section was written by
        // another hand, or the page moved on.
        let changedBehind =
            report.result != .unchanged && live != nil
            && ((mine == nil && target != nil) || (known.map { $0 != live?.id } ?? false)
                || (mine != nil && target == nil))
        if changedBehind, !options.force, !options.dryRun {
            let since = known.map { "revision \($0), which Cohort last saw" } ?? "Cohort last read it"
            throw PublishError.conflict(what: "the page \"\(page)\"", since: since, diff: diff)
        }
        if options.dryRun || report.result == .unchanged {
            if !options.dryRun, mine?.hash != ContentDigest.sha256(text) || mine?.details.revision != live?.id {
                try store.write { records in
                    try using(AnnouncementDesk.self).recordChannel(
                        .meta, of: source.slug, state: .published, text: text,
                        details: ChannelDetails(page: page, revision: live?.id, revisionTimestamp: live?.timestamp),
                        records: records, audit: audit)
                }
            }
            return report
        }
        let place: MediaWikiClient.Edit.Place
        if live == nil {
            guard source.meta.create else {
                throw MediaWikiError.api(
                    code: "missingtitle",
                    info:
                        "the page \"\(page)\" does not exist; create it on the wiki, or set meta.create: true in \(source.file)"
                )
            }
            place = .create
        } else if let target {
            place = .replace(section: target.index)
        } else {
            place = .append
        }
        let summary = source.meta.summary ?? "\(source.title) (Cohort)"
        let saved: WikiEdit
        do {
            saved = try wiki.save(
                .init(
                    title: page, place: place, text: text, summary: summary, baseTimestamp: live?.timestamp,
                    startTimestamp: now))
        } catch let error as MediaWikiError {
            // An edit that landed between reading the page and saving: never overwritten.
            guard error == .api(code: "editconflict", info: "Edit conflict.") || error.kind == .conflict else {
                throw error
            }
            throw PublishError.conflict(what: "the page \"\(page)\"", since: "Cohort read it a moment ago", diff: diff)
        }
        // Believed once read back: the revision exists, is this page's, and carries our text.
        let (revision, timestamp) = try ServerClaims.verifyEdit(saved, title: page, text: text, wiki: wiki)
        report.revision = revision
        if saved.unchanged { report.result = .unchanged }
        try store.write { records in
            try using(AnnouncementDesk.self).recordChannel(
                .meta, of: source.slug, state: .published, text: text,
                details: ChannelDetails(
                    page: page, revision: revision, revisionTimestamp: timestamp,
                    note: options.force ? "forced: \(options.reason ?? "")" : nil),
                records: records, audit: audit)
        }
        return report
    }

    static func wikiLink(_ api: URL, page: String, heading: String) -> String {
        let base = api.deletingLastPathComponent().absoluteString
        let anchor = heading.replacingOccurrences(of: " ", with: "_")
        let title = page.replacingOccurrences(of: " ", with: "_")
        return base + "index.php?title=" + FormEncoding.escape(title) + "#" + FormEncoding.escape(anchor)
    }

    // MARK: Diff blog

    func blogClient(environment: [String: String]) throws -> WordPressClient {
        guard let blog = program.channels.blog else { throw PublishError.noDestination("channels.blog.site") }
        let login = try CredentialSource(
            service: "BLOG", workspaceFile: workspace.stateFolderURL.appendingPathComponent("blog-credentials")
        ).resolve(environment: environment)
        guard let login else { throw PublishError.noLogin(service: "BLOG") }
        let policy = try HTTPPolicy.configured(environment: environment)
        return try WordPressClient(
            site: blog.site,
            transport: webTransport(credentials: .basic(user: login.user, password: login.password), policy: policy),
            account: login.user, policy: policy)
    }

    func publishBlog(
        _ source: AnnouncementSource, html: String, history: [ChannelRecord], store: any RecordStore,
        options: PublishOptions, audit: AuditContext, environment: [String: String]
    ) throws -> PublishReport {
        let blog = try blogClient(environment: environment)
        try blog.checkLogin()
        let fields = WordPressFields(
            slug: source.blog.slug ?? source.slug, title: source.title, content: html,
            excerpt: source.blog.excerpt ?? "", categories: try blog.terms("categories", named: source.blog.categories),
            tags: try blog.terms("tags", named: source.blog.tags))
        let mine = history.filter { $0.announcement == source.slug && $0.channel == .blog && $0.details.postID != nil }
            .last
        var existing: WordPressPost?
        if let id = mine?.details.postID {
            existing = try blog.post(id)
            if existing == nil || existing?.status == "trash" {
                guard options.force else { throw PublishError.draftGone(postID: id) }
                existing = nil
            }
        } else {
            // A crash between WordPress's answer and the record leaves a draft with our slug: find it.
            existing = try blog.posts(slug: fields.slug).first { $0.status != "trash" }
        }
        var report = PublishReport(channel: "blog", result: .created, dryRun: options.dryRun)
        guard let post = existing else {
            if options.dryRun { return report }
            let created = try blog.createDraft(fields)
            try ServerClaims.verifyPost(created, sent: fields, id: nil, site: program.channels.blog?.site)
            try recordBlog(source, created, html: html, store: store, audit: audit, note: nil)
            report.postID = created.id
            report.status = created.status
            report.link = created.link
            return report
        }
        report.postID = post.id
        report.status = post.status
        report.link = post.link
        if fields.matches(post) {
            report.result = .unchanged
            if !options.dryRun, mine?.details.revisionTimestamp != post.modified || mine?.details.status != post.status
            {
                try recordBlog(source, post, html: html, store: store, audit: audit, note: nil)
            }
            return report
        }
        report.result = .updated
        // A draft found by its slug (its record lost in a crash) is Cohort's own: it is updated.
        let editedBehind = mine.map { $0.details.revisionTimestamp != post.modified } ?? false
        if editedBehind || post.status == "publish", !options.force, !options.dryRun {
            let what = post.status == "publish" ? "post \(post.id), which is live on the blog," : "post \(post.id)"
            throw PublishError.conflict(
                what: what,
                since: mine.map { "Cohort pushed it (\($0.details.revisionTimestamp ?? "") UTC)" } ?? "it was made",
                diff: WikiSectionText.diff(from: post.content, to: html))
        }
        if options.dryRun {
            report.diff = WikiSectionText.diff(from: post.content, to: html)
            return report
        }
        let updated = try blog.update(post.id, fields)
        try ServerClaims.verifyPost(
            updated, sent: fields, id: post.id, status: post.status, site: program.channels.blog?.site)
        try recordBlog(
            source, updated, html: html, store: store, audit: audit,
            note: options.force ? "forced: \(options.reason ?? "")" : nil)
        report.status = updated.status
        report.link = updated.link
        return report
    }

    func recordBlog(
        _ source: AnnouncementSource, _ post: WordPressPost, html: String, store: any RecordStore, audit: AuditContext,
        note: String?
    ) throws {
        try store.write { records in
            try using(AnnouncementDesk.self).recordChannel(
                .blog, of: source.slug, state: post.status == "publish" ? .published : .ready, text: html,
                details: ChannelDetails(
                    revisionTimestamp: post.modified, postID: post.id, status: post.status, link: post.link, note: note),
                records: records, audit: audit)
        }
    }
}

/// Comparing and showing wiki sections.
public enum WikiSectionText {
    /// The heading of a section's first line (`== Outcome ==` → `Outcome`).
    public static func heading(of text: String) -> String? {
        guard let first = text.split(separator: "\n", maxSplits: 1).first,
            let match = first.wholeMatch(of: /(={1,6})\s*(.+?)\s*\1\s*/)
        else { return nil }
        return String(match.2)
    }

    /// The same text as MediaWiki keeps it (it trims trailing space on save).
    public static func same(_ a: String, _ b: String) -> Bool { trimmed(a) == trimmed(b) }

    /// True when `page` carries `section` as MediaWiki keeps it.
    public static func contains(_ page: String, _ section: String) -> Bool { trimmed(page).contains(trimmed(section)) }

    static func trimmed(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.replacing(/\s+$/, with: "") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A line diff, `-` for what is live and `+` for what would be published, unchanged lines left out.
    public static func diff(from old: String, to new: String) -> String {
        let before = trimmed(old).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let after = trimmed(new).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let changes = after.difference(from: before)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in changes {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var lines: [String] = []
        var (i, j) = (0, 0)
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) {
                lines.append("- \(before[i])")
                i += 1
            } else if j < after.count, inserted.contains(j) {
                lines.append("+ \(after[j])")
                j += 1
            } else {
                i += 1
                j += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension Publishing {
    /// Where the Diff post of `source` stands: from the records, refreshed from WordPress when a
    /// login is at hand (a newly published post is recorded as published, with its real link).
    public func blogPost(_ source: AnnouncementSource, audit: AuditContext, environment: [String: String]) throws
        -> ChannelRecord?
    {
        guard source.channels.contains(.blog), records.exists else { return nil }
        let store = try openStore()
        let recorded = try store.read { try $0.channelRecords(announcement: source.slug) }
            .filter { $0.channel == .blog && $0.details.postID != nil }.last
        guard let recorded, let id = recorded.details.postID, program.channels.blog != nil,
            let client = try? blogClient(environment: environment)
        else { return recorded }
        try client.checkLogin()
        guard let post = try client.post(id) else { return recorded }
        guard post.status != recorded.details.status || post.link != recorded.details.link else { return recorded }
        let state: ChannelState = post.status == "publish" ? .published : .ready
        return try store.write { records in
            try using(AnnouncementDesk.self).recordChannel(
                .blog, of: source.slug, state: state, text: post.content,
                details: ChannelDetails(
                    revisionTimestamp: post.modified, postID: post.id, status: post.status, link: post.link,
                    note: "seen on the blog"),
                records: records, audit: audit)
        }
    }

    /// The address the mail links the Diff post at: WordPress's own once the post is published.
    /// Refused while it is not, unless `allowUnpublished` (the planned `blog.url` is used then).
    func publishedBlogLink(
        _ source: AnnouncementSource, allowUnpublished: Bool, audit: AuditContext, environment: [String: String]
    ) throws -> String? {
        guard source.channels.contains(.blog) else { return nil }
        let post = try blogPost(source, audit: audit, environment: environment)
        if let post, post.details.status == "publish", let link = post.details.link { return link }
        if allowUnpublished { return nil }
        throw AnnouncementMailError.blogNotPublished(
            slug: source.slug, post: post?.details.postID, status: post?.details.status)
    }
}
