import CohortCore
import Foundation

/// The Meta-Wiki portal page: `meta.wiki`, a section of the page (`channels.meta.api`,
/// `channels.meta.page`), published through the action API (`publishMeta`, in
/// `Announcements/Publish.swift`), never over an edit someone else made.
struct MetaPageChannel: RenderedChannel {
    let id = AnnouncementChannel.meta

    func publish(_ text: String, context: ChannelContext) throws -> PublishReport {
        try Publishing(context.session).publishMeta(
            context.source, text: text, history: context.history, store: context.store, options: context.options,
            audit: context.audit, environment: context.environment)
    }
}
