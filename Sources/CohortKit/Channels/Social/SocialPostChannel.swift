import CohortCore
internal import CohortDelivery
internal import CohortRender
import Foundation

/// The social post: `social.txt`, posted once to a Mastodon account (`channels.social.mastodon`,
/// `.visibility`, `.language`) with a token from `COHORT_SOCIAL_TOKEN` or `.cohort/social-credentials`.
/// It links the Diff post, at the address WordPress gave it once the post is live.
///
/// Never twice: the intent (with its `Idempotency-Key`, from the slug and the text's SHA-256)
/// is recorded before the request, and the status after it. A run that finds an intent without
/// a status does not trust the key alone (Mastodon forgets keys after an hour, and a server may
/// have restarted): it looks for the text among the account's latest statuses first, through
/// `statuses/:id/source` since `content` is HTML, and posts again, with the same key, only
/// when it is not there.
public struct SocialPostChannel: Channel {
    public let id = AnnouncementChannel.social

    /// How many of the account's latest statuses are searched for a post whose result was lost.
    static let searched = 40

    /// How a rate limit is waited out (a test records the pauses instead).
    let sleep: @Sendable (TimeInterval) -> Void

    public init(sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.sleep = sleep
    }

    public func render(_ announcement: ChannelRendering) throws -> String? { announcement.outputs[id.outputName] }

    /// The post is within the length Mastodon allows, and links the blog post.
    public func lint(_ text: String, of announcement: ChannelRendering) -> [Diagnostic] {
        let source = announcement.source
        let file = "announcements/\(source.slug)/social.txt"
        var problems: [Diagnostic] = []
        let length = SocialPost.length(text)
        if length > SocialPost.limit {
            problems.append(
                Diagnostic(
                    SourceLocation(file: file),
                    "\(length) characters as Mastodon counts them (each link 23); at most \(SocialPost.limit): shorten templates/social.txt.mustache or blog.excerpt"
                ))
        }
        if let url = source.blog.url {
            if !source.channels.contains(.blog), !text.contains(url) {
                problems.append(
                    Diagnostic(
                        SourceLocation(file: file),
                        "does not link the blog post \(url); add {{{blog_link}}} to its template"))
            }
        } else {
            problems.append(
                Diagnostic(
                    SourceLocation(file: source.file, line: 2, column: 1),
                    "the social post links the blog post; set blog.url"))
        }
        return problems
    }

    /// `cohort:<slug>:<sha256 of the text>`: the same post, the same key, on every run.
    static func idempotencyKey(slug: String, text: String) -> String {
        "cohort:\(slug):\(ContentDigest.sha256(text))"
    }

    /// The same text as Mastodon keeps it (it trims the ends).
    static func same(_ a: String, _ b: String) -> Bool {
        a.trimmingCharacters(in: .whitespacesAndNewlines) == b.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func publish(_ text: String, context: ChannelContext) throws -> PublishReport {
        let slug = context.source.slug
        let mine = context.history.filter { $0.announcement == slug && $0.channel == id }
        var report = PublishReport(channel: id.rawValue, result: .created, dryRun: context.options.dryRun)
        // A Mastodon post goes out once: a later render never posts it again.
        if let posted = mine.last(where: { $0.state == .published && $0.details.statusID != nil }) {
            report.result = .unchanged
            report.statusID = posted.details.statusID
            report.link = posted.details.link
            return report
        }
        let settings = try settings(context.session.program)
        let post = try postText(text, context: context)
        if context.options.dryRun {
            report.diff = post.text
            return report
        }
        let key = Self.idempotencyKey(slug: slug, text: post.text)
        let client = try client(settings, context: context)
        let account = try client.verifyCredentials()
        if let intent = mine.last, intent.details.status == "posting" {
            // The last run may have been answered and stopped before recording it.
            for status in try client.statuses(of: account.id, limit: Self.searched) {
                guard let posted = try client.source(of: status.id), Self.same(posted, post.text) else { continue }
                return try recorded(
                    status, text: post.text, key: intent.details.idempotencyKey ?? key, report: report,
                    context: context, post: post, note: "found among the account's statuses after an interrupted run")
            }
        }
        try context.record(
            .ready, text: post.text,
            details: ChannelDetails(
                status: "posting", link: nil, note: "posting to \(client.host)", idempotencyKey: key)
        )
        let status = try client.post(
            post.text, visibility: settings.visibility, language: settings.language, idempotencyKey: key)
        return try recorded(status, text: post.text, key: key, report: report, context: context, post: post, note: nil)
    }

    /// Records the status as published, keeps the text that went out as `social.txt` when it
    /// differs from the committed one (the blog's real address), and reports it.
    func recorded(
        _ status: MastodonStatus, text: String, key: String, report: PublishReport, context: ChannelContext,
        post: (text: String, file: String?), note: String?
    ) throws -> PublishReport {
        if let file = post.file { try context.session.workspace.writeAll([file: text]) }
        try context.record(
            .published, text: text,
            details: ChannelDetails(
                status: status.visibility, link: status.link, note: note, statusID: status.id, idempotencyKey: key))
        var report = report
        report.statusID = status.id
        report.link = status.link
        report.status = status.visibility
        return report
    }

    /// The text to post: `rendered`, or, once the Diff post is live at an address other than the
    /// planned `blog.url`, the post rendered again with that address (and the file to keep it in).
    func postText(_ rendered: String, context: ChannelContext) throws -> (text: String, file: String?) {
        let slug = context.source.slug
        guard context.source.channels.contains(.blog),
            let live = context.history.last(where: { $0.announcement == slug && $0.channel == .blog }),
            live.details.status == "publish", let link = live.details.link, link != context.source.blog.url
        else { return (rendered, nil) }
        var build = try AnnouncementBuild(session: context.session, now: context.audit.now)
        build.blogLinks[slug] = link
        guard let text = try build.prepare([slug]).first?.outputs[id.outputName] else { return (rendered, nil) }
        return (text, "announcements/\(slug)/\(id.outputName)")
    }

    func client(_ settings: SocialSettings, context: ChannelContext) throws -> MastodonClient {
        let session = context.session
        let token = try CredentialSource(
            service: "SOCIAL",
            workspaceFile: session.workspace.stateFolderURL.appendingPathComponent("social-credentials")
        ).resolveToken(environment: context.environment)
        guard let token else { throw SocialPostError.noToken }
        var policy = try HTTPPolicy.configured(environment: context.environment)
        policy.sleep = sleep
        let transport = try Publishing(session).webTransport(credentials: .bearer(token: token), policy: policy)
        return try MastodonClient(instance: settings.mastodon, transport: transport, policy: policy)
    }
}

/// Why the social post cannot go out.
public enum SocialPostError: Error, LocalizedError, CategorizedError, Equatable {
    case noToken

    public var errorDescription: String? {
        switch self {
        case .noToken:
            "no Mastodon access token: set COHORT_SOCIAL_TOKEN, or write .cohort/social-credentials with a token= line (mode 0600)"
        }
    }

    public var kind: FailureKind { .badInput }
}
