import Foundation

/// How far the two judges agree on the items both have coded in their current round: percent
/// agreement, Cohen's kappa with its standard error and 95% interval, Krippendorff's alpha, the
/// 6×6 confusion matrix and per-category agreement. The first rater is the judge listed first in
/// `cohort.yaml`.
public struct FeedbackAgreement: Sendable, Equatable {
    /// The first and second rater when `cohort.yaml` lists judges (the rows and columns of `confusion`).
    public var judges: [Judge]
    public var kappa: CohenKappa
    public var confusion: ConfusionMatrix<FeedbackCategory>
    /// Krippendorff's alpha (nominal) over the same items.
    public var alpha: Double?
    /// Items only one judge has coded so far, and items no judge has coded.
    public var codedByOne: Int
    public var uncoded: Int

    /// The agreement in `ledger` now.
    public init(_ ledger: FeedbackLedger) {
        let states = ledger.states
        let pairs = states.filter { $0.codes.count >= 2 }.map { ($0.codes[0].category, $0.codes[1].category) }
        judges = Array(ledger.judges.prefix(2))
        confusion = ConfusionMatrix(categories: FeedbackCategory.allCases, pairs: pairs)
        kappa = CohenKappa(table: confusion.counts)
        alpha = KrippendorffAlpha.nominal(pairs.map { [$0.0, $0.1] })
        codedByOne = states.count { $0.codes.count == 1 }
        uncoded = states.count { $0.codes.isEmpty }
    }

    /// Items both judges coded.
    public var items: Int { kappa.items }
    /// Items both judges put in the same category.
    public var agreed: Int { zip(confusion.counts.indices, confusion.counts).reduce(0) { $0 + $1.1[$1.0] } }
    /// Percent agreement, 0–100; nil without items.
    public var percentAgreement: Double? { kappa.observedAgreement.map { $0 * 100 } }

    /// Agreement on one category.
    public struct CategoryAgreement: Sendable, Equatable {
        public var category: FeedbackCategory
        /// How often the first and the second judge used the category.
        public var first: Int
        public var second: Int
        /// Items both judges put in it.
        public var both: Int
        /// 2·both / (first + second); nil when neither judge used it.
        public var specificAgreement: Double?
    }

    /// Per-category agreement, in the plan's order.
    public var perCategory: [CategoryAgreement] {
        let first = confusion.firstTotals
        let second = confusion.secondTotals
        return FeedbackCategory.allCases.enumerated().map { index, category in
            CategoryAgreement(
                category: category, first: first[index], second: second[index],
                both: confusion.counts[index][index], specificAgreement: confusion.specificAgreement(category))
        }
    }
}

extension FeedbackAgreement: Encodable {
    private enum Keys: String, CodingKey {
        case items, judges, agreed, reading, confusion
        case percentAgreement = "percent_agreement"
        case observedAgreement = "observed_agreement"
        case expectedAgreement = "expected_agreement"
        case cohenKappa = "cohen_kappa"
        case standardError = "standard_error"
        case confidenceInterval = "confidence_interval"
        case krippendorffAlpha = "krippendorff_alpha"
        case perCategory = "per_category"
        case codedByOne = "coded_by_one"
        case uncoded
    }

    private struct Interval: Encodable {
        var level = 0.95
        var low: Double
        var high: Double
    }

    private struct PerCategory: Encodable {
        var first: Int
        var second: Int
        var both: Int
        @EncodedAsNull var specificAgreement: Double?

        enum CodingKeys: String, CodingKey {
            case first, second, both
            case specificAgreement = "specific_agreement"
        }
    }

    /// The shape `cohort feedback agreement --json` prints (DESIGN.md), with extra fields; undefined
    /// figures are `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(items, forKey: .items)
        try container.encode(judges.map(\.id), forKey: .judges)
        try container.encode(agreed, forKey: .agreed)
        try container.encode(percentAgreement, forKey: .percentAgreement)
        try container.encode(kappa.observedAgreement, forKey: .observedAgreement)
        try container.encode(kappa.expectedAgreement, forKey: .expectedAgreement)
        try container.encode(kappa.kappa, forKey: .cohenKappa)
        try container.encode(kappa.standardError, forKey: .standardError)
        if let interval = kappa.confidenceInterval {
            try container.encode(Interval(low: interval.low, high: interval.high), forKey: .confidenceInterval)
        } else {
            try container.encodeNil(forKey: .confidenceInterval)
        }
        try container.encode(kappa.strength?.rawValue, forKey: .reading)
        try container.encode(alpha, forKey: .krippendorffAlpha)
        var matrix: [String: [String: Int]] = [:]
        for first in FeedbackCategory.allCases {
            matrix[first.rawValue] = Dictionary(
                uniqueKeysWithValues: FeedbackCategory.allCases.map { ($0.rawValue, confusion.count(first, $0)) })
        }
        try container.encode(matrix, forKey: .confusion)
        try container.encode(
            Dictionary(
                uniqueKeysWithValues: perCategory.map {
                    (
                        $0.category.rawValue,
                        PerCategory(
                            first: $0.first, second: $0.second, both: $0.both, specificAgreement: $0.specificAgreement)
                    )
                }), forKey: .perCategory)
        try container.encode(codedByOne, forKey: .codedByOne)
        try container.encode(uncoded, forKey: .uncoded)
    }
}
