import CohortRender
import CohortTestSupport
import Foundation
import Testing

/// `MailMessage` read back by Python's `email` package (policy `default`): no defects, headers
/// decoded to what we put in, bodies decoded to exactly the input, CRLF only.
@Suite("MailMessage")
struct MailMessageTests {
    /// 2022-02-01T12:00:00Z, a Tuesday.
    static let date = Date(timeIntervalSince1970: 1_643_716_800)
    static let team = MailAddress(name: "Equity Landscape team", address: "equity-landscape@example.org")
    static let list = MailAddress(name: "Movement data", address: "movement-data@lists.example.org")

    static func message(
        from: MailAddress = team, to: [MailAddress] = [list], replyTo: MailAddress? = nil,
        subject: String = "Call for pilot participants", date: Date = date,
        messageID: String = "announce.1@example.org",
        extraHeaders: [(name: String, value: String)] = [], body: MailPart? = nil
    ) -> MailMessage {
        MailMessage(
            from: from, to: to, replyTo: replyTo, subject: subject, date: date, messageID: messageID,
            extraHeaders: extraHeaders,
            body: body
                ?? .multipart(
                    subtype: "alternative",
                    [.text(subtype: "plain", "Hello."), .text(subtype: "html", "<p>Hello.</p>")]))
    }

    /// Checks what every message must be on the wire, and returns what Python read.
    static func read(_ message: MailMessage) throws -> IndependentParsers.Mail {
        let text = try message.rendered()
        let reading = try IndependentParsers.mail(text)
        #expect(reading.allDefects.isEmpty, "defects: \(reading.allDefects)")
        #expect(!reading.bareLF, "a bare LF")
        #expect(!reading.bareCR, "a bare CR")
        #expect(reading.endsWithCRLF)
        #expect(!reading.nonASCII, "8-bit bytes in a 7-bit message")
        for word in reading.encodedWords {
            #expect(word.count <= 75, "encoded word longer than 75 characters: \(word)")
        }
        return reading
    }

    /// Header lines that break RFC 5322's 78 characters (when a fold was possible) or RFC 2047's
    /// 76 characters for a line that holds an encoded word.
    static func overlongHeaderLines(_ reading: IndependentParsers.Mail) -> [String] {
        reading.headerLines.filter { line in
            if line.contains("=?") { return line.count > 76 }
            // Only a single word that cannot be folded may pass 78 characters.
            return line.count > 78 && line.split(separator: " ").count > 2
        }
    }

    // MARK: headers

