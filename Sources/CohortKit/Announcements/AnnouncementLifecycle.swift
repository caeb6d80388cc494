import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// Where one channel of one announcement stands: its latest recorded step (sent, published) or,
/// while nothing went out, what its committed output says (ready when rendered, up to date and
/// lint clean; draft otherwise), with the step's history.
public struct ChannelStatus: Sendable, Encodable {
    public var channel: AnnouncementChannel
    public var state: ChannelState
    /// True when `state` comes from the records (a step someone recorded), false when computed.
    public var recorded: Bool
    /// The latest recorded step, if any.
    public var latest: ChannelRecord?
    /// Every recorded step, oldest first.
    public var history: [ChannelRecord]
    /// The committed output (`announcements/<slug>/<file>`) and its SHA-256, when it exists.
    public var output: String
    public var outputHash: String?
    /// For a mail that went out: how many of its messages are in each outbox state.
    public var deliveries: [String: Int]?
    /// Who approved which content of this channel (`announce approve`), oldest first.
    public var approvals: [ApprovalLine] = []

    /// One approval as `announce status` shows it: `current` while it is of the committed output.
    public struct ApprovalLine: Sendable, Encodable {
        public var by: String
        public var sha256: String
        public var at: String
        public var current: Bool
    }

    /// True when the channel went out and its committed output is no longer exactly what went
    /// out (what Cohort sent, or what the destination showed later).
    public var outputDiffers: Bool {
        guard let latest, latest.state.wentOut, latest.hash != nil, let outputHash else { return false }
        return !history.contains { $0.hash == outputHash }
    }

    enum CodingKeys: String, CodingKey {
        case channel, state, recorded, at, actor, hash, details, history, output, deliveries, approvals, outputHash,
            outputDiffers
    }

    /// By hand: the latest step's at, actor, hash, details flattened in (`null` before one); output_differs computed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(channel, forKey: .channel)
        try container.encode(state, forKey: .state)
        try container.encode(recorded, forKey: .recorded)
        try container.encode(latest.map { Instant.format($0.at) }, forKey: .at)
        try container.encode(latest?.actor, forKey: .actor)
        try container.encode(latest?.hash, forKey: .hash)
        try container.encode(latest?.details, forKey: .details)
        try container.encode(history.map(ChannelStep.init), forKey: .history)
        try container.encode(output, forKey: .output)
        try container.encode(outputHash, forKey: .outputHash)
        try container.encode(outputDiffers, forKey: .outputDiffers)
        try container.encodeIfPresent(deliveries, forKey: .deliveries)
        try container.encode(approvals, forKey: .approvals)
    }
}

/// One recorded step as `announce status --json` lists it.
struct ChannelStep: Encodable {
    var state: ChannelState
    var at: String
    var actor: String
    var hash: String?
    var details: ChannelDetails

    init(_ record: ChannelRecord) {
        state = record.state
        at = Instant.format(record.at)
        actor = record.actor
        hash = record.hash
        details = record.details
    }
}

/// One announcement and where each of its channels stands.
public struct AnnouncementStatus: Sendable, Encodable {
    public var slug: String
    public var title: String
    public var channels: [ChannelStatus]
    /// Why the announcement could not be rendered to judge `ready`, if it could not.
    public var problem: String?
}

/// `cohort announce status --json`: `{"announcements":[{"slug","title","channels":[…]}]}`.
public struct AnnouncementStatusReport: Sendable, Encodable {
    public var announcements: [AnnouncementStatus]
}

extension AnnouncementDesk {
    /// Where every channel of `slug` (of every announcement when nil) stands, from the records
    /// and the committed outputs.
    public func announcementStatus(_ slug: String? = nil) throws -> AnnouncementStatusReport {
        let build = try AnnouncementBuild(session: session, now: .distantPast)
        let slugs = try slug.map { [try build.source($0).slug] } ?? build.slugs()
        let store = records.exists ? try openStore() : nil
        let records = try store?.read { try $0.channelRecords(announcement: slug) } ?? []
        let approvals = try contentApprovals()
        var statuses: [AnnouncementStatus] = []
        for slug in slugs {
            let source = try build.source(slug)
            var problem: String?
            var upToDate: Set<String> = []
            do {
                let files = build.outputFiles(try build.prepare([slug]))
                let outdated = Set(build.outdated(files))
                upToDate = Set(files.keys).subtracting(outdated)
                if !(try build.lint([slug])).isEmpty { upToDate = [] }
            } catch {
                problem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            }
            let mine = records.filter { $0.announcement == slug }
            let channels = Set(source.channels + mine.map(\.channel)).sorted()
            var list: [ChannelStatus] = []
            for channel in channels {
                let history = mine.filter { $0.channel == channel }
                let output = "announcements/\(slug)/\(channel.outputName)"
                let text = try? workspace.readText(output)
                var status = ChannelStatus(
                    channel: channel, state: upToDate.contains(output) ? .ready : .draft, recorded: false,
                    latest: history.last, history: history, output: output,
                    outputHash: text.map(ContentDigest.sha256))
                let subject = ContentApproval.subject(slug: slug, channel: channel)
                status.approvals = approvals.filter { $0.subject == subject }.map {
                    ChannelStatus.ApprovalLine(
                        by: $0.by, sha256: $0.hash, at: Instant.format($0.at), current: $0.hash == status.outputHash)
                }
                if let latest = history.last, latest.state.wentOut || !upToDate.contains(output) {
                    status.state = latest.state
                    status.recorded = true
                }
                if channel == .mail, let batch = history.last?.details.batch, let store {
                    let counts = try store.read { try $0.outboxCounts(batch: batch) }
                    status.deliveries = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
                }
                list.append(status)
            }
            statuses.append(AnnouncementStatus(slug: slug, title: source.title, channels: list, problem: problem))
        }
        return AnnouncementStatusReport(announcements: statuses)
    }

    /// Records that `channel` of `slug` reached `state` in the caller's write transaction (the
    /// one that makes the decision: the edit, the post, the queueing), with the SHA-256 of `text`,
    /// exactly what went out, and an audit entry. A step equal to the latest (same state and
    /// hash) is not recorded twice.
    @discardableResult
    func recordChannel(
        _ channel: AnnouncementChannel, of slug: String, state: ChannelState, text: String?,
        details: ChannelDetails = ChannelDetails(), records: any RecordWriting, audit: AuditContext
    ) throws -> ChannelRecord {
        let hash = text.map(ContentDigest.sha256)
        if let latest = try records.currentChannels(announcement: slug)[channel], latest.state == state,
            latest.hash == hash, latest.details == details
        {
            return latest
        }
        let record = try records.append(
            ChannelRecord(
                announcement: slug, channel: channel, state: state, at: audit.now, actor: audit.actor, hash: hash,
                details: details))
        var facts = ["hash": hash ?? ""]
        if let batch = details.batch { facts["batch"] = batch }
        if let revision = details.revision { facts["revision"] = String(revision) }
        if let post = details.postID { facts["post_id"] = String(post) }
        try records.append(
            audit.entry(
                action: state.rawValue, subject: "announcement:\(slug)/\(channel.rawValue)",
                reason: details.note ?? "\(channel.rawValue) \(state.rawValue)",
                details: try JSONDocument.compact(facts)))
        return record
    }
}
