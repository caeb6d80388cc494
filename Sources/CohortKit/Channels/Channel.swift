import CohortCore
internal import CohortStore
import Foundation

/// One way an announcement is told: the Meta-Wiki page, the Diff blog, the mailing lists, the
/// social post, or one a workspace adds. A channel says what its output is, what is wrong with it,
/// how it goes out and where it stands; `announce render`, `show`, `publish`, `release` and
/// `status` reach it through the session's `ChannelRegistry` and know nothing else of it.
/// Each lives in a folder of its own under `Channels/`.
public protocol Channel: Sendable {
    /// Its name in front matter (`channels: [...]`), in `--channel`, in the records, and of its
    /// section of `cohort.yaml` (`channels.<name>`, kept as written in `Channels.sections`).
    var id: AnnouncementChannel { get }
    /// The problems of its section of `cohort.yaml`, each located (`cohort check` lists them).
    func settingsProblems(_ program: Program) -> [Diagnostic]
    /// Its output for one announcement, from what that announcement renders to; nil when none.
    func render(_ announcement: ChannelRendering) throws -> String?
    /// Problems of its output beyond those `announce lint` finds for every channel.
    func lint(_ text: String, of announcement: ChannelRendering) -> [Diagnostic]
    /// Publishes (or sends) `text`, the output as rendered now, and records what went out
    /// through `context.record`.
    func publish(_ text: String, context: ChannelContext) throws -> PublishReport
    /// Where the channel stands at its destination, refreshed from it when it can be asked
    /// (a post an editor published since); the latest recorded step otherwise.
    func readBack(_ context: ChannelContext) throws -> ChannelRecord?
}

extension Channel {
    public func settingsProblems(_ program: Program) -> [Diagnostic] { [] }
    public func lint(_ text: String, of announcement: ChannelRendering) -> [Diagnostic] { [] }
    public func readBack(_ context: ChannelContext) throws -> ChannelRecord? { context.latest }
}

/// What a channel renders from: the announcement's source and every built-in rendering of it,
/// by file name (`meta.wiki`, `blog.html`, `mail.eml`, `social.txt`).
public struct ChannelRendering: Sendable {
    public var source: AnnouncementSource
    public var outputs: [String: String]

    public init(source: AnnouncementSource, outputs: [String: String]) {
        self.source = source
        self.outputs = outputs
    }
}

/// What a channel publishes with: the session, the announcement, how the command runs, and
/// the channel lifecycle's history, to which `record` adds a step.
public struct ChannelContext {
    public let session: ProgramSession
    public let source: AnnouncementSource
    public let channel: AnnouncementChannel
    public let options: PublishOptions
    public let audit: AuditContext
    public let environment: [String: String]
    /// Every recorded step of every announcement's channels, oldest first.
    public let history: [ChannelRecord]
    let store: any RecordStore

    /// This announcement's latest recorded step on this channel.
    public var latest: ChannelRecord? {
        history.last { $0.announcement == source.slug && $0.channel == channel }
    }

    /// Records a step of this channel in its own transaction (see `recordChannel`).
    @discardableResult
    public func record(_ state: ChannelState, text: String?, details: ChannelDetails) throws -> ChannelRecord {
        try store.write { records in
            try AnnouncementDesk(session).recordChannel(
                channel, of: source.slug, state: state, text: text, details: details, records: records, audit: audit)
        }
    }
}

/// The channels a session knows, in the order they go out. Adding a channel is a folder under
/// `Channels/` and one line in `standard`.
public struct ChannelRegistry: Sendable {
    public private(set) var channels: [any Channel]

    public init(_ channels: [any Channel]) { self.channels = channels }

    /// Cohort's own: the plan's sequence (Meta page, Diff post, mail), then the social post.
    public static let standard = ChannelRegistry([
        MetaPageChannel(),
        BlogPostChannel(),
        ListMailChannel(),
        SocialPostChannel(),
    ])

    /// The same registry with `channel` too (replacing one of the same name).
    public func adding(_ channel: any Channel) -> ChannelRegistry {
        ChannelRegistry(channels.filter { $0.id != channel.id } + [channel])
    }

    public subscript(id: AnnouncementChannel) -> (any Channel)? { channels.first { $0.id == id } }

    /// Every channel's name, in order.
    public var ids: [AnnouncementChannel] { channels.map(\.id) }

    /// The names whose `cohort.yaml` section is kept for the channel to decode (all but the
    /// three Core decodes itself).
    public var sectionNames: [String] {
        ids.map(\.rawValue).filter { !["meta", "blog", "mail"].contains($0) }
    }

    /// Every problem of every channel's section of `cohort.yaml`.
    public func settingsProblems(_ program: Program) -> [Diagnostic] {
        channels.flatMap { $0.settingsProblems(program) }
    }

    /// Every output of `source` by file name, each from its channel (a channel the registry
    /// lacks renders nothing).
    func outputs(of source: AnnouncementSource, rendered: [String: String]) throws -> [String: String] {
        let input = ChannelRendering(source: source, outputs: rendered)
        var outputs: [String: String] = [:]
        for id in source.channels {
            if let channel = self[id], let text = try channel.render(input) { outputs[id.outputName] = text }
        }
        return outputs
    }
}

/// A channel whose output is one of the built-in renderings (`AnnouncementRenderer`'s).
protocol RenderedChannel: Channel {}

extension RenderedChannel {
    func render(_ announcement: ChannelRendering) throws -> String? { announcement.outputs[id.outputName] }
}

extension PublishReport {
    /// What a channel reports: `result` on `channel`, with the destination's `link` when it has one.
    public init(channel: AnnouncementChannel, result: Result, link: String? = nil, dryRun: Bool) {
        self.init(channel: channel.rawValue, result: result, link: link, dryRun: dryRun)
    }
}
