import Foundation

/// When a slot is sociable for someone: it starts at or after `earliest` and ends by `latest`,
/// both in their local time (08:00–21:00 by default, for a one-hour slot).
public struct SociableHours: Sendable, Equatable {
    /// Minutes after local midnight.
    public var earliest: Int
    public var latest: Int
    /// How long a slot lasts, in minutes.
    public var duration: Int

    public init(earliest: Int = 8 * 60, latest: Int = 21 * 60, duration: Int = 60) {
        self.earliest = earliest
        self.latest = latest
        self.duration = duration
    }

    /// True when a slot starting at `start` is sociable in `zone` (its offset on that day).
    public func contains(_ start: Date, in zone: TimeZone) -> Bool {
        let minute = LocalTime.minuteOfDay(start, in: zone)
        return minute >= earliest && minute + duration <= latest
    }
}

/// How good a set of slots is, compared in this order: more participants covered (yes or
/// if-need-be in at least one chosen slot); more participants with a yes in at least one; more
/// yes answers in total over the chosen slots; fewer covered participants whose every attendable
/// chosen slot falls outside sociable hours in their zone.
public struct SlotScore: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var covered: Int
    public var coveredWithYes: Int
    public var yesAnswers: Int
    /// Covered participants who can attend only outside their sociable hours.
    public var outsideHours: Int

    public init(covered: Int, coveredWithYes: Int, yesAnswers: Int, outsideHours: Int) {
        self.covered = covered
        self.coveredWithYes = coveredWithYes
        self.yesAnswers = yesAnswers
        self.outsideHours = outsideHours
    }

    /// Better scores compare greater.
    public static func < (lhs: SlotScore, rhs: SlotScore) -> Bool {
        (lhs.covered, lhs.coveredWithYes, lhs.yesAnswers, -lhs.outsideHours)
            < (rhs.covered, rhs.coveredWithYes, rhs.yesAnswers, -rhs.outsideHours)
    }

    public var description: String {
        "covered \(covered), with yes \(coveredWithYes), yes answers \(yesAnswers), outside hours \(outsideHours)"
    }
}

/// The K slots chosen from a poll: indices into `Poll.slots`, ascending, and their score.
public struct SlotChoice: Sendable, Equatable {
    public var slots: [Int]
    public var score: SlotScore
    /// Search nodes visited, for benchmarks.
    public var nodes: Int

    public init(slots: [Int], score: SlotScore, nodes: Int = 0) {
        self.slots = slots
        self.score = score
        self.nodes = nodes
    }
}

/// Chooses K slots that maximise `SlotScore` exactly, breaking ties by the earliest slots (the
/// lexicographically smallest list of starts). Branch and bound over participant bitsets: slots are
/// tried in time order; each subtree is bounded per criterion by what is already covered plus the
/// largest marginal gains still available, and cut when that bound cannot beat (or tie earlier
/// than) the best set found; a greedy choice is the first incumbent.
public struct SlotChooser: Sendable {
    public let poll: Poll
    public let hours: SociableHours
    let participants: Int
    let words: Int
    /// Per slot, `words` words each: who can attend, who said yes, who can attend within sociable hours.
    let attend: [UInt64]
    let yes: [UInt64]
    let sociable: [UInt64]
    let yesCount: [Int]

    public init(poll: Poll, hours: SociableHours = SociableHours()) {
        self.poll = poll
        self.hours = hours
        participants = poll.participants.count
        words = max(1, (participants + 63) / 64)
        let m = poll.slots.count
        var attend = [UInt64](repeating: 0, count: m * words)
        var yes = attend
        var sociable = attend
        var yesCount = [Int](repeating: 0, count: m)
        for (p, participant) in poll.participants.enumerated() {
            let zone = TimeZone(identifier: participant.timeZone) ?? .gmt
            let bit = UInt64(1) << UInt64(p % 64)
            for s in 0..<m where participant.answers[s].canAttend {
                let at = s * words + p / 64
                attend[at] |= bit
                if participant.answers[s] == .yes {
                    yes[at] |= bit
                    yesCount[s] += 1
                }
                if hours.contains(poll.slots[s], in: zone) { sociable[at] |= bit }
            }
        }
        self.attend = attend
        self.yes = yes
        self.sociable = sociable
        self.yesCount = yesCount
    }

    /// The score of a set of slot indices.
    public func score(of slots: [Int]) -> SlotScore {
        var a = [UInt64](repeating: 0, count: words)
        var y = a
        var s = a
        var total = 0
        for slot in slots {
            for w in 0..<words {
                a[w] |= attend[slot * words + w]
                y[w] |= yes[slot * words + w]
                s[w] |= sociable[slot * words + w]
            }
            total += yesCount[slot]
        }
        let covered = a.reduce(0) { $0 + $1.nonzeroBitCount }
        let inHours = s.reduce(0) { $0 + $1.nonzeroBitCount }
        return SlotScore(
            covered: covered, coveredWithYes: y.reduce(0) { $0 + $1.nonzeroBitCount }, yesAnswers: total,
            outsideHours: covered - inHours)
    }

    /// The optimal `count` slots (all of them when the poll has fewer).
    public func choose(count: Int) -> SlotChoice {
        let k = min(max(count, 0), poll.slots.count)
        guard k > 0 else { return SlotChoice(slots: [], score: score(of: [])) }
        var search = Search(chooser: self, k: k)
        search.incumbent = greedy(count: k)
        search.best = Search.key(score(of: search.incumbent))
        search.run()
        return SlotChoice(slots: search.incumbent, score: score(of: search.incumbent), nodes: search.nodes)
    }

