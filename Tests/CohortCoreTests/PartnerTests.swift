import CohortCore
import Foundation
import Testing

/// Instants on a fixed day grid: `day(3)` is 2022-05-03T09:00:00Z.
private func day(_ number: Int, hour: Int = 9) -> Date {
    Instant.parse(String(format: "2022-05-%02dT%02d:00:00Z", number, hour))!
}

private func partner(_ id: String, wave: String = "partners") -> Partner {
    Partner(
        id: id, name: "Partner \(id)", kind: .affiliate, region: "Somewhere", contactName: "Contact \(id)",
        contactEmail: "\(id)@example.org", timeZone: "UTC", wave: wave)
}

/// A partner moved through `stages`, entering each at the given day (the first is where it started).
struct PartnerFixture {
    var rules = OnboardingRules()
    var steps: [StageStep] = []
    var ticks: [ChecklistTick] = []
    var partners: [Partner] = []

    mutating func add(_ id: String, wave: String = "partners", _ path: [(String, Int)]) {
        partners.append(partner(id, wave: wave))
        var from: String?
        for (stage, at) in path {
            steps.append(
                StageStep(
                    partner: id, from: from, to: stage, move: from == nil ? .start : .advance, at: day(at), by: "T"))
            from = stage
        }
    }

    func progress(_ id: String) -> PartnerProgress {
        Onboarding.progress(partners.first { $0.id == id }!, steps: steps, ticks: ticks, rules: rules)
    }

    var all: [PartnerProgress] { partners.map { progress($0.id) } }
}

