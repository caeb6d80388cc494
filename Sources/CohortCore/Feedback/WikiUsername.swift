import Foundation

/// A wiki user name compared as MediaWiki compares them: the first letter without case, an
/// underscore the same as a space, runs of spaces as one. Names are kept and shown as first written;
/// only comparisons use `key`.
public enum WikiUsername {
    /// The longest user name MediaWiki accepts, in UTF-8 bytes (`$wgMaxNameChars`).
    public static let maximumBytes = 255

    /// The form MediaWiki stores a name in: underscores as spaces, spaces collapsed and trimmed,
    /// the first letter upper case. Two names are one user when their keys are equal.
    public static func key(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ").split(whereSeparator: { $0 == " " })
        let joined = words.joined(separator: " ")
        guard let first = joined.first else { return joined }
        return first.uppercased() + joined.dropFirst()
    }

    /// True when `a` and `b` name the same wiki user.
    public static func same(_ a: String, _ b: String) -> Bool { key(a) == key(b) }

    /// What makes `name` no wiki user name, as a phrase that follows the name ("is …"), or nil.
    public static func problem(_ name: String) -> String? {
        let key = key(name)
        if key.isEmpty { return "is empty; write the wiki user name" }
        if key.utf8.count > maximumBytes {
            return "is \(key.utf8.count) bytes long, more than the \(maximumBytes) a wiki user name may have"
        }
        if let bad = key.first(where: { "#<>[]|{}".contains($0) }) {
            return "contains \"\(bad)\", which a wiki user name cannot hold"
        }
        return nil
    }
}
