import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// A sign-up at `time` (ISO 8601 with offset), eligible unless told otherwise.
func signup(
    _ name: String, _ time: String, applicable: Bool = true, available: Bool = true, nda: NDAStatus = .signed
) throws -> Signup {
    Signup(
        username: name, email: "\(name)@example.org", signedUpAt: try #require(Instant.parse(time)),
        useCaseApplicable: applicable, available: available, nda: nda, timeZone: "Europe/Berlin")
}

func instant(_ text: String) throws -> Date { try #require(Instant.parse(text)) }

@Suite struct EligibilityTests {
    @Test(arguments: [
        (true, true, NDAStatus.signed, [IneligibilityReason]()),
        (false, true, .signed, [.useCaseNotApplicable]),
        (true, false, .signed, [.notAvailable]),
        (true, true, .agreed, []),
        (true, true, .sent, []),
        (true, true, NDAStatus.none, [.ndaNotAgreed]),
        (true, true, .declined, [.ndaDeclined]),
        (false, false, NDAStatus.none, [.useCaseNotApplicable, .notAvailable, .ndaNotAgreed]),
    ])
    func everyReasonIsGivenInThePlansOrder(
        applicable: Bool, available: Bool, nda: NDAStatus, expected: [IneligibilityReason]
    ) throws {
        let person = try signup("a", "2022-02-01T00:00:00Z", applicable: applicable, available: available, nda: nda)
        #expect(Eligibility.reasons(person, rules: PilotRules()) == expected)
    }

    @Test func anUnsignedNDAIsNoReasonWhenTheProgramDoesNotRequireOne() throws {
        let person = try signup("a", "2022-02-01T00:00:00Z", nda: .none)
        #expect(Eligibility.isEligible(person, rules: PilotRules(ndaRequired: false)))
    }
}

@Suite struct SelectionTests {
    let now = try! instant("2022-02-02T18:00:00Z")

    /// Three eligible people whose local clocks disagree with the order of their instants, two of
    /// them at the same instant written with different offsets.
    func mixedOffsets() throws -> [Signup] {
        [
            try signup("carol", "2022-02-01T10:00:00+01:00"),  // 09:00Z
            try signup("bob", "2022-02-01T04:00:00-05:00"),  // 09:00Z, ties with carol
            try signup("alice", "2022-02-01T12:30:00+05:30"),  // 07:00Z, first despite the latest clock
            try signup("dave", "2022-02-01T09:30:00Z"),
        ]
    }

    @Test func firstComeFirstServedByInstantThenUsername() throws {
        var cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules())
        let decisions = cohort.select(now: now)
        let outcome = cohort.outcome()
        #expect(outcome.enrolled == ["alice", "bob"])
        #expect(outcome.waitlist == ["carol", "dave"])
        #expect(decisions.map(\.action) == ["enrol", "enrol", "waitlist", "waitlist"])
    }

    @Test func ineligibleSignupsAreListedWithTheirReasonsAndTakeNoSeat() throws {
        var cohort = PilotCohort(
            signups: [
                try signup("early", "2022-02-01T06:00:00Z", nda: .declined),
                try signup("busy", "2022-02-01T06:30:00Z", available: false, nda: .none),
                try signup("late", "2022-02-01T12:00:00Z"),
            ], capacity: 1, rules: PilotRules())
        _ = cohort.select(now: now)
        let outcome = cohort.outcome()
        #expect(outcome.enrolled == ["late"])
        #expect(
            outcome.ineligible == [
                .init(username: "early", reasons: [.ndaDeclined]),
                .init(username: "busy", reasons: [.notAvailable, .ndaNotAgreed]),
            ])
    }

    @Test func selectingAgainDecidesNothingNew() throws {
        var cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules())
        _ = cohort.select(now: now)
        let first = cohort
        #expect(cohort.select(now: now).isEmpty)
        #expect(cohort == first)
    }

    @Test func anEarlierLateImportWaitsInLineButDisplacesNobody() throws {
        var cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules())
        _ = cohort.select(now: now)
        cohort.signups.append(try signup("zoe", "2022-01-01T00:00:00Z"))
        let decisions = cohort.select(now: now)
        #expect(cohort.outcome().enrolled == ["alice", "bob"])
        #expect(cohort.outcome().waitlist == ["zoe", "carol", "dave"])
        #expect(decisions == [PilotDecision(action: "waitlist", username: "zoe", reason: decisions[0].reason)])
    }

    @Test func aWaitlistedPersonWhoBecomesIneligibleLeavesTheLine() throws {
        var cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules())
        _ = cohort.select(now: now)
        let carol = try cohort.index(of: "carol")
        cohort.signups[carol].nda = .none
        let decisions = cohort.select(now: now)
        #expect(decisions.map(\.action) == ["unlist"])
        #expect(cohort.outcome().waitlist == ["dave"])
        #expect(cohort.outcome().ineligible.map(\.username) == ["carol"])
    }

    @Test func withdrawOffersTheSeatWhichExpiresAndPassesToTheNext() throws {
        var cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules(offerHours: 48))
        _ = cohort.select(now: now)
        let withdrawn = try cohort.withdraw("bob", reason: "no time", now: try instant("2022-02-03T10:00:00Z"))
        #expect(withdrawn.map(\.action) == ["withdraw", "offer"])
        #expect(withdrawn.last?.username == "carol")
        #expect(cohort.openOffers(at: try instant("2022-02-05T09:59:59Z")).map(\.username) == ["carol"])

        // 48 hours later nobody has answered: carol's offer lapses and dave is offered the seat.
        let expired = cohort.expireOffers(now: try instant("2022-02-05T10:00:00Z"))
        #expect(expired.map(\.action) == ["expire", "offer"])
        #expect(expired.map(\.username) == ["carol", "dave"])
        #expect(cohort.signups[try cohort.index(of: "carol")].standing == .lapsed)
        #expect(throws: PilotError.notOffered("carol", standing: "lapsed")) {
            try cohort.accept("carol", now: try instant("2022-02-05T11:00:00Z"))
        }

        let accepted = try cohort.accept("dave", now: try instant("2022-02-06T08:00:00Z"))
        #expect(accepted.map(\.action) == ["accept"])
        #expect(cohort.outcome().enrolled == ["alice", "dave"])
        #expect(cohort.outcome().waitlist.isEmpty)
    }

    @Test func anIneligibleWaitlisterIsSkippedWhenASeatIsOffered() throws {
        var cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules())
        _ = cohort.select(now: now)
        cohort.signups[try cohort.index(of: "carol")].available = false
        let decisions = try cohort.withdraw("alice", reason: "moved", now: now)
        #expect(decisions.last == PilotDecision(action: "offer", username: "dave", reason: decisions.last!.reason))
    }

    @Test func placesNumberSeatsAndTheWaitlist() throws {
        var cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules())
        _ = cohort.select(now: now)
        let places = cohort.places(now: now)
        #expect(places.map(\.signup.username) == ["alice", "bob", "carol", "dave"])
        #expect(places.map(\.place) == [1, 2, 1, 2])
    }

    @Test func unknownUsernamesGetASuggestion() throws {
        let cohort = PilotCohort(signups: try mixedOffsets(), capacity: 2, rules: PilotRules())
        #expect(throws: PilotError.unknownParticipant("alcie", suggestion: "; did you mean \"alice\"?")) {
            try cohort.index(of: "alcie")
        }
    }
}

