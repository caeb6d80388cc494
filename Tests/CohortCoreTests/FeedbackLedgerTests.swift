import CohortCore
import Foundation
import Testing

/// A ledger with the example program's two judges and `count` items fb-001…, themed by their number.
func sampleLedger(items count: Int = 4) -> FeedbackLedger {
    let day = Instant.parse("2022-02-01T00:00:00Z")!
    return FeedbackLedger(
        judges: [Judge(id: "amara", name: "Amara Okafor"), Judge(id: "jonas", name: "Jonas Lindqvist")],
        items: (1...count).map { number in
            FeedbackItem(
                id: String(format: "fb-%03d", number), source: "talk-page",
                receivedAt: day.addingTimeInterval(Double(number) * 3600), author: "Author \(number)",
                text: "Comment \(number)", themes: number.isMultiple(of: 2) ? ["metrics"] : ["access"])
        })
}

let codedAt = Instant.parse("2022-03-20T10:00:00Z")!

@Suite("Feedback coding: blind codes, reconciliation, clarification, routing")
struct FeedbackLedgerTests {
    @Test func nextIsTheFirstItemTheJudgeHasNotCodedAndRevealsNoOtherCode() throws {
        var ledger = sampleLedger()
        try ledger.code(item: "fb-001", judge: "jonas", category: .againstAim, at: codedAt)
        try ledger.code(item: "fb-002", judge: "amara", category: .unclear, at: codedAt)

        let amara = try #require(try ledger.next(for: "amara"))
        #expect(amara.item.id == "fb-001")
        #expect(amara.remaining == 3)
        // What a judge sees is the item alone: BlindItem carries no codes at all.
        #expect(Mirror(reflecting: amara).children.map(\.label) == ["item", "round", "clarifications", "remaining"])

        let jonas = try #require(try ledger.next(for: "jonas"))
        #expect(jonas.item.id == "fb-002")
        #expect(jonas.remaining == 3)
    }

