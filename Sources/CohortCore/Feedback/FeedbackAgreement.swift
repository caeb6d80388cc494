import Foundation

/// How far the two judges agree on the items both have coded in their current round: percent
/// agreement, Cohen's kappa with its standard error and 95% interval, Krippendorff's alpha with a
/// bootstrap interval, the 6×6 confusion matrix, per-category agreement and kappa (each category
/// against the rest), and kappa per theme (present or absent in each judge's code). The first
/// rater is the judge listed first in `cohort.yaml`.
///
/// The unit of analysis is an item both judges coded in its current round. Left out, and counted:
/// items only one judge has coded, items no judge has coded, hidden items, and (when the figures
/// are read for one codebook version) items whose codes were made under another version.
public struct FeedbackAgreement: Sendable, Equatable {
    /// What one figure is computed over, in words, for every output to state.
    public static let unit = "an item both judges coded in its current round"

    /// The first and second rater when `cohort.yaml` lists judges (the rows and columns of `confusion`).
    public var judges: [Judge]
    public var kappa: CohenKappa
    public var confusion: ConfusionMatrix<FeedbackCategory>
    /// Krippendorff's alpha (nominal) over the same items.
    public var alpha: Double? { alphaBootstrap.value }
    /// Alpha with its bootstrap interval.
    public var alphaBootstrap: AlphaBootstrap
    /// Agreement on each theme either judge gave an item both coded, by theme name.
    public var themes: [ThemeAgreement]
    /// The codebook version the figures are read for; nil for every code.
    public var codebookVersion: Int?
    /// Items left out of the figures, by why (ids in import order).
    public var leftOut: LeftOut

    /// Items the figures leave out.
    public struct LeftOut: Sendable, Equatable {
        /// Only one judge has coded them so far (pending the second).
        public var codedByOne: [String] = []
        /// No judge has coded them (pending both).
        public var uncoded: [String] = []
        /// Hidden under the rules of engagement.
        public var hidden: [String] = []
        /// Coded by both, but not both under the codebook version asked for.
        public var otherCodebookVersion: [String] = []
    }

    /// Agreement on one theme: each judge's code has it or not.
    public struct ThemeAgreement: Sendable, Equatable {
        public var theme: String
        /// Items the first judge, the second judge, and both gave the theme.
        public var first: Int
        public var second: Int
        public var both: Int
        /// Kappa over presence and absence; undefined when both gave it to every item.
        public var kappa: CohenKappa
    }

    /// The agreement in `ledger` now, over the codes made under `codebookVersion` (all codes when
    /// nil), with alpha bootstrapped as `bootstrap` says.
    public init(_ ledger: FeedbackLedger, codebookVersion: Int? = nil, bootstrap: AlphaBootstrap.Plan = .standard) {
        let states = ledger.states
        self.codebookVersion = codebookVersion
        var leftOut = LeftOut(hidden: ledger.hiddenItems.map(\.id))
        var both: [ItemCoding] = []
        for state in states {
            switch state.codes.count {
            case 0: leftOut.uncoded.append(state.item.id)
            case 1: leftOut.codedByOne.append(state.item.id)
            default:
                if let codebookVersion, state.codes.prefix(2).contains(where: { $0.codebookVersion != codebookVersion })
                {
                    leftOut.otherCodebookVersion.append(state.item.id)
                } else {
                    both.append(state)
                }
            }
        }
        self.leftOut = leftOut
        let pairs = both.map { ($0.codes[0].category, $0.codes[1].category) }
        judges = Array(ledger.judges.prefix(2))
        confusion = ConfusionMatrix(categories: FeedbackCategory.allCases, pairs: pairs)
        kappa = CohenKappa(table: confusion.counts)
        let index = Dictionary(uniqueKeysWithValues: FeedbackCategory.allCases.enumerated().map { ($1, $0) })
        alphaBootstrap = AlphaBootstrap(
            units: pairs.map { (index[$0.0]!, index[$0.1]!) }, categories: index.count, plan: bootstrap)
        let given = Set(both.flatMap { $0.codes.prefix(2).flatMap(\.themes) })
        themes = given.sorted().map { theme in
            let presence = both.map { ($0.codes[0].themes.contains(theme), $0.codes[1].themes.contains(theme)) }
            return ThemeAgreement(
                theme: theme, first: presence.count { $0.0 }, second: presence.count { $0.1 },
                both: presence.count { $0.0 && $0.1 }, kappa: CohenKappa(presence: presence))
        }
    }

