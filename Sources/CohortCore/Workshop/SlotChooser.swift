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
    /// True when the search finished, so the choice is optimal; false when it was stopped.
    public var complete: Bool
    /// The most participants any K slots can cover, as far as the search proved: the score's
    /// coverage when complete, else an upper bound from the subtrees it did not finish.
    public var coverageBound: Int

    public init(slots: [Int], score: SlotScore, nodes: Int = 0, complete: Bool = true, coverageBound: Int? = nil) {
        self.slots = slots
        self.score = score
        self.nodes = nodes
        self.complete = complete
        self.coverageBound = coverageBound ?? score.covered
    }
}

/// How a long search is going, for progress on a terminal.
public struct SearchProgress: Sendable, Equatable {
    public var nodes: Int
    /// Participants the best choice so far covers, of `participants`.
    public var covered: Int
    public var participants: Int
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
    let slotCount: Int
    /// `beyond[c * slotCount + d]`: how many who can attend d cannot attend c (for polls of up to
    /// `pairTableLimit` slots).
    let beyond: [Int32]?

    /// The most slots for which the pair table is kept (16 MiB of counts at most).
    static let pairTableLimit = 2048

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
        slotCount = m
        if m <= Self.pairTableLimit {
            let words = words
            var beyond = [Int32](repeating: 0, count: m * m)
            attend.withUnsafeBufferPointer { attend in
                for c in 0..<m {
                    for d in 0..<m where d != c {
                        var count = 0
                        for w in 0..<words {
                            count &+= (attend[d * words + w] & ~attend[c * words + w]).nonzeroBitCount
                        }
                        beyond[c * m + d] = Int32(count)
                    }
                }
            }
            self.beyond = beyond
        } else {
            beyond = nil
        }
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

