import Foundation

/// The IANA zone names this system knows: the tz database's zones and links (read once from
/// `tzdata.zi`, the system's copy) and Foundation's own list, plus `UTC`.
public enum TimeZoneNames {
    /// Canonical zone names (`Asia/Kolkata`), the ones suggestions offer.
    public static let canonical: Set<String> = {
        var names = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])
        names.formUnion(database.zones)
        return names
    }()

    /// Every name `cohort.yaml` and CSV files may use for a zone, old aliases (`Asia/Calcutta`) included.
    public static let all: Set<String> = canonical.union(database.links)

    /// True when `name` is a zone this system can convert times in.
    public static func isKnown(_ name: String) -> Bool {
        guard all.contains(name) else { return false }
        // Foundation builds a zone to answer; an import asks for the same few zones per row.
        return knownCache.answer(name) { TimeZone(identifier: name) != nil }
    }

    private static let knownCache = Memo()

    /// Answers remembered by name.
    private final class Memo: @unchecked Sendable {
        // @unchecked: `answers` is only read and written while `lock` is held.
        private let lock = NSLock()
        private var answers: [String: Bool] = [:]

        func answer(_ name: String, _ compute: () -> Bool) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if let known = answers[name] { return known }
            let value = compute()
            answers[name] = value
            return value
        }
    }

    /// `; did you mean "…"?` for a misspelt zone, or how zones are named when nothing is close.
    public static func hint(_ name: String) -> String {
        let suggestion = didYouMean(name)
        return suggestion.isEmpty ? "; use an IANA name such as \"Europe/Berlin\"" : suggestion
    }

    /// `; did you mean "…"?` for a misspelt zone, preferring canonical names.
    public static func didYouMean(_ name: String) -> String {
        let suggestion = Suggestion.didYouMean(name, in: canonical)
        return suggestion.isEmpty ? Suggestion.didYouMean(name, in: all) : suggestion
    }

    private static let database: (zones: [String], links: [String]) = {
        let paths = ["/usr/share/zoneinfo/tzdata.zi", "/usr/share/lib/zoneinfo/tzdata.zi"]
        guard let text = paths.lazy.compactMap({ try? String(contentsOfFile: $0, encoding: .utf8) }).first else {
            return ([], [])
        }
        var zones: [String] = []
        var links: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, fields[0] == "Z" { zones.append(String(fields[1])) }
            if fields.count >= 3, fields[0] == "L" { links.append(String(fields[2])) }
        }
        return (zones, links)
    }()
}