    /// Items only one judge has coded so far, and items no judge has coded.
    public var codedByOne: Int { leftOut.codedByOne.count }
    public var uncoded: Int { leftOut.uncoded.count }
    /// Items both judges coded.
    public var items: Int { kappa.items }
    /// Items both judges put in the same category.
    public var agreed: Int { zip(confusion.counts.indices, confusion.counts).reduce(0) { $0 + $1.1[$1.0] } }
    /// Percent agreement, 0–100; nil without items.
    public var percentAgreement: Double? { kappa.observedAgreement.map { $0 * 100 } }
    /// The mean of the themes' kappas where defined; nil when none is.
    public var meanThemeKappa: Double? {
        let defined = themes.compactMap(\.kappa.kappa)
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }

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
        /// Kappa for this category against the rest, with its interval.
        public var kappa: CohenKappa
    }

    /// Per-category agreement, in the plan's order.
    public var perCategory: [CategoryAgreement] {
        let first = confusion.firstTotals
        let second = confusion.secondTotals
        return FeedbackCategory.allCases.enumerated().map { index, category in
            CategoryAgreement(
                category: category, first: first[index], second: second[index],
                both: confusion.counts[index][index], specificAgreement: confusion.specificAgreement(category),
                kappa: CohenKappa(table: confusion.counts, category: index))
        }
    }
}

extension FeedbackAgreement: Encodable {
    private enum Keys: String, CodingKey {
        case items, judges, agreed, reading, confusion, unit, alpha, percentAgreement, observedAgreement,
            expectedAgreement, cohenKappa, standardError, confidenceInterval, krippendorffAlpha, perCategory, perTheme,
            meanThemeKappa, codedByOne, uncoded, leftOut, codebookVersion
    }

    private struct Interval: Encodable {
        var level = 0.95
        var low: Double
        var high: Double
    }

    private struct PerCategory: Encodable {
        var category: String
        @EncodedAsNull var kappa: Double?
        @EncodedAsNull var ci: [Double]?
        var first: Int
        var second: Int
        var both: Int
        @EncodedAsNull var specificAgreement: Double?
    }

    private struct PerTheme: Encodable {
        var theme: String
        @EncodedAsNull var kappa: Double?
        @EncodedAsNull var ci: [Double]?
        var first: Int
        var second: Int
        var both: Int
    }

    private struct Alpha: Encodable {
        @EncodedAsNull var value: Double?
        @EncodedAsNull var ci: [Double]?
        var resamples: Int
        var seed: UInt64
        var definedResamples: Int
        var method =
            "percentile bootstrap over items: each resample draws n items with replacement, index = SplitMix64(seed).next() % n; resamples with undefined alpha left out; 2.5th and 97.5th percentiles, linear interpolation"
    }

    private struct Group: Encodable {
        var count: Int
        var items: [String]
    }

    private struct LeftOutShape: Encodable {
        var codedByOne: Group
        var uncoded: Group
        var hidden: Group
        var otherCodebookVersion: Group?
    }

    private static func interval(_ kappa: CohenKappa) -> [Double]? {
        kappa.confidenceInterval.map { [$0.low, $0.high] }
    }

    /// The shape `cohort feedback agreement --json` prints (DESIGN.md), with extra fields; undefined
    /// figures are `null`.
    /// By hand: kappa's figures at the top level, the confusion matrix keyed by category, `null` where undefined.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Self.unit, forKey: .unit)
        try container.encode(codebookVersion, forKey: .codebookVersion)
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
        try container.encode(
            Alpha(
                value: alpha, ci: alphaBootstrap.interval.map { [$0.low, $0.high] },
                resamples: alphaBootstrap.plan.resamples, seed: alphaBootstrap.plan.seed,
                definedResamples: alphaBootstrap.definedResamples), forKey: .alpha)
        var matrix: [String: [String: Int]] = [:]
        for first in FeedbackCategory.allCases {
            matrix[first.rawValue] = Dictionary(
                uniqueKeysWithValues: FeedbackCategory.allCases.map { ($0.rawValue, confusion.count(first, $0)) })
        }
        try container.encode(matrix, forKey: .confusion)
        try container.encode(
            perCategory.map {
                PerCategory(
                    category: $0.category.rawValue, kappa: $0.kappa.kappa, ci: Self.interval($0.kappa), first: $0.first,
                    second: $0.second, both: $0.both, specificAgreement: $0.specificAgreement)
            }, forKey: .perCategory)
        try container.encode(
            themes.map {
                PerTheme(
                    theme: $0.theme, kappa: $0.kappa.kappa, ci: Self.interval($0.kappa), first: $0.first,
                    second: $0.second, both: $0.both)
            }, forKey: .perTheme)
        try container.encode(meanThemeKappa, forKey: .meanThemeKappa)
        try container.encode(codedByOne, forKey: .codedByOne)
        try container.encode(uncoded, forKey: .uncoded)
        try container.encode(
            LeftOutShape(
                codedByOne: Group(count: codedByOne, items: leftOut.codedByOne),
                uncoded: Group(count: uncoded, items: leftOut.uncoded),
                hidden: Group(count: leftOut.hidden.count, items: leftOut.hidden),
                otherCodebookVersion: codebookVersion == nil
                    ? nil : Group(count: leftOut.otherCodebookVersion.count, items: leftOut.otherCodebookVersion)),
            forKey: .leftOut)
    }
}
