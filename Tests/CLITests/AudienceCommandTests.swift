import CohortTestSupport
import Foundation
import Testing

/// The plan's NDA rule at the door of a pilot session, and workshops beyond the pilot.
@Suite struct AudienceCommandTests {
    static let selected = "2022-02-02T18:00:00Z"

    /// The example with mei.lin having agreed to sign the NDA, not signed it yet; selected.
    static func selectedWithAnAgreement() throws -> TemporaryFolder {
        let folder = try workspaceWithData()
        let signups = try folder.read("data/signups.csv").replacingOccurrences(
            of: "Pacific coast,yes,yes,signed,", with: "Pacific coast,yes,yes,agreed,")
        try folder.write("data/signups.csv", signups)
        try succeed(["pilot", "import", "data/signups.csv", "--now", selected], in: folder)
        try succeed(["pilot", "select", "--now", selected], in: folder)
        return folder
    }

    static func addSession(_ folder: TemporaryFolder, audience: String, capacity: Int = 9) throws -> ProcessResult {
        try succeed(
            [
                "workshop", "add", "--title", "\(audience) workshop", "--start", "2022-02-08T17:00:00Z", "--capacity",
                String(capacity), "--link", "https://meet.example.org/\(audience)", "--audience", audience, "--now",
                "2022-02-02T19:00:00Z",
            ], in: folder)
    }