@Suite struct OnboardingTests {
    @Test func defaultStagesAreThePlansInOrder() {
        #expect(
            OnboardingRules().stageIDs == [
                "invited", "nda-signed", "technical-onboarding", "strategic-onboarding", "ready", "access-granted",
            ])
    }

    @Test func advancesOneStageAtATimeAndRefusesToPassOverStagesWithoutSkip() throws {
        var fixture = PartnerFixture()
        fixture.add("a", [("invited", 1)])
        let current = fixture.progress("a")
        let step = try Onboarding.move(
            current, .init(stage: "nda-signed", note: "signed"), by: "Rosa", at: day(2), rules: fixture.rules)
        #expect(
            step
                == StageStep(
                    partner: "a", from: "invited", to: "nda-signed", move: .advance, at: day(2), by: "Rosa",
                    note: "signed"))
        #expect(
            throws: OnboardingError.outOfOrder(
                partner: "a", from: "invited", to: "technical-onboarding", passing: ["nda-signed"])
        ) {
            try Onboarding.move(
                current, .init(stage: "technical-onboarding"), by: "Rosa", at: day(2), rules: fixture.rules)
        }
        #expect(throws: OnboardingError.unknownStage("nda-signd", known: fixture.rules.stageIDs)) {
            try Onboarding.move(current, .init(stage: "nda-signd"), by: "Rosa", at: day(2), rules: fixture.rules)
        }
        #expect(throws: OnboardingError.alreadyAt(partner: "a", stage: "invited")) {
            try Onboarding.move(current, .init(stage: "invited"), by: "Rosa", at: day(2), rules: fixture.rules)
        }
    }

    @Test func skipAndBackNeedTheirFlagAndAReason() throws {
        var fixture = PartnerFixture()
        fixture.add("a", [("invited", 1), ("nda-signed", 2)])
        let current = fixture.progress("a")
        #expect(throws: OnboardingError.needsReason("--skip")) {
            try Onboarding.move(current, .init(stage: "ready", skip: true), by: "R", at: day(3), rules: fixture.rules)
        }
        let skip = try Onboarding.move(
            current, .init(stage: "ready", skip: true, reason: "onboarded in 2021"), by: "R", at: day(3),
            rules: fixture.rules)
        #expect(skip.move == .skip)
        #expect(skip.note == "onboarded in 2021")
        #expect(throws: OnboardingError.backwardNeedsBack(partner: "a", from: "nda-signed", to: "invited")) {
            try Onboarding.move(current, .init(stage: "invited"), by: "R", at: day(3), rules: fixture.rules)
        }
        #expect(throws: OnboardingError.needsReason("--back")) {
            try Onboarding.move(current, .init(stage: "invited", back: true), by: "R", at: day(3), rules: fixture.rules)
        }
        #expect(throws: OnboardingError.backIsForward(partner: "a", from: "nda-signed", to: "ready")) {
            try Onboarding.move(
                current, .init(stage: "ready", back: true, reason: "x"), by: "R", at: day(3), rules: fixture.rules)
        }
        let back = try Onboarding.move(
            current, .init(stage: "invited", back: true, reason: "wrong contact"), by: "R", at: day(3),
            rules: fixture.rules)
        #expect(back.move == .back)
        fixture.steps.append(back)
        let after = fixture.progress("a")
        #expect(after.stage == "invited")
        #expect(after.enteredAt == day(3))
        #expect(after.furthestIndex == 1)
    }

    @Test func aStageWithUntickedItemsIsLeftOnlyByForceWithAReason() throws {
        var fixture = PartnerFixture()
        fixture.add("a", [("invited", 1), ("nda-signed", 2), ("technical-onboarding", 3)])
        fixture.ticks.append(ChecklistTick(partner: "a", item: "account-access", at: day(4), by: "J"))
        let current = fixture.progress("a")
        #expect(current.unticked == ["tool-walkthrough"])
        #expect(
            throws: OnboardingError.untickedItems(
                partner: "a", stage: "technical-onboarding", items: ["tool-walkthrough"])
        ) {
            try Onboarding.move(
                current, .init(stage: "strategic-onboarding"), by: "R", at: day(5), rules: fixture.rules)
        }
        #expect(throws: OnboardingError.needsReason("--force")) {
            try Onboarding.move(
                current, .init(stage: "strategic-onboarding", force: true), by: "R", at: day(5), rules: fixture.rules)
        }
        let forced = try Onboarding.move(
            current, .init(stage: "strategic-onboarding", force: true, reason: "walkthrough done in a workshop"),
            by: "R", at: day(5), rules: fixture.rules)
        #expect(forced.forced)
        #expect(forced.move == .advance)
    }

    @Test func dueDatesCountFromEnteringTheStageSoALateEntryMovesEverythingAfterIt() {
        var onTime = PartnerFixture()
        onTime.add("a", [("invited", 1), ("nda-signed", 2), ("technical-onboarding", 3)])
        var late = PartnerFixture()
        late.add("a", [("invited", 1), ("nda-signed", 2), ("technical-onboarding", 13)])
        let early = onTime.progress("a")
        let delayed = late.progress("a")
        #expect(early.items.map(\.due) == [day(6), day(13)])
        #expect(delayed.items.map(\.due) == [day(16), day(23)])
        // The strategic conversation is projected from the longest technical item: 10 + 14 days.
        #expect(early.projected.map(\.id) == ["sense-making"])
        #expect(early.projected.map(\.due) == [day(27)])
        #expect(delayed.projected.map(\.due) == [Instant.parse("2022-06-06T09:00:00Z")!])
    }

    @Test(arguments: [
        (day(6, hour: 8), [String]()), (day(6, hour: 10), ["account-access"]),
        (day(14), ["account-access", "tool-walkthrough"]),
    ])
    func overdueAtAGivenNow(now: Date, expected: [String]) {
        var fixture = PartnerFixture()
        fixture.add("a", [("invited", 1), ("nda-signed", 2), ("technical-onboarding", 3)])
        #expect(fixture.progress("a").overdue(at: now) == expected)
        fixture.ticks.append(ChecklistTick(partner: "a", item: "account-access", at: day(7), by: "J"))
        #expect(fixture.progress("a").overdue(at: now) == expected.filter { $0 != "account-access" })
    }

    @Test func ticksAreRefusedForUnknownItemsAndStagesNotReachedAndTwiceIsNothing() throws {
        var fixture = PartnerFixture()
        fixture.add("a", [("invited", 1), ("nda-signed", 2), ("technical-onboarding", 3)])
        let current = fixture.progress("a")
        #expect(
            throws: OnboardingError.itemNotReached(
                partner: "a", item: "sense-making", stage: "strategic-onboarding", current: "technical-onboarding")
        ) {
            try Onboarding.tick(current, item: "sense-making", by: "J", at: day(4), rules: fixture.rules)
        }
        #expect(throws: OnboardingError.unknownItem("acount-access", known: fixture.rules.itemIDs)) {
            try Onboarding.tick(current, item: "acount-access", by: "J", at: day(4), rules: fixture.rules)
        }
        let tick = try #require(
            try Onboarding.tick(current, item: "account-access", by: "J", at: day(4), rules: fixture.rules))
        fixture.ticks.append(tick)
        #expect(
            try Onboarding.tick(
                fixture.progress("a"), item: "account-access", by: "J", at: day(5), rules: fixture.rules) == nil)
    }
}

@Suite struct PartnerViewTests {
    /// Five partners with known stays: invited 1, 3, 5 and 7 days for four of them; nda-signed 2 and 4 days.
    static func knownSet() -> PartnerFixture {
        var fixture = PartnerFixture()
        fixture.add("a", [("invited", 1), ("nda-signed", 2), ("technical-onboarding", 4)])
        fixture.add("b", [("invited", 1), ("nda-signed", 4), ("technical-onboarding", 8)])
        fixture.add("c", [("invited", 1), ("nda-signed", 6)])
        fixture.add("d", [("invited", 1), ("nda-signed", 8)])
        fixture.add("e", wave: "public", [("invited", 1)])
        return fixture
    }

