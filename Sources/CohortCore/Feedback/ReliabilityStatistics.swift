import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast generator whose whole output follows from
/// its seed, so a bootstrap interval is the same on every machine and can be recomputed in any
/// language (`make_kappa_vectors.py` does it in Python).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An index in `0..<count`: the next value modulo `count` (the bias is below 2⁻⁴⁰ for any
    /// count of items a program has, and a fixed rule keeps other implementations equal).
    public mutating func index(below count: Int) -> Int { Int(next() % UInt64(count)) }
}

extension CohenKappa {
    /// Kappa for one category against the rest: the k×k `table` folded into 2×2 (this category or
    /// not, for each rater), as scikit-learn's `cohen_kappa_score` gives it for the two raters'
    /// yes/no answers.
    public init(table: [[Int]], category index: Int) {
        let n = table.joined().reduce(0, +)
        let both = table[index][index]
        let firstOnly = table[index].reduce(0, +) - both
        let secondOnly = table.reduce(0) { $0 + $1[index] } - both
        self.init(table: [[both, firstOnly], [secondOnly, n - both - firstOnly - secondOnly]])
    }

    /// Kappa for a yes/no question two raters answered about the same items (`pairs`: first, second).
    public init(presence pairs: [(Bool, Bool)]) {
        var table = [[0, 0], [0, 0]]
        for (first, second) in pairs { table[first ? 0 : 1][second ? 0 : 1] += 1 }
        self.init(table: table)
    }
}

extension KrippendorffAlpha {
    /// Nominal alpha for units each coded by exactly two coders, from the counts of each pair of
    /// values (`pairs[a][b]`: units the first coder gave value a and the second value b). Equal to
    /// `nominal(_:)` over the same units: with two values per unit, D_o counts the split units
    /// twice and D_e is n² − Σ n_c².
    public static func nominal(pairs: [[Int]]) -> Double? {
        nominal(flatPairs: pairs.flatMap { $0 }, categories: pairs.count)
    }

    /// `nominal(pairs:)` over the k×k counts laid out row by row (`flatPairs[a * k + b]`).
    static func nominal(flatPairs: [Int], categories k: Int) -> Double? {
        var totals = [Int](repeating: 0, count: k)
        var split = 0
        for a in 0..<k {
            for b in 0..<k {
                let count = flatPairs[a * k + b]
                totals[a] += count
                totals[b] += count
                if a != b { split += count }
            }
        }
        let n = Double(totals.reduce(0, +))
        let expected = n * n - totals.reduce(0.0) { $0 + Double($1) * Double($1) }
        guard n > 1, expected > 0 else { return nil }
        return 1 - (n - 1) * Double(2 * split) / expected
    }
}

/// Krippendorff's alpha with a percentile bootstrap interval: the units (items coded by both
/// judges) are drawn with replacement `resamples` times, each draw's `n` indices taken from
/// `SplitMix64(seed)` in turn as `next() % n`; alpha is computed for each resample; resamples
/// where it is undefined (no variation) are left out; the interval is the 2.5th and 97.5th
/// percentiles of the rest, interpolated linearly (numpy's default `percentile` method).
public struct AlphaBootstrap: Sendable, Equatable {
    /// How many resamples and from which seed.
    public struct Plan: Sendable, Equatable {
        public var resamples: Int
        public var seed: UInt64

        public init(resamples: Int = 1000, seed: UInt64 = 2022) {
            self.resamples = resamples
            self.seed = seed
        }

        /// 1,000 resamples from seed 2022.
        public static let standard = Plan()
    }

    public var plan: Plan
    /// Alpha over all the units; nil when undefined.
    public var value: Double?
    /// The 95% percentile interval; nil when no resample had a defined alpha.
    public var interval: (low: Double, high: Double)?
    /// Resamples whose alpha was defined (the others are left out of the interval).
    public var definedResamples: Int

    /// Bootstraps alpha over `units`, each a unit's pair of category indices in `0..<categories`.
    /// A resample only counts how often each of the k² pairs was drawn, so each costs one draw per
    /// unit and no allocation (100,000 items × 1,000 resamples stays well under a second).
    public init(units: [(Int, Int)], categories: Int, plan: Plan = .standard) {
        self.plan = plan
        let k = categories
        let kinds = units.map { $0.0 * k + $0.1 }
        var counts = [Int](repeating: 0, count: k * k)
        for kind in kinds { counts[kind] += 1 }
        value = KrippendorffAlpha.nominal(flatPairs: counts, categories: k)
        var generator = SplitMix64(seed: plan.seed)
        var alphas: [Double] = []
        alphas.reserveCapacity(plan.resamples)
        if !kinds.isEmpty {
            for _ in 0..<plan.resamples {
                kinds.withUnsafeBufferPointer { kinds in
                    counts.withUnsafeMutableBufferPointer { counts in
                        counts.update(repeating: 0)
                        for _ in 0..<kinds.count { counts[kinds[generator.index(below: kinds.count)]] += 1 }
                    }
                }
                if let alpha = KrippendorffAlpha.nominal(flatPairs: counts, categories: k) { alphas.append(alpha) }
            }
        }
        definedResamples = alphas.count
        alphas.sort()
        interval = alphas.isEmpty ? nil : (Self.percentile(alphas, 0.025), Self.percentile(alphas, 0.975))
    }

    /// The `p` quantile of sorted `values` by linear interpolation between the closest ranks.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let position = p * Double(values.count - 1)
        let below = Int(position.rounded(.down))
        guard below + 1 < values.count else { return values[below] }
        let fraction = position - Double(below)
        return values[below] + (values[below + 1] - values[below]) * fraction
    }

    public static func == (lhs: AlphaBootstrap, rhs: AlphaBootstrap) -> Bool {
        lhs.plan == rhs.plan && lhs.value == rhs.value && lhs.definedResamples == rhs.definedResamples
            && lhs.interval?.low == rhs.interval?.low && lhs.interval?.high == rhs.interval?.high
    }
}
