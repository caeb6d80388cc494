import CohortCore
import Foundation

/// The Diff blog: `blog.html`, a WordPress draft (`channels.blog.site`) created or updated
/// through REST (`publishBlog`, in `Announcements/Publish.swift`); editors publish it, and the
/// read-back records when they did and at which address.
struct BlogPostChannel: RenderedChannel {
    let id = AnnouncementChannel.blog

    func publish(_ text: String, context: ChannelContext) throws -> PublishReport {
        try Publishing(context.session).publishBlog(
            context.source, html: text, history: context.history, store: context.store, options: context.options,
            audit: context.audit, environment: context.environment)
    }

    func readBack(_ context: ChannelContext) throws -> ChannelRecord? {
        try Publishing(context.session).blogPost(context.source, audit: context.audit, environment: context.environment)
    }
}
