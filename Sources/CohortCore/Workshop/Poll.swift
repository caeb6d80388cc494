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

    /// Reads a poll CSV (`participant,time_zone,<slot>...`), reporting every bad header, row and cell.
    public static func read(_ table: LocatedCSV) -> Result<Poll, CSVProblems> {
        var problems: [CSVProblem] = []
        let slotColumns = table.headers.filter { !fixedColumns.contains($0) }
        var slots: [Date] = []
        var slotColumnsKept: [String] = []
        var seenSlots: [Date: String] = [:]
        for column in slotColumns {
            let header = CSVLocation(file: table.file, row: 1, column: column)
            guard column.count > 10, let start = Instant.parse(column) else {
                problems.append(
                    CSVProblem(
                        header,
                        "is not a slot start; name each slot column by its ISO 8601 UTC start, like 2022-02-04T16:00:00Z"
                    ))
                continue
            }
            if let earlier = seenSlots[start] {
                problems.append(CSVProblem(header, "is the same instant as column \"\(earlier)\"; keep one"))
                continue
            }
            seenSlots[start] = column
            slots.append(start)
            slotColumnsKept.append(column)
        }
        if slotColumns.isEmpty {
            problems.append(
                CSVProblem(
                    CSVLocation(file: table.file, row: 1),
                    "no slot columns; add one column per slot, named by its UTC start (2022-02-04T16:00:00Z)"))
        }
        var participants: [Participant] = []
        var firstRow: [String: Int] = [:]
        for row in table.rows {
            let name = row["participant"]
            if name.isEmpty {
                problems.append(row.problem("participant", "is empty; write the participant's username"))
            } else if let earlier = firstRow[name] {
                problems.append(
                    row.problem(
                        "participant", "\"\(name)\" already answered in row \(earlier); keep one row per person"))
            } else {
                firstRow[name] = row.number
            }
            let zone = row["time_zone"]
            if !TimeZoneNames.isKnown(zone) {
                problems.append(
                    row.problem(
                        "time_zone",
                        zone.isEmpty
                            ? "is empty; write an IANA zone such as \"Asia/Kolkata\""
                            : "unknown time zone \"\(zone)\"\(TimeZoneNames.hint(zone))"))
            }
            var answers: [PollAnswer] = []
            for column in slotColumnsKept {
                let text = row[column].lowercased()
                if text.isEmpty {
                    answers.append(.no)
                } else if let answer = PollAnswer(
                    rawValue: text == "if need be" || text == "if-need-be" ? "ifneedbe" : text)
                {
                    answers.append(answer)
                } else {
                    answers.append(.no)
                    problems.append(
                        row.problem(
                            column,
                            "\"\(row[column])\" is not an answer\(Suggestion.didYouMean(text, in: PollAnswer.allCases.map(\.rawValue))); write yes, ifneedbe, no or leave it empty"
                        ))
                }
            }
            participants.append(Participant(name: name, timeZone: zone, answers: answers))
        }
        guard problems.isEmpty else { return .failure(CSVProblems(problems)) }
        return .success(Poll(slots: slots, participants: participants))
    }
}
