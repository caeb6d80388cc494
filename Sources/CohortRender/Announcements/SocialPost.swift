import Foundation

/// How long a post is as Mastodon counts it: characters as people see them (grapheme
/// clusters), every link as 23 whatever its length, and a mention of `@user@server` as `@user`.
public enum SocialPost {
    /// The length Mastodon allows by default.
    public static let limit = 500
    /// What each link counts for (Mastodon's `characters_reserved_per_url`).
    public static let linkLength = 23

    public static func length(_ text: String) -> Int {
        let links = text.replacing(linkPattern, with: String(repeating: "x", count: linkLength))
        let mentions = links.replacing(mentionPattern) { match -> String in match.output.1 + "@" + match.output.2 }
        return mentions.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines).count
    }

    nonisolated(unsafe) static let linkPattern = /https?:\/\/[^\s<>"]+/
    // A mention starts the text or follows a character that is not part of a word.
    nonisolated(unsafe) static let mentionPattern = /(^|[^\w@])@([A-Za-z0-9_]+)@[A-Za-z0-9.\-]+[A-Za-z0-9]/
}
