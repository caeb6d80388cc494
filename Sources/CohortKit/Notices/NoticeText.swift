import CohortCore
internal import CohortRender
import Foundation

/// Notices for people: one line each, never an address.
public enum NoticeText {
    /// `notices list`.
    public static func list(_ notices: [NoticeLine]) -> String {
        guard !notices.isEmpty else { return "No notices yet: decisions about people queue them." }
        var table = TextTable(headers: ["KIND", "PERSON", "LANG", "STATE", "QUEUED (UTC)", "BATCH"])
        for notice in notices {
            table.append([notice.kind, notice.person, notice.language, notice.state, notice.queuedAt, notice.batch])
        }
        var lines = [table.render()]
        let waiting = notices.count { ["pending", "failed-temporary"].contains($0.state) }
        let undeliverable = notices.filter { $0.state == "undeliverable" }.map(\.person)
        if waiting > 0 { lines.append("\(Plural.count(waiting, "notice")) to send: `cohort notices send`") }
        if !undeliverable.isEmpty {
            lines.append("Undeliverable, no mail address on record: " + undeliverable.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
