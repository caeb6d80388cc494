import CohortCore
import Foundation

/// The mailing lists: `mail.eml`, one message per list (`channels.mail`), sent through the
/// outbox (`Publishing.sendMail`) once the Diff post it links is live, never twice.
struct ListMailChannel: RenderedChannel {
    let id = AnnouncementChannel.mail

    /// Sends as `announce send SLUG` does with its defaults (a dry run plans the messages only).
    func publish(_ text: String, context: ChannelContext) throws -> PublishReport {
        var options = SendOptions()
        options.dryRun = context.options.dryRun
        let sent = try Publishing(context.session).sendMail(
            context.source.slug, options: options, audit: context.audit,
            environment: context.environment)
        let summary = sent.summary
        return PublishReport(
            channel: id.rawValue, result: summary.sent == 0 ? .unchanged : .created,
            status: SendText.summary(sent), dryRun: context.options.dryRun)
    }
}
