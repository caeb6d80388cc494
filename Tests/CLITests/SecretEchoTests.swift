import CohortTestSupport
import Foundation
import Testing

/// Issue 26, finding 5: a password inside a URL no parser accepts was printed as given, on stderr
/// and in the JSON error. Every message now goes through one redaction.
@Suite struct SecretEchoTests {
    @Test func anUnparseableRelayURLShowsNoPassword() throws {
        let folder = try workspaceWithData()
        let result = try Processes.cohort(
            [
                "--json", "notices", "send", "--smtp-url", "smtps://u:SmtpS3cret@[::1:25", "--now",
                "2022-06-20T00:00:00Z",
            ],
            in: folder.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(!result.stdout.contains("SmtpS3cret") && !result.stderr.contains("SmtpS3cret"))
        #expect(result.stderr.contains("smtps://u:****@[::1:25"), "\(result.stderr)")
    }

    @Test func anUnparseableWikiAPIShowsNoPassword() throws {
        let folder = try TemporaryFolder.workspace()
        let configuration = try folder.read("cohort.yaml")
        let api = try #require(configuration.range(of: "api: https://meta.example.org/w/api.php"))
        try folder.write(
            "cohort.yaml",
            configuration.replacingCharacters(in: api, with: #"api: "https://bot:MetaS3cret@[::1/w/api.php""#))
        for arguments in [["check"], ["--json", "check"]] {
            let result = try Processes.cohort(arguments, in: folder.url)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(!result.stdout.contains("MetaS3cret") && !result.stderr.contains("MetaS3cret"))
            #expect(result.stderr.contains("https://bot:****@[::1/w/api.php"), "\(result.stderr)")
        }
    }
}
