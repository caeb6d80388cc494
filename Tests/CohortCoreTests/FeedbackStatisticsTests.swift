import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// One data set of `Vectors/kappa_vectors.json`: two judges' categories and what scikit-learn,
/// statsmodels and the `krippendorff` package computed for them (`make_kappa_vectors.py`).
struct KappaVector: Decodable, Sendable, CustomTestStringConvertible {
    struct Statsmodels: Decodable, Sendable {
        var kappa: Double?
        var varKappa: Double?
        var stdKappa: Double?
        var stdKappa0: Double?
        var kappaLow: Double?
        var kappaUpp: Double?
    }

    var name: String
    var first: [String]
    var second: [String]
    var confusion: [[Int]]
    var percentAgreement: Double
    var sklearnCohenKappa: Double?
    var statsmodels: Statsmodels
    var krippendorffAlphaNominal: Double?
    /// Each category against the rest: scikit-learn's kappa, statsmodels' interval.
    var perCategory: [CategoryVector]
    /// Alpha's bootstrap interval, recomputed in Python with the same generator and draws.
    var alphaBootstrap: BootstrapVector

    struct CategoryVector: Decodable, Sendable {
        var category: String
        var sklearnKappa: Double?
        var kappaLow: Double?
        var kappaUpp: Double?
        var varKappa: Double?
    }

    struct BootstrapVector: Decodable, Sendable {
        var resamples: Int
        var seed: UInt64
        var definedResamples: Int
        var low: Double?
        var high: Double?
    }

    var testDescription: String { name }

    struct File: Decodable {
        var categories: [String]
        var datasets: [KappaVector]
        var themeDatasets: [ThemeVector]
    }

    static let file: File = {
        let data = try! Data(contentsOf: url)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(File.self, from: data)
    }()

    static let url = Repository.root.appendingPathComponent("Tests/CohortCoreTests/Vectors/kappa_vectors.json")

    static let all: [KappaVector] = {
        precondition(file.categories == FeedbackCategory.allCases.map(\.rawValue), "the vectors' categories drifted")
        return file.datasets
    }()

    var pairs: [(FeedbackCategory, FeedbackCategory)] {
        zip(first, second).map { (FeedbackCategory(rawValue: $0)!, FeedbackCategory(rawValue: $1)!) }
    }
}

/// `expected` and `actual` are both undefined, or both defined and within 1e-9.
func expectClose(
    _ actual: Double?, _ expected: Double?, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    switch (actual, expected) {
    case (nil, nil): break
    case (let actual?, let expected?):
        #expect(abs(actual - expected) <= 1e-9, "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    default:
        Issue.record(
            "\(what): \(String(describing: actual)) vs \(String(describing: expected))", sourceLocation: sourceLocation)
    }
}

@Suite("Agreement statistics against scikit-learn, statsmodels and krippendorff")
struct FeedbackStatisticsTests {
    @Test func theVectorsCoverTheCasesThatMatter() {
        let names = Set(KappaVector.all.map(\.name))
        for required in [
            "perfect-agreement", "one-category-only", "chance-level", "worse-than-chance", "unbalanced",
            "never-used-by-one-judge", "no-judge-used-a-category", "example-program",
        ] {
            #expect(names.contains(required), "\(required)")
        }
        let worse = KappaVector.all.first { $0.name == "worse-than-chance" }
        #expect((worse?.sklearnCohenKappa ?? 0) < 0)
    }

    @Test(arguments: KappaVector.all)
    func confusionMatrixMatches(vector: KappaVector) {
        let matrix = ConfusionMatrix(categories: FeedbackCategory.allCases, pairs: vector.pairs)
        #expect(matrix.counts == vector.confusion)
    }

