import Foundation

/// What `workshop slots` reports: the chosen slots with who said yes and if-need-be, each yes in
/// its own local time, and the criteria the choice optimised.
public struct SlotReport: Sendable, Equatable, Encodable {
    /// Someone's local time for a slot.
    public struct LocalStart: Sendable, Equatable, Encodable {
        public var participant: String
        public var timeZone: String
        /// `Fri 2022-02-04 17:00`.
        public var local: String
        /// Whether the slot falls inside their sociable hours.
        public var sociable: Bool
    }

    /// One chosen slot.
    public struct Slot: Sendable, Equatable, Encodable {
        public var start: Date
        public var yes: [String]
        public var ifneedbe: [String]
        public var local: [LocalStart]
    }

    public var participants: Int
    public var candidateSlots: Int
    public var count: Int
    public var covered: Int
    public var coveredWithYes: Int
    public var yesAnswers: Int
    public var outsideHours: Int
    public var slots: [Slot]
    /// Participants no chosen slot suits.
    public var uncovered: [String]
    /// The audience whose poll it was (`pilot`, `partners`, `community`).
    public var audience: String?
    /// People of the audience now who are not in the poll (enrolled, or became partners, since).
    public var unanswered: [String] = []
    /// True when the choice is proven optimal; false when a time limit stopped the search.
    public var optimal: Bool
    /// No K slots cover more participants than this (equal to `covered` when optimal).
    public var coverageBound: Int

    /// The report of `choice` on `poll`; local times in each participant's zone, of the slot's start.
    public init(poll: Poll, choice: SlotChoice, count: Int, hours: SociableHours) {
        participants = poll.participants.count
        candidateSlots = poll.slots.count
        self.count = count
        covered = choice.score.covered
        coveredWithYes = choice.score.coveredWithYes
        yesAnswers = choice.score.yesAnswers
        outsideHours = choice.score.outsideHours
        optimal = choice.complete
        coverageBound = choice.coverageBound
        slots = choice.slots.map { index in
            let start = poll.slots[index]
            let yes = poll.participants.filter { $0.answers[index] == .yes }
            return Slot(
                start: start, yes: yes.map(\.name),
                ifneedbe: poll.participants.filter { $0.answers[index] == .ifneedbe }.map(\.name),
                local: yes.map { participant in
                    let zone = TimeZone(identifier: participant.timeZone) ?? .gmt
                    return LocalStart(
                        participant: participant.name, timeZone: participant.timeZone,
                        local: LocalTime.shortDay(start, in: zone) + " " + LocalTime.clock(start, in: zone),
                        sociable: hours.contains(start, in: zone))
                })
        }
        uncovered = poll.participants.filter { participant in
            !choice.slots.contains { participant.answers[$0].canAttend }
        }.map(\.name)
    }
}