    @Test func headersAreTheOnesGivenInOrder() throws {
        let message = Self.message(
            replyTo: MailAddress(address: "equity-landscape@example.org"),
            extraHeaders: [
                ("List-Unsubscribe", "<https://lists.example.org/unsubscribe>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ])
        let reading = try Self.read(message)
        #expect(
            reading.headerNames == [
                "Date", "From", "To", "Reply-To", "Message-ID", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post",
                "MIME-Version", "Content-Type",
            ])
        #expect(reading.from == [.init(name: "Equity Landscape team", address: "equity-landscape@example.org")])
        #expect(reading.to == [.init(name: "Movement data", address: "movement-data@lists.example.org")])
        #expect(reading.replyTo == [.init(name: "", address: "equity-landscape@example.org")])
        #expect(reading.header("Subject") == "Call for pilot participants")
        #expect(reading.header("Message-ID") == "<announce.1@example.org>")
        #expect(reading.header("MIME-Version") == "1.0")
        #expect(reading.header("List-Unsubscribe") == "<https://lists.example.org/unsubscribe>")
        #expect(reading.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(reading.date == Self.date.timeIntervalSince1970)
        #expect(try message.rendered().hasPrefix("Date: Tue, 01 Feb 2022 12:00:00 +0000\r\n"))
    }

    @Test(arguments: [
        (1_643_716_800, "Tue, 01 Feb 2022 12:00:00 +0000"),
        (0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (946_684_799, "Fri, 31 Dec 1999 23:59:59 +0000"),
        (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 +0000"),
        (1_655_683_199, "Sun, 19 Jun 2022 23:59:59 +0000"),
        (1_656_288_000, "Mon, 27 Jun 2022 00:00:00 +0000"),
    ])
    func dateIsRFC5322InUTC(seconds: Int, header: String) throws {
        let message = Self.message(date: Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(try message.rendered().hasPrefix("Date: \(header)\r\n"))
        #expect(try Self.read(message).date == TimeInterval(seconds))
    }

    static let displayNames = [
        "Equity Landscape team", "Rosa Quintero", "O'Brien, Ann (team)", "Ann \"the organiser\" \\ Lee",
        "Équipe Ñandú — 公平", "Team 🎉", "a,b;c:d<e>@f.example", "_underscore_ and =equals= and ?question?",
        String(repeating: "Ünïcödé team member ", count: 6).trimmingCharacters(in: .whitespaces),
        String(repeating: "Long ASCII display name ", count: 6).trimmingCharacters(in: .whitespaces),
        "=?UTF-8?Q?Bcc=3A_x=40example=2Eorg?=",
        "Ann =?UTF-8?Q?lookalike?= Lee",
    ]

    @Test(arguments: displayNames)
    func displayNamesDecodeToThemselves(name: String) throws {
        let message = Self.message(
            from: MailAddress(name: name, address: "team@example.org"),
            to: [MailAddress(name: name, address: "list@lists.example.org"), Self.list],
            replyTo: MailAddress(name: name, address: "reply@example.org"))
        let reading = try Self.read(message)
        #expect(reading.from == [.init(name: name, address: "team@example.org")])
        #expect(
            reading.to == [
                .init(name: name, address: "list@lists.example.org"),
                .init(name: "Movement data", address: "movement-data@lists.example.org"),
            ])
        #expect(reading.replyTo == [.init(name: name, address: "reply@example.org")])
        #expect(reading.header("Bcc") == nil)
    }

    static let subjects = [
        "Call for pilot participants",
        "Outcome: Equity Landscape pilot & consultation 2022",
        "Équité — 公平: résultats 🎉",
        String(repeating: "A long plain ASCII subject that must be folded ", count: 4).trimmingCharacters(
            in: .whitespaces),
        String(repeating: "Ünïcödé subject words ", count: 8).trimmingCharacters(in: .whitespaces),
        String(repeating: "🎉", count: 40),
        "Subject with =?UTF-8?Q?an_encoded_word_lookalike?= inside",
        "question? and_underscore and = equals",
        "tab\tinside",
        "A-very-long-word-without-any-space-that-cannot-be-folded-anywhere-at-all-really-not",
    ]

    @Test(arguments: subjects)
    func subjectsDecodeToThemselves(subject: String) throws {
        let reading = try Self.read(Self.message(subject: subject))
        #expect(reading.header("Subject") == subject)
    }

    @Test(arguments: subjects)
    func subjectLinesStayWithinTheLengthLimits(subject: String) throws {
        let reading = try Self.read(Self.message(subject: subject))
        #expect(Self.overlongHeaderLines(reading) == [])
    }

    @Test(arguments: displayNames.filter { !$0.contains("=?") })
    func addressLinesStayWithinTheLengthLimits(name: String) throws {
        let address = MailAddress(name: name, address: "team@example.org")
        let reading = try Self.read(Self.message(from: address, to: [address, Self.list], replyTo: address))
        #expect(Self.overlongHeaderLines(reading) == [])
    }

    @Test func manyRecipientsAreFoldedAndAllRead() throws {
        let recipients = (1...8).map { MailAddress(name: "Liste numéro \($0)", address: "list\($0)@lists.example.org") }
        let reading = try Self.read(Self.message(to: recipients))
        #expect(reading.to == recipients.map { .init(name: $0.name ?? "", address: $0.address) })
    }

    // MARK: bodies

    static let bodies = [
        "Hello.",
        ".A line starting with a dot\n.\n..two dots",
        "From the team\nFrom here on, From is fine in the middle",
        "trailing spaces   \ntrailing tab\t\nand a line with only spaces\n   \nend",
        String(repeating: "a long line of words that goes on ", count: 8),
        String(repeating: "x", count: 200),
        String(repeating: "😀", count: 40),
        "Ünïcödé — “quotes” 公平 and é at the end of a very long line that needs a soft line break é",
        "= signs =3D and =?UTF-8?Q?x?= and a final =",
        "--=_cohort_0000 a boundary lookalike\n--=_cohort_0000--",
        "",
        "ends with a newline\n",
        "blank lines\n\n\nbetween",
        " leading space",
        "CRLF\r\nline ends",
        "<p>html with attributes=\"quoted\" &amp; entities</p>",
    ]

    @Test(arguments: bodies)
    func textPartsDecodeToTheInput(text: String) throws {
        let reading = try Self.read(
            Self.message(
                body: .multipart(subtype: "alternative", [.text(subtype: "plain", text), .text(subtype: "html", text)]))
        )
        #expect(reading.parts.map(\.type) == ["multipart/alternative", "text/plain", "text/html"])
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n")
        for part in reading.parts.dropFirst() {
            #expect(part.params["charset"]?.lowercased() == "utf-8")
            #expect(part.transferEncoding == "quoted-printable")
            #expect(part.text?.replacingOccurrences(of: "\r\n", with: "\n") == expected, "\(part.type)")
            for line in part.wireLines ?? [] {
                #expect(line.count <= 76, "quoted-printable line of \(line.count) characters: \(line)")
                #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "trailing white space on the wire: \(line)")
                #expect(!line.hasPrefix("."), "a line starting with a dot: \(line)")
                #expect(!line.hasPrefix("From "), "a line starting with From: \(line)")
            }
        }
    }

    @Test func calendarAttachmentDecodesToTheInputBytes() throws {
        let calendar = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Cohort//EN\r
            METHOD:REQUEST\r
            BEGIN:VEVENT\r
            UID:office-hours-1@example.org\r
            SUMMARY:Office hour — Équipe 公平\r
            DTSTART:20220204T160000Z\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        let message = Self.message(
            body: .multipart(
                subtype: "mixed",
                [
                    .multipart(
                        subtype: "alternative",
                        [.text(subtype: "plain", "Join us."), .text(subtype: "html", "<p>Join us.</p>")]),
                    .attachment(
                        contentType: "text/calendar; charset=UTF-8; method=REQUEST", filename: "invite.ics",
                        Data(calendar.utf8)),
                ]))
        let reading = try Self.read(message)
        #expect(
            reading.parts.map(\.type) == [
                "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar",
            ])
        let attachment = try #require(reading.parts.last)
        #expect(attachment.params["method"] == "REQUEST")
        #expect(attachment.params["charset"]?.lowercased() == "utf-8")
        #expect(attachment.transferEncoding == "base64")
        #expect(attachment.filename == "invite.ics")
        #expect(attachment.isAttachment)
        #expect(attachment.payloadData == Data(calendar.utf8))
        #expect((attachment.wireLines ?? []).allSatisfy { $0.count <= 76 })
        #expect(reading.parts[2].text == "Join us.")
    }

    @Test func binaryAttachmentDecodesToEveryByte() throws {
        let bytes = Data((0..<1024).map { UInt8($0 % 256) })
        let message = Self.message(
            body: .multipart(
                subtype: "mixed",
                [
                    .text(subtype: "plain", "See the attachment."),
                    .attachment(contentType: "application/octet-stream", filename: "data.bin", bytes),
                ]))
        let reading = try Self.read(message)
        #expect(reading.parts.last?.payloadData == bytes)
        #expect(reading.parts.last?.filename == "data.bin")
    }

    @Test func attachmentFileNameCannotBreakItsHeader() throws {
        let message = Self.message(
            body: .multipart(
                subtype: "mixed",
                [
                    .text(subtype: "plain", "x"),
                    .attachment(
                        contentType: "text/plain", filename: "in\"vite\r\nBcc: x@example.org.txt", Data("x".utf8)),
                ]))
        let reading = try Self.read(message)
        #expect(reading.header("Bcc") == nil)
        #expect(reading.parts.last?.filename?.contains("\n") == false)
        #expect(reading.parts.last?.payloadData == Data("x".utf8))
    }

    @Test func renderingIsStable() throws {
        let message = Self.message(
            body: .multipart(
                subtype: "mixed",
                [
                    .multipart(subtype: "alternative", [.text(subtype: "plain", "a"), .text(subtype: "html", "b")]),
                    .attachment(contentType: "text/calendar; method=REQUEST", filename: "a.ics", Data("c".utf8)),
                ]))
        #expect(try message.rendered() == (try message.rendered()))
        #expect(try message.rendered() == (try Self.message(body: message.body).rendered()))
    }

    // MARK: Message-ID

    @Test func messageIDIsStablePerAnnouncementAndRecipient() {
        let first = MailMessage.stableID(
            kind: "announce", key: "equity-landscape-2022/2022-06-outcome",
            recipient: "movement-data@lists.example.org",
            domain: "example.org")
        let again = MailMessage.stableID(
            kind: "announce", key: "equity-landscape-2022/2022-06-outcome",
            recipient: "Movement-Data@Lists.Example.org",
            domain: "example.org")
        let otherRecipient = MailMessage.stableID(
            kind: "announce", key: "equity-landscape-2022/2022-06-outcome", recipient: "affiliates@lists.example.org",
            domain: "example.org")
        let otherAnnouncement = MailMessage.stableID(
            kind: "announce", key: "equity-landscape-2022/2022-05-dashboard-delay",
            recipient: "movement-data@lists.example.org", domain: "example.org")
        #expect(first == again)
        #expect(first != otherRecipient)
        #expect(first != otherAnnouncement)
        #expect(first.wholeMatch(of: /announce\.[0-9a-f]+@example\.org/) != nil, "\(first)")
    }

    @Test func messageIDParsesAsOneAddressLikeID() throws {
        let id = MailMessage.stableID(kind: "announce", key: "k", recipient: "r@example.org", domain: "example.org")
        let reading = try Self.read(Self.message(messageID: id))
        #expect(reading.header("Message-ID") == "<\(id)>")
    }

    // MARK: refusals

    static let lineBreaks = ["Ann\r\nBcc: x@example.org", "Ann\nBcc: x@example.org", "Ann\rBcc: x@example.org"]

    @Test(arguments: lineBreaks)
    func subjectWithALineBreakIsRefused(value: String) {
        #expect(throws: MailError.lineBreakInHeader(field: "Subject")) { try Self.message(subject: value).rendered() }
    }

    @Test(arguments: lineBreaks)
    func displayNameWithALineBreakIsRefused(value: String) {
        let name = MailAddress(name: value, address: "team@example.org")
        #expect(throws: MailError.lineBreakInHeader(field: "address name")) {
            try Self.message(from: name).rendered()
        }
        #expect(throws: MailError.lineBreakInHeader(field: "address name")) {
            try Self.message(to: [name]).rendered()
        }
        #expect(throws: MailError.lineBreakInHeader(field: "address name")) {
            try Self.message(replyTo: name).rendered()
        }
    }

