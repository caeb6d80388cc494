import Foundation

/// One decision about one sign-up, to be written to the audit log by the caller.
public struct PilotDecision: Sendable, Equatable, Encodable {
    /// `enrol`, `waitlist`, `unlist`, `offer`, `expire`, `accept`, `withdraw`.
    public var action: String
    public var username: String
    public var reason: String
    /// When it took effect, when that is not the deciding command's instant: a lapse at the
    /// offer's deadline, and the offer of the seat it freed.
    public var at: Date?

    public init(action: String, username: String, reason: String, at: Date? = nil) {
        self.action = action
        self.username = username
        self.reason = reason
        self.at = at
    }

    enum CodingKeys: String, CodingKey { case action, username, reason }
}

/// Why a pilot command refused; nothing was changed.
public enum PilotError: Error, Equatable, CategorizedError, CustomStringConvertible {
    case unknownParticipant(String, suggestion: String)
    case notOffered(String, standing: String)
    case alreadyWithdrawn(String)
    case capacityBelowEnrolled(capacity: Int, enrolled: Int)
    /// `pilot import --from-wiki` without `pilot.signup.section` in `cohort.yaml`.
    case noSignupSection

    public var description: String {
        switch self {
        case .unknownParticipant(let name, let suggestion):
            "no sign-up named \"\(name)\"\(suggestion); `cohort pilot list` shows everyone"
        case .notOffered(let name, let standing):
            "\(name) has no open offer (they are \(standing)); only an offered seat can be accepted"
        case .alreadyWithdrawn(let name):
            "\(name) has already withdrawn"
        case .capacityBelowEnrolled(let capacity, let enrolled):
            "capacity \(capacity) is below the \(enrolled) already enrolled or offered a seat; nobody is displaced, so withdraw people first or choose at least \(enrolled)"
        case .noSignupSection:
            "cohort.yaml names no sign-up section; add pilot.signup.section (the talk page's sign-up heading)"
        }
    }

    public var kind: FailureKind { .badInput }
}

/// The pilot cohort: every sign-up with its standing, and the pure rules that move them.
/// First come, first served: eligible sign-ups are ordered by `signed_up_at` as an instant
/// (offsets respected), ties broken by username in code-point order.
public struct PilotCohort: Sendable, Equatable {
    public var signups: [Signup]
    public var capacity: Int
    public var rules: PilotRules

    public init(signups: [Signup], capacity: Int, rules: PilotRules) {
        self.signups = signups
        self.capacity = capacity
        self.rules = rules
    }

    /// First-come-first-served order: earlier instant first, then username.
    public static func inLine(_ a: Signup, _ b: Signup) -> Bool {
        a.signedUpAt != b.signedUpAt ? a.signedUpAt < b.signedUpAt : a.username < b.username
    }

    /// Seats taken by the enrolled and by open offers.
    public var seatsTaken: Int { signups.count { $0.standing.holdsSeat } }

    /// The sign-up named `username`, or an error suggesting a near miss.
    public func index(of username: String) throws(PilotError) -> Int {
        let key = WikiUsername.key(username)
        guard let index = signups.firstIndex(where: { WikiUsername.key($0.username) == key }) else {
            throw .unknownParticipant(
                username, suggestion: Suggestion.didYouMean(username, in: signups.map(\.username)))
        }
        return index
    }

    /// The wait-list in order: eligible sign-ups not yet holding a seat, first come first served.
    public var waitlist: [Signup] {
        signups.filter { $0.standing == .waitlisted }.sorted(by: Self.inLine)
    }

    /// The enrolled, in the order they were signed up.
    public var enrolled: [Signup] { signups.filter { $0.standing == .enrolled }.sorted(by: Self.inLine) }

    /// Open offers at `now`.
    public func openOffers(at now: Date) -> [Signup] {
        signups.filter {
            if case .offered(let expires) = $0.standing { return expires > now }
            return false
        }.sorted(by: Self.inLine)
    }

    /// When an offer made at `now` expires.
    public func offerExpiry(from now: Date) -> Date { now.addingTimeInterval(TimeInterval(rules.offerHours) * 3600) }