@Suite struct SignupCSVTests {
    static let header = Signup.columns.all.joined(separator: ",")

    func read(_ body: String) throws -> (signups: [(row: CSVLocation, signup: Signup)], problems: [String]) {
        let table = try CSVTable.parse(Self.header + "\n" + body, file: "signups.csv", columns: Signup.columns)
        let result = Signup.read(table)
        return (result.signups, result.problems.problems.map(\.description))
    }

    @Test func readsQuotedCellsAndLanguages() throws {
        let (signups, problems) = try read(
            "ameliaK,amelia@example.org,2022-02-01T09:12:00+01:00,\"Grants, Central Europe\",yes,YES,signed,Europe/Berlin,de en\n"
        )
        #expect(problems.isEmpty)
        let amelia = try #require(signups.first)
        #expect(amelia.row.row == 2)
        #expect(amelia.signup.useCase == "Grants, Central Europe")
        #expect(amelia.signup.languages == ["de", "en"])
        #expect(Instant.format(amelia.signup.signedUpAt) == "2022-02-01T08:12:00Z")
    }

    @Test func everyBadCellIsLocatedWithItsFix() throws {
        let (signups, problems) = try read(
            """
            ok,ok@example.org,2022-02-01T09:00:00Z,x,yes,yes,signed,UTC,en
            bad,not-an-address,2022-02-01 09:00,x,maybe,yes,singed,Europe/Berln,en
            ok,ok2@example.org,2022-02-01T10:00:00Z,x,yes,yes,signed,UTC,en

            """)
        #expect(signups.count == 1)
        #expect(
            problems.sorted()
                == [
                    "signups.csv:row 3, column \"use_case_applicable\": \"maybe\" is not yes or no; write yes or no",
                    "signups.csv:row 3, column \"email\": \"not-an-address\" is not a mail address; write it like name@example.org",
                    "signups.csv:row 3, column \"nda\": \"singed\" is not an NDA state; did you mean \"signed\"?; write none, agreed, sent, signed or declined",
                    "signups.csv:row 3, column \"signed_up_at\": \"2022-02-01 09:00\" is not an ISO 8601 instant with an offset; write it like 2022-02-01T09:30:00+01:00 or 2022-02-01T08:30:00Z",
                    "signups.csv:row 3, column \"time_zone\": unknown time zone \"Europe/Berln\"; did you mean \"Europe/Berlin\"?",
                    "signups.csv:row 4, column \"username\": \"ok\" already appears in row 2; keep one row per person",
                ].sorted())
    }
}