    /// A good first answer: K times, the slot that improves the score most (earliest on ties).
    func greedy(count: Int) -> [Int] {
        var chosen: [Int] = []
        for _ in 0..<count {
            var bestSlot = -1
            var bestScore: SlotScore?
            for slot in poll.slots.indices where !chosen.contains(slot) {
                let candidate = score(of: chosen + [slot])
                if bestScore == nil || bestScore! < candidate {
                    bestScore = candidate
                    bestSlot = slot
                }
            }
            chosen.append(bestSlot)
        }
        return chosen.sorted()
    }

    /// The depth-first branch and bound, with every buffer allocated once.
    struct Search {
        typealias Key = (Int, Int, Int, Int)
        let chooser: SlotChooser
        let k: Int
        let m: Int
        let words: Int
        /// The union of attend / yes / sociable sets of the slots chosen so far, one per depth.
        var unionA: [UInt64]
        var unionY: [UInt64]
        var unionS: [UInt64]
        /// Marginal gains of each candidate at each depth, per criterion.
        var gains: [[Int]]
        /// For each depth and criterion, the sum of the largest (remaining - 1) gains after each index.
        var suffix: [[Int]]
        var prefix: [Int] = []
        var incumbent: [Int] = []
        var best: Key = (0, 0, 0, 0)
        var nodes = 0

        init(chooser: SlotChooser, k: Int) {
            self.chooser = chooser
            self.k = k
            m = chooser.poll.slots.count
            words = chooser.words
            unionA = [UInt64](repeating: 0, count: (k + 1) * words)
            unionY = unionA
            unionS = unionA
            gains = [[Int]](repeating: [Int](repeating: 0, count: m), count: 4 * k)
            suffix = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: 4 * k)
        }

        /// Criteria as a tuple that compares better-is-greater (sociable coverage stands for fewer
        /// outside hours, since coverage is equal wherever that criterion decides).
        static func key(_ score: SlotScore) -> Key {
            (score.covered, score.coveredWithYes, score.yesAnswers, score.covered - score.outsideHours)
        }

        mutating func run() { visit(depth: 0, first: 0, current: (0, 0, 0, 0)) }

        /// True when some set starting with `prefix + [next]` could be earlier than the incumbent.
        func canTie(_ next: Int) -> Bool {
            for (i, slot) in (prefix + [next]).enumerated() where slot != incumbent[i] {
                return slot < incumbent[i]
            }
            return true
        }

        mutating func visit(depth: Int, first: Int, current: Key) {
            nodes += 1
            let remaining = k - depth
            let last = m - remaining
            guard first <= last else { return }
            let base = depth * words
            let g = 4 * depth
            chooser.attend.withUnsafeBufferPointer { attend in
                chooser.yes.withUnsafeBufferPointer { yes in
                    chooser.sociable.withUnsafeBufferPointer { sociable in
                        unionA.withUnsafeBufferPointer { ua in
                            unionY.withUnsafeBufferPointer { uy in
                                unionS.withUnsafeBufferPointer { us in
                                    for c in first..<m {
                                        var ga = 0
                                        var gy = 0
                                        var gs = 0
                                        let row = c * words
                                        for w in 0..<words {
                                            ga &+= (attend[row + w] & ~ua[base + w]).nonzeroBitCount
                                            gy &+= (yes[row + w] & ~uy[base + w]).nonzeroBitCount
                                            gs &+= (sociable[row + w] & ~us[base + w]).nonzeroBitCount
                                        }
                                        gains[g][c] = ga
                                        gains[g + 1][c] = gy
                                        gains[g + 2][c] = chooser.yesCount[c]
                                        gains[g + 3][c] = gs
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if remaining == 1 {
                for c in first...last {
                    let key = (
                        current.0 + gains[g][c], current.1 + gains[g + 1][c], current.2 + gains[g + 2][c],
                        current.3 + gains[g + 3][c]
                    )
                    if key > best || (key == best && canTie(c) && prefix + [c] != incumbent) {
                        best = key
                        incumbent = prefix + [c]
                    }
                }
                return
            }
            // suffix[g + q][c]: the sum of the (remaining - 1) largest gains of criterion q after index c.
            let take = remaining - 1
            for q in 0..<4 {
                var top = [Int](repeating: 0, count: take)
                suffix[g + q][m] = 0
                var c = m - 1
                while c >= first {
                    suffix[g + q][c] = top.reduce(0, +)
                    let value = gains[g + q][c]
                    if value > top[take - 1] {
                        top[take - 1] = value
                        var i = take - 1
                        while i > 0, top[i] > top[i - 1] {
                            top.swapAt(i, i - 1)
                            i -= 1
                        }
                    }
                    c -= 1
                }
            }
            for c in first...last {
                let bound = (
                    current.0 + gains[g][c] + suffix[g][c], current.1 + gains[g + 1][c] + suffix[g + 1][c],
                    current.2 + gains[g + 2][c] + suffix[g + 2][c], current.3 + gains[g + 3][c] + suffix[g + 3][c]
                )
                if bound < best || (bound == best && !canTie(c)) { continue }
                let next = base + words
                let row = c * words
                for w in 0..<words {
                    unionA[next + w] = unionA[base + w] | chooser.attend[row + w]
                    unionY[next + w] = unionY[base + w] | chooser.yes[row + w]
                    unionS[next + w] = unionS[base + w] | chooser.sociable[row + w]
                }
                prefix.append(c)
                visit(
                    depth: depth + 1, first: c + 1,
                    current: (
                        current.0 + gains[g][c], current.1 + gains[g + 1][c], current.2 + gains[g + 2][c],
                        current.3 + gains[g + 3][c]
                    ))
                prefix.removeLast()
            }
        }
    }
}