    @Test func funnelFiguresOnAKnownDataSet() {
        let fixture = Self.knownSet()
        let funnel = PartnerFunnel.make(fixture.all, rules: fixture.rules, now: day(10))
        #expect(funnel.stages.map(\.count) == [1, 2, 2, 0, 0, 0])
        #expect(funnel.stages.map(\.reached) == [5, 4, 2, 0, 0, 0])
        #expect(funnel.stages[0].conversion == 0.8)
        #expect(funnel.stages[1].conversion == 0.5)
        #expect(funnel.stages[2].conversion == 0)
        #expect(funnel.stages[3].conversion == nil)
        #expect(funnel.stages[5].conversion == nil)
        #expect(funnel.stages[0].medianDays == 4)  // 1, 3, 5, 7
        #expect(funnel.stages[0].p90Days == 7)
        #expect(funnel.stages[1].medianDays == 3)  // 2, 4
        #expect(funnel.stages[1].p90Days == 4)
        #expect(funnel.stages[2].medianDays == nil)
        // a entered technical onboarding on the 4th: account access was due on the 7th.
        #expect(funnel.overdue == 1)
        #expect(funnel.overdueItems == 1)
        #expect(funnel.stages[2].overdue == 1)
    }

    @Test func medianAndNearestRankPercentile() {
        let cases: [([Double], Double?, Double?)] = [
            ([], nil, nil), ([5], 5, 5), ([1, 2, 3, 4], 2.5, 4), (Array(1...10).map(Double.init), 5.5, 9),
            (Array(1...20).map(Double.init), 10.5, 18),
        ]
        for (sorted, median, p90) in cases {
            #expect(Statistics.median(sorted) == median)
            #expect(Statistics.percentile(sorted, 0.9) == p90)
        }
    }

    @Test func dueSoonListsUntickedItemsWithinTheWindowSoonestFirst() {
        let fixture = Self.knownSet()
        let due = DueItem.list(fixture.all, now: day(9), within: Lag(days: 7))
        #expect(
            due.map { "\($0.partner):\($0.item):\($0.overdue)" } == [
                "a:account-access:true", "b:account-access:false", "a:tool-walkthrough:false",
            ])
        #expect(due.first?.contact == "Contact a")
    }

    @Test func theOnboardedGateHoldsOnlyWhenEveryPartnerOfTheWaveHasReachedTheStage() {
        var fixture = Self.knownSet()
        let wave = ReleaseWave(id: "partners", name: "Partners", audience: "Partners")
        let failing = PartnerOnboardingGate(progress: fixture.all, rules: fixture.rules, now: day(10))
            .evaluate(stage: "technical-onboarding", wave: wave)
        #expect(!failing.holds)
        #expect(failing.gate == "onboarded: technical-onboarding")
        #expect(failing.reason == "2 of 4 partners have not reached \"technical-onboarding\"")
        #expect(failing.holdingBack == ["c (at nda-signed)", "d (at nda-signed)"])
        let overdue = PartnerOnboardingGate(progress: fixture.all, rules: fixture.rules, now: day(10))
            .evaluate(stage: "strategic-onboarding", wave: wave)
        #expect(overdue.holdingBack.first == "a (at technical-onboarding; overdue: account-access)")
        fixture.steps += ["c", "d"].map {
            StageStep(partner: $0, from: "nda-signed", to: "technical-onboarding", move: .advance, at: day(9), by: "T")
        }
        let holding = PartnerOnboardingGate(progress: fixture.all, rules: fixture.rules, now: day(10))
            .evaluate(stage: "technical-onboarding", wave: wave)
        #expect(holding.holds)
        #expect(holding.holdingBack.isEmpty)
        let empty = PartnerOnboardingGate(progress: [], rules: fixture.rules, now: day(10)).evaluate(
            stage: "ready", wave: wave)
        #expect(!empty.holds)
    }

    @Test func theGatePlugsIntoTheReleasePlan() {
        let fixture = Self.knownSet()
        let program = Program(
            name: "P", slug: "p", timeZone: TimeZone(identifier: "UTC")!,
            contact: Person(name: "T", email: "t@example.org"),
            waves: [
                ReleaseWave(id: "partners", name: "Partners", audience: "Partners", gates: [.onboarded(stage: "ready")])
            ])
        let gate = PartnerOnboardingGate(progress: fixture.all, rules: fixture.rules, now: day(10))
        let plan = ReleasePlan.make(
            program, facts: ReleaseFacts(now: day(10), events: [], members: [], onboarding: gate))
        #expect(plan["partners"]?.status == .blocked)
        #expect(plan["partners"]?.gates.first?.holdingBack.count == 4)
    }

    @Test func remindersAreNotRepeatedWithinTheInterval() {
        let fixture = Self.knownSet()
        let interval = Lag(days: 7)
        let first = Reminder.plan(fixture.all, sent: [], interval: interval, now: day(10))
        #expect(first.map(\.partner.id) == ["a"])
        #expect(first.first?.items.map(\.id) == ["account-access"])
        let sent = [ReminderRecord(partner: "a", item: "account-access", at: day(10))]
        // On the 13th a was reminded 3 days ago and nothing new is overdue; b's account access
        // (due the 11th) is, so only b is reminded.
        #expect(Reminder.plan(fixture.all, sent: sent, interval: interval, now: day(13)).map(\.partner.id) == ["b"])
        let later = Reminder.plan(fixture.all, sent: sent, interval: interval, now: day(17))
        #expect(later.first { $0.partner.id == "a" }?.items.map(\.id) == ["account-access", "tool-walkthrough"])
    }
}