    @Test func anAgreedParticipantIsEnrolledButNeedsTheSignatureForPilotSessionsAndTheGateNamesHer() throws {
        let folder = try Self.selectedWithAnAgreement()
        let list = try succeed(["pilot", "list", "--json", "--now", Self.selected], in: folder)
        #expect(
            try readJSON(
                list.stdout, "[(p['standing'], p['nda']) for p in d['participants'] if p['username'] == 'mei.lin']")
                == ["[('enrolled', 'agreed')]"])
        try Self.addSession(folder, audience: "pilot")
        let refused = try Processes.cohort(
            ["workshop", "register", "1", "mei.lin", "--now", "2022-02-02T19:00:00Z"], in: folder.url)
        #expect(refused.status == 64)
        #expect(
            refused.stderrLines == [
                "cohort: mei.lin has not signed the NDA (it is agreed); pilot session 1 shows data under NDA, so record the signature first (cohort pilot set mei.lin --nda signed)"
            ])
        let gate = try succeed(["release", "explain", "pilot", "--json", "--now", "2022-02-02T19:00:00Z"], in: folder)
        #expect(
            try readJSON(gate.stdout, "[g['holding_back'] for g in d['gates'] if g['gate'] == 'nda: signed']")
                == ["[['mei.lin']]"])
        let notSelected = try Processes.cohort(
            ["workshop", "register", "1", "oliver.b", "--now", "2022-02-02T19:00:00Z"], in: folder.url)
        #expect(
            notSelected.stderrLines == [
                "cohort: oliver.b is not enrolled (they are waitlisted); pilot session 1 takes enrolled participants only"
            ])

        try succeed(["pilot", "set", "mei.lin", "--nda", "signed", "--now", "2022-02-03T09:00:00Z"], in: folder)
        try succeed(["workshop", "register", "1", "mei.lin", "--now", "2022-02-03T09:00:00Z"], in: folder)
        let holds = try succeed(["release", "explain", "pilot", "--json", "--now", "2022-02-03T09:00:00Z"], in: folder)
        #expect(
            try readJSON(holds.stdout, "[g['holds'] for g in d['gates'] if g['gate'] == 'nda: signed']") == ["[True]"])
    }

    @Test func anOfferSkipsSomeoneWhoDeclined() throws {
        let folder = try Self.selectedWithAnAgreement()
        try succeed(["pilot", "set", "oliver.b", "--nda", "declined", "--now", "2022-02-03T09:00:00Z"], in: folder)
        let withdrawn = try succeed(
            ["pilot", "withdraw", "sofia.g", "--reason", "new job", "--now", "2022-02-03T10:00:00Z", "--json"],
            in: folder)
        #expect(
            try readJSON(withdrawn.stdout, "' '.join(x['action'] + ':' + x['username'] for x in d['decisions'])")
                == ["withdraw:sofia.g offer:hana.s"])
    }

    @Test func aCommunitySessionTakesAnyoneByAddressAndWaitListsTheRest() throws {
        let folder = try workspaceWithData()
        try Self.addSession(folder, audience: "community", capacity: 2)
        for (address, name) in [("ana@example.org", "Ana"), ("BEN@example.org", ""), ("chloe@example.org", "Chloé")] {
            try succeed(
                ["workshop", "register", "1", address, "--name", name, "--now", "2022-02-03T09:00:00Z"], in: folder)
        }
        let waiting = try succeed(
            ["workshop", "register", "1", "dev@example.org", "--json", "--now", "2022-02-03T09:00:00Z"], in: folder)
        #expect(try readJSON(waiting.stdout, "d['waitlisted']") == ["True"])
        let twice = try succeed(
            ["workshop", "register", "1", "ben@example.org", "--now", "2022-02-03T09:00:00Z"], in: folder)
        #expect(twice.stdoutLines == ["a community registrant was already registered for session 1"])
        let notAnAddress = try Processes.cohort(["workshop", "register", "1", "ameliaK"], in: folder.url)
        #expect(notAnAddress.status == 64)
        #expect(
            notAnAddress.stderrLines == [
                "cohort: \"ameliaK\" is not a mail address; community session 1 takes people by address, like name@example.org"
            ])
        let list = try succeed(["workshop", "list"], in: folder)
        #expect(list.stdoutLines.last?.contains("2/2 +2 waiting") == true)
        let invited = try succeed(["workshop", "invite", "1", "--json", "--now", "2022-02-03T10:00:00Z"], in: folder)
        #expect(try readJSON(invited.stdout, "d['queued']") == ["2"], "the wait-listed are not invited")
        for output in [list.stdout, invited.stdout, waiting.stdout] { #expect(!output.contains("@example.org")) }
        try succeed(["calendar", "--now", "2022-02-03T10:00:00Z"], in: folder)
        #expect(try folder.read("calendar/workshops.ics").contains("https://meet.example.org/community"))
        let left = try succeed(
            [
                "workshop", "unregister", "1", "Ana@example.org", "--reason", "cannot come", "--now",
                "2022-02-03T11:00:00Z",
            ],
            in: folder)
        #expect(left.stdoutLines == ["Took them off session 1; Chloé takes the seat from the wait-list"])
        let after = try succeed(["workshop", "list"], in: folder)
        #expect(after.stdoutLines.last?.contains("2/2 +1 waiting") == true)
    }

    @Test func slotsUseTheAudiencesPollAndTheCohortAsItIsNow() throws {
        let folder = try workspaceWithData()
        try folder.write(
            "data/community.csv",
            """
            participant,time_zone,2022-06-14T15:00:00Z,2022-06-16T18:00:00Z
            ana,America/Lima,yes,no
            ben,Europe/Oslo,no,yes
            chloe,Africa/Dakar,ifneedbe,yes

            """)
        try succeed(
            ["workshop", "poll", "import", "data/community.csv", "--audience", "community", "--now", Self.selected],
            in: folder)
        try succeed(["workshop", "poll", "import", "data/poll.csv", "--now", Self.selected], in: folder)
        let community = try succeed(
            ["workshop", "slots", "--count", "1", "--audience", "community", "--json"], in: folder)
        #expect(
            try readJSON(community.stdout, "d['participants']", "d['audience']", "d['slots'][0]['start']")
                == ["3", "community", "2022-06-16T18:00:00Z"])

        try succeed(["pilot", "import", "data/signups.csv", "--now", Self.selected], in: folder)
        try succeed(["pilot", "select", "--now", Self.selected], in: folder)
        try succeed(
            ["pilot", "withdraw", "sofia.g", "--reason", "new job", "--now", "2022-02-03T10:00:00Z"], in: folder)
        try succeed(["pilot", "accept", "oliver.b", "--now", "2022-02-03T11:00:00Z"], in: folder)
        let pilot = try succeed(["workshop", "slots", "--count", "2", "--json"], in: folder)
        #expect(
            try readJSON(
                pilot.stdout, "d['participants']", "d['unanswered']",
                "any('sofia.g' in s['yes'] + s['ifneedbe'] for s in d['slots'])")
                == ["9", "['oliver.b']", "False"])
        let human = try succeed(["workshop", "slots", "--count", "2"], in: folder)
        #expect(human.stdoutLines.last == "Not in the poll yet (counted, with no answers): oliver.b")
    }

    @Test func addingTheSameTitleAndStartTwiceAddsOneSession() throws {
        let folder = try workspaceWithData()
        try Self.addSession(folder, audience: "pilot")
        let again = try Self.addSession(folder, audience: "pilot")
        #expect(again.stdoutLines.first?.hasSuffix("already; nothing was added") == true)
        let list = try succeed(["workshop", "list", "--json"], in: folder)
        #expect(try readJSON(list.stdout, "len(d['sessions'])") == ["1"])
        let different = try Processes.cohort(
            [
                "workshop", "add", "--title", "pilot workshop", "--start", "2022-02-08T17:00:00Z", "--capacity", "5",
                "--link", "https://meet.example.org/pilot",
            ], in: folder.url)
        #expect(different.status == 64)
        #expect(
            different.stderrLines.first?.hasPrefix("cohort: session 1 has this title and start already, with 9 seats")
                == true)
    }

    @Test func thePublicCalendarNeverCarriesAPilotSessionsLink() throws {
        let folder = try workspaceWithData()
        try Self.addSession(folder, audience: "pilot")
        try Self.addSession(folder, audience: "partners")
        try succeed(["calendar", "--now", "2022-02-03T10:00:00Z"], in: folder)
        let feed = try folder.read("calendar/workshops.ics")
        #expect(!feed.contains("meet.example.org/pilot"))
        #expect(!feed.contains("meet.example.org/partners"))
    }
}
