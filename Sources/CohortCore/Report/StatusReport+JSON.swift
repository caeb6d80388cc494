import Foundation

/// `cohort report --json`: the same values the page shows, for the same audience, in the shapes
/// other commands print (the partner funnel as `partner funnel --json`, dates as ISO text).
extension StatusReport: Encodable {
    enum Keys: String, CodingKey {
        case program, audience, today, phase, timeline, pilot, workshops, partners, waves, feedback, announcements,
            questions, asOf, timeZone, nextMilestones
    }

    /// By hand: `phase`, `pilot`, `partners` and `feedback` are always there, `null` when there is none to show.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(program, forKey: .program)
        try container.encode(audience, forKey: .audience)
        try container.encode(Instant.format(asOf), forKey: .asOf)
        try container.encode(today, forKey: .today)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(phase, forKey: .phase)
        try container.encode(nextMilestones, forKey: .nextMilestones)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(pilot, forKey: .pilot)
        try container.encode(workshops, forKey: .workshops)
        try container.encode(partners, forKey: .partners)
        try container.encode(waves, forKey: .waves)
        try container.encode(feedback, forKey: .feedback)
        try container.encodeIfPresent(questions, forKey: .questions)
        try container.encode(announcements, forKey: .announcements)
    }
}

/// A date as the report's JSON writes it.
private struct DateText: Encodable {
    var date: PlannedDate

    enum Keys: String, CodingKey { case date, precision, first, last, spelled }

    /// By hand: a planned date as other commands print it (date, precision, first, last, spelled), from its value.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(date.description, forKey: .date)
        try container.encode(date.precision.rawValue, forKey: .precision)
        try container.encode(date.first, forKey: .first)
        try container.encode(date.last, forKey: .last)
        try container.encode(date.spelledOut, forKey: .spelled)
    }
}

extension TimelineSection: Encodable {
    enum Keys: String, CodingKey {
        case items, slips, id, kind, name, date, critical, from, to, reason, by, previousDate, slackDays, recordedAt
    }

    /// By hand: the timeline's items and slips, picked field by field; dates as DateText, `null` when missing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var items = container.nestedUnkeyedContainer(forKey: .items)
        for item in timeline.items {
            var entry = items.nestedContainer(keyedBy: Keys.self)
            try entry.encode(item.id, forKey: .id)
            try entry.encode(item.kind, forKey: .kind)
            try entry.encode(item.name, forKey: .name)
            try entry.encode(item.date.map(DateText.init), forKey: .date)
            try entry.encode(item.previousDate.map(DateText.init), forKey: .previousDate)
            try entry.encode(item.slackDays, forKey: .slackDays)
            try entry.encode(item.critical, forKey: .critical)
        }
        var slipList = container.nestedUnkeyedContainer(forKey: .slips)
        for slip in slips {
            var entry = slipList.nestedContainer(keyedBy: Keys.self)
            try entry.encode(slip.id, forKey: .id)
            try entry.encode(DateText(date: slip.from), forKey: .from)
            try entry.encode(DateText(date: slip.to), forKey: .to)
            try entry.encode(slip.reason, forKey: .reason)
            try entry.encode(slip.recordedAt.map(Instant.format), forKey: .recordedAt)
            try entry.encodeIfPresent(slip.by, forKey: .by)
        }
    }
}

extension PilotSection: Encodable {
    enum Keys: String, CodingKey {
        case capacity, enrolled, waitlist, signups, nda, people, username, standing, ineligible, projected, openOffers,
            freeSeats, projectedDecisions, signedUpAt, offerExpires
    }

    /// By hand: NDA counts keyed by status, people only when known, `projected` and its count only when there are any.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(enrolled, forKey: .enrolled)
        try container.encode(openOffers, forKey: .openOffers)
        try container.encode(freeSeats, forKey: .freeSeats)
        try container.encode(waitlist, forKey: .waitlist)
        try container.encode(signups, forKey: .signups)
        if projectedDecisions > 0 { try container.encode(projectedDecisions, forKey: .projectedDecisions) }
        guard !people.isEmpty || !nda.isEmpty else { return }
        try container.encode(
            Dictionary(uniqueKeysWithValues: nda.map { ($0.status.rawValue, $0.count) }), forKey: .nda)
        var list = container.nestedUnkeyedContainer(forKey: .people)
        for person in people {
            var entry = list.nestedContainer(keyedBy: Keys.self)
            try entry.encode(person.username, forKey: .username)
            try entry.encode(person.standing, forKey: .standing)
            try entry.encode(person.nda, forKey: .nda)
            try entry.encode(Instant.format(person.signedUpAt), forKey: .signedUpAt)
            try entry.encode(person.offerExpires.map(Instant.format), forKey: .offerExpires)
            try entry.encode(person.ineligible, forKey: .ineligible)
            if person.projected { try entry.encode(true, forKey: .projected) }
        }
    }
}

extension PartnerSection: Encodable {
    enum Keys: String, CodingKey { case funnel, partners, id, name, stage, wave, overdue, stageNames }

