import CohortCore
import Foundation

/// An iCalendar object (RFC 5545): a VCALENDAR with its events, written as calendar programs
/// expect — CRLF line ends, lines folded at 75 octets, TEXT values escaped — so that anything
/// embedded (a participant's name, a title) stays a value and never becomes a property.
public struct ICalendar: Sendable, Equatable {
    /// The iTIP method (RFC 5546): `PUBLISH` for a feed, `REQUEST` for an invitation, `CANCEL`.
    public enum Method: String, Sendable {
        case publish = "PUBLISH"
        case request = "REQUEST"
        case cancel = "CANCEL"
    }

    /// Who made the file: `-//Cohort//Cohort 0.1//EN`.
    public var productID: String
    public var method: Method?
    /// The calendar's display name (`X-WR-CALNAME`), for feeds.
    public var name: String?
    public var events: [ICalendarEvent]

    public init(
        productID: String = ICalendar.defaultProductID, method: Method? = nil, name: String? = nil,
        events: [ICalendarEvent] = []
    ) {
        self.productID = productID
        self.method = method
        self.name = name
        self.events = events
    }

    /// The product identifier Cohort writes.
    public static let defaultProductID = "-//Cohort//Cohort 0.1//EN"

    /// The calendar as RFC 5545 text.
    public func render() -> String {
        var lines: [ContentLine] = [
            ContentLine("BEGIN", raw: "VCALENDAR"),
            ContentLine("PRODID", text: productID),
            ContentLine("VERSION", raw: "2.0"),
            ContentLine("CALSCALE", raw: "GREGORIAN"),
        ]
        if let method { lines.append(ContentLine("METHOD", raw: method.rawValue)) }
        if let name { lines.append(ContentLine("X-WR-CALNAME", text: name)) }
        for event in events { lines += event.contentLines }
        lines.append(ContentLine("END", raw: "VCALENDAR"))
        return lines.map { ICalendarText.fold($0.rendered) + "\r\n" }.joined()
    }
}

/// When an event starts or ends: an instant (written in UTC) or a whole day.
public enum ICalendarTime: Sendable, Equatable {
    case instant(Date)
    /// An all-day date; as an end, the day after the last day (DTEND is exclusive).
    case day(CivilDate)
}

/// A calendar user: a mail address and the name to show.
public struct CalendarUser: Sendable, Equatable {
    public var email: String
    public var name: String?

    public init(email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }
}

/// Someone invited to an event and their answer.
public struct ICalendarAttendee: Sendable, Equatable {
    /// The attendee's answer (`PARTSTAT`).
    public enum Participation: String, Sendable {
        case needsAction = "NEEDS-ACTION"
        case accepted = "ACCEPTED"
        case declined = "DECLINED"
        case tentative = "TENTATIVE"
    }

    public var user: CalendarUser
    public var participation: Participation
    /// Whether a reply is asked for (`RSVP=TRUE`).
    public var rsvp: Bool

    public init(_ user: CalendarUser, participation: Participation = .needsAction, rsvp: Bool = true) {
        self.user = user
        self.participation = participation
        self.rsvp = rsvp
    }
}

/// A VEVENT.
public struct ICalendarEvent: Sendable, Equatable {
    /// `STATUS` of an event.
    public enum Status: String, Sendable {
        case tentative = "TENTATIVE"
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }

    /// Globally unique and stable for the event's whole life; updates keep it.
    public var uid: String
    /// When this version of the event was written (`DTSTAMP`).
    public var stamp: Date
    public var start: ICalendarTime
    public var end: ICalendarTime?
    public var summary: String
    public var description: String?
    public var location: String?
    public var url: String?
    public var organizer: CalendarUser?
    public var attendees: [ICalendarAttendee]
    /// Raised on each significant change (a new time, a cancellation).
    public var sequence: Int
    public var status: Status?

    public init(
        uid: String, stamp: Date, start: ICalendarTime, end: ICalendarTime? = nil, summary: String,
        description: String? = nil, location: String? = nil, url: String? = nil, organizer: CalendarUser? = nil,
        attendees: [ICalendarAttendee] = [], sequence: Int = 0, status: Status? = nil
    ) {
        self.uid = uid
        self.stamp = stamp
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.organizer = organizer
        self.attendees = attendees
        self.sequence = sequence
        self.status = status
    }