    @Test(arguments: lineBreaks)
    func extraHeaderWithALineBreakIsRefused(value: String) {
        #expect(throws: MailError.lineBreakInHeader(field: "List-Unsubscribe")) {
            try Self.message(extraHeaders: [("List-Unsubscribe", value)]).rendered()
        }
    }

    @Test(arguments: lineBreaks)
    func messageIDWithALineBreakIsRefused(value: String) {
        #expect(throws: MailError.lineBreakInHeader(field: "Message-ID")) {
            try Self.message(messageID: value).rendered()
        }
    }

    @Test(arguments: ["Bcc: x", "X Header", "", "Ünï", "X:Y"])
    func invalidHeaderNameIsRefused(name: String) {
        #expect(throws: MailError.invalidHeaderName(name)) {
            try Self.message(extraHeaders: [(name, "value")]).rendered()
        }
    }

    @Test(arguments: [
        "no-at-sign", "two@at@example.org", "@example.org", "nodot@localhost", "space in@example.org",
        "a@example.org\r\nBcc: x@example.org", "<a@example.org>", "a@example.org, b@example.org", "ünï@example.org",
        "quote\"@example.org", "semi;colon@example.org", "",
    ])
    func invalidAddressIsRefusedInEveryField(address: String) {
        let bad = MailAddress(name: "Someone", address: address)
        #expect(throws: MailError.invalidAddress(address)) { try Self.message(from: bad).rendered() }
        #expect(throws: MailError.invalidAddress(address)) { try Self.message(to: [Self.list, bad]).rendered() }
        #expect(throws: MailError.invalidAddress(address)) { try Self.message(replyTo: bad).rendered() }
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(
            MailError.lineBreakInHeader(field: "Subject").errorDescription
                == "the Subject header would contain a line break; headers are one line")
        #expect(
            MailError.invalidAddress("x").errorDescription == "\"x\" is not a mail address like name@example.org")
    }
}
