import CohortCore
import Foundation

/// A mail address with an optional display name.
public struct MailAddress: Sendable, Equatable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The domain part (`example.org`), used for Message-IDs.
    public var domain: String { address.split(separator: "@").last.map(String.init) ?? "localhost" }
}

/// Why a message cannot be built.
public enum MailError: Error, LocalizedError, CategorizedError, Equatable {
    case lineBreakInHeader(field: String)
    case invalidAddress(String)
    case invalidHeaderName(String)

    public var errorDescription: String? {
        switch self {
        case .lineBreakInHeader(let field): "the \(field) header would contain a line break; headers are one line"
        case .invalidAddress(let address): "\"\(address)\" is not a mail address like name@example.org"
        case .invalidHeaderName(let name): "\"\(name)\" is not a header name"
        }
    }

    public var kind: FailureKind { .badInput }
}

/// One part of a MIME message.
public indirect enum MailPart: Sendable, Equatable {
    /// Text in UTF-8, quoted-printable: `subtype` is `plain` or `html`.
    case text(subtype: String, String)
    /// A multipart container (`alternative`, `mixed`).
    case multipart(subtype: String, [MailPart])
    /// A file or inline object, base64: `contentType` with its parameters
    /// (`text/calendar; charset=UTF-8; method=REQUEST`), a file name when it is an attachment.
    case attachment(contentType: String, filename: String?, Data)
}