    /// Lets offers that expired by `now` lapse and passes each freed seat to the next eligible
    /// person in line, in the order the deadlines passed. Each decision takes effect at its
    /// deadline (`PilotDecision.at`): the lapse then, and the seat is offered then, so an offer
    /// made that way can itself lapse before `now`. Every pilot command does this first; a view
    /// does it on a copy (`projected(now:)`) and records nothing.
    public mutating func expireOffers(now: Date) -> [PilotDecision] {
        var decisions: [PilotDecision] = []
        while let (index, expires) = nextLapse(by: now) {
            signups[index].standing = .lapsed
            decisions.append(
                PilotDecision(
                    action: "expire", username: signups[index].username,
                    reason: "the offer expired at \(Instant.format(expires)) without an answer", at: expires))
            decisions += offerFreedSeat(now: expires, freedBy: signups[index].username).map {
                var offer = $0
                offer.at = expires
                return offer
            }
        }
        return decisions
    }

    /// The offer whose deadline passed first by `now` (first in line on a tie), and that deadline.
    func nextLapse(by now: Date) -> (Int, Date)? {
        var next: (Int, Date)?
        for index in signups.indices {
            guard case .offered(let expires) = signups[index].standing, expires <= now else { continue }
            if let (other, at) = next, at < expires || (at == expires && Self.inLine(signups[other], signups[index])) {
                continue
            }
            next = (index, expires)
        }
        return next
    }

    /// What time has decided by `now` and nobody has recorded yet, applied to a copy: the cohort
    /// as it would be, and the decisions (each marked with its instant) a deciding command would record.
    public func projected(now: Date) -> (cohort: PilotCohort, decisions: [PilotDecision]) {
        var copy = self
        let decisions = copy.expireOffers(now: now)
        return (copy, decisions)
    }

    /// Offers a freed seat to the first person in line who is still eligible: the wait-listed
    /// and anyone signed up but not yet placed, in first-come-first-served order.
    mutating func offerFreedSeat(now: Date, freedBy: String) -> [PilotDecision] {
        guard seatsTaken < capacity else { return [] }
        let candidates = signups.indices.filter {
            (signups[$0].standing == .waitlisted || signups[$0].standing == .pending)
                && Eligibility.isEligible(signups[$0], rules: rules)
        }.sorted { Self.inLine(signups[$0], signups[$1]) }
        guard let next = candidates.first else { return [] }
        let expires = offerExpiry(from: now)
        signups[next].standing = .offered(expires: expires)
        return [
            PilotDecision(
                action: "offer", username: signups[next].username,
                reason: "a seat freed by \(freedBy) is offered until \(Instant.format(expires)); first eligible in line"
            )
        ]
    }

    /// Fills free seats and orders the wait-list. Enrolled people and open offers are kept as they
    /// are; eligible people without a seat are enrolled into free seats, first come first served,
    /// and the rest wait-listed in order; the wait-listed who became ineligible leave the wait-list.
    /// Deciding again with the same records and clock changes nothing.
    public mutating func select(now: Date) -> [PilotDecision] {
        var decisions = expireOffers(now: now)
        var free = capacity - seatsTaken
        let line = signups.indices.filter { signups[$0].standing == .pending || signups[$0].standing == .waitlisted }
            .sorted { Self.inLine(signups[$0], signups[$1]) }
        for index in line {
            let username = signups[index].username
            let reasons = Eligibility.reasons(signups[index], rules: rules)
            if !reasons.isEmpty {
                if signups[index].standing == .waitlisted {
                    signups[index].standing = .pending
                    decisions.append(
                        PilotDecision(
                            action: "unlist", username: username,
                            reason: "no longer eligible: " + reasons.map(\.explanation).joined(separator: "; ")))
                }
            } else if free > 0 {
                free -= 1
                signups[index].standing = .enrolled
                decisions.append(
                    PilotDecision(
                        action: "enrol", username: username,
                        // capacity - free is the seats taken now (counted once, not per person).
                        reason: "eligible; seat \(capacity - free) of \(capacity), first come first served"))
            } else if signups[index].standing != .waitlisted {
                signups[index].standing = .waitlisted
                decisions.append(
                    PilotDecision(
                        action: "waitlist", username: username,
                        reason: "eligible; all \(capacity) seats are taken, so waiting in line"))
            }
        }
        return decisions
    }

    /// What `pilot select` reports: the enrolled, the wait-list and the ineligible with reasons,
    /// each in decision (first-come-first-served) order.
    public func outcome() -> PilotOutcome {
        let ineligible = signups.filter { $0.standing == .pending }.sorted(by: Self.inLine).compactMap {
            signup -> PilotOutcome.Ineligible? in
            let reasons = Eligibility.reasons(signup, rules: rules)
            return reasons.isEmpty ? nil : PilotOutcome.Ineligible(username: signup.username, reasons: reasons)
        }
        return PilotOutcome(
            capacity: capacity, enrolled: enrolled.map(\.username), waitlist: waitlist.map(\.username),
            offered: signups.filter { if case .offered = $0.standing { true } else { false } }.sorted(by: Self.inLine)
                .map(\.username),
            ineligible: ineligible, notices: nil)
    }

