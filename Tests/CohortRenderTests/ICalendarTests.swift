import CohortCore
import CohortRender
import CohortTestSupport
import Foundation
import Testing

@Suite struct ICalendarTextTests {
    /// RFC 5545 §3.3.11: backslash, semicolon and comma escaped, line breaks as `\n`; a colon is plain.
    @Test func textEscapesBackslashSemicolonCommaAndLineBreaks() {
        #expect(ICalendarText.escape("a\\b;c,d\r\ne\nf:g\u{7}") == "a\\\\b\\;c\\,d\\ne\\nf:g")
    }

    @Test(arguments: [
        ("Rosa Quintero", "Rosa Quintero"),
        ("Quintero, Rosa", "\"Quintero, Rosa\""),
        ("a:b", "\"a:b\""),
        ("say \"hi\"; bye", "\"say ^'hi^'; bye\""),
        ("line\nbreak^", "line^nbreak^^"),
        ("bell\u{7}", "bell"),
    ])
    func parametersAreQuotedWhenTheyMustBe(value: String, expected: String) {
        #expect(ICalendarText.parameter(value) == expected)
    }

    @Test func foldsAt75OctetsWithoutSplittingACharacter() {
        let line = "SUMMARY:" + String(repeating: "é", count: 80)  // two octets each
        let folded = ICalendarText.fold(line)
        let pieces = folded.components(separatedBy: "\r\n")
        #expect(pieces.count > 1)
        for piece in pieces {
            #expect(piece.utf8.count <= 75)
            let body = piece.utf8.dropFirst(piece.hasPrefix(" ") ? 1 : 0)
            #expect(!(0x80...0xBF).contains(body.first ?? 0), "a line must not start inside a character")
        }
        #expect(pieces.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(pieces.first!.utf8.count == 74, "8 ASCII octets and 33 two-octet characters; the 34th would make 76")
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    }

