import Foundation

/// One answer in an availability poll.
public enum PollAnswer: String, Sendable, Codable, CaseIterable {
    case yes, ifneedbe, no

    /// True when the person could attend (yes or if-need-be).
    public var canAttend: Bool { self != .no }
}

/// A Doodle-style availability poll: candidate slots (UTC instants), and each participant's zone
/// and answers. A missing answer counts as `no`.
public struct Poll: Sendable, Equatable {
    /// A participant and their answers by slot index.
    public struct Participant: Sendable, Equatable {
        public var name: String
        /// Their IANA zone, for local times and the sociable-hours tie-break.
        public var timeZone: String
        /// One answer per slot, in the poll's slot order.
        public var answers: [PollAnswer]

        public init(name: String, timeZone: String, answers: [PollAnswer]) {
            self.name = name
            self.timeZone = timeZone
            self.answers = answers
        }
    }

    /// Candidate slot starts, in time order.
    public var slots: [Date]
    public var participants: [Participant]

    /// A poll; slots are sorted into time order and each participant's answers with them.
    public init(slots: [Date], participants: [Participant]) {
        let order = slots.indices.sorted { slots[$0] < slots[$1] }
        self.slots = order.map { slots[$0] }
        self.participants = participants.map { participant in
            var copy = participant
            copy.answers = order.map { $0 < participant.answers.count ? participant.answers[$0] : .no }
            return copy
        }
    }

    /// The poll CSV's fixed columns; every other column is a slot named by its UTC start.
    public static let fixedColumns = ["participant", "time_zone"]

    /// The poll CSV's columns: `participant,time_zone`, then one column per slot.
    public static let columns = CSVColumns(fixedColumns, allowsOthers: true, text: ["participant": .key])

    /// Reads a poll CSV (`participant,time_zone,<slot>...`), reporting every bad header, row and cell.
    public static func read(_ table: CSVTable) throws(CSVProblems) -> Poll {
        try read(table, skipInvalid: false).poll
    }

    /// Reads a poll; with `skipInvalid`, rows with problems are left out and returned as
    /// `skipped` instead of failing the whole file (a bad header still fails it).
    public static func read(_ table: CSVTable, skipInvalid: Bool) throws(CSVProblems)
        -> (poll: Poll, skipped: CSVProblems)
    {
        var problems = CSVProblems(file: table.file)
        var skipped = CSVProblems(file: table.file)
        let slotColumns = table.header.filter { !fixedColumns.contains($0) }
        var slots: [Date] = []
        var slotColumnsKept: [String] = []
        var seenSlots: [Date: String] = [:]
        let header = CSVLocation(file: table.file, row: 1, line: 1)
        for column in slotColumns {
            var here = header
            here.column = column
            guard column.count > 10, let start = Instant.parse(column) else {
                problems.add(
                    here,
                    Instant.isOutOfRange(column)
                        ? "lies outside \(CivilDate.supportedYearsText); name each slot by a start within them"
                        : "is not a slot start; name each slot column by its ISO 8601 UTC start, like 2022-02-04T16:00:00Z"
                )
                continue
            }
            if let earlier = seenSlots[start] {
                problems.add(here, "is the same instant as column \"\(earlier)\"; keep one")
                continue
            }
            seenSlots[start] = column
            slots.append(start)
            slotColumnsKept.append(column)
        }
        if slotColumns.isEmpty {
            problems.add(
                header, "no slot columns; add one column per slot, named by its UTC start (2022-02-04T16:00:00Z)")
        }
        if skipInvalid { try problems.throwIfAny() }
        var allRows = skipInvalid ? CSVProblems(file: table.file) : table.rejected
        if skipInvalid { skipped.add(contentsOf: table.rejected) }
        var participants: [Participant] = []
        var firstRow: [String: Int] = [:]
        for row in table.rows {
            var problems = CSVProblems(file: table.file)
            defer {
                if skipInvalid { skipped.add(contentsOf: problems) } else { allRows.add(contentsOf: problems) }
            }
            let name = row["participant"]
            if name.isEmpty {
                problems.add(row.location("participant"), "missing participant; write their username")
            } else if let earlier = firstRow[name] {
                problems.add(
                    row.location("participant"),
                    "\"\(name)\" already answered in row \(earlier); keep one row per person")
            } else {
                firstRow[name] = row.location.row
            }
            let zone = row["time_zone"]
            if let problem = row.zoneProblem("time_zone") { problems.add(row.location("time_zone"), problem) }
            var answers: [PollAnswer] = []
            for column in slotColumnsKept {
                let text = row[column].lowercased()
                let spelled = text == "if need be" || text == "if-need-be" ? "ifneedbe" : text
                if text.isEmpty {
                    answers.append(.no)
                } else if let answer = PollAnswer(rawValue: spelled) {
                    answers.append(answer)
                } else {
                    answers.append(.no)
                    let options = PollAnswer.allCases.map(\.rawValue)
                    problems.add(
                        row.location(column),
                        "\"\(row[column])\" is not an answer\(Suggestion.didYouMean(text, in: options)); write yes, ifneedbe, no or leave it empty"
                    )
                }
            }
            if problems.isEmpty { participants.append(Participant(name: name, timeZone: zone, answers: answers)) }
        }
        problems.add(contentsOf: allRows)
        try problems.throwIfAny()
        return (Poll(slots: slots, participants: participants), skipped)
    }
}