    var contentLines: [ContentLine] {
        var lines = [
            ContentLine("BEGIN", raw: "VEVENT"),
            ContentLine("UID", text: uid),
            ContentLine("DTSTAMP", raw: ICalendarText.utc(stamp)),
            Self.time("DTSTART", start),
        ]
        if let end { lines.append(Self.time("DTEND", end)) }
        lines.append(ContentLine("SEQUENCE", raw: String(sequence)))
        if let status { lines.append(ContentLine("STATUS", raw: status.rawValue)) }
        lines.append(ContentLine("SUMMARY", text: summary))
        if let description { lines.append(ContentLine("DESCRIPTION", text: description)) }
        if let location { lines.append(ContentLine("LOCATION", text: location)) }
        if let url { lines.append(ContentLine("URL", parameters: [("VALUE", "URI")], raw: ICalendarText.uri(url))) }
        if let organizer {
            lines.append(
                ContentLine(
                    "ORGANIZER", parameters: organizer.name.map { [("CN", $0)] } ?? [],
                    raw: ICalendarText.mailto(organizer.email)))
        }
        for attendee in attendees {
            var parameters: [(String, String)] = []
            if let name = attendee.user.name { parameters.append(("CN", name)) }
            parameters += [
                ("CUTYPE", "INDIVIDUAL"), ("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", attendee.participation.rawValue),
                ("RSVP", attendee.rsvp ? "TRUE" : "FALSE"),
            ]
            lines.append(
                ContentLine("ATTENDEE", parameters: parameters, raw: ICalendarText.mailto(attendee.user.email)))
        }
        lines.append(ContentLine("END", raw: "VEVENT"))
        return lines
    }

    static func time(_ name: String, _ time: ICalendarTime) -> ContentLine {
        switch time {
        case .instant(let date): ContentLine(name, raw: ICalendarText.utc(date))
        case .day(let day): ContentLine(name, parameters: [("VALUE", "DATE")], raw: ICalendarText.date(day))
        }
    }
}

/// One property: name, parameters and an already-encoded value.
struct ContentLine {
    var name: String
    var parameters: [(String, String)]
    var value: String

    init(_ name: String, parameters: [(String, String)] = [], raw value: String) {
        self.name = name
        self.parameters = parameters
        self.value = value
    }

    init(_ name: String, parameters: [(String, String)] = [], text: String) {
        self.init(name, parameters: parameters, raw: ICalendarText.escape(text))
    }

    var rendered: String {
        name + parameters.map { ";\($0.0)=\(ICalendarText.parameter($0.1))" }.joined() + ":" + value
    }
}

/// RFC 5545's encodings: TEXT escaping, parameter quoting, dates, and line folding.
public enum ICalendarText {
    /// A TEXT value: backslash, semicolon and comma escaped, every line break as `\n`, other
    /// control characters (which no TEXT may hold) dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for scalar in normalized.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value: control characters dropped, a double quote (which no parameter value
    /// may hold) turned into a single one, and the whole quoted when it holds `:`, `;` or `,`.
    public static func parameter(_ value: String) -> String {
        var clean = ""
        for scalar in value.unicodeScalars {
            if scalar == "\"" {
                clean += "'"
            } else if scalar.value >= 0x20, scalar.value != 0x7F {
                clean.unicodeScalars.append(scalar)
            }
        }
        return clean.contains(where: { ":;,".contains($0) }) ? "\"\(clean)\"" : clean
    }

    /// `mailto:` and the address, with characters that cannot stand in a URI percent-encoded.
    public static func mailto(_ email: String) -> String { "mailto:" + uri(email) }

    /// A URI value with spaces, control characters and non-ASCII percent-encoded.
    public static func uri(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\"") {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// `20220204T160000Z`.
    public static func utc(_ date: Date) -> String {
        let text = Instant.format(date)  // 2022-02-04T16:00:00Z
        return text.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// `20220204`.
    public static func date(_ day: CivilDate) -> String { String(format: "%04d%02d%02d", day.year, day.month, day.day) }

    /// Folds a content line so no line exceeds 75 octets (not counting CRLF): each continuation
    /// starts with one space, and no UTF-8 character is split.
    public static func fold(_ line: String, limit: Int = 75) -> String {
        var out = ""
        var octets = 0
        for character in line.unicodeScalars {
            let size = String(character).utf8.count
            if octets + size > limit {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(character)
            octets += size
        }
        return out
    }
}