/// An RFC 5322 message with MIME parts, rendered with CRLF line ends. Header values are
/// encoded as RFC 2047 words when they are not plain ASCII; none can hold a line break.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    public var date: Date
    /// Without angle brackets: `announce-2022-01.3f2a…@example.org`.
    public var messageID: String
    /// Further headers, in order (`List-Unsubscribe`, …).
    public var extraHeaders: [(name: String, value: String)]
    public var body: MailPart

    public init(
        from: MailAddress, to: [MailAddress], replyTo: MailAddress? = nil, subject: String, date: Date,
        messageID: String, extraHeaders: [(name: String, value: String)] = [], body: MailPart
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.extraHeaders = extraHeaders
        self.body = body
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        (try? lhs.rendered()) == (try? rhs.rendered())
    }

    /// A Message-ID that stays the same for the same announcement and recipient, on any machine.
    public static func stableID(kind: String, key: String, recipient: String, domain: String) -> String {
        "\(kind).\(StableHash.hex(kind, key, recipient.lowercased()))@\(domain)"
    }

    /// The whole message, CRLF line ends, ending with CRLF.
    public func rendered() throws(MailError) -> String {
        var lines: [String] = []
        lines.append("Date: \(MailFormat.date(date))")
        lines.append(try MailFormat.header("From", MailFormat.address(from)))
        var recipients: [String] = []
        for address in to { recipients.append(try MailFormat.address(address)) }
        lines.append(try MailFormat.header("To", recipients.joined(separator: ", ")))
        if let replyTo { lines.append(try MailFormat.header("Reply-To", MailFormat.address(replyTo))) }
        try MailFormat.checkSingleLine(messageID, field: "Message-ID")
        lines.append("Message-ID: <\(messageID)>")
        try MailFormat.checkSingleLine(subject, field: "Subject")
        lines.append(try MailFormat.header("Subject", MailFormat.unstructured(subject)))
        for (name, value) in extraHeaders {
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }), !name.isEmpty else {
                throw .invalidHeaderName(name)
            }
            try MailFormat.checkSingleLine(value, field: name)
            lines.append(try MailFormat.header(name, value))
        }
        lines.append("MIME-Version: 1.0")
        lines += MailFormat.part(body, seed: messageID)
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// The encodings a message is made of (RFC 5322, 2045, 2047).
enum MailFormat {
    /// `Tue, 01 Feb 2022 12:00:00 +0000`, always in UTC so the text does not depend on the machine.
    static func date(_ date: Date) -> String {
        let day = CivilDate(date, in: .gmt)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) - day.daysSinceEpoch * 86_400
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", weekdays[day.isoWeekday - 1], day.day,
            months[day.month - 1], day.year, seconds / 3600, seconds % 3600 / 60, seconds % 60)
    }

    static func checkSingleLine(_ value: String, field: String) throws(MailError) {
        if value.contains(where: { $0.isNewline }) || value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" })
        {
            throw .lineBreakInHeader(field: field)
        }
    }

    /// `Name <address>`, the name quoted or encoded as needed.
    static func address(_ address: MailAddress) throws(MailError) -> String {
        let text = address.address
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            text.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"<>()[],;:\\\"".contains($0) })
        else { throw .invalidAddress(text) }
        guard let name = address.name, !name.isEmpty else { return text }
        try checkSingleLine(name, field: "address name")
        return "\(phrase(name)) <\(text)>"
    }

    /// A display name: as it is when only letters, digits and spaces; quoted when ASCII; else RFC 2047.
    static func phrase(_ name: String) -> String {
        if name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }) { return name }
        if name.allSatisfy({ $0.isASCII && !$0.isNewline && $0 != "\u{7F}" && ($0.asciiValue ?? 0) >= 0x20 }) {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return encodedWords(name).joined(separator: " ")
    }

    /// An unstructured value (Subject): as it is when printable ASCII, else RFC 2047 words.
    static func unstructured(_ value: String) -> String {
        if value.allSatisfy({ $0.isASCII && ($0.asciiValue ?? 0) >= 0x20 && $0 != "\u{7F}" }),
            !value.contains("=?")
        {
            return value
        }
        return encodedWords(value).joined(separator: " ")
    }

    /// RFC 2047 Q-encoded words of at most 75 characters, never splitting a character.
    static func encodedWords(_ value: String) -> [String] {
        let prefix = "=?UTF-8?Q?"
        let suffix = "?="
        var words: [String] = []
        var current = ""
        for character in value {
            var encoded = ""
            for byte in String(character).utf8 {
                switch byte {
                case UInt8(ascii: " "): encoded += "_"
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                    UInt8(ascii: "-"), UInt8(ascii: "/"):
                    encoded.append(Character(UnicodeScalar(byte)))
                default: encoded += String(format: "=%02X", byte)
                }
            }
            if prefix.count + current.count + encoded.count + suffix.count > 75 {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += encoded
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    /// `Name: value`, folded before 78 columns at spaces (continuation lines start with a space).
    static func header(_ name: String, _ value: String) throws(MailError) -> String {
        try checkSingleLine(value, field: name)
        var lines: [String] = []
        var line = "\(name):"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if line.count + 1 + word.count > 78, line.contains(where: { $0 != " " }), line != "\(name):" {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// A part's headers and body lines; boundaries derive from the message so output is stable.
    static func part(_ part: MailPart, seed: String) -> [String] {
        switch part {
        case .text(let subtype, let text):
            return [
                "Content-Type: text/\(subtype); charset=UTF-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                quotedPrintable(text),
            ]
        case .multipart(let subtype, let parts):
            let boundary = "=_cohort_\(StableHash.hex(seed, subtype, String(parts.count)))"
            var lines = ["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"", ""]
            for (index, child) in parts.enumerated() {
                lines.append("--\(boundary)")
                lines += self.part(child, seed: seed + "/\(index)")
            }
            lines.append("--\(boundary)--")
            return lines
        case .attachment(let contentType, let filename, let data):
            var lines = ["Content-Type: \(contentType)", "Content-Transfer-Encoding: base64"]
            if let filename {
                lines.append(
                    "Content-Disposition: attachment; filename=\"\(filename.filter { $0 != "\"" && !$0.isNewline })\"")
            }
            lines.append("")
            let encoded = data.base64EncodedString()
            var index = encoded.startIndex
            while index < encoded.endIndex {
                let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
                lines.append(String(encoded[index..<end]))
                index = end
            }
            return lines
        }
    }

    /// RFC 2045 quoted-printable of UTF-8 text: lines at most 76 characters with soft breaks,
    /// line ends as CRLF, trailing spaces and a leading dot or "From " encoded.
    static func quotedPrintable(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        var output: [String] = []
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var encoded: [String] = []
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let plain =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || (byte == UInt8(ascii: " ") && !isLast) || (byte == UInt8(ascii: "\t") && !isLast)
                let atStart = index == 0
                if plain && !(atStart && byte == UInt8(ascii: ".")) && !(atStart && line.hasPrefix("From ")) {
                    encoded.append(String(UnicodeScalar(byte)))
                } else {
                    encoded.append(String(format: "=%02X", byte))
                }
            }
            var current = ""
            for token in encoded {
                if current.count + token.count > 75 {
                    output.append(current + "=")
                    current = ""
                }
                current += token
            }
            output.append(current)
        }
        return output.joined(separator: "\r\n")
    }
}
