import CohortCore
internal import CohortDelivery
internal import CohortRender
import Foundation

/// A server's answer that does not hold up when checked: nothing was recorded as published.
public struct ServerClaimRefused: Error, LocalizedError, CategorizedError, Equatable {
    /// Who answered (`the wiki`, `the blog`).
    public var server: String
    /// What it claimed and what checking found.
    public var detail: String

    public var errorDescription: String? {
        "\(server) claimed what does not hold: \(detail); nothing was recorded as published. Look at it on the site, then publish again"
    }

    public var kind: FailureKind { .failure }
}

/// What Cohort believes of the wiki and the blog only once it has checked it: an edit is read
/// back from the page, a post must be what was sent, and a link must point at the blog's own site.
enum ServerClaims {
    /// The problem with `link` as the address of a published Diff post, if any: it must be https
    /// (or http on this machine) on the host of `channels.blog.site`. The path may differ from the
    /// planned `blog.url` (permalinks carry the publishing day).
    static func linkProblem(_ link: String, site: URL?) -> String? {
        guard let url = URL(string: link), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased()
        else { return "the blog gave \"\(link)\" as the post's address, which is not a web address" }
        guard scheme == "https" || (scheme == "http" && NetworkAddress.isLoopback(host: host)) else {
            return
                "the blog gave \"\(link)\" as the post's address: plain http to another machine; only https links go out"
        }
        guard let site, let siteHost = site.host?.lowercased() else { return nil }
        guard host == siteHost, url.port == site.port else {
            return "the blog gave \"\(link)\" as the post's address, which is not on \(siteHost) (channels.blog.site)"
        }
        return nil
    }

    /// Checks that `saved` is the edit of `title` Cohort asked for: the revision it names exists,
    /// belongs to `title`, and holds `text` (in `section`, or anywhere on the page after an append
    /// or a creation). A `nochange` answer is checked the same way against the current revision.
    /// Returns the revision to record.
    static func verifyEdit(
        _ saved: WikiEdit, title: String, text: String, wiki: MediaWikiClient
    ) throws -> (revision: Int, timestamp: String) {
        let answered = saved.title.map { MediaWikiClient.normalized($0) }
        if let answered, answered != MediaWikiClient.normalized(title) {
            throw ServerClaimRefused(
                server: "the wiki", detail: "it answered the edit of \"\(title)\" for the page \"\(saved.title ?? "")\""
            )
        }
        if !saved.unchanged, saved.revision == nil {
            throw ServerClaimRefused(server: "the wiki", detail: "it said Success without the new revision's id")
        }
        let (current, _) = try wiki.page(title)
        guard let current else {
            throw ServerClaimRefused(server: "the wiki", detail: "the page \"\(title)\" is not there after the edit")
        }
        let revision = saved.unchanged ? current.id : saved.revision ?? current.id
        guard let read = try wiki.revision(revision) else {
            throw ServerClaimRefused(server: "the wiki", detail: "revision \(revision) does not exist")
        }
        guard MediaWikiClient.normalized(read.title) == MediaWikiClient.normalized(title) else {
            throw ServerClaimRefused(
                server: "the wiki",
                detail: "revision \(revision) belongs to \"\(read.title)\", not to \"\(title)\"")
        }
        guard WikiSectionText.contains(read.revision.content, text) else {
            throw ServerClaimRefused(
                server: "the wiki", detail: "revision \(revision) of \"\(title)\" does not carry the section's text")
        }
        return (revision, read.revision.timestamp)
    }

    /// Checks that `post` is what Cohort sent: the post it asked for (`id`, when updating), with
    /// the slug, status and content sent.
    static func verifyPost(
        _ post: WordPressPost, sent fields: WordPressFields, id: Int?, status: String? = "draft", site: URL?
    ) throws {
        var wrong: [String] = []
        if let id, post.id != id { wrong.append("post \(post.id) where post \(id) was updated") }
        if post.slug != fields.slug { wrong.append("the slug \"\(post.slug)\" where \"\(fields.slug)\" was sent") }
        if let status, post.status != status { wrong.append("the status \"\(post.status)\" where \(status) was sent") }
        if post.content != fields.content { wrong.append("content other than what was sent") }
        if !post.link.isEmpty, let problem = linkProblem(post.link, site: site) { wrong.append(problem) }
        guard wrong.isEmpty else {
            throw ServerClaimRefused(server: "the blog", detail: "it answered " + wrong.joined(separator: "; "))
        }
    }
}
