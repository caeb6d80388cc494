import Foundation

/// Cohen's kappa for two raters over a square table of counts (rows: the first rater's
/// categories, columns: the second's), with its standard error and 95% confidence interval
/// computed as statsmodels' `cohens_kappa` does (Fleiss, Cohen & Everitt's large-sample variance).
public struct CohenKappa: Sendable, Equatable {
    /// The two-sided 95% normal quantile, `scipy.stats.norm.isf(0.025)`.
    public static let z95 = 1.959963984540054

    /// How many items both raters coded.
    public let items: Int
    /// The share of items with the same category from both raters (p_o); nil without items.
    public let observedAgreement: Double?
    /// The agreement expected by chance from each rater's marginals (p_e); nil without items.
    public let expectedAgreement: Double?
    /// (p_o − p_e) / (1 − p_e); nil when undefined (no items, or both raters used one and the same
    /// category for everything, so p_e = 1).
    public let kappa: Double?
    /// The large-sample standard error of kappa, which the confidence interval uses.
    public let standardError: Double?
    /// The standard error under the hypothesis kappa = 0.
    public let nullStandardError: Double?

    /// Computes kappa from `table`, a k×k matrix of counts.
    public init(table: [[Int]]) {
        let k = table.count
        precondition(table.allSatisfy { $0.count == k }, "the agreement table must be square")
        let n = Double(table.joined().reduce(0, +))
        items = Int(n)
        guard n > 0 else {
            (observedAgreement, expectedAgreement, kappa, standardError, nullStandardError) = (nil, nil, nil, nil, nil)
            return
        }
        let p = table.map { $0.map { Double($0) / n } }
        let rowFreq = table.map { Double($0.reduce(0, +)) / n }
        let columnFreq = (0..<k).map { j in Double(table.reduce(0) { $0 + $1[j] }) / n }
        let observed = Double((0..<k).reduce(0) { $0 + table[$1][$1] }) / n
        let expected = (0..<k).reduce(0.0) { $0 + columnFreq[$1] * rowFreq[$1] }
        observedAgreement = observed
        expectedAgreement = expected
        guard expected < 1 else {
            (kappa, standardError, nullStandardError) = (nil, nil, nil)
            return
        }
        let kappa = (observed - expected) / (1 - expected)
        self.kappa = kappa

        var termA = 0.0
        for i in 0..<k {
            let weight = 1 - (rowFreq[i] + columnFreq[i]) * (1 - kappa)
            termA += p[i][i] * weight * weight
        }
        var termB = 0.0
        for i in 0..<k {
            for j in 0..<k where i != j {
                let sum = columnFreq[i] + rowFreq[j]
                termB += p[i][j] * sum * sum
            }
        }
        termB *= (1 - kappa) * (1 - kappa)
        let termC = kappa - expected * (1 - kappa)
        let variance = (termA + termB - termC * termC) / ((1 - expected) * (1 - expected)) / n
        // Perfect agreement has variance 0; rounding can leave it a hair below (statsmodels then
        // reports NaN). A variance cannot be negative, so it is 0.
        standardError = max(variance, 0).squareRoot()

        let nullTerm = (0..<k).reduce(0.0) { $0 + columnFreq[$1] * rowFreq[$1] * (columnFreq[$1] + rowFreq[$1]) }
        let nullVariance = (expected + expected * expected - nullTerm) / ((1 - expected) * (1 - expected) * n)
        nullStandardError = max(nullVariance, 0).squareRoot()
    }

    /// kappa ± 1.96 standard errors.
    public var confidenceInterval: (low: Double, high: Double)? {
        guard let kappa, let standardError else { return nil }
        return (kappa - Self.z95 * standardError, kappa + Self.z95 * standardError)
    }

    /// Landis & Koch's words for kappa.
    public var strength: AgreementStrength? { kappa.map(AgreementStrength.init(kappa:)) }

    public static func == (lhs: CohenKappa, rhs: CohenKappa) -> Bool {
        lhs.items == rhs.items && lhs.kappa == rhs.kappa && lhs.standardError == rhs.standardError
            && lhs.observedAgreement == rhs.observedAgreement && lhs.expectedAgreement == rhs.expectedAgreement
    }
}