    @Test func allDayEventsEndOnTheNextDay() throws {
        let day = try #require(CivilDate(iso: "2022-02-14"))
        let calendar = ICalendar(
            name: "Program",
            events: [
                ICalendarEvent(
                    uid: "x@example.org", stamp: Date(timeIntervalSince1970: 0), start: .day(day),
                    end: .day(day.adding(days: 1)), summary: "Call for participation")
            ])
        let text = calendar.render()
        #expect(text.contains("\r\nDTSTART;VALUE=DATE:20220214\r\nDTEND;VALUE=DATE:20220215\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}

/// Invitations and the workshop feed: golden files, and Python's icalendar and email packages as
/// independent readers.
@Suite struct WorkshopInvitationTests {
    static let program: Program = {
        var program = Program(
            name: "Equity Landscape pilot & consultation 2022", slug: "equity-landscape-2022", timeZone: .gmt,
            contact: Person(name: "Rosa Quintero", email: "equity-landscape@example.org"))
        program.channels.mail = MailChannel(
            from: Person(name: "Equity Landscape team, GDI", email: "equity-landscape@example.org"))
        return program
    }()

    static func session(sequence: Int = 0, cancelled: Bool = false) -> WorkshopSession {
        let created = Instant.parse("2022-02-01T12:00:00Z")!
        return WorkshopSession(
            id: "1", title: "Pilot office hour; Friday, 16:00 UTC",
            start: Instant.parse(sequence == 0 ? "2022-02-04T16:00:00Z" : "2022-02-04T17:00:00Z")!, duration: 60,
            capacity: 9, link: "https://meet.example.org/el-office-hour", status: cancelled ? .cancelled : .scheduled,
            sequence: sequence, uid: WorkshopSession.uid(id: "1", created: created, program: program),
            cancelReason: cancelled ? "too few could attend" : nil)
    }

    static func invitation(_ session: WorkshopSession, kind: Invitation.Kind = .request) -> Invitation {
        Invitation(
            kind: kind, session: session, username: "Amélie \"Mia\" K., organiser", email: "amelie.k@example.org",
            timeZone: "Asia/Kolkata", organizer: program.organizer, programName: program.name,
            stamp: Instant.parse("2022-02-02T09:00:00Z")!)
    }

    /// Parses calendar text with Python's icalendar and prints what a calendar program would read.
    static let readCalendar = """
        import sys, icalendar
        data = sys.stdin.buffer.read()
        cal = icalendar.Calendar.from_ical(data)
        assert all(len(line) <= 75 for line in data.split(b"\\r\\n")), "a line is longer than 75 octets"
        print(cal.get("METHOD", ""))
        for event in cal.walk("VEVENT"):
            assert not event.errors, event.errors
            print(event["UID"], event["SEQUENCE"], event.get("STATUS", ""), event.decoded("DTSTART").isoformat())
            print(event["SUMMARY"])
            print(event.get("ORGANIZER", ""), event["ORGANIZER"].params.get("CN", "") if "ORGANIZER" in event else "")
            attendees = event.get("ATTENDEE", [])
            attendees = attendees if isinstance(attendees, list) else [attendees]
            for attendee in attendees:
                print(attendee, attendee.params["CN"], attendee.params["PARTSTAT"], attendee.params["RSVP"])
        """

    @Test func anInvitationMatchesItsGoldenFileAndCalendarsReadIt() throws {
        let text = WorkshopCalendar.invitation(Self.invitation(Self.session())).render()
        let golden = try Snapshots.golden(text, named: "invitation-request.ics", beside: #filePath)
        #expect(text == golden, "re-record with RECORD_SNAPSHOTS=1 if the change is intended")
        let read = try Processes.python(Self.readCalendar, input: text)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(
            read.stdoutLines == [
                "REQUEST",
                "workshop-1-20220201T120000Z.equity-landscape-2022@example.org 0 CONFIRMED 2022-02-04T16:00:00+00:00",
                "Pilot office hour; Friday, 16:00 UTC",
                "mailto:equity-landscape@example.org Equity Landscape team, GDI",
                "mailto:amelie.k@example.org Amélie \"Mia\" K., organiser NEEDS-ACTION TRUE",
            ])
    }

    @Test func aRescheduleKeepsTheUIDAndRaisesTheSequence() throws {
        let first = WorkshopCalendar.invitation(Self.invitation(Self.session())).render()
        let moved = WorkshopCalendar.invitation(Self.invitation(Self.session(sequence: 1))).render()
        let read = try Processes.python(Self.readCalendar, input: moved)
        #expect(
            read.stdoutLines.dropFirst().first?.hasPrefix(
                "workshop-1-20220201T120000Z.equity-landscape-2022@example.org 1 CONFIRMED 2022-02-04T17:00:00") == true
        )
        #expect(first.contains("UID:workshop-1-20220201T120000Z.equity-landscape-2022@example.org\r\n"))
        #expect(moved.contains("UID:workshop-1-20220201T120000Z.equity-landscape-2022@example.org\r\n"))
    }

    @Test func aCancellationIsMethodCancelAndStatusCancelled() throws {
        let text = WorkshopCalendar.invitation(
            Self.invitation(Self.session(sequence: 2, cancelled: true), kind: .cancel)
        )
        .render()
        let golden = try Snapshots.golden(text, named: "invitation-cancel.ics", beside: #filePath)
        #expect(text == golden, "re-record with RECORD_SNAPSHOTS=1 if the change is intended")
        let read = try Processes.python(Self.readCalendar, input: text)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdoutLines.first == "CANCEL")
        #expect(read.stdoutLines.dropFirst().first?.contains(" 2 CANCELLED ") == true)
    }

    @Test func theFeedIsPublishWithNoPersonalData() throws {
        var community = Self.session()
        community.id = "2"
        community.uid = "workshop-2-20220201T120000Z.equity-landscape-2022@example.org"
        community.title = "Open workshop"
        community.audience = .community
        community.link = "https://meet.example.org/open"
        let text = WorkshopCalendar.feed(
            [Self.session(), Self.session(sequence: 2, cancelled: true), community], program: Self.program,
            stamp: Instant.parse("2022-02-03T00:00:00Z")!
        ).render()
        let golden = try Snapshots.golden(text, named: "workshops.ics", beside: #filePath)
        #expect(text == golden, "re-record with RECORD_SNAPSHOTS=1 if the change is intended")
        #expect(!text.contains("ATTENDEE"))
        #expect(!text.contains("amelie"))
        // The NDA pilot session's link is for those invited; the community session's is public.
        #expect(!text.contains("el-office-hour"))
        #expect(text.contains("https://meet.example.org/open"))
        let read = try Processes.python(Self.readCalendar, input: text)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdoutLines.first == "PUBLISH")
    }

    @Test(arguments: [(true, false), (false, true)])
    func theFeedCarriesTheLinkOnlyWhenThePilotSaysItIsPublic(ndaRequired: Bool, linkShown: Bool) throws {
        var program = Self.program
        program.pilot.ndaRequired = ndaRequired
        let hidden = WorkshopCalendar.feed(
            [Self.session()], program: program, stamp: Instant.parse("2022-02-03T00:00:00Z")!
        ).render()
        #expect(hidden.contains("URL;VALUE=URI:https://meet.example.org/el-office-hour") == linkShown)
        program.pilot.publicSessionLinks = true
        let shown = WorkshopCalendar.feed(
            [Self.session()], program: program, stamp: Instant.parse("2022-02-03T00:00:00Z")!
        ).render()
        #expect(shown.contains("URL;VALUE=URI:https://meet.example.org/el-office-hour"))
    }

    /// Reads a message with Python's email package: the method= parameter, the calendar's METHOD,
    /// the recipients, and the text part.
    static let readMail = """
        import sys, email, email.policy, icalendar
        message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
        assert not message.defects, message.defects
        print(message["To"])
        print(message["Subject"])
        for part in message.walk():
            assert not part.defects, part.defects
            if part.get_content_type() == "text/calendar":
                cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                print(part.get_param("method"), cal["METHOD"])
            if part.get_content_type() == "text/plain":
                print(part.get_content().replace("\\r\\n", "\\n"))
        """

    @Test(arguments: [Invitation.Kind.request, .cancel])
    func theMailsMethodParameterEqualsTheCalendarsMethod(kind: Invitation.Kind) throws {
        let session = kind == .cancel ? Self.session(sequence: 2, cancelled: true) : Self.session()
        let message = try WorkshopMail.message(Self.invitation(session, kind: kind)).rendered()
        if kind == .request {
            let golden = try Snapshots.golden(message, named: "invitation-request.eml", beside: #filePath)
            #expect(message == golden, "re-record with RECORD_SNAPSHOTS=1 if the change is intended")
        }
        let read = try Processes.python(Self.readMail, input: message)
        #expect(read.status == 0, "\(read.stderr)")
        let lines = read.stdoutLines
        #expect(lines.first == "\"Amélie \\\"Mia\\\" K., organiser\" <amelie.k@example.org>")
        let method = kind == .cancel ? "CANCEL" : "REQUEST"
        #expect(lines.contains("\(method) \(method)"))
        let (utc, local) = kind == .cancel ? ("17:00–18:00", "22:30–23:30") : ("16:00–17:00", "21:30–22:30")
        #expect(lines.contains("  UTC:        Friday 4 February 2022, \(utc)"))
        #expect(lines.contains("  Your time:  Friday 4 February 2022, \(local) (Asia/Kolkata)"))
    }
}
