import CohortTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct WorkshopCommandTests {
    /// The slots through the binary: the refusal before a poll, the import line, the `--json`
    /// keys and the table. What the slots are is decided in `WorkshopUseCaseTests`.
    @Test func slotsBeforeAPollAreRefusedAndAfterItPrintedAsATableAndJSON() throws {
        let folder = try workspaceWithData()
        let none = try Processes.cohort(["workshop", "slots", "--count", "2"], in: folder.url)
        #expect(none.status == 64)
        #expect(
            none.stderrLines == [
                "cohort: no availability poll has been imported; run `cohort workshop poll import FILE.csv` first"
            ])
        let imported = try succeed(
            ["workshop", "poll", "import", "data/poll.csv", "--now", "2022-02-02T18:00:00Z"], in: folder)
        #expect(imported.stdoutLines == ["Imported data/poll.csv: 9 participants, 6 slots"])
        let slots = try succeed(["workshop", "slots", "--count", "2", "--json"], in: folder)
        #expect(
            try readJSON(
                slots.stdout, "sorted(d)", "sorted(d['slots'][0])", "sorted(d['slots'][1]['local'][0])",
                "[(s['start'], len(s['yes'])) for s in d['slots']]")
                == [
                    "['audience', 'candidate_slots', 'count', 'coverage_bound', 'covered', 'covered_with_yes', 'optimal', 'outside_hours', 'participants', 'slots', 'unanswered', 'uncovered', 'yes_answers']",
                    "['ifneedbe', 'local', 'start', 'yes']", "['local', 'participant', 'sociable', 'time_zone']",
                    "[('2022-02-04T16:00:00Z', 7), ('2022-02-08T17:00:00Z', 5)]",
                ])
        let human = try succeed(["workshop", "slots", "--count", "2"], in: folder)
        #expect(
            human.stdoutLines.first
                == "2 slots cover 9 of 9 participants (9 with a yes; 12 yes answers; 1 only outside 08:00–21:00 local)")
        #expect(human.stdoutLines.contains("Fri 2022-02-04 16:00 UTC  yes 7 · if need be 0"))
        #expect(human.stdoutLines.contains("  ravi.p   Tue 2022-02-08 22:30  Asia/Kolkata       outside 08–21"))
    }

    /// Reads every .eml in a folder with Python's email package and icalendar: per file, the
    /// recipient, the mail's method= parameter, the calendar's METHOD, SEQUENCE and STATUS.
    static let readOutbox = """
        import sys, os, email, email.policy, icalendar
        folder = sys.argv[1]
        for name in sorted(os.listdir(folder)):
            message = email.message_from_bytes(open(os.path.join(folder, name), 'rb').read(), policy=email.policy.default)
            assert not message.defects, message.defects
            for part in message.walk():
                if part.get_content_type() == 'text/calendar':
                    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                    event = next(iter(cal.walk('VEVENT')))
                    attendees = event.get('ATTENDEE')
                    assert not isinstance(attendees, list), 'one attendee per invitation'
                    print(name, message['To'].addresses[0].addr_spec, part.get_param('method'), cal['METHOD'],
                          event['SEQUENCE'], event['STATUS'], event['UID'], oct(os.stat(os.path.join(folder, name)).st_mode & 0o777))
        """

    @Test func invitationsRescheduleAndCancelWriteMailThatCalendarsAccept() throws {
        let folder = try workspaceWithData()
        try succeed(["pilot", "import", "data/signups.csv", "--now", "2022-02-02T18:00:00Z"], in: folder)
        try succeed(["pilot", "select", "--now", "2022-02-02T18:00:00Z"], in: folder)
        let added = try succeed(
            [
                "workshop", "add", "--title", "Pilot office hour", "--start", "2022-02-04T16:00:00Z", "--duration",
                "60m",
                "--capacity", "2", "--link", "https://meet.example.org/el", "--now", "2022-02-02T19:00:00Z",
            ], in: folder)
        #expect(
            added.stdoutLines == ["Added session 1 (pilot): Pilot office hour, Friday 4 February 2022, 16:00–17:00 UTC"]
        )
        try succeed(["workshop", "register", "1", "ameliaK", "--now", "2022-02-02T19:00:00Z"], in: folder)
        try succeed(["workshop", "register", "1", "ravi.p", "--now", "2022-02-02T19:00:00Z"], in: folder)
        let full = try Processes.cohort(["workshop", "register", "1", "lena.w"], in: folder.url)
        #expect(full.status == 64)
        #expect(
            full.stderrLines == [
                "cohort: session 1 is full (2 seats); raise its capacity or register them for another session"
            ])
        let invited = try succeed(["workshop", "invite", "1", "--now", "2022-02-02T19:00:00Z"], in: folder)
        #expect(
            invited.stdoutLines == [
                "Session 1: 2 invitations (REQUEST) in the outbox; send them with `cohort workshop send 1`",
                "Copies (private, 0600):",
                "  .cohort/invitations/workshop-1/ameliaK.seq0.request.eml",
                "  .cohort/invitations/workshop-1/ravi.p.seq0.request.eml",
            ])
        try succeed(
            ["workshop", "reschedule", "1", "--start", "2022-02-04T17:00:00Z", "--now", "2022-02-03T08:00:00Z"],
            in: folder)
        let cancelled = try succeed(
            ["workshop", "cancel", "1", "--reason", "moved to Tuesday", "--now", "2022-02-03T09:00:00Z", "--json"],
            in: folder)
        #expect(
            try readJSON(
                cancelled.stdout, "d['method']", "d['sequence']", "len(d['files'])", "d['queued']", "d['already_sent']",
                "d['batch']")
                == ["CANCEL", "2", "2", "2", "0", "invite:1:2"])
        let read = try Processes.python(Self.readOutbox, [folder.path(".cohort/invitations/workshop-1")])
        #expect(read.status == 0, "\(read.stderr)")
        let uid = "workshop-1-20220202T190000Z.equity-landscape-2022@example.org"
        #expect(
            read.stdoutLines == [
                "ameliaK.seq0.request.eml amelia.k@example.org REQUEST REQUEST 0 CONFIRMED \(uid) 0o600",
                "ameliaK.seq1.request.eml amelia.k@example.org REQUEST REQUEST 1 CONFIRMED \(uid) 0o600",
                "ameliaK.seq2.cancel.eml amelia.k@example.org CANCEL CANCEL 2 CANCELLED \(uid) 0o600",
                "ravi.p.seq0.request.eml ravi.p@example.org REQUEST REQUEST 0 CONFIRMED \(uid) 0o600",
                "ravi.p.seq1.request.eml ravi.p@example.org REQUEST REQUEST 1 CONFIRMED \(uid) 0o600",
                "ravi.p.seq2.cancel.eml ravi.p@example.org CANCEL CANCEL 2 CANCELLED \(uid) 0o600",
            ])

        let calendar = try succeed(["calendar", "--now", "2022-02-03T09:00:00Z"], in: folder)
        #expect(
            calendar.stdoutLines == [
                "Wrote calendar/program.ics (13 items)", "Wrote calendar/workshops.ics (1 session)",
            ])
        let feed = try folder.read("calendar/workshops.ics")
        #expect(!feed.contains("@example.org\r\nATTENDEE") && !feed.contains("amelia"))
        let parsed = try Processes.python(
            "import sys, icalendar; c = icalendar.Calendar.from_ical(sys.stdin.read()); e = next(iter(c.walk('VEVENT'))); print(c['METHOD'], e['STATUS'], e['SEQUENCE'])",
            input: feed)
        #expect(parsed.stdoutLines == ["PUBLISH CANCELLED 2"])

        let list = try succeed(["workshop", "list", "--now", "2022-03-01T00:00:00Z"], in: folder)
        #expect(
            list.stdoutLines == [
                "ID  TITLE              AUDIENCE  START (UTC)           MIN  REGISTERED  ATTENDED  STATUS",
                " 1  Pilot office hour  pilot     2022-02-04T17:00:00Z   60         2/2         0  cancelled (seq 2)",
            ])
        let json = try succeed(["workshop", "list", "--json", "--now", "2022-03-01T00:00:00Z"], in: folder)
        #expect(
            try readJSON(
                json.stdout, "sorted(d['sessions'][0])",
                "[(s['id'], s['status'], s['attended'], s['sequence']) for s in d['sessions']]")
                == [
                    "['attended', 'audience', 'capacity', 'duration_minutes', 'end', 'id', 'link', 'registered', 'sequence', 'start', 'status', 'title', 'uid', 'waitlisted']",
                    "[('1', 'cancelled', 0, 2)]",
                ])
    }

    @Test func sendDeliversTheCurrentVersionToARealSMTPServerOnce() throws {
        let folder = try workspaceWithInvitations(["ameliaK", "ravi.p", "mei.lin"])
        let dry = try succeed(["workshop", "send", "1", "--dry-run", "--json"], in: folder)
        #expect(
            try readJSON(dry.stdout, "[m['state'] for m in d['would_send']]") == ["['pending', 'pending', 'pending']"])

        let sink = try SMTPSink()
        let relay = ["--smtp-url", "smtp://127.0.0.1:\(sink.port)", "--use-tls", "none", "--json"]
        let sent = try succeed(["workshop", "send", "1", "--now", "2022-02-02T19:05:00Z"] + relay, in: folder)
        #expect(try readJSON(sent.stdout, "d['sent']", "d['skipped_already_sent']") == ["3", "0"])
        let again = try succeed(["workshop", "send", "1", "--now", "2022-02-02T19:10:00Z"] + relay, in: folder)
        #expect(try readJSON(again.stdout, "d['sent']", "d['skipped_already_sent']") == ["0", "3"])

        let received = try sink.received()
        #expect(received.count == 3)
        #expect(Set(received.map(\.messageID)).count == 3, "each person has a Message-ID of their own")
        #expect(received.allSatisfy { $0.rcptTos.count == 1 }, "one participant per message")
    }

    @Test func badStartAndDurationAreRefusedBeforeAnythingChanges() throws {
        let folder = try workspaceWithData()
        let start = try Processes.cohort(
            ["workshop", "add", "--title", "x", "--start", "Friday", "--capacity", "9", "--link", "l"], in: folder.url)
        #expect(start.status == 64)
        #expect(
            start.stderrLines.first
                == "cohort: --start \"Friday\" is not an ISO 8601 instant; write it like 2022-02-04T16:00:00Z")
        let duration = try Processes.cohort(
            [
                "workshop", "add", "--title", "x", "--start", "2022-02-04T16:00:00Z", "--duration", "an hour",
                "--capacity", "9", "--link", "l",
            ],
            in: folder.url)
        #expect(duration.status == 64)
        #expect(!folder.exists(".cohort"))
    }

    @Test(arguments: [
        ["workshop", "slots"], ["workshop", "add"], ["workshop", "list"], ["workshop", "register"],
        ["workshop", "attend"], ["workshop", "unregister"], ["workshop", "reschedule"], ["workshop", "cancel"],
        ["workshop", "invite"],
        ["workshop", "send"], ["workshop", "poll", "import"], ["workshop"], ["pilot"], ["calendar"],
    ])
    func everyCommandHasAnAbstractDiscussionAndExamples(command: [String]) throws {
        let help = try Processes.cohort(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: "))
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("cohort \(command.joined(separator: " ")) "))
    }
}