/// Landis & Koch's (1977) reading of a kappa: poor below 0, then slight up to 0.20, fair to 0.40,
/// moderate to 0.60, substantial to 0.80, almost perfect above.
public enum AgreementStrength: String, Sendable, Codable, CaseIterable {
    case poor
    case slight
    case fair
    case moderate
    case substantial
    case almostPerfect = "almost perfect"

    public init(kappa: Double) {
        switch kappa {
        case ..<0: self = .poor
        case ...0.20: self = .slight
        case ...0.40: self = .fair
        case ...0.60: self = .moderate
        case ...0.80: self = .substantial
        default: self = .almostPerfect
        }
    }
}

/// Krippendorff's alpha for nominal data: 1 − D_o / D_e over the coincidence matrix of every unit
/// with at least two values. Any number of coders; a unit may lack values (missing data).
public enum KrippendorffAlpha {
    /// Alpha for `units`, each the values coders gave one unit; nil when undefined (fewer than two
    /// pairable values, or every pairable value the same, so no disagreement is possible).
    public static func nominal<Value: Hashable>(_ units: [[Value]]) -> Double? {
        var values: [Value] = []
        var index: [Value: Int] = [:]
        for unit in units where unit.count >= 2 {
            for value in unit where index[value] == nil {
                index[value] = values.count
                values.append(value)
            }
        }
        let k = values.count
        var coincidences = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for unit in units where unit.count >= 2 {
            let weight = 1 / Double(unit.count - 1)
            for (i, first) in unit.enumerated() {
                for (j, second) in unit.enumerated() where i != j {
                    coincidences[index[first]!][index[second]!] += weight
                }
            }
        }
        let totals = coincidences.map { $0.reduce(0, +) }
        let n = totals.reduce(0, +)
        guard n > 1 else { return nil }
        var observed = 0.0
        var expected = 0.0
        for c in 0..<k {
            for d in 0..<k where c != d {
                observed += coincidences[c][d]
                expected += totals[c] * totals[d]
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (n - 1) * observed / expected
    }
}

/// Counts of what two raters said about the same items: rows are the first rater's categories,
/// columns the second's, every category of `categories` present (unused ones count 0).
public struct ConfusionMatrix<Category: Hashable & Sendable>: Sendable, Equatable {
    public let categories: [Category]
    /// `counts[i][j]`: items the first rater put in `categories[i]` and the second in `categories[j]`.
    public private(set) var counts: [[Int]]

    /// Tallies `pairs` (first rater, second rater) over `categories`; pairs with a category not
    /// listed are ignored.
    public init(categories: [Category], pairs: [(Category, Category)]) {
        self.categories = categories
        counts = [[Int]](repeating: [Int](repeating: 0, count: categories.count), count: categories.count)
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        for (first, second) in pairs {
            guard let i = index[first], let j = index[second] else { continue }
            counts[i][j] += 1
        }
    }

    /// Items the first rater put in `first` and the second in `second`.
    public func count(_ first: Category, _ second: Category) -> Int {
        guard let i = categories.firstIndex(of: first), let j = categories.firstIndex(of: second) else { return 0 }
        return counts[i][j]
    }

    /// How often the first rater used each category.
    public var firstTotals: [Int] { counts.map { $0.reduce(0, +) } }
    /// How often the second rater used each category.
    public var secondTotals: [Int] { categories.indices.map { j in counts.reduce(0) { $0 + $1[j] } } }

    /// Proportion of specific agreement per category, 2·n_cc / (n_c· + n_·c): of the times either
    /// rater used the category, how often the other used it too. Nil for a category neither used.
    public func specificAgreement(_ category: Category) -> Double? {
        guard let i = categories.firstIndex(of: category) else { return nil }
        let uses = firstTotals[i] + secondTotals[i]
        return uses == 0 ? nil : Double(2 * counts[i][i]) / Double(uses)
    }
}
