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
        // Padded by hand: String(format:) costs more than the rest of a message's headers.
        func padded(_ number: Int, _ width: Int) -> String { String(number).zeroPadded(to: width) }
        return "\(weekdays[day.isoWeekday - 1]), \(padded(day.day, 2)) \(months[day.month - 1]) \(padded(day.year, 4)) "
            + "\(padded(seconds / 3600, 2)):\(padded(seconds % 3600 / 60, 2)):\(padded(seconds % 60, 2)) +0000"
    }

    static func checkSingleLine(_ value: String, field: String) throws(MailError) {
        // Printable ASCII holds no line break of any kind: most values are checked on their bytes.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return }
        if value.contains(where: { $0.isNewline }) || value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" })
        {
            throw .lineBreakInHeader(field: field)
        }
    }

    /// `Name <address>`, the name quoted or encoded as needed.
    static func address(_ address: MailAddress) throws(MailError) -> String {
        let text = address.address
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        // Printable ASCII only, none of the characters that would end or split an address.
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !Self.addressSpecials.contains($0) })
        else { throw .invalidAddress(text) }
        guard let name = address.name, !name.isEmpty else { return text }
        try checkSingleLine(name, field: "address name")
        return "\(phrase(name)) <\(text)>"
    }

    /// What may not appear in an address as Cohort writes one.
    static let addressSpecials = Set("<>()[],;:\\\"".utf8)

    /// A display name: as it is when only letters, digits and spaces; quoted when other ASCII;
    /// RFC 2047 words (only where needed) when it holds non-ASCII or looks like an encoded word.
    static func phrase(_ name: String) -> String {
        if name.utf8.allSatisfy({ byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x20
        }) {
            return name
        }
        if !name.contains("=?"),
            name.allSatisfy({ $0.isASCII && !$0.isNewline && $0 != "\u{7F}" && ($0.asciiValue ?? 0) >= 0x20 })
        {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return mixed(name) { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+-/^_`{|}~".contains($0)) }
    }

    /// An unstructured value (Subject): as it is when printable ASCII, else RFC 2047 words where needed.
    static func unstructured(_ value: String) -> String {
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !value.contains("=?") { return value }
        return mixed(value) { $0.isASCII && ($0.asciiValue ?? 0) > 0x20 && $0 != "\u{7F}" }
    }

    /// Words that need no encoding stay as they are; each run of words that do becomes encoded
    /// words, so every boundary between plain and encoded text falls on a real space.
    static func mixed(_ value: String, plain: (Character) -> Bool) -> String {
        var output: [String] = []
        var run: [Substring] = []
        func flush() {
            if !run.isEmpty { output += encodedWords(run.joined(separator: " ")) }
            run = []
        }
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if !word.isEmpty, !word.contains("=?"), word.allSatisfy(plain) {
                flush()
                output.append(String(word))
            } else {
                run.append(word)
            }
        }
        flush()
        return output.joined(separator: " ")
    }

    /// The longest encoded word: short enough that the longest header name ("Reply-To: ") and the
    /// word stay within RFC 2047's 76 characters a line.
    static let encodedWordLimit = 60

    /// RFC 2047 encoded words of at most `encodedWordLimit` characters: one word when the text fits
    /// in one, Q-encoded (readable) or else B-encoded (shorter for non-Latin text); several
    /// Q-encoded words, never splitting a character, only when it is too long for one. (Decoders
    /// differ on the space between encoded words in a display name, so one word is best.)
    static func encodedWords(_ value: String) -> [String] {
        let q = "=?UTF-8?Q?" + qEncoded(value) + "?="
        if q.count <= encodedWordLimit { return [q] }
        let b = "=?UTF-8?B?" + Data(value.utf8).base64EncodedString() + "?="
        if b.count <= encodedWordLimit { return [b] }
        let prefix = "=?UTF-8?Q?"
        let suffix = "?="
        var words: [String] = []
        var current = ""
        for character in value {
            let encoded = qEncoded(String(character))
            if !current.isEmpty, prefix.count + current.count + encoded.count + suffix.count > encodedWordLimit {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += encoded
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    /// RFC 2047 "Q" encoding, restricted to the characters allowed in a display name.
    static func qEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "): encoded += "_"
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                UInt8(ascii: "-"), UInt8(ascii: "/"):
                encoded.append(Character(UnicodeScalar(byte)))
            default: encoded += String(format: "=%02X", byte)
            }
        }
        return encoded
    }

    /// `Name: value`, folded before 78 columns at spaces (continuation lines start with a space).
    static func header(_ name: String, _ value: String) throws(MailError) -> String {
        try checkSingleLine(value, field: name)
        var lines: [String] = []
        var line = "\(name):"
        // The line's length in characters, whether it holds more than spaces, and whether it is
        // still the bare field name: kept as words are added (counting a line walks all of it).
        var length = line.count
        var hasText = true
        var bare = true
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            let wordLength = word.count
            // 76 keeps lines with encoded words within RFC 2047; plain words fold there too.
            if length + 1 + wordLength > 76, hasText, !bare {
                lines.append(line)
                line = ""
                length = 0
                hasText = false
            }
            line += " "
            line += word
            length += 1 + wordLength
            hasText = hasText || !word.isEmpty
            bare = false
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
        // On bytes, in one pass: every message of a send is encoded, so this is on the hot path.
        let input = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 4)
        let hex = Array("0123456789ABCDEF".utf8)
        let from = Array("From ".utf8)
        var start = 0
        var first = true
        while true {
            // A line ends at LF; a CR right before it belongs to the line end.
            var end = start
            while end < input.count, input[end] != UInt8(ascii: "\n") { end += 1 }
            let stop = end < input.count && end > start && input[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
            if !first { out += [13, 10] }
            first = false
            let startsWithFrom = stop - start >= from.count && input[start..<start + from.count].elementsEqual(from)
            var width = 0
            for index in start..<stop {
                let byte = input[index]
                let plain =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && index != stop - 1)
                // A line may not start with "." (SMTP) or "From " (mbox).
                let literal = plain && !(index == start && (byte == UInt8(ascii: ".") || startsWithFrom))
                let size = literal ? 1 : 3
                if width + size > 75 {
                    out += [UInt8(ascii: "="), 13, 10]
                    width = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                }
                width += size
            }
            if end >= input.count { break }
            start = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension MailMessage {
    /// `payload` (a rendered message) addressed to `address` alone under `messageID`: its To and
    /// Message-ID headers replaced, everything else as it was. For a test copy of a queued mail.
    public static func readdressed(_ payload: String, to address: String, messageID: String) -> String {
        guard let end = payload.range(of: "\r\n\r\n") else { return payload }
        var lines: [String] = []
        var skipping = false
        for line in payload[..<end.lowerBound].components(separatedBy: "\r\n") {
            if skipping, line.hasPrefix(" ") || line.hasPrefix("\t") { continue }
            skipping = false
            let name = line.prefix { $0 != ":" }.lowercased()
            if name == "to" {
                lines.append("To: <\(address.filter { $0 != "\r" && $0 != "\n" && $0 != ">" })>")
                skipping = true
            } else if name == "message-id" {
                lines.append("Message-ID: <\(messageID)>")
                skipping = true
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\r\n") + payload[end.lowerBound...]
    }
}