    /// By hand: the funnel and stage names always, the partners' lines flattened and only when there are any.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(funnel, forKey: .funnel)
        try container.encode(stageNames, forKey: .stageNames)
        guard !partners.isEmpty else { return }
        var list = container.nestedUnkeyedContainer(forKey: .partners)
        for partner in partners {
            var entry = list.nestedContainer(keyedBy: Keys.self)
            try entry.encode(partner.id, forKey: .id)
            try entry.encode(partner.name, forKey: .name)
            try entry.encode(partner.stage, forKey: .stage)
            try entry.encode(partner.wave, forKey: .wave)
            try entry.encode(partner.overdue, forKey: .overdue)
        }
    }
}

extension WaveLine: Encodable {
    enum Keys: String, CodingKey {
        case id, name, audience, date, status, gates, gate, holds, reason, previousDate, openedAt, holdingBack
    }

    /// By hand: dates as DateText, `null` when unknown; a gate's holding_back only when someone holds it back.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(audience, forKey: .audience)
        try container.encode(date.map(DateText.init), forKey: .date)
        try container.encode(previousDate.map(DateText.init), forKey: .previousDate)
        try container.encode(status, forKey: .status)
        try container.encode(openedAt.map(Instant.format), forKey: .openedAt)
        var list = container.nestedUnkeyedContainer(forKey: .gates)
        for gate in gates {
            var entry = list.nestedContainer(keyedBy: Keys.self)
            try entry.encode(gate.gate, forKey: .gate)
            try entry.encode(gate.holds, forKey: .holds)
            try entry.encode(gate.reason, forKey: .reason)
            if !gate.holdingBack.isEmpty { try entry.encode(gate.holdingBack, forKey: .holdingBack) }
        }
    }
}

extension FeedbackSection: Encodable {
    enum Keys: String, CodingKey {
        case items, uncoded, raters, confusion, dispositions, pending, themes, unthemed, strength, agreed, reliability
        case codedByBoth, codedByOne, percentAgreement, cohenKappa, dispositionItems
        /// Not what the strategy makes of the names: `kappa95CI` would be `kappa95_ci`.
        case kappaInterval = "kappa_95_ci"
        case alpha = "krippendorff_alpha"
    }

    private struct Theme: Encodable {
        var theme: String
        var count: Int
        var share: Double
    }

    /// By hand: confusion matrix and dispositions keyed by category name; disposition_items only when there are any.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(items, forKey: .items)
        try container.encode(codedByBoth, forKey: .codedByBoth)
        try container.encode(agreed, forKey: .agreed)
        try container.encode(codedByOne, forKey: .codedByOne)
        try container.encode(uncoded, forKey: .uncoded)
        try container.encode(percentAgreement, forKey: .percentAgreement)
        try container.encode(kappa, forKey: .cohenKappa)
        try container.encode(kappaInterval.map { [$0.lowerBound, $0.upperBound] }, forKey: .kappaInterval)
        try container.encode(strength, forKey: .strength)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(raters, forKey: .raters)
        let categories = FeedbackCategory.allCases.map(\.rawValue)
        var confusion: [String: [String: Int]] = [:]
        for (row, name) in categories.enumerated() where row < self.confusion.count {
            confusion[name] = Dictionary(
                uniqueKeysWithValues: zip(categories, self.confusion[row]).map { ($0, $1) })
        }
        try container.encode(confusion, forKey: .confusion)
        try container.encode(
            Dictionary(uniqueKeysWithValues: dispositions.map { ($0.disposition.rawValue, $0.count) }),
            forKey: .dispositions)
        if dispositions.contains(where: { !$0.items.isEmpty }) {
            try container.encode(
                Dictionary(uniqueKeysWithValues: dispositions.map { ($0.disposition.rawValue, $0.items) }),
                forKey: .dispositionItems)
        }
        try container.encode(pending, forKey: .pending)
        try container.encode(themes.map { Theme(theme: $0.theme, count: $0.count, share: $0.share) }, forKey: .themes)
        try container.encode(unthemed, forKey: .unthemed)
        try container.encode(reliability, forKey: .reliability)
    }
}

extension AnnouncementStanding: Encodable {
    enum Keys: String, CodingKey { case slug, title, date, channels, channel, state, detail, at, by }

    /// By hand: `date`, and a channel's `detail` and `at`, always there, `null` when unknown; `by` only for staff.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(slug, forKey: .slug)
        try container.encode(title, forKey: .title)
        try container.encode(date, forKey: .date)
        var list = container.nestedUnkeyedContainer(forKey: .channels)
        for channel in channels {
            var entry = list.nestedContainer(keyedBy: Keys.self)
            try entry.encode(channel.channel, forKey: .channel)
            try entry.encode(channel.state, forKey: .state)
            try entry.encode(channel.detail, forKey: .detail)
            try entry.encode(channel.at.map(Instant.format), forKey: .at)
            try entry.encodeIfPresent(channel.by, forKey: .by)
        }
    }
}
