import Foundation

extension MediaWikiClient {
    /// One revision by its id, with the title of the page it belongs to; nil when the wiki has
    /// no such revision. How an edit is read back before Cohort believes it.
    public func revision(_ id: Int) throws -> (title: String, revision: WikiRevision)? {
        let answer = try call(
            query: [
                ("action", "query"), ("prop", "revisions"), ("revids", String(id)),
                ("rvprop", "ids|timestamp|user|content"), ("rvslots", "main"),
            ])
        let query = answer["query"] as? [String: Any] ?? [:]
        if query["badrevids"] != nil { return nil }
        guard let pages = query["pages"] as? [[String: Any]] else { return nil }
        for page in pages {
            guard let title = page["title"] as? String,
                let revision = (page["revisions"] as? [[String: Any]])?.first { $0["revid"] as? Int == id },
                let timestamp = revision["timestamp"] as? String
            else { continue }
            let main = (revision["slots"] as? [String: Any])?["main"] as? [String: Any]
            return (
                title,
                WikiRevision(
                    id: id, timestamp: timestamp, content: main?["content"] as? String ?? "",
                    user: revision["user"] as? String)
            )
        }
        return nil
    }

    /// A title as the wiki keeps it: underscores as spaces, the first letter capitalised.
    public static func normalized(_ title: String) -> String {
        let spaced = title.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
        guard let first = spaced.first else { return spaced }
        return first.uppercased() + spaced.dropFirst()
    }
}
