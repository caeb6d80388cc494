import CohortCore
import CohortTestSupport
import Foundation
import Testing

@Suite struct NDAStatusTests {
    @Test(arguments: [
        ("signed", NDAStatus.signed), ("Agreed", .agreed), ("yes", .agreed), ("no", NDAStatus.none),
        ("none", NDAStatus.none), ("SENT", .sent), ("declined", .declined), ("refused", .declined),
    ])
    func theSheetsWordsMapToTheStates(text: String, state: NDAStatus) {
        #expect(NDAStatus(sheetValue: text) == state)
    }

    @Test(arguments: ["", "maybe", "singed", "y"])
    func anythingElseIsNoState(text: String) { #expect(NDAStatus(sheetValue: text) == nil) }

    @Test func agreeingIsEnoughForEligibilityButOnlySignedIsSigned() {
        #expect(NDAStatus.allCases.filter(\.isAgreed) == [.agreed, .sent, .signed])
    }
}

@Suite struct PilotNoticeTests {
    let now = try! instant("2022-02-02T18:00:00Z")

    @Test func selectionCallsForAnEnrolmentOrAWaitListNoticeWithThePlaceInLine() throws {
        var cohort = PilotCohort(
            signups: [
                try signup("ana", "2022-02-01T09:00:00Z", nda: .agreed),
                try signup("ben", "2022-02-01T10:00:00Z"), try signup("cy", "2022-02-01T11:00:00Z"),
            ], capacity: 1, rules: PilotRules())
        let drafts = PilotNotices.drafts(for: cohort.select(now: now), in: cohort)
        #expect(drafts.map(\.batch) == ["notice:enrolled:ana", "notice:waitlisted:ben", "notice:waitlisted:cy"])
        #expect(drafts[0].fields["nda_to_sign"] == .flag(true))
        #expect(drafts[0].fields["nda_signed"] == .flag(false))
        #expect(drafts[2].fields["place"] == .number(2))
        #expect(drafts.map(\.fact) == ["standing:enrolled", "standing:waitlisted", "standing:waitlisted"])
    }

    @Test func anOfferCarriesItsDeadlineAndADecisionUndoneInTheSameCommandCallsForNone() throws {
        var cohort = PilotCohort(
            signups: [try signup("ana", "2022-02-01T09:00:00Z"), try signup("ben", "2022-02-01T10:00:00Z")],
            capacity: 1, rules: PilotRules())
        _ = cohort.select(now: now)
        let decisions = try cohort.withdraw("ana", reason: "moved", now: now)
        let drafts = PilotNotices.drafts(for: decisions, in: cohort)
        #expect(drafts.map(\.kind) == [.withdrawn, .offered])
        #expect(drafts[1].moments["deadline"] == now.addingTimeInterval(48 * 3600))
        // A stale decision (ben enrolled, but he is offered now) calls for nothing.
        let stale = PilotNotices.drafts(for: [PilotDecision(action: "enrol", username: "ben", reason: "")], in: cohort)
        #expect(stale.isEmpty)
    }

    @Test func theLanguageIsTheFirstOfTheirsThatHasATemplateElseEnglish() {
        let person = NoticeRecipient(
            id: "s", name: "s", email: "s@example.org", timeZone: "UTC", languages: ["ca", "es", "en"])
        #expect(person.language(among: ["en", "es"]) == "es")
        #expect(person.language(among: ["en"]) == "en")
        let english = NoticeRecipient(id: "s", name: "s", email: "", timeZone: "UTC", languages: ["en", "es"])
        #expect(english.language(among: ["en", "es"]) == "en")
        #expect(!english.isReachable)
    }

    @Test func momentsAreSpelledInTheReadersLanguage() throws {
        let deadline = try instant("2022-02-05T10:00:00Z")
        let sydney = try #require(TimeZone(identifier: "Australia/Sydney"))
        #expect(LocalTime.moment(deadline, in: sydney, language: "en") == "Saturday 5 February 2022, 21:00")
        #expect(LocalTime.moment(deadline, in: .gmt, language: "es") == "sábado 5 de febrero de 2022, 10:00")
        #expect(LocalTime.moment(deadline, in: .gmt, language: "tr") == "2022-02-05 10:00")
    }

    @Test func everyKindHasASampleWithItsRealFields() {
        let program = Program(
            name: "P", slug: "p", timeZone: .gmt, contact: Person(name: "Rosa", email: "rosa@example.org"))
        for kind in NoticeKind.allCases { #expect(NoticeSamples.draft(kind, program: program).kind == kind) }
    }
}

@Suite struct FeedbackModerationLedgerTests {
    let at = try! instant("2022-03-20T10:00:00Z")

    func ledger() -> FeedbackLedger {
        FeedbackLedger(
            judges: [Judge(id: "a", name: "A"), Judge(id: "b", name: "B")],
            items: [
                FeedbackItem(id: "x", source: "survey", receivedAt: at, text: "rude", themes: ["t"]),
                FeedbackItem(id: "y", source: "survey", receivedAt: at, text: "ok", themes: ["t"]),
            ])
    }

    @Test func aHiddenItemLeavesStatesNextAndTheReportButIsCounted() throws {
        var ledger = ledger()
        try ledger.setHidden(true, item: "x", reason: "conduct", by: "Rosa", at: at)
        #expect(ledger.states.map(\.item.id) == ["y"])
        #expect(try ledger.next(for: "a")?.item.id == "y")
        let report = FeedbackReport(ledger)
        #expect(report.items == 1 && report.hidden == 1)
        #expect(report.themes.first?.share == 1)
        #expect(throws: FeedbackError.hidden(item: "x", reason: "conduct")) {
            try ledger.code(item: "x", judge: "a", category: .againstAim, at: at)
        }
        #expect(throws: FeedbackError.badHidingReason("")) {
            try ledger.setHidden(true, item: "y", reason: " ", by: "Rosa", at: at)
        }
        try ledger.setHidden(false, item: "x", reason: "mistake", by: "Rosa", at: at)
        #expect(ledger.states.count == 2)
    }

    @Test func aQuestionLeavesTheItemAwaitingClarificationUntilItIsCodedAgain() throws {
        var ledger = ledger()
        for judge in ["a", "b"] { try ledger.code(item: "y", judge: judge, category: .unclear, at: at) }
        try ledger.ask(item: "y", question: "What do you mean?", channel: .mail, by: "Rosa", at: at)
        #expect(ledger.state(of: try ledger.item("y")).status == .awaitingClarification)
        try ledger.clarify(item: "y", note: "this", by: "Rosa", at: at)
        #expect(ledger.state(of: try ledger.item("y")).status == .awaitingClarification)
        try ledger.code(item: "y", judge: "a", category: .integrateNow, at: at)
        #expect(ledger.state(of: try ledger.item("y")).status == .awaitingSecondJudge)
        #expect(throws: FeedbackError.notUnclear(item: "x", categories: [])) {
            try ledger.ask(item: "x", question: "?", channel: .mail, by: "Rosa", at: at)
        }
    }
}
