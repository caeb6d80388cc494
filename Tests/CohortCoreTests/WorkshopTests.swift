import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// SplitMix64: a tiny seeded generator, so every random poll can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The objective written the obvious way, participant by participant, with no bitsets: what the
/// optimiser is checked against.
func plainScore(_ poll: Poll, _ chosen: [Int], hours: SociableHours) -> SlotScore {
    var covered = 0
    var withYes = 0
    var outside = 0
    for participant in poll.participants {
        let attendable = chosen.filter { participant.answers[$0].canAttend }
        guard !attendable.isEmpty else { continue }
        covered += 1
        if chosen.contains(where: { participant.answers[$0] == .yes }) { withYes += 1 }
        let zone = TimeZone(identifier: participant.timeZone)!
        if attendable.allSatisfy({ !hours.contains(poll.slots[$0], in: zone) }) { outside += 1 }
    }
    let yes = chosen.reduce(0) { total, slot in total + poll.participants.count { $0.answers[slot] == .yes } }
    return SlotScore(covered: covered, coveredWithYes: withYes, yesAnswers: yes, outsideHours: outside)
}

/// Every K-subset in lexicographic order; the first best one is the earliest.
func bruteForce(_ poll: Poll, count: Int, hours: SociableHours) -> (slots: [Int], score: SlotScore) {
    let m = poll.slots.count
    let k = min(count, m)
    var best: (slots: [Int], score: SlotScore)?
    var chosen: [Int] = []
    func extend(from start: Int) {
        if chosen.count == k {
            let score = plainScore(poll, chosen, hours: hours)
            if best == nil || best!.score < score { best = (chosen, score) }
            return
        }
        guard start < m else { return }
        for slot in start..<m {
            chosen.append(slot)
            extend(from: slot + 1)
            chosen.removeLast()
        }
    }
    extend(from: 0)
    return best ?? ([], plainScore(poll, [], hours: hours))
}

/// A random poll: up to `maxSlots` hourly-ish slots, participants in zones with whole, half and
/// quarter-hour offsets, answers drawn so that ties and overlaps are common.
func randomPoll(_ generator: inout SeededGenerator, maxSlots: Int = 9, maxParticipants: Int = 12) -> Poll {
    let zones = ["UTC", "Asia/Kolkata", "America/Los_Angeles", "Asia/Kathmandu", "Pacific/Auckland", "Africa/Lagos"]
    let slotCount = Int.random(in: 1...maxSlots, using: &generator)
    let base = Date(timeIntervalSince1970: 1_643_932_800)  // 2022-02-04T00:00:00Z
    var starts: Set<Int> = []
    while starts.count < slotCount { starts.insert(Int.random(in: 0..<96, using: &generator)) }
    let slots = starts.map { base.addingTimeInterval(TimeInterval($0) * 1800) }
    let yesShare = Double.random(in: 0.05...0.6, using: &generator)
    let participants = (0..<Int.random(in: 0...maxParticipants, using: &generator)).map { index in
        Poll.Participant(
            name: "p\(index)", timeZone: zones.randomElement(using: &generator)!,
            answers: slots.map { _ in
                let roll = Double.random(in: 0..<1, using: &generator)
                return roll < yesShare ? .yes : (roll < yesShare + 0.15 ? .ifneedbe : .no)
            })
    }
    return Poll(slots: slots, participants: participants)
}

@Suite struct SlotChooserTests {
    @Test(arguments: 0..<8)
    func equalsBruteForceOnRandomPolls(batch: Int) {
        var generator = SeededGenerator(seed: 0xC0_4027 + UInt64(batch))
        let hours = SociableHours()
        for _ in 0..<60 {
            let poll = randomPoll(&generator)
            let count = Int.random(in: 1...4, using: &generator)
            let expected = bruteForce(poll, count: count, hours: hours)
            let chosen = SlotChooser(poll: poll, hours: hours).choose(count: count)
            #expect(chosen.score == expected.score, "seed batch \(batch)")
            #expect(chosen.slots == expected.slots, "the earliest of equally good sets, batch \(batch)")
            #expect(plainScore(poll, chosen.slots, hours: hours) == chosen.score)
        }
    }

    @Test func equalsBruteForceOnWiderPollsWithMoreParticipantsThanAWord() {
        var generator = SeededGenerator(seed: 2022)
        for _ in 0..<6 {
            let poll = randomPoll(&generator, maxSlots: 16, maxParticipants: 140)
            let expected = bruteForce(poll, count: 3, hours: SociableHours())
            #expect(SlotChooser(poll: poll).choose(count: 3).score == expected.score)
        }
    }

