import Foundation

/// Where one channel of an announcement stands: written (draft), rendered and lint clean (ready),
/// or gone out (sent for mail, published for the wiki page, the blog and the social post). Once a
/// channel has gone out, its output is frozen.
public enum ChannelState: String, Sendable, Codable, CaseIterable {
    case draft, ready, sent, published

    /// True once the channel went out: what was rendered then is what people read.
    public var wentOut: Bool { self == .sent || self == .published }
}

/// One step of one channel's lifecycle, kept forever: the latest per channel is where it stands,
/// the earlier ones are its history. `hash` is the SHA-256 of exactly the text that went out, so
/// `sha256sum announcements/<slug>/<file>` tells whether the committed output still is that text.
public struct ChannelRecord: Sendable, Equatable, Codable {
    /// The store's sequence number; nil until stored.
    public var id: Int64?
    /// The announcement's slug.
    public var announcement: String
    public var channel: AnnouncementChannel
    public var state: ChannelState
    /// The command's clock (`--now`).
    public var at: Date
    public var actor: String
    /// SHA-256 (hex) of the channel's output as it went out (or was rendered, for `ready`).
    public var hash: String?
    public var details: ChannelDetails

    public init(
        id: Int64? = nil, announcement: String, channel: AnnouncementChannel, state: ChannelState, at: Date,
        actor: String, hash: String? = nil, details: ChannelDetails = ChannelDetails()
    ) {
        self.id = id
        self.announcement = announcement
        self.channel = channel
        self.state = state
        self.at = at
        self.actor = actor
        self.hash = hash
        self.details = details
    }
}

/// What a channel's destination said when it went out: the wiki page's revision, the blog post,
/// the outbox batch of the mail. Only the fields of the record's channel are set.
public struct ChannelDetails: Sendable, Equatable, Codable {
    /// Meta-Wiki: the page, the revision id the edit made and that revision's timestamp.
    public var page: String?
    public var revision: Int?
    public var revisionTimestamp: String?
    /// The Diff blog (WordPress): the post id, its status (`draft`, `publish`) and its link; a
    /// social post's link.
    public var postID: Int?
    public var status: String?
    public var link: String?
    /// Mail: the outbox batch and how many messages it holds.
    public var batch: String?
    public var messages: Int?
    /// Anything else worth keeping, in words (a lint override's reason, say).
    public var note: String?
    /// The social post (Mastodon): the status id, and the `Idempotency-Key` it was posted with
    /// (set on the intent recorded before the request, and on the result).
    public var statusID: String?
    public var idempotencyKey: String?

    public init(
        page: String? = nil, revision: Int? = nil, revisionTimestamp: String? = nil, postID: Int? = nil,
        status: String? = nil, link: String? = nil, batch: String? = nil, messages: Int? = nil, note: String? = nil,
        statusID: String? = nil, idempotencyKey: String? = nil
    ) {
        self.statusID = statusID
        self.idempotencyKey = idempotencyKey
        self.page = page
        self.revision = revision
        self.revisionTimestamp = revisionTimestamp
        self.postID = postID
        self.status = status
        self.link = link
        self.batch = batch
        self.messages = messages
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case page, revision, status, link, batch, messages, note
        case revisionTimestamp = "revision_timestamp"
        case postID = "post_id"
        case statusID = "status_id"
        case idempotencyKey = "idempotency_key"
    }

    /// True when no field is set.
    public var isEmpty: Bool { self == ChannelDetails() }
}

extension Array where Element == ChannelRecord {
    /// The latest record of each channel: where each stands now.
    public var current: [AnnouncementChannel: ChannelRecord] {
        var latest: [AnnouncementChannel: ChannelRecord] = [:]
        for record in self { latest[record.channel] = record }
        return latest
    }
}
