import CohortCore
import Foundation
import Testing

/// `channels.social`: the Mastodon instance, who sees the post, and its language.
@Suite("channels.social")
struct SocialChannelConfigurationTests {
    static func configuration(_ social: String) -> String {
        minimalConfiguration + "channels:\n  social:\n" + social
    }

    @Test func theInstanceWithPublicAndEnglishByDefault() throws {
        let program = try ProgramDecoder.decode(Self.configuration("    mastodon: https://mastodon.example\n")).get()
        #expect(program.channels.social == SocialChannel(mastodon: URL(string: "https://mastodon.example")!))
        #expect(program.channels.social?.visibility == "public")
        #expect(program.channels.social?.language == "en")
    }

    @Test func visibilityAndLanguageAsWritten() throws {
        let text = Self.configuration(
            "    mastodon: http://127.0.0.1:8080\n    visibility: unlisted\n    language: fr\n")
        let social = try ProgramDecoder.decode(text).get().channels.social
        #expect(social?.visibility == "unlisted")
        #expect(social?.language == "fr")
    }

    @Test func everyMistakeIsLocated() {
        let text = Self.configuration("    mastodon: http://mastodon.example\n")
        #expect(problems(in: text).map(\.description).first?.hasPrefix(expected("http://", in: text, "")) == true)
        let visibility = Self.configuration("    mastodon: https://mastodon.example\n    visibility: everyone\n")
        #expect(
            problems(in: visibility).map(\.description) == [
                expected(
                    "everyone", in: visibility,
                    "visibility \"everyone\" is not one of public, unlisted, private, direct")
            ])
        let missing = Self.configuration("    visibility: public\n")
        #expect(problems(in: missing).map(\.description).first?.contains("\"mastodon\"") == true)
        let unknown = Self.configuration("    mastodon: https://mastodon.example\n    server: x\n")
        #expect(problems(in: unknown).count == 1)
    }
}