    @Test(arguments: KappaVector.all)
    func kappaMatchesScikitLearnAndStatsmodels(vector: KappaVector) {
        let kappa = CohenKappa(table: vector.confusion)
        #expect(kappa.items == vector.first.count)
        expectClose(kappa.observedAgreement.map { $0 * 100 }, vector.percentAgreement, "percent agreement")
        expectClose(kappa.kappa, vector.sklearnCohenKappa, "kappa vs cohen_kappa_score")
        expectClose(kappa.kappa, vector.statsmodels.kappa, "kappa vs cohens_kappa")
        expectClose(kappa.nullStandardError, vector.statsmodels.stdKappa0, "std_kappa0")
        if vector.statsmodels.stdKappa == nil, let variance = vector.statsmodels.varKappa {
            // Perfect agreement: statsmodels' variance rounds a hair below zero and its square root
            // is NaN. The variance is 0, and so is the interval's width.
            #expect(variance <= 0 && variance > -1e-12)
            #expect(kappa.standardError == 0)
            #expect(kappa.confidenceInterval?.low == kappa.kappa)
            #expect(kappa.confidenceInterval?.high == kappa.kappa)
        } else {
            expectClose(kappa.standardError, vector.statsmodels.stdKappa, "std_kappa")
            expectClose(kappa.confidenceInterval?.low, vector.statsmodels.kappaLow, "kappa_low")
            expectClose(kappa.confidenceInterval?.high, vector.statsmodels.kappaUpp, "kappa_upp")
        }
    }

    @Test(arguments: KappaVector.all)
    func alphaMatchesTheKrippendorffPackage(vector: KappaVector) {
        let alpha = KrippendorffAlpha.nominal(vector.pairs.map { [$0.0, $0.1] })
        expectClose(alpha, vector.krippendorffAlphaNominal, "alpha")
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal example with
    /// four observers, twelve units and missing values: alpha = 0.743. By hand: 40 pairable values
    /// (n_1..n_5 = 9, 13, 10, 5, 3), off-diagonal coincidences Σo_ck = 8, Σn_c·n_k = 1216 over
    /// c ≠ k, so alpha = 1 − 39·8/1216 = 113/152.
    @Test func alphaOfKrippendorffsPublishedNominalExampleIs0743() throws {
        let observers: [[Int?]] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ]
        let units = (0..<12).map { unit in observers.compactMap { $0[unit] } }
        let alpha = try #require(KrippendorffAlpha.nominal(units))
        #expect(abs(alpha - 113.0 / 152.0) < 1e-12)
        #expect(String(format: "%.3f", alpha) == "0.743")
    }

    /// The same paper's binary example, two observers and ten units: alpha = 0.095. By hand: 14
    /// zeros and 6 ones, four units split, so alpha = 1 − 19·8/(2·14·6) = 2/21.
    @Test func alphaOfKrippendorffsBinaryExampleIs0095() throws {
        let first = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
        let second = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
        let alpha = try #require(KrippendorffAlpha.nominal(zip(first, second).map { [$0, $1] }))
        #expect(abs(alpha - 2.0 / 21.0) < 1e-12)
    }

    @Test func alphaIsUndefinedWithoutVariationOrPairs() {
        #expect(KrippendorffAlpha.nominal([["a", "a"], ["a", "a"]]) == nil)
        #expect(KrippendorffAlpha.nominal([["a"], ["b"]]) == nil)
        #expect(KrippendorffAlpha.nominal([[String]]()) == nil)
    }

    @Test func kappaOfNoItemsIsUndefined() {
        let kappa = CohenKappa(table: [[0, 0], [0, 0]])
        #expect(kappa.items == 0)
        #expect(kappa.kappa == nil && kappa.observedAgreement == nil && kappa.confidenceInterval == nil)
        #expect(kappa.strength == nil)
    }

    @Test(
        arguments: [
            (-0.4, AgreementStrength.poor), (-0.0001, .poor), (0, .slight), (0.2, .slight), (0.2001, .fair),
            (0.4, .fair), (0.41, .moderate), (0.6, .moderate), (0.61, .substantial), (0.8, .substantial),
            (0.81, .almostPerfect), (1, .almostPerfect),
        ] as [(Double, AgreementStrength)])
    func landisAndKochReadKappa(kappa: Double, strength: AgreementStrength) {
        #expect(AgreementStrength(kappa: kappa) == strength)
    }

    @Test func specificAgreementPerCategory() {
        let matrix = ConfusionMatrix(
            categories: ["a", "b", "c"], pairs: [("a", "a"), ("a", "b"), ("b", "b"), ("b", "b"), ("a", "a")])
        #expect(matrix.specificAgreement("a") == 4.0 / 5.0)  // 2·2 / (3 + 2)
        #expect(matrix.specificAgreement("b") == 4.0 / 5.0)  // 2·2 / (2 + 3)
        #expect(matrix.specificAgreement("c") == nil)  // nobody used it
        #expect(matrix.firstTotals == [3, 2, 0])
        #expect(matrix.secondTotals == [2, 3, 0])
    }
}
