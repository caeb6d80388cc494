import CohortStore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortKit

/// The example's outcome announcement, in a workspace of its own whose social channel is an
/// account of its own on the Mastodon API test server.
struct SocialWorkspace {
    static let slug = "2022-06-outcome"
    static let now = Instant.parse("2022-06-15T10:00:00Z")!

    let folder: TemporaryFolder
    let server: WebServer
    let token: String
    let environment: [String: String]

    init(visibility: String? = nil) throws {
        server = try WebServer.mastodon.get()
        token = try server.mastodonAccount().token
        folder = try TemporaryFolder.example(
            announcement: Self.slug,
            configuration: try TemporaryFolder.socialConfiguration(instance: server["url"], visibility: visibility))
        environment = ["COHORT_SOCIAL_TOKEN": token]
    }

    var audit: AuditContext { AuditContext(now: Self.now, actor: "rosa", command: "announce publish") }

    func session(sleep: @escaping @Sendable (TimeInterval) -> Void = { _ in }) throws -> ProgramSession {
        var session = try ProgramSession.open(workspace: folder.url.path, from: folder.url)
        session.channels = session.channels.adding(SocialPostChannel(sleep: sleep))
        return session
    }

    func publish(dryRun: Bool = false, sleep: @escaping @Sendable (TimeInterval) -> Void = { _ in }) throws
        -> PublishReport
    {
        try Publishing(session(sleep: sleep)).publish(
            Self.slug, on: .social, options: PublishOptions(dryRun: dryRun), audit: audit, environment: environment)
    }

    func statuses() throws -> [[String: String]] { try server.mastodonStatuses(token: token) }

    /// Records the intent a run records before it posts the committed text; returns that text and its key.
    func recordIntent() throws -> (text: String, key: String) {
        let text = try text()
        let key = "cohort:\(Self.slug):\(ContentDigest.sha256(text))"
        let session = try session()
        try session.transaction { records in
            try AnnouncementDesk(session).recordChannel(
                .social, of: Self.slug, state: .ready, text: text,
                details: ChannelDetails(status: "posting", idempotencyKey: key), records: records, audit: audit)
        }
        return (text, key)
    }

    /// The social post as committed.
    func text() throws -> String { try folder.read("announcements/\(Self.slug)/social.txt") }

    func socialStatus() throws -> ChannelStatus? {
        try AnnouncementDesk(session()).announcementStatus(Self.slug).announcements.first?.channels.first {
            $0.channel == .social
        }
    }
}

@Suite("The social post goes out to Mastodon once")
struct SocialPostTests {
    @Test func releasePostsItOnceTheDiffPostIsLiveLinkingThePostWhereWordPressPutIt() throws {
        let blog = try WebServer.wordPress.get()
        let server = try WebServer.mastodon.get()
        let token = try server.mastodonAccount().token
        let slug = "social-release-\(UUID().uuidString.prefix(8).lowercased())"
        let folder = try TemporaryFolder.example(
            announcement: SocialWorkspace.slug,
            configuration: try TemporaryFolder.socialConfiguration(instance: server["url"])
                .replacingOccurrences(of: "site: https://diff.example.org", with: "site: \(blog["site"])"))
        try folder.write(
            "announcements/\(slug).md",
            """
            ---
            title: The dashboard opens to partners
            kind: update
            date: 2022-06-20
            channels: [blog, social]
            blog:
              slug: \(slug)
              url: https://diff.example.org/\(slug)/
              categories: [Announcements]
              excerpt: The partners' wave opens.
            ---
            The dashboard opens to the partners' wave.

            """)
        let environment = [
            "COHORT_BLOG_USER": blog["user"], "COHORT_BLOG_PASSWORD": blog["app_password"],
            "COHORT_SOCIAL_TOKEN": token,
        ]
        let session = try ProgramSession.open(workspace: folder.url.path, from: folder.url)
        let audit = AuditContext(now: SocialWorkspace.now, actor: "rosa", command: "announce release")
        func release() throws -> ReleaseRun {
            try Publishing(session).releaseAnnouncement(
                slug, send: SendOptions(), wait: nil, audit: audit, environment: environment, sleep: { _ in })
        }

        let first = try release()
        #expect(first.steps.map { "\($0.step) \($0.outcome)" } == ["blog done", "blog waiting"])
        #expect(!first.complete)
        #expect(try server.mastodonStatuses(token: token).isEmpty, "no post before the Diff post is live")

        let channels = try AnnouncementDesk(session).announcementStatus(slug).announcements.first?.channels ?? []
        let postID = try #require(channels.first { $0.channel == .blog }?.latest?.details.postID)
        let published = try blog.run("eval", ["wp_publish_post(\(postID));"])
        #expect(published.status == 0, "\(published.stderr)")

        let second = try release()
        #expect(second.steps.map { "\($0.step) \($0.outcome)" } == ["blog unchanged", "social done"])
        #expect(second.complete)
        let statuses = try server.mastodonStatuses(token: token)
        #expect(statuses.count == 1)
        let link = try #require(
            try AnnouncementDesk(session).announcementStatus(slug).announcements.first?.channels.first {
                $0.channel == .blog
            }?.latest?
            .details.link)
        #expect(statuses.first?["text"]?.contains(link) == true, "the post links the Diff post where it is live")
        #expect(try folder.read("announcements/\(slug)/social.txt") == statuses.first?["text"], "kept as it went out")

