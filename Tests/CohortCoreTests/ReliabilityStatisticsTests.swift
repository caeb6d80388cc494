import CohortCore
import Foundation
import Testing

/// One theme data set of `Vectors/kappa_vectors.json`: two judges' themes for the same items and
/// scikit-learn's kappa per theme.
struct ThemeVector: Decodable, Sendable, CustomTestStringConvertible {
    struct Theme: Decodable, Sendable {
        var theme: String
        var sklearnKappa: Double?
    }

    var name: String
    var first: [[String]]
    var second: [[String]]
    var perTheme: [Theme]
    var meanKappa: Double?

    var testDescription: String { name }
}

@Suite("Reliability beyond one number: per-category and per-theme kappa, alpha's bootstrap interval")
struct ReliabilityStatisticsTests {
    @Test(arguments: KappaVector.all)
    func perCategoryKappaMatchesScikitLearnAndStatsmodels(vector: KappaVector) {
        #expect(vector.perCategory.map(\.category) == FeedbackCategory.allCases.map(\.rawValue))
        for (index, reference) in vector.perCategory.enumerated() {
            let kappa = CohenKappa(table: vector.confusion, category: index)
            expectClose(kappa.kappa, reference.sklearnKappa, "\(reference.category) kappa")
            if reference.varKappa.map({ $0 <= 0 }) ?? false {
                // Perfect agreement on the category: the interval has no width.
                #expect(kappa.confidenceInterval?.low == kappa.kappa)
            } else {
                expectClose(kappa.confidenceInterval?.low, reference.kappaLow, "\(reference.category) low")
                expectClose(kappa.confidenceInterval?.high, reference.kappaUpp, "\(reference.category) high")
            }
        }
    }

    @Test(arguments: KappaVector.all)
    func alphaBootstrapMatchesItsPythonResampling(vector: KappaVector) {
        let index = Dictionary(uniqueKeysWithValues: FeedbackCategory.allCases.enumerated().map { ($1, $0) })
        let units = vector.pairs.map { (index[$0.0]!, index[$0.1]!) }
        let reference = vector.alphaBootstrap
        let bootstrap = AlphaBootstrap(
            units: units, categories: index.count,
            plan: AlphaBootstrap.Plan(resamples: reference.resamples, seed: reference.seed))
        expectClose(bootstrap.value, vector.krippendorffAlphaNominal, "alpha")
        #expect(bootstrap.definedResamples == reference.definedResamples)
        expectClose(bootstrap.interval?.low, reference.low, "alpha low")
        expectClose(bootstrap.interval?.high, reference.high, "alpha high")
    }

    @Test(arguments: KappaVector.file.themeDatasets)
    func perThemeKappaMatchesScikitLearn(vector: ThemeVector) throws {
        var ledger = FeedbackLedger(
            judges: [Judge(id: "amara", name: "Amara"), Judge(id: "jonas", name: "Jonas")],
            items: vector.first.indices.map {
                FeedbackItem(
                    id: "fb-\($0)", source: "survey", receivedAt: codedAt, author: "", text: "Comment", themes: [])
            })
        for (number, (first, second)) in zip(vector.first, vector.second).enumerated() {
            try ledger.code(item: "fb-\(number)", judge: "amara", category: .unclear, themes: first, at: codedAt)
            try ledger.code(item: "fb-\(number)", judge: "jonas", category: .unclear, themes: second, at: codedAt)
        }
        let agreement = FeedbackAgreement(ledger, bootstrap: AlphaBootstrap.Plan(resamples: 10))
        #expect(agreement.themes.map(\.theme) == vector.perTheme.map(\.theme))
        for (entry, reference) in zip(agreement.themes, vector.perTheme) {
            expectClose(entry.kappa.kappa, reference.sklearnKappa, entry.theme)
        }
        expectClose(agreement.meanThemeKappa, vector.meanKappa, "mean over themes")
    }

    @Test func pairCountsGiveTheSameAlphaAsUnits() {
        for vector in KappaVector.all {
            let index = Dictionary(uniqueKeysWithValues: FeedbackCategory.allCases.enumerated().map { ($1, $0) })
            var table = [[Int]](repeating: [Int](repeating: 0, count: 6), count: 6)
            for (first, second) in vector.pairs { table[index[first]!][index[second]!] += 1 }
            expectClose(
                KrippendorffAlpha.nominal(pairs: table), KrippendorffAlpha.nominal(vector.pairs.map { [$0.0, $0.1] }),
                vector.name)
        }
    }

    /// The first outputs of SplitMix64 from seed 0, as published with the reference implementation
    /// (Vigna's splitmix64.c).
    @Test func splitMixIsTheReferenceGenerator() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func theBootstrapIsTheSameForTheSameSeedAndDiffersForAnother() throws {
        let units = (0..<30).map { ($0 % 6, $0 % 5 == 0 ? ($0 + 1) % 6 : $0 % 6) }
        let first = AlphaBootstrap(units: units, categories: 6, plan: .init(resamples: 200, seed: 9))
        let again = AlphaBootstrap(units: units, categories: 6, plan: .init(resamples: 200, seed: 9))
        let other = AlphaBootstrap(units: units, categories: 6, plan: .init(resamples: 200, seed: 10))
        #expect(first == again)
        #expect(first.interval?.low != other.interval?.low)
        let interval = try #require(first.interval)
        let value = try #require(first.value)
        #expect(interval.low <= value && value <= interval.high)
    }

    @Test func agreementStatesItsUnitAndWhatItLeavesOut() throws {
        var ledger = sampleLedger(items: 6)
        try ledger.code(item: "fb-001", judge: "amara", category: .integrateNow, at: codedAt)
        try ledger.code(item: "fb-001", judge: "jonas", category: .integrateNow, at: codedAt)
        try ledger.code(item: "fb-002", judge: "amara", category: .unclear, at: codedAt)
        try ledger.code(item: "fb-002", judge: "jonas", category: .outOfScope, at: codedAt)
        try ledger.code(item: "fb-003", judge: "amara", category: .unclear, at: codedAt)
        try ledger.setHidden(true, item: "fb-004", reason: "conduct", by: "Rosa", at: codedAt)
        let agreement = FeedbackAgreement(ledger)
        #expect(agreement.items == 2)
        #expect(agreement.leftOut.codedByOne == ["fb-003"])
        #expect(agreement.leftOut.uncoded == ["fb-005", "fb-006"])
        #expect(agreement.leftOut.hidden == ["fb-004"])
        let data = Data(try JSONDocument.compact(agreement).utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["unit"] as? String == "an item both judges coded in its current round")
        let leftOut = try #require(json["left_out"] as? [String: [String: Any]])
        #expect(leftOut["hidden"]?["count"] as? Int == 1)
        #expect(leftOut["uncoded"]?["items"] as? [String] == ["fb-005", "fb-006"])
        let alpha = try #require(json["alpha"] as? [String: Any])
        #expect(alpha["resamples"] as? Int == 1000 && alpha["seed"] as? Int == 2022)
        let perCategory = try #require(json["per_category"] as? [[String: Any]])
        #expect(perCategory.map { $0["category"] as? String } == FeedbackCategory.allCases.map(\.rawValue))
    }
}
