import CohortCore
internal import CohortRender
import Foundation

extension AnnouncementStatusReport {
    /// `announce status` for people: one row per announcement and channel.
    public var text: String {
        guard !announcements.isEmpty else { return "No announcements in announcements/." }
        var table = TextTable(headers: ["ANNOUNCEMENT", "CHANNEL", "STATE", "SINCE", "BY", "DETAILS"])
        var notes: [String] = []
        for announcement in announcements {
            for channel in announcement.channels {
                let since = channel.recorded ? channel.latest.map { Instant.format($0.at) } ?? "" : ""
                let by = channel.recorded ? channel.latest?.actor ?? "" : ""
                table.append([
                    announcement.slug, channel.channel.rawValue, channel.state.rawValue, since, by,
                    Self.details(channel),
                ])
                if channel.outputDiffers {
                    notes.append(
                        "\(channel.output): differs from what went out on \(since); restore it from version control")
                }
            }
            for channel in announcement.channels {
                for approval in channel.approvals {
                    notes.append(
                        "\(announcement.slug) \(channel.channel.rawValue): approved by \(approval.by) on \(approval.at), sha256:\(approval.sha256)"
                            + (approval.current ? "" : " (void: the content changed since)"))
                }
            }
            if let problem = announcement.problem { notes.append("\(announcement.slug): cannot render: \(problem)") }
        }
        return ([table.render()] + notes).joined(separator: "\n")
    }

    static func details(_ status: ChannelStatus) -> String {
        guard status.recorded, let latest = status.latest else {
            return status.outputHash == nil ? "not rendered" : ""
        }
        let details = latest.details
        var parts: [String] = []
        if let revision = details.revision { parts.append("revision \(revision)") }
        if let post = details.postID { parts.append("post \(post)") }
        if let statusID = details.statusID { parts.append("status \(statusID)") }
        if let state = details.status { parts.append(state) }
        if let link = details.link { parts.append(link) }
        if let batch = details.batch {
            let sent = status.deliveries?["sent"] ?? 0
            parts.append("\(batch): \(sent) of \(details.messages ?? status.deliveries?.values.reduce(0, +) ?? 0) sent")
        }
        return parts.joined(separator: ", ")
    }
}
