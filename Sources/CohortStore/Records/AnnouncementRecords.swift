import CohortCore
import Foundation

/// The lifecycle of every announcement's channels (meta, blog, mail, social): draft → ready →
/// sent / published, each step with its time, actor, the hash of exactly what went out and what
/// the destination said (a revision id, a post id, an outbox batch). History is never rewritten:
/// a step is appended, and the latest per channel is where the channel stands.
public protocol AnnouncementRecords {
    /// Every step of `announcement`'s channels (of every announcement when nil), oldest first.
    func channelRecords(announcement: String?) throws -> [ChannelRecord]
    /// Appends a step and returns it with its id.
    @discardableResult
    func append(_ record: ChannelRecord) throws -> ChannelRecord
}

extension AnnouncementRecords {
    /// Where each channel of `announcement` stands: its latest step.
    public func currentChannels(announcement: String) throws -> [AnnouncementChannel: ChannelRecord] {
        try channelRecords(announcement: announcement).current
    }
}