    @Test func nextIsNilWhenTheJudgeHasCodedEverything() throws {
        var ledger = sampleLedger(items: 2)
        for item in ["fb-001", "fb-002"] {
            try ledger.code(item: item, judge: "amara", category: .unclear, at: codedAt)
        }
        #expect(try ledger.next(for: "amara") == nil)
        #expect(throws: FeedbackError.unknownJudge("amra", judges: ["amara", "jonas"])) {
            try ledger.next(for: "amra")
        }
    }

    @Test func aJudgeMayChangeTheirCodeUntilTheOtherHasCoded() throws {
        var ledger = sampleLedger()
        let first = try ledger.code(item: "fb-001", judge: "amara", category: .unclear, at: codedAt)
        #expect(first == .recorded(first.code))
        let again = try ledger.code(item: "fb-001", judge: "amara", category: .unclear, at: codedAt)
        #expect(again == .unchanged(first.code))
        let changed = try ledger.code(item: "fb-001", judge: "amara", category: .integrateNow, at: codedAt)
        #expect(changed == .replaced(changed.code, previous: first.code))
        try ledger.code(item: "fb-001", judge: "jonas", category: .needsResourcing, at: codedAt)

        #expect(throws: FeedbackError.codeFixed(item: "fb-001", judge: "amara", category: .integrateNow)) {
            try ledger.code(item: "fb-001", judge: "amara", category: .needsResourcing, at: codedAt)
        }
        // Themes may still change: they are not part of the agreement figures.
        let themed = try ledger.code(
            item: "fb-001", judge: "amara", category: .integrateNow, themes: ["privacy"], at: codedAt)
        #expect(themed.code.themes == ["privacy"])
        #expect(ledger.codes.count == 4, "every code stays in the history")
    }

    @Test func aThirdJudgeIsRefused() throws {
        var ledger = FeedbackLedger(
            judges: [Judge(id: "amara", name: "A"), Judge(id: "jonas", name: "J"), Judge(id: "rosa", name: "R")],
            items: sampleLedger().items)
        try ledger.code(item: "fb-001", judge: "amara", category: .unclear, at: codedAt)
        try ledger.code(item: "fb-001", judge: "jonas", category: .unclear, at: codedAt)
        #expect(throws: FeedbackError.thirdJudge(item: "fb-001", judge: "rosa", coders: ["amara", "jonas"])) {
            try ledger.code(item: "fb-001", judge: "rosa", category: .unclear, at: codedAt)
        }
        // … and the item is not in the third judge's queue.
        #expect(try ledger.next(for: "rosa")?.item.id == "fb-002")
    }

    @Test func unknownItemsJudgesAndCategoriesAreNamedWithTheNearestId() throws {
        var ledger = sampleLedger()
        #expect(throws: FeedbackError.unknownItem("fb-01", suggestion: "fb-001")) {
            try ledger.code(item: "fb-01", judge: "amara", category: .unclear, at: codedAt)
        }
        #expect(throws: FeedbackError.unknownJudge("jonaz", judges: ["amara", "jonas"])) {
            try ledger.code(item: "fb-001", judge: "jonaz", category: .unclear, at: codedAt)
        }
        #expect(throws: FeedbackError.unknownCategory("integrate")) { try FeedbackCategory.parse("integrate") }
        #expect(
            FeedbackError.unknownCategory("integrate-nw").errorDescription
                == "unknown category \"integrate-nw\"; did you mean \"integrate-now\"?; use one of integrate-now, needs-resourcing, no-agreement, unclear, out-of-scope, against-aim"
        )
        #expect(
            FeedbackError.unknownJudge("jonaz", judges: ["amara", "jonas"]).errorDescription
                == "unknown judge \"jonaz\"; did you mean \"jonas\"?; the judges in cohort.yaml are amara, jonas")
    }

    @Test func theFinalCategoryIsTheSharedOneOrTheReconciledOne() throws {
        var ledger = sampleLedger()
        try ledger.code(item: "fb-001", judge: "amara", category: .outOfScope, at: codedAt)
        #expect(ledger.states[0].finalCategory == nil)
        #expect(ledger.states[0].status == .awaitingSecondJudge)
        try ledger.code(item: "fb-001", judge: "jonas", category: .outOfScope, at: codedAt)
        #expect(ledger.states[0].finalCategory == .outOfScope)
        #expect(ledger.states[0].status == .agreed)
        #expect(ledger.states[0].disposition == .beyondScope)

        try ledger.code(item: "fb-002", judge: "amara", category: .integrateNow, at: codedAt)
        try ledger.code(item: "fb-002", judge: "jonas", category: .needsResourcing, at: codedAt)
        #expect(ledger.states[1].status == .disagreement)
        #expect(ledger.states[1].finalCategory == nil)
        #expect(ledger.disagreements.map(\.item.id) == ["fb-002"])
        let reconciliation = try ledger.reconcile(
            item: "fb-002", category: .needsResourcing, note: "  needs the data engineers ", by: "Amara and Jonas",
            at: codedAt)
        #expect(reconciliation.note == "needs the data engineers")
        #expect(ledger.states[1].status == .reconciled)
        #expect(ledger.states[1].finalCategory == .needsResourcing)
        #expect(ledger.states[1].disposition == .strategicPlanning)
        #expect(ledger.disagreements.map(\.item.id) == ["fb-002"], "a reconciled disagreement is still listed")
    }

    @Test func reconcilingIsRefusedWhereThereIsNothingToReconcile() throws {
        var ledger = sampleLedger()
        try ledger.code(item: "fb-001", judge: "amara", category: .unclear, at: codedAt)
        #expect(throws: FeedbackError.notCodedByBoth(item: "fb-001", coders: ["amara"])) {
            try ledger.reconcile(item: "fb-001", category: .unclear, note: "x", by: "Rosa", at: codedAt)
        }
        try ledger.code(item: "fb-001", judge: "jonas", category: .unclear, at: codedAt)
        #expect(throws: FeedbackError.nothingToReconcile(item: "fb-001", category: .unclear)) {
            try ledger.reconcile(item: "fb-001", category: .integrateNow, note: "x", by: "Rosa", at: codedAt)
        }
        try ledger.code(item: "fb-002", judge: "amara", category: .unclear, at: codedAt)
        try ledger.code(item: "fb-002", judge: "jonas", category: .againstAim, at: codedAt)
        #expect(throws: FeedbackError.empty(option: "--note", purpose: "say why the judges settled on it")) {
            try ledger.reconcile(item: "fb-002", category: .againstAim, note: "  ", by: "Rosa", at: codedAt)
        }
        #expect(ledger.reconciliations.isEmpty)
    }

    @Test func aClarifiedItemIsCodedAgainAndKeepsItsHistory() throws {
        var ledger = sampleLedger()
        try ledger.code(item: "fb-003", judge: "amara", category: .unclear, at: codedAt)
        try ledger.code(item: "fb-003", judge: "jonas", category: .unclear, at: codedAt)
        #expect(ledger.states[2].disposition == .clarificationRequested)

        let clarification = try ledger.clarify(
            item: "fb-003", note: "the author means fair access", by: "Rosa", at: codedAt)
        #expect(clarification.round == 0)
        let state = ledger.states[2]
        #expect(state.round == 1)
        #expect(state.codes.isEmpty)
        #expect(state.status == .uncoded)
        #expect(state.finalCategory == nil)
        #expect(ledger.codes.count == 2, "the first round's codes stay in the history")

        // Both judges see it again, with the clarification, and without each other's new code.
        try ledger.code(item: "fb-001", judge: "amara", category: .integrateNow, at: codedAt)
        try ledger.code(item: "fb-002", judge: "amara", category: .integrateNow, at: codedAt)
        let next = try #require(try ledger.next(for: "amara"))
        #expect(next.item.id == "fb-003")
        #expect(next.round == 1)
        #expect(next.clarifications == ["the author means fair access"])

        try ledger.code(item: "fb-003", judge: "amara", category: .needsResourcing, at: codedAt)
        try ledger.code(item: "fb-003", judge: "jonas", category: .needsResourcing, at: codedAt)
        #expect(ledger.states[2].finalCategory == .needsResourcing)
        #expect(ledger.states[2].clarifications.count == 1)
    }

    @Test func onlyAnUnclearItemIsClarified() throws {
        var ledger = sampleLedger()
        try ledger.code(item: "fb-001", judge: "amara", category: .integrateNow, at: codedAt)
        try ledger.code(item: "fb-001", judge: "jonas", category: .needsResourcing, at: codedAt)
        #expect(throws: FeedbackError.notUnclear(item: "fb-001", categories: [.integrateNow, .needsResourcing])) {
            try ledger.clarify(item: "fb-001", note: "x", by: "Rosa", at: codedAt)
        }
        // One judge's unclear is enough to ask, unless a reconciliation settled it otherwise.
        try ledger.code(item: "fb-002", judge: "amara", category: .unclear, at: codedAt)
        try ledger.code(item: "fb-002", judge: "jonas", category: .noAgreement, at: codedAt)
        try ledger.reconcile(item: "fb-002", category: .noAgreement, note: "clear enough", by: "Rosa", at: codedAt)
        #expect(throws: FeedbackError.notUnclear(item: "fb-002", categories: [.unclear, .noAgreement])) {
            try ledger.clarify(item: "fb-002", note: "x", by: "Rosa", at: codedAt)
        }
        try ledger.code(item: "fb-003", judge: "jonas", category: .unclear, at: codedAt)
        try ledger.clarify(item: "fb-003", note: "asked on the talk page", by: "Rosa", at: codedAt)
        #expect(ledger.clarifications.count == 1)
    }

    @Test(
        arguments: [
            (FeedbackCategory.integrateNow, "act-now"), (.needsResourcing, "strategic-planning"),
            (.noAgreement, "idea-parking-lot"), (.unclear, "clarification-requested"),
            (.outOfScope, "beyond-scope"), (.againstAim, "challenge-points"),
        ])
    func eachCategoryRoutesToThePlansDisposition(category: FeedbackCategory, disposition: String) {
        #expect(category.disposition.rawValue == disposition)
        #expect(category.disposition.category == category)
    }

    @Test func theSixCategoryIdsAreDesignsContract() {
        #expect(
            FeedbackCategory.allCases.map(\.rawValue) == [
                "integrate-now", "needs-resourcing", "no-agreement", "unclear", "out-of-scope", "against-aim",
            ])
    }

    @Test func agreementCountsOnlyItemsBothJudgesCodedWithTheFirstListedJudgeAsRows() throws {
        var ledger = sampleLedger(items: 5)
        let codes: [(String, FeedbackCategory, FeedbackCategory?)] = [
            ("fb-001", .integrateNow, .integrateNow), ("fb-002", .integrateNow, .needsResourcing),
            ("fb-003", .unclear, .unclear), ("fb-004", .againstAim, nil),
        ]
        for (item, amara, jonas) in codes {
            // Jonas codes first: the rows are still Amara's, as cohort.yaml lists her first.
            if let jonas { try ledger.code(item: item, judge: "jonas", category: jonas, at: codedAt) }
            try ledger.code(item: item, judge: "amara", category: amara, at: codedAt)
        }
        let agreement = FeedbackAgreement(ledger)
        #expect(agreement.items == 3)
        #expect(agreement.agreed == 2)
        #expect(agreement.codedByOne == 1)
        #expect(agreement.uncoded == 1)
        #expect(agreement.confusion.count(.integrateNow, .needsResourcing) == 1)
        #expect(agreement.confusion.count(.needsResourcing, .integrateNow) == 0)
        #expect(abs((agreement.percentAgreement ?? 0) - 200.0 / 3.0) < 1e-12)
        #expect(agreement.judges.map(\.id) == ["amara", "jonas"])
    }
}

