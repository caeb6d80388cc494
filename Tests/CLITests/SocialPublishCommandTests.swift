import CohortTestSupport
import Foundation
import Testing

/// `announce publish --channel social` as a user runs it, against the Mastodon API test server:
/// the JSON contract and the exit codes. What it does in between is tested in process
/// (`SocialPostTests` in CohortKitTests).
@Suite struct SocialPublishCommandTests {
    static let slug = "2022-06-outcome"
    static let publish = [
        "announce", "publish", slug, "--channel", "social", "--json", "--now", "2022-06-15T10:00:00Z",
    ]

    static func workspace() throws -> (TemporaryFolder, WebServer, String) {
        let server = try WebServer.mastodon.get()
        let token = try server.mastodonAccount().token
        let folder = try TemporaryFolder.example(
            announcement: slug, configuration: try TemporaryFolder.socialConfiguration(instance: server["url"]))
        return (folder, server, token)
    }

    @Test func theJSONSaysCreatedThenUnchangedWithTheStatusAndItsLink() throws {
        let (folder, server, token) = try Self.workspace()
        let environment = ["COHORT_SOCIAL_TOKEN": token]
        let first = try Processes.cohort(Self.publish, in: folder.url, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let statuses = try server.mastodonStatuses(token: token)
        #expect(statuses.count == 1)
        #expect(
            try readJSON(first.stdout, "d['channel']", "d['result']", "d['status_id']", "d['link']")
                == ["social", "created", statuses.first?["id"] ?? "", statuses.first?["url"] ?? ""])
        #expect(!first.stdout.contains(token) && !first.stderr.contains(token), "the token is never printed")

        let again = try Processes.cohort(Self.publish, in: folder.url, environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try readJSON(again.stdout, "d['result']", "d['status_id']") == ["unchanged", statuses.first?["id"] ?? ""])
        #expect(try server.mastodonStatuses(token: token).count == 1)

        let status = try Processes.cohort(["announce", "status", Self.slug, "--json"], in: folder.url)
        #expect(
            try readJSON(
                status.stdout,
                "[(c['state'], c['details']['status_id']) for c in d['announcements'][0]['channels'] if c['channel'] == 'social']"
            ) == ["[('published', '\(statuses.first?["id"] ?? "")')]"])
    }

    @Test func aRateLimitBeyondTheCapExits75SayingWhenAndPostsNothing() throws {
        let (folder, server, token) = try Self.workspace()
        try server.mastodonRateLimit(token: token, count: 5, resetIn: 3600)
        let limited = try Processes.cohort(Self.publish, in: folder.url, environment: ["COHORT_SOCIAL_TOKEN": token])
        #expect(limited.status == 75, "\(limited.stderr)")
        #expect(limited.stderr.contains("try again after"), "\(limited.stderr)")
        #expect(try readJSON(limited.stdout, "d['error']['kind']") != [])
        #expect(try server.mastodonStatuses(token: token).isEmpty)
    }

    @Test func withoutATokenItSaysWhereOneGoesAndExits64() throws {
        let (folder, server, token) = try Self.workspace()
        let refused = try Processes.cohort(Self.publish, in: folder.url)
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("COHORT_SOCIAL_TOKEN"))
        #expect(try server.mastodonStatuses(token: token).isEmpty)
    }
}
