import CohortCore
internal import CohortStore
import Foundation

extension TimelinePlanning {
    /// The dates among `shifts` said in public (`TimelineShift.stated`): stated by an
    /// announcement's output that went out (`records`), while the date was in force. An output
    /// that went out is frozen, so its committed file is what went out.
    func statedDates(_ shifts: [TimelineShift], records: [ChannelRecord]) -> Set<String> {
        guard !shifts.isEmpty else { return [] }
        var texts: [String: String] = [:]
        let wentOut = records.filter(\.state.wentOut).compactMap { record -> (at: Date, text: String)? in
            let path = "announcements/\(record.announcement)/\(record.channel.outputName)"
            if texts[path] == nil { texts[path] = try? workspace.readText(path) }
            return texts[path].map { (record.at, $0) }
        }
        return TimelineShift.stated(shifts, wentOut: wentOut)
    }
}