    /// Withdraws `username` (enrolled, offered, wait-listed or pending). A freed seat is offered to
    /// the next eligible person in line.
    public mutating func withdraw(_ username: String, reason: String, now: Date) throws(PilotError) -> [PilotDecision] {
        var decisions = expireOffers(now: now)
        let index = try index(of: username)
        if case .withdrawn = signups[index].standing { throw .alreadyWithdrawn(username) }
        let heldSeat = signups[index].standing.holdsSeat
        let was = signups[index].standing.name
        signups[index].standing = .withdrawn(reason: reason)
        decisions.append(PilotDecision(action: "withdraw", username: username, reason: "was \(was): \(reason)"))
        if heldSeat { decisions += offerFreedSeat(now: now, freedBy: username) }
        return decisions
    }

    /// An enrolled person, or one offered a seat, who declines the NDA the plan makes a condition
    /// of taking part: their enrolment ends and the seat is offered to the next eligible person in
    /// line. Nothing changes for anyone else, or when the program does not require the NDA.
    public mutating func declineNDA(_ username: String, now: Date) throws(PilotError) -> [PilotDecision] {
        let index = try index(of: username)
        guard rules.ndaRequired, signups[index].standing.holdsSeat else { return [] }
        let was = signups[index].standing.name
        signups[index].standing = .withdrawn(reason: "declined the NDA")
        return [
            PilotDecision(
                action: "withdraw", username: username,
                reason: "was \(was): declined the NDA, which taking part in the pilot requires")
        ] + offerFreedSeat(now: now, freedBy: username)
    }

    /// Takes up an open offer: the person is enrolled.
    public mutating func accept(_ username: String, now: Date) throws(PilotError) -> [PilotDecision] {
        var decisions = expireOffers(now: now)
        let index = try index(of: username)
        guard case .offered = signups[index].standing else {
            throw .notOffered(username, standing: signups[index].standing.name)
        }
        signups[index].standing = .enrolled
        decisions.append(PilotDecision(action: "accept", username: username, reason: "accepted the offered seat"))
        return decisions
    }

    /// Everyone's standing and place, for `pilot list`: the enrolled, open offers, the wait-list
    /// in order, then the rest in first-come-first-served order.
    public func places(now: Date) -> [PilotPlace] {
        let ordered = signups.sorted(by: Self.inLine)
        let waitingPlace = Dictionary(
            waitlist.enumerated().map { ($1.username, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        var seat = 0
        let rank: (Signup) -> Int = {
            switch $0.standing {
            case .enrolled: 0
            case .offered: 1
            case .waitlisted: 2
            case .pending: 3
            case .lapsed: 4
            case .withdrawn: 5
            }
        }
        return ordered.sorted { rank($0) < rank($1) }.map { signup in
            var place: Int?
            var expires: Date?
            switch signup.standing {
            case .enrolled:
                seat += 1
                place = seat
            case .waitlisted: place = waitingPlace[signup.username]
            case .offered(let at): expires = at
            default: break
            }
            return PilotPlace(
                signup: signup, place: place, reasons: Eligibility.reasons(signup, rules: rules), offerExpires: expires)
        }
    }
}

/// The result of a selection, in the JSON shape DESIGN.md fixes.
public struct PilotOutcome: Sendable, Equatable, Encodable {
    /// A sign-up that cannot be selected, and every reason why.
    public struct Ineligible: Sendable, Equatable, Encodable {
        public var username: String
        public var reasons: [IneligibilityReason]

        public init(username: String, reasons: [IneligibilityReason]) {
            self.username = username
            self.reasons = reasons
        }
    }

    public var capacity: Int
    public var enrolled: [String]
    public var waitlist: [String]
    /// Seats offered and not yet answered (an extra field).
    public var offered: [String]
    public var ineligible: [Ineligible]
    /// What the selection told people (an extra field; nil when no notices were looked at).
    public var notices: NoticeSummary?
}

/// One line of `pilot list`: a sign-up, its place (seat or wait-list position), its reasons.
public struct PilotPlace: Sendable, Equatable {
    public var signup: Signup
    /// The seat number among the enrolled, or the position on the wait-list.
    public var place: Int?
    public var reasons: [IneligibilityReason]
    public var offerExpires: Date?
}
