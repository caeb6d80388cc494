import CohortKit
import Foundation
import Testing

/// `channels.social`, decoded by the social channel from its section of `cohort.yaml`: the
/// Mastodon instance, who sees the post, and its language, each mistake located.
@Suite("channels.social")
struct SocialSettingsTests {
    /// A minimal `cohort.yaml` whose `channels.social` section starts on line 9.
    static func decode(_ social: String) throws -> Result<SocialSettings, ConfigurationProblems> {
        let text = """
            version: 1
            program:
              name: Test program
              slug: test-program
              time_zone: Europe/Berlin
              contact: {name: Test team, email: team@example.org}
            channels:
              social:

            """ + social
        let section = try #require(try ProgramDecoder.decode(text).get().channels.sections["social"])
        return SocialSettings.decode(section)
    }

    static func problems(_ social: String) throws -> [String] {
        guard case .failure(let problems) = try decode(social) else { return [] }
        return problems.diagnostics.map(\.description)
    }

    @Test func theInstanceWithPublicAndEnglishByDefault() throws {
        let settings = try Self.decode("    mastodon: https://mastodon.example\n").get()
        #expect(settings == SocialSettings(mastodon: URL(string: "https://mastodon.example")!))
        #expect(settings.visibility == "public")
        #expect(settings.language == "en")
    }

    @Test func visibilityAndLanguageAsWritten() throws {
        let settings = try Self.decode(
            "    mastodon: http://127.0.0.1:8080\n    visibility: unlisted\n    language: fr\n"
        )
        .get()
        #expect(settings.visibility == "unlisted")
        #expect(settings.language == "fr")
    }

    @Test func everyMistakeIsLocated() throws {
        #expect(
            try Self.problems("    mastodon: http://mastodon.example\n") == [
                "cohort.yaml:9:15: channels.social.mastodon \"http://mastodon.example\" is plain http to another machine; use https:// (http:// only to 127.0.0.1 or ::1)"
            ])
        #expect(
            try Self.problems("    mastodon: https://mastodon.example\n    visibility: everyone\n    server: x\n") == [
                "cohort.yaml:10:17: visibility \"everyone\" is not one of public, unlisted, private, direct",
                "cohort.yaml:11:5: unknown key \"server\" in channels.social",
            ])
        #expect(
            try Self.problems("    visibility: public\n") == [
                "cohort.yaml:9:5: channels.social is missing \"mastodon\""
            ])
    }
}