    /// The optimal `count` slots (all of them when the poll has fewer). `shouldStop` is asked every
    /// few thousand nodes (the caller's clock decides; the core reads none): when it says yes, the
    /// best choice found so far comes back, `complete` false, with the bound the search proved.
    /// `progress` hears how the search goes at the same moments.
    public func choose(
        count: Int, shouldStop: () -> Bool = { false }, progress: (SearchProgress) -> Void = { _ in }
    ) -> SlotChoice {
        let k = min(max(count, 0), poll.slots.count)
        guard k > 0 else { return SlotChoice(slots: [], score: score(of: [])) }
        var search = Search(chooser: self, k: k)
        search.incumbent = greedy(count: k)
        search.best = Search.key(score(of: search.incumbent))
        search.run(shouldStop: shouldStop, progress: progress)
        let score = score(of: search.incumbent)
        return SlotChoice(
            slots: search.incumbent, score: score, nodes: search.nodes, complete: !search.stopped,
            coverageBound: search.stopped ? min(participants, max(score.covered, search.openBound)) : score.covered)
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

    /// The depth-first branch and bound. Each node keeps a list of the candidates still worth
    /// trying (later in time than the slots chosen, and able to reach the best coverage found),
    /// so deep levels scan few slots.
    struct Search {
        typealias Key = (Int, Int, Int, Int)
        let chooser: SlotChooser
        let k: Int
        let words: Int
        /// The union of attend / yes / sociable sets of the slots chosen so far, one per depth.
        var unionA: [UInt64]
        var unionY: [UInt64]
        var unionS: [UInt64]
        var prefix: [Int] = []
        var incumbent: [Int] = []
        var best: Key = (0, 0, 0, 0)
        var nodes = 0
        /// Set when `shouldStop` said so; the search then unwinds without looking further.
        var stopped = false
        /// The highest coverage bound among the subtrees left unfinished when it stopped.
        var openBound = 0
        /// How often (in nodes) the search asks whether to stop.
        static let checkEvery = 4096

        init(chooser: SlotChooser, k: Int) {
            self.chooser = chooser
            self.k = k
            words = chooser.words
            unionA = [UInt64](repeating: 0, count: (k + 1) * words)
            unionY = unionA
            unionS = unionA
        }

        /// Criteria as a tuple that compares better-is-greater (sociable coverage stands for fewer
        /// outside hours, since coverage is equal wherever that criterion decides).
        static func key(_ score: SlotScore) -> Key {
            (score.covered, score.coveredWithYes, score.yesAnswers, score.covered - score.outsideHours)
        }

        mutating func run(shouldStop: () -> Bool, progress: (SearchProgress) -> Void) {
            visit(
                depth: 0, candidates: Array(chooser.poll.slots.indices), current: (0, 0, 0, 0), shouldStop: shouldStop,
                progress: progress)
        }

        /// True when some set starting with `prefix + [next]` could be earlier than the incumbent.
        func canTie(_ next: Int) -> Bool {
            for (i, slot) in (prefix + [next]).enumerated() where slot != incumbent[i] {
                return slot < incumbent[i]
            }
            return true
        }

        /// Marginal gains of each candidate over the union at `depth`: attend, yes, sociable.
        func gains(_ candidates: [Int], depth: Int) -> (a: [Int], y: [Int], s: [Int]) {
            var ga = [Int](repeating: 0, count: candidates.count)
            var gy = ga
            var gs = ga
            let base = depth * words
            let words = words
            chooser.attend.withUnsafeBufferPointer { attend in
                chooser.yes.withUnsafeBufferPointer { yes in
                    chooser.sociable.withUnsafeBufferPointer { sociable in
                        unionA.withUnsafeBufferPointer { ua in
                            unionY.withUnsafeBufferPointer { uy in
                                unionS.withUnsafeBufferPointer { us in
                                    for (i, c) in candidates.enumerated() {
                                        var a = 0
                                        var y = 0
                                        var s = 0
                                        let row = c * words
                                        for w in 0..<words {
                                            a &+= (attend[row + w] & ~ua[base + w]).nonzeroBitCount
                                            y &+= (yes[row + w] & ~uy[base + w]).nonzeroBitCount
                                            s &+= (sociable[row + w] & ~us[base + w]).nonzeroBitCount
                                        }
                                        ga[i] = a
                                        gy[i] = y
                                        gs[i] = s
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return (ga, gy, gs)
        }

        /// For each position, the sum of the `take` largest values after it.
        static func suffixTop(_ values: [Int], take: Int) -> [Int] {
            var sums = [Int](repeating: 0, count: values.count)
            guard take > 0 else { return sums }
            var top = [Int](repeating: 0, count: take)
            var total = 0
            for i in values.indices.reversed() {
                sums[i] = total
                let value = values[i]
                guard value > top[take - 1] else { continue }
                total += value - top[take - 1]
                top[take - 1] = value
                var j = take - 1
                while j > 0, top[j] > top[j - 1] {
                    top.swapAt(j, j - 1)
                    j -= 1
                }
            }
            return sums
        }

        mutating func visit(
            depth: Int, candidates: [Int], current: Key, shouldStop: () -> Bool, progress: (SearchProgress) -> Void
        ) {
            nodes += 1
            if nodes % Self.checkEvery == 0 {
                progress(SearchProgress(nodes: nodes, covered: best.0, participants: chooser.participants))
                if shouldStop() { stopped = true }
            }
            if stopped { return }
            let remaining = k - depth
            guard candidates.count >= remaining else { return }
            let (ga, gy, gs) = gains(candidates, depth: depth)
            let yesCount = chooser.yesCount
            if remaining == 1 {
                for (i, c) in candidates.enumerated() {
                    let key = (current.0 + ga[i], current.1 + gy[i], current.2 + yesCount[c], current.3 + gs[i])
                    if key > best || (key == best && canTie(c) && prefix + [c] != incumbent) {
                        best = key
                        incumbent = prefix + [c]
                    }
                }
                return
            }
            let gt = candidates.map { yesCount[$0] }
            let topA = Self.suffixTop(ga, take: remaining - 1)
            let topY = Self.suffixTop(gy, take: remaining - 1)
            let topT = Self.suffixTop(gt, take: remaining - 1)
            let topS = Self.suffixTop(gs, take: remaining - 1)
            let topFewerA = Self.suffixTop(ga, take: remaining - 2)
            let base = depth * words
            let bounds = (0...(candidates.count - remaining)).map { i in
                (
                    current.0 + ga[i] + topA[i], current.1 + gy[i] + topY[i], current.2 + gt[i] + topT[i],
                    current.3 + gs[i] + topS[i]
                )
            }
            // Most promising first, so a strong incumbent is found early; which set wins does not
            // depend on this order (ties go to the earliest set wherever it is found).
            let order = bounds.indices.sorted { bounds[$0] > bounds[$1] || (bounds[$0] == bounds[$1] && $0 < $1) }
            for i in order {
                let c = candidates[i]
                let bound = bounds[i]
                if bound < best { break }  // the rest are bounded lower still
                if bound == best && !canTie(c) { continue }
                // A later candidate d is worth keeping only if c and d together, with the best of
                // the others, could still reach the best coverage found. What c and d add together
                // is at most the sum of their gains, and at most each one's gain plus what the
                // other covers beyond it (the pair table sees that two slots at the same hour on
                // different days reach the same people).
                let need = best.0 - current.0 - topFewerA[i]
                var child: [Int] = []
                for j in (i + 1)..<candidates.count where ga[i] + ga[j] >= need {
                    let d = candidates[j]
                    if let beyond = chooser.beyond {
                        let m = chooser.slotCount
                        let withD = ga[i] + Int(beyond[c * m + d])
                        let withC = ga[j] + Int(beyond[d * m + c])
                        if min(withD, withC) < need { continue }
                    }
                    child.append(d)
                }
                guard child.count >= remaining - 1 else { continue }
                let next = base + words
                let row = c * words
                for w in 0..<words {
                    unionA[next + w] = unionA[base + w] | chooser.attend[row + w]
                    unionY[next + w] = unionY[base + w] | chooser.yes[row + w]
                    unionS[next + w] = unionS[base + w] | chooser.sociable[row + w]
                }
                prefix.append(c)
                visit(
                    depth: depth + 1, candidates: child,
                    current: (current.0 + ga[i], current.1 + gy[i], current.2 + gt[i], current.3 + gs[i]),
                    shouldStop: shouldStop, progress: progress)
                prefix.removeLast()
                if stopped {
                    // This subtree and the ones after it (bounded no higher: they come in order of
                    // bound) are unfinished: none can cover more than this bound.
                    openBound = max(openBound, bound.0)
                    return
                }
            }
        }
    }
}