@Suite("Feedback report")
struct FeedbackReportTests {
    static func coded() throws -> FeedbackLedger {
        var ledger = sampleLedger(items: 5)
        let codes: [(String, FeedbackCategory, FeedbackCategory, [String])] = [
            ("fb-001", .integrateNow, .integrateNow, []), ("fb-002", .noAgreement, .noAgreement, ["privacy"]),
            ("fb-003", .againstAim, .againstAim, []), ("fb-004", .integrateNow, .unclear, []),
        ]
        for (item, amara, jonas, themes) in codes {
            try ledger.code(item: item, judge: "amara", category: amara, themes: themes, at: codedAt)
            try ledger.code(item: item, judge: "jonas", category: jonas, at: codedAt)
        }
        return ledger
    }

    @Test func itemsAreRoutedAndTheUndecidedArePending() throws {
        let report = FeedbackReport(try Self.coded())
        #expect(report.items == 5)
        #expect(report.groups.map(\.disposition) == Disposition.allCases)
        #expect(report.entries(.actNow).map(\.id) == ["fb-001"])
        #expect(report.entries(.ideaParkingLot).map(\.id) == ["fb-002"])
        #expect(report.entries(.challengePoints).map(\.id) == ["fb-003"])
        #expect(report.entries(.strategicPlanning).isEmpty)
        #expect(report.pending.map(\.id) == ["fb-004", "fb-005"])
        #expect(report.pending.map(\.status) == [.disagreement, .uncoded])
    }