@Suite struct OnboardingConfigurationTests {
    @Test func stagesAndChecklistsAreReadFromCohortYAML() throws {
        let text =
            minimalConfiguration + """
                onboarding:
                  reminder_interval: 2w
                  stages:
                    - id: invited
                    - id: data-training
                      name: Data training
                      checklist:
                        - id: training-call
                          name: Training call
                          due: 5d
                    - id: live

                """
        let program = try ProgramDecoder.decode(text).get()
        #expect(program.onboarding.stageIDs == ["invited", "data-training", "live"])
        #expect(
            program.onboarding.stages[1].checklist == [
                ChecklistItem(id: "training-call", name: "Training call", due: Lag(days: 5))
            ])
        #expect(program.onboarding.reminderInterval == Lag(days: 14))
        #expect(try ProgramDecoder.decode(minimalConfiguration).get().onboarding == OnboardingRules())
    }

    @Test func badOnboardingIsLocated() {
        let text =
            minimalConfiguration + """
                onboarding:
                  reminder_interval: soon
                  stages:
                    - id: invited
                      checklist:
                        - id: call
                          name: Call
                          due: 3d
                    - id: invited
                      checklist:
                        - id: call
                          name: Call again
                          due: 3x
                release:
                  waves:
                    - id: partners
                      name: Partners
                      audience: Partners
                      gates:
                        - onboarded: redy

                """
        let found = problems(in: text).map(\.description)
        #expect(found.count == 5)
        #expect(
            found.contains {
                $0.contains("\(location(of: "soon", in: text)!.line):")
                    && $0.contains("\"soon\" is not a number of days")
            })
        #expect(found.contains { $0.contains("duplicate stage id \"invited\"") })
        #expect(found.contains { $0.contains("duplicate checklist item id \"call\"") })
        #expect(found.contains { $0.contains("\"3x\" is not a number of days") })
        #expect(found.contains { $0.contains("wave \"partners\": onboarded gate names unknown stage \"redy\"") })
    }
}

@Suite struct PartnerCSVTests {
    @Test func badRowsAreLocatedAndDuplicateIdsRefused() throws {
        let text = """
            id,name,kind,region,contact_name,contact_email,time_zone,wave
            wm-ke,Kenya,affiliate,Africa,A,a@example.org,Africa/Nairobi,partners
            wm-ke,Kenya again,affiliate,Africa,A,a@example.org,Africa/Nairobi,partners
            Bad Id,X,club,Y,Z,not-an-address,Mars/Base,publik

            """
        let table = try CSVTable.parse(text, file: "partners.csv", columns: Partner.columns)
        let (partners, problems) = Partner.read(table, waves: ["pilot", "partners", "public"])
        #expect(partners.map(\.partner.id) == ["wm-ke"])
        let lines = CSVProblems(problems).problems.map(\.description)
        #expect(
            lines.contains(
                "partners.csv:row 3, column \"id\": \"wm-ke\" already appears in row 2; keep one row per partner"))
        #expect(lines.contains { $0.hasPrefix("partners.csv:row 4, column \"id\": \"Bad Id\" is not an id") })
        #expect(lines.contains { $0.hasPrefix("partners.csv:row 4, column \"kind\": \"club\" is not a kind") })
        #expect(lines.contains { $0.hasPrefix("partners.csv:row 4, column \"contact_email\":") })
        #expect(lines.contains { $0.hasPrefix("partners.csv:row 4, column \"time_zone\": unknown time zone") })
        #expect(
            lines.contains {
                $0.hasPrefix("partners.csv:row 4, column \"wave\": unknown wave \"publik\"; did you mean \"public\"?")
            })
    }
}
