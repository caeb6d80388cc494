import CohortCore
internal import CohortRender
import Foundation

/// A channel that went out, as `build` and `render` report it: still exactly what went out, and
/// whether it would read differently if it were rendered from the records now.
public struct FrozenChannel: Sendable, Encodable {
    public var slug: String
    public var title: String
    public var channel: AnnouncementChannel
    public var state: ChannelState
    public var at: Date
    /// The committed output (`announcements/<slug>/<file>`).
    public var output: String
    /// False when the committed output is no longer exactly what went out.
    public var committedMatches: Bool
    /// True when, rendered from the records and templates now, the channel would read otherwise.
    public var wouldNowDiffer: Bool
    /// What changed since, a few phrases (`wave.public: 2022-H2 → 2023-H1`); empty when only the
    /// source or the templates changed.
    public var changes: [String]

    /// The title is for people; the JSON names the announcement by its slug.
    enum CodingKeys: String, CodingKey {
        case slug, channel, state, at, output, changes, committedMatches, wouldNowDiffer
    }

    /// `sent on 15 June 2022; would now read differently (…)`, for people.
    public func line(timeZone: TimeZone) -> String {
        let day = PlannedDate(DatePeriod(day: CivilDate(at, in: timeZone))).spelledOut
        var line = "\(output): \(state.rawValue) on \(day)"
        if wouldNowDiffer {
            line += "; would now read differently"
            if !changes.isEmpty { line += " (\(changes.joined(separator: "; ")))" }
            line += "; draft a follow-up with `cohort announce follow-up \(slug)`"
        }
        return line
    }
}

extension AnnouncementBuild {
    /// Every channel of `prepared` that went out: whether its committed output is still what went
    /// out, and whether it would now read differently (rendered with a context captured now).
    public func frozenChannels(_ prepared: [Prepared]) throws -> [FrozenChannel] {
        guard prepared.contains(where: { !$0.frozen.isEmpty }) else { return [] }
        let timeline = try session.timeline()
        var channels: [FrozenChannel] = []
        for announcement in prepared where !announcement.frozen.isEmpty {
            let source = announcement.source
            let uses = sectionsUsed(by: source, templates: announcement.templates)
            let live = RecordContext.capture(timeline: timeline, sections: sections, uses: uses, at: now)
            let now = try? render(source, templates: PreparedTemplates(announcement.templates), context: live).1
            let changes = announcement.context.staleness(against: live)
            for (channel, record) in announcement.frozen.sorted(by: { $0.key < $1.key }) {
                let output = "announcements/\(source.slug)/\(channel.outputName)"
                let committed = (try? workspace.readText(output)).map(ContentDigest.sha256)
                let fresh = now?.files[channel.outputName].map(ContentDigest.sha256)
                // What Cohort sent and what the destination showed later are both what went out.
                let known = (recordedHashes[source.slug]?[channel] ?? []).union(record.hash.map { [$0] } ?? [])
                channels.append(
                    FrozenChannel(
                        slug: source.slug, title: source.title, channel: channel, state: record.state,
                        at: record.at, output: output,
                        committedMatches: known.isEmpty || committed.map(known.contains) ?? true,
                        wouldNowDiffer: fresh.map { !known.contains($0) } ?? false, changes: changes))
            }
        }
        return channels
    }

    /// A committed output that is no longer what went out, as a located problem.
    static func problems(_ frozen: [FrozenChannel], timeZone: TimeZone) -> [Diagnostic] {
        frozen.filter { !$0.committedMatches }.map { channel in
            let day = PlannedDate(DatePeriod(day: CivilDate(channel.at, in: timeZone))).spelledOut
            return Diagnostic(
                SourceLocation(file: channel.output),
                "differs from what went out on \(day) (the records keep its SHA-256); restore it from version control, and tell a change in a follow-up (`cohort announce follow-up \(channel.slug)`)"
            )
        }
    }
}