    @Test func themesAreCountedOncePerItemWithTheirShareOfAllItems() throws {
        let report = FeedbackReport(try Self.coded())
        // fb-001, 003, 005 came in as "access"; fb-002 and 004 as "metrics"; a judge added "privacy" to fb-002.
        #expect(report.themes.map(\.theme) == ["access", "metrics", "privacy"])
        #expect(report.themes.map(\.count) == [3, 2, 1])
        #expect(report.themes.map(\.share) == [0.6, 0.4, 0.2])
        let access = try #require(report.themeCategories.first { $0.theme == "access" })
        #expect(access.count(.integrateNow) == 1)
        #expect(access.count(.againstAim) == 1)
        #expect(access.pending == 1)
        #expect(report.unthemed == 0)
    }

    @Test func authorsAreLeftOutUnlessAskedFor() throws {
        let ledger = try Self.coded()
        #expect(FeedbackReport(ledger).entries.allSatisfy { $0.author == nil })
        #expect(!FeedbackReport(ledger).includesAuthors)
        let withAuthors = FeedbackReport(ledger, includeAuthors: true)
        #expect(withAuthors.entries.first?.author == "Author 1")
        #expect(withAuthors.includesAuthors)
    }

    @Test func anEmptyLedgerMakesAnEmptyReport() {
        let report = FeedbackReport(sampleLedger(items: 1).removingItems())
        #expect(report.items == 0)
        #expect(report.themes.isEmpty)
        #expect(report.groups.allSatisfy { $0.entries.isEmpty })
    }
}

extension FeedbackLedger {
    func removingItems() -> FeedbackLedger { FeedbackLedger(judges: judges) }
}
