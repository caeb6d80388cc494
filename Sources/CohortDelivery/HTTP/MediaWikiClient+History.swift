import Foundation

extension MediaWikiClient {
    /// The page's revisions, oldest first, each with its author, time and text, up to `limit` of
    /// them (the newest `limit` when there are more): what attributes unsigned text, as the
    /// `{{unsigned}}` bots do, to the revision that added it.
    public func history(_ title: String, limit: Int = 500) throws -> [WikiRevision] {
        var revisions: [WikiRevision] = []
        var next: String?
        repeat {
            var query = [
                ("action", "query"), ("prop", "revisions"), ("titles", title),
                ("rvprop", "ids|timestamp|user|content"), ("rvslots", "main"), ("rvlimit", "50"),
            ]
            if let next { query.append(("rvcontinue", next)) }
            let answer = try call(query: query)
            guard let pages = (answer["query"] as? [String: Any])?["pages"] as? [[String: Any]],
                let page = pages.first
            else { throw MediaWikiError.malformed("no pages in the answer") }
            for revision in page["revisions"] as? [[String: Any]] ?? [] {
                guard let id = revision["revid"] as? Int, let timestamp = revision["timestamp"] as? String else {
                    continue
                }
                let main = (revision["slots"] as? [String: Any])?["main"] as? [String: Any]
                revisions.append(
                    WikiRevision(
                        id: id, timestamp: timestamp, content: main?["content"] as? String ?? "",
                        user: revision["user"] as? String))
            }
            next = (answer["continue"] as? [String: Any])?["rvcontinue"] as? String
        } while next != nil && revisions.count < limit
        return revisions.sorted { $0.id < $1.id }
    }
}
