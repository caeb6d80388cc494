import CohortCore
import Foundation

/// `channels.social` in `cohort.yaml`: the Mastodon instance the account lives on, who sees the
/// post, and its language; decoded here, beside the channel, from the section as written.
public struct SocialSettings: Sendable, Equatable {
    /// Mastodon's visibilities, as `POST /api/v1/statuses` takes them.
    public static let visibilities = ["public", "unlisted", "private", "direct"]

    /// The instance's base URL (`https://mastodon.example`).
    public var mastodon: URL
    /// `public` unless `channels.social.visibility` says otherwise.
    public var visibility: String
    /// The post's ISO 639 language (`channels.social.language`, default `en`).
    public var language: String

    public init(mastodon: URL, visibility: String = "public", language: String = "en") {
        self.mastodon = mastodon
        self.visibility = visibility
        self.language = language
    }

    /// The settings in `section`, or every problem of it, each located.
    public static func decode(_ section: ChannelSection) -> Result<SocialSettings, ConfigurationProblems> {
        let context = "channels.social"
        var problems = section.problems(
            context, allowed: ["mastodon", "visibility", "language"], required: ["mastodon"])
        var settings = SocialSettings(mastodon: URL(fileURLWithPath: "/"))
        if let value = section["mastodon"] {
            if let problem = WebLink.problem(
                value.text, loginGoes: "in COHORT_SOCIAL_TOKEN or .cohort/social-credentials")
            {
                problems.append(Diagnostic(value.location, "\(context).mastodon \(problem)"))
            } else if let url = URL(string: value.text) {
                settings.mastodon = url
            }
        }
        if let value = section["visibility"] {
            if visibilities.contains(value.text) {
                settings.visibility = value.text
            } else {
                problems.append(
                    Diagnostic(
                        value.location,
                        "visibility \"\(value.text)\" is not one of \(visibilities.joined(separator: ", "))\(Suggestion.didYouMean(value.text, in: visibilities))"
                    ))
            }
        }
        if let value = section["language"] {
            if value.text.wholeMatch(of: /[a-z]{2,3}/) != nil {
                settings.language = value.text
            } else {
                problems.append(
                    Diagnostic(value.location, "language \"\(value.text)\" is not an ISO 639 code such as en or fr"))
            }
        }
        return problems.isEmpty ? .success(settings) : .failure(ConfigurationProblems(problems))
    }
}

extension SocialPostChannel {
    public func settingsProblems(_ program: Program) -> [Diagnostic] {
        guard let section = program.channels.sections[id.rawValue] else { return [] }
        if case .failure(let problems) = SocialSettings.decode(section) { return problems.diagnostics }
        return []
    }

    /// The program's social settings; none is bad input naming the key to add.
    func settings(_ program: Program) throws -> SocialSettings {
        guard let section = program.channels.sections[id.rawValue] else {
            throw PublishError.noDestination("channels.social.mastodon")
        }
        return try SocialSettings.decode(section).get()
    }
}