    @Test func theExamplePollIsCoveredByFridayAndTuesday() throws {
        let text = try String(
            contentsOf: Repository.root.appendingPathComponent("data/poll.csv"), encoding: .utf8)
        let poll = try Poll.read(
            try LocatedCSV.parse(text, file: "poll.csv", required: ["participant"], allowsOtherColumns: true).get()
        ).get()
        #expect(poll.participants.count == 9)
        let choice = SlotChooser(poll: poll).choose(count: 2)
        #expect(
            choice.slots.map { Instant.format(poll.slots[$0]) } == ["2022-02-04T16:00:00Z", "2022-02-08T17:00:00Z"])
        #expect(choice.score == SlotScore(covered: 9, coveredWithYes: 9, yesAnswers: 12, outsideHours: 1))
    }

    @Test func countBeyondTheSlotsChoosesThemAll() throws {
        let poll = Poll(
            slots: [try instant("2022-02-04T16:00:00Z")],
            participants: [Poll.Participant(name: "a", timeZone: "UTC", answers: [.ifneedbe])])
        let choice = SlotChooser(poll: poll).choose(count: 4)
        #expect(choice.slots == [0])
        #expect(choice.score == SlotScore(covered: 1, coveredWithYes: 0, yesAnswers: 0, outsideHours: 0))
    }

    @Test(arguments: [
        ("2022-02-04T07:00:00Z", "UTC", false),
        ("2022-02-04T08:00:00Z", "UTC", true),
        ("2022-02-04T20:00:00Z", "UTC", true),
        ("2022-02-04T20:30:00Z", "UTC", false),
        ("2022-02-04T16:00:00Z", "Asia/Kolkata", false),  // 21:30 local
        ("2022-02-04T14:00:00Z", "Asia/Kolkata", true),  // 19:30 local
        ("2022-07-04T19:30:00Z", "Europe/Berlin", false),  // 21:30 in summer time
        ("2022-02-04T19:30:00Z", "Europe/Berlin", false),  // 20:30 in winter time, ends 21:30
        ("2022-02-04T19:00:00Z", "Europe/Berlin", true),  // 20:00 in winter time, ends 21:00
    ])
    func sociableHoursAreLocalAndIncludeTheWholeSlot(start: String, zone: String, sociable: Bool) throws {
        #expect(SociableHours().contains(try instant(start), in: TimeZone(identifier: zone)!) == sociable)
    }
}

@Suite struct PollCSVTests {
    func read(_ text: String) -> Result<Poll, CSVProblems> {
        switch LocatedCSV.parse(text, file: "poll.csv", required: Poll.fixedColumns, allowsOtherColumns: true) {
        case .failure(let problems): .failure(problems)
        case .success(let table): Poll.read(table)
        }
    }

    @Test func slotsAreSortedAndEmptyCellsMeanNo() throws {
        let poll = try read(
            "participant,time_zone,2022-02-08T17:00:00Z,2022-02-04T16:00:00Z\nana,Europe/Madrid,yes,\n"
        ).get()
        #expect(poll.slots.map(Instant.format) == ["2022-02-04T16:00:00Z", "2022-02-08T17:00:00Z"])
        #expect(poll.participants[0].answers == [.no, .yes])
    }

    @Test func everyBadHeaderAndCellIsLocated() {
        let result = read(
            "participant,time_zone,Friday 4pm,2022-02-04T16:00:00Z,2022-02-04T17:00:00+01:00\nana,Mars/Base,x,yse,\nana,UTC,,,\n"
        )
        guard case .failure(let problems) = result else {
            Issue.record("expected problems")
            return
        }
        #expect(
            problems.problems.map(\.description) == [
                "poll.csv:row 1, column \"2022-02-04T17:00:00+01:00\": is the same instant as column \"2022-02-04T16:00:00Z\"; keep one",
                "poll.csv:row 1, column \"Friday 4pm\": is not a slot start; name each slot column by its ISO 8601 UTC start, like 2022-02-04T16:00:00Z",
                "poll.csv:row 2, column \"2022-02-04T16:00:00Z\": \"yse\" is not an answer; did you mean \"yes\"?; write yes, ifneedbe, no or leave it empty",
                "poll.csv:row 2, column \"time_zone\": unknown time zone \"Mars/Base\"; use an IANA name such as \"Europe/Berlin\"",
                "poll.csv:row 3, column \"participant\": \"ana\" already answered in row 2; keep one row per person",
            ])
    }
}

@Suite struct LocatedCSVTests {
    @Test func aMisspeltColumnIsNamedWithTheFix() {
        let result = LocatedCSV.parse("usernme,email\n", file: "s.csv", required: ["username", "email"])
        #expect(throws: CSVProblems.self) { try result.get() }
        if case .failure(let problems) = result {
            #expect(
                problems.problems.map(\.description).first
                    == "s.csv:row 1, column \"usernme\": unknown column; did you mean \"username\"?; the header is username,email"
            )
        }
    }

    @Test func tooManyCellsAskForQuotes() {
        let result = LocatedCSV.parse("a,b\n1,2,3\n", file: "s.csv", required: ["a", "b"])
        if case .failure(let problems) = result {
            #expect(
                problems.problems.map(\.description).first
                    == "s.csv:row 2: 3 values where the header has 2 columns; quote values that hold commas (\"like, this\")"
            )
        } else {
            Issue.record("expected a problem")
        }
    }

    @Test func quotedLineBreaksStayInOneRowAndRowsCountAsASpreadsheetDoes() throws {
        let table = try LocatedCSV.parse("a,b\r\n\"x\ny\",1\r\n\u{FEFF}z,2\r\n", file: "s.csv", required: ["a", "b"])
            .get()
        #expect(table.rows.map(\.number) == [2, 3])
        #expect(table.rows[0]["a"] == "x\ny")
    }
}

@Suite struct MinutesTests {
    @Test(arguments: [("60m", 60), ("1h", 60), ("1h30m", 90), ("90", 90), ("45min", 45)])
    func parses(text: String, minutes: Int) { #expect(Minutes.parse(text) == minutes) }

    @Test(arguments: ["", "h", "0m", "25h", "1.5h", "-5m"])
    func refuses(text: String) { #expect(Minutes.parse(text) == nil) }
}
