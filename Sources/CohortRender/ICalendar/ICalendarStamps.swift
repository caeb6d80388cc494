import CohortCore
import Foundation

extension ICalendar {
    /// The calendar with each event's DTSTAMP and SEQUENCE taken from `previous` (the text this
    /// file held before) when the event is otherwise unchanged; a changed event keeps its own
    /// stamp (the command's clock) and a SEQUENCE above the one before. So writing an unchanged
    /// program again gives the same bytes whatever the clock, and a calendar program sees a new
    /// DTSTAMP and SEQUENCE only on the items that changed.
    public func keepingStamps(of previous: String?) -> ICalendar {
        guard let previous else { return self }
        let before = ICalendarStamps.events(in: previous)
        var calendar = self
        for index in calendar.events.indices {
            let event = calendar.events[index]
            guard let old = before[event.uid] else { continue }
            if ICalendarStamps.fingerprint(event.contentLines.map(\.rendered)) == old.fingerprint {
                calendar.events[index].stamp = old.stamp
                calendar.events[index].sequence = old.sequence
            } else {
                calendar.events[index].sequence = max(event.sequence, old.sequence + 1)
            }
        }
        return calendar
    }
}

/// What a written calendar says about each of its events, read back for `keepingStamps`.
enum ICalendarStamps {
    struct Event {
        var stamp: Date
        var sequence: Int
        var fingerprint: String
    }

    /// Every VEVENT of `text` by UID: its DTSTAMP, SEQUENCE and the rest of its lines.
    static func events(in text: String) -> [String: Event] {
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
        var events: [String: Event] = [:]
        var lines: [String]?
        for line in unfolded.components(separatedBy: "\r\n") {
            if line == "BEGIN:VEVENT" { lines = [] }
            lines?.append(line)
            guard line == "END:VEVENT", let event = lines else { continue }
            lines = nil
            func value(_ name: String) -> String? {
                event.first { $0.hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)) }
            }
            guard let uid = value("UID"), let stamp = value("DTSTAMP").flatMap(parseStamp) else { continue }
            events[ICalendarText.unescape(uid)] = Event(
                stamp: stamp, sequence: value("SEQUENCE").flatMap { Int($0) } ?? 0, fingerprint: fingerprint(event))
        }
        return events
    }

    /// An event's lines without the two that only say when and which version.
    static func fingerprint(_ lines: [String]) -> String {
        lines.filter { !$0.hasPrefix("DTSTAMP:") && !$0.hasPrefix("SEQUENCE:") }.joined(separator: "\n")
    }

    /// `20220204T160000Z` → the instant.
    static func parseStamp(_ text: String) -> Date? {
        guard text.count == 16, text.hasSuffix("Z") else { return nil }
        let digits = Array(text)
        let iso =
            "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))T\(String(digits[9..<11])):\(String(digits[11..<13])):\(String(digits[13..<15]))Z"
        return Instant.parse(iso)
    }
}

extension ICalendarText {
    /// A TEXT value as written, unescaped (for reading back a UID).
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\,", with: ",").replacingOccurrences(of: "\\;", with: ";")
            .replacingOccurrences(of: "\\\\", with: "\\")
    }
}