        let third = try release()
        #expect(third.steps.map { "\($0.step) \($0.outcome)" } == ["blog unchanged", "social unchanged"])
        #expect(try server.mastodonStatuses(token: token).count == 1)
    }

    @Test func theOutcomeIsPostedOnceAndASecondRunReportsUnchanged() throws {
        let workspace = try SocialWorkspace()
        let text = try workspace.text()
        let first = try workspace.publish()
        #expect(first.channel == "social")
        #expect(first.result == .created)
        let statuses = try workspace.statuses()
        #expect(statuses.count == 1)
        #expect(statuses.first?["text"] == text, "social.txt goes out as it is")
        #expect(statuses.first?["visibility"] == "public", "public unless channels.social.visibility says")
        #expect(statuses.first?["language"] == "en")
        #expect(
            statuses.first?["key"] == "cohort:\(SocialWorkspace.slug):\(ContentDigest.sha256(text))", "slug and SHA-256"
        )
        #expect(first.statusID == statuses.first?["id"])
        #expect(first.link == statuses.first?["url"])

        let again = try workspace.publish()
        #expect(again.result == .unchanged)
        #expect(again.statusID == first.statusID)
        #expect(try workspace.statuses().count == 1)

        let status = try #require(try workspace.socialStatus())
        #expect(status.state == .published)
        #expect(status.latest?.details.statusID == first.statusID)
        #expect(status.latest?.details.link == first.link)
        #expect(status.latest?.hash == ContentDigest.sha256(text))
    }

    @Test func aRunStoppedAfterTheServerAnsweredIsNotPostedAgainEvenWhenTheKeyIsForgotten() throws {
        let workspace = try SocialWorkspace(visibility: "unlisted")
        // What a run killed between Mastodon's answer and its own record leaves: the intent, and
        // the status on the server.
        let (text, key) = try workspace.recordIntent()
        let posted = try Processes.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-fsS", "-H", "Authorization: Bearer \(workspace.token)", "-H", "Idempotency-Key: \(key)",
                "--data-urlencode", "status=\(text)", "--data", "visibility=unlisted",
                workspace.server["url"] + "/api/v1/statuses",
            ])
        #expect(posted.status == 0, "\(posted.stderr)")
        try workspace.server.mastodonForgetKeys(token: workspace.token)

        let rerun = try workspace.publish()
        let statuses = try workspace.statuses()
        #expect(statuses.count == 1, "found among the account's statuses, not posted again")
        #expect(rerun.result == .created)
        #expect(rerun.statusID == statuses.first?["id"])
        #expect(try workspace.socialStatus()?.state == .published)
        #expect(try workspace.publish().result == .unchanged)
        #expect(try workspace.statuses().count == 1)
    }

    @Test func aRunStoppedBeforeTheRequestPostsOnceWithTheSameKey() throws {
        let workspace = try SocialWorkspace()
        // What a run killed before its request left leaves: the intent alone.
        let (_, key) = try workspace.recordIntent()
        #expect(try workspace.publish().result == .created)
        let statuses = try workspace.statuses()
        #expect(statuses.count == 1)
        #expect(statuses.first?["key"] == key)
    }

    @Test func aRateLimitWithinTheCapIsWaitedOut() throws {
        let workspace = try SocialWorkspace()
        try workspace.server.mastodonRateLimit(token: workspace.token, count: 1, resetIn: 5)
        let pauses = Pauses()
        let report = try workspace.publish(sleep: pauses.record)
        #expect(report.result == .created)
        #expect(try workspace.statuses().count == 1)
        let waited = pauses.all
        #expect(waited.count == 1)
        #expect((4...8).contains(waited.first ?? 0), "as X-RateLimit-Reset says, from the server's Date: \(waited)")
    }

    @Test func aDryRunPostsNothingAndRecordsNothing() throws {
        let workspace = try SocialWorkspace()
        let report = try workspace.publish(dryRun: true)
        #expect(report.dryRun)
        #expect(report.diff == (try workspace.text()))
        #expect(try workspace.statuses().isEmpty)
        #expect(try workspace.socialStatus()?.recorded == false)
    }
}

/// The pauses a rate limit asked for, recorded instead of slept.
final class Pauses: @unchecked Sendable {
    // @unchecked: `seconds` is read and written under `lock` only.
    private let lock = NSLock()
    private var seconds: [TimeInterval] = []

    var all: [TimeInterval] { lock.withLock { seconds } }

    @Sendable func record(_ pause: TimeInterval) { lock.withLock { seconds.append(pause) } }
}
