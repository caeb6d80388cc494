import CohortTestSupport
import Foundation
import Testing

/// What a server claims is checked before Cohort records it: test doubles of MediaWiki and
/// WordPress that lie about what they did (the honest paths run against the real servers in
/// `PublishCommandTests`).
@Suite struct ServerClaimsTests {
    /// A workspace whose Meta page and blog are the lying server's, with one announcement told on
    /// meta and blog.
    static func lyingWorkspace(_ server: LyingWebServer) throws -> (TemporaryFolder, [String: String]) {
        let configuration = try Repository.exampleConfiguration()
            .replacingOccurrences(of: "https://meta.example.org/w/api.php", with: server.api)
            .replacingOccurrences(
                of: "page: Global Data and Insights Team/Movement Data/Equity Landscape/Pilot & Consultation",
                with: "page: Cohort tests/portal"
            )
            .replacingOccurrences(of: "site: https://diff.example.org", with: "site: \(server.site)")
        let folder = try TemporaryFolder.workspace(configuration: configuration)
        try folder.copyExampleTemplates()
        try folder.write(
            "announcements/moves.md",
            """
            ---
            title: The public dashboard moves
            kind: update
            date: 2022-05-20
            channels: [meta, blog]
            meta:
              section: "Update: the dashboard moves"
            blog:
              slug: dashboard-moves
              url: \(server.site)/dashboard-moves/
              categories: [Announcements]
            ---
            The dashboard moves later in the year.

            """)
        let environment = [
            "COHORT_META_USER": "Bot@cohort", "COHORT_META_PASSWORD": "0123456789abcdef0123456789abcdef",
            "COHORT_BLOG_USER": "editor", "COHORT_BLOG_PASSWORD": "abcd efgh ijkl mnop",
        ]
        return (folder, environment)
    }

    @Test(arguments: [
        ("wiki-wrong-title", "meta", "for the page \"Some other page\""),
        ("wiki-no-revision", "meta", "without the new revision's id"),
        ("wiki-ghost-revision", "meta", "revision 424242 does not exist"),
        ("blog-wrong-post", "blog", "the status \"publish\" where draft was sent; content other than what was sent"),
        ("blog-wrong-link", "blog", "\"http://evil.example/phish?p=41\""),
    ])
    func aServerThatLiesIsNotBelieved(lie: String, channel: String, detail: String) throws {
        let server = try LyingWebServer(lie: lie)
        let (folder, environment) = try Self.lyingWorkspace(server)
        let publish = try Processes.cohort(
            ["announce", "publish", "moves", "--channel", channel, "--json", "--now", "2022-05-20T09:00:00Z"],
            in: folder.url, environment: environment)
        #expect(publish.status == 1, "\(publish.stderr)")
        #expect(publish.stderr.contains("claimed what does not hold"), "\(publish.stderr)")
        #expect(publish.stderr.contains(detail), "\(publish.stderr)")
        #expect(publish.stderr.contains("nothing was recorded as published"), "\(publish.stderr)")
        let status = try Processes.cohort(
            ["announce", "status", "moves", "--json", "--now", "2022-05-20T09:00:00Z"], in: folder.url)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(
            try readJSON(status.stdout, "[c['recorded'] for c in d['announcements'][0]['channels']]") == [
                "[False, False]"
            ], "nothing recorded: \(status.stdout)")
    }
}
