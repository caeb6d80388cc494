import Foundation

/// The notice a question about an unclear comment calls for, when its commenter has an address.
public enum FeedbackNotices {
    /// The fact a clarification notice tells of: the item awaits the answer to this round's question.
    public static func fact(_ request: ClarificationRequest) -> String { "awaiting:\(request.round)" }

    /// The fact an item's notices are checked against now: awaiting the answer to its current
    /// round's question, hidden, or neither (answered, or coded again).
    public static func fact(_ state: ItemCoding?, hidden: Bool) -> String {
        if hidden { return "hidden" }
        guard let state, let question = state.question, question.round == state.round else { return "coded" }
        return fact(question)
    }

    /// The question to `recipient` about `item`.
    public static func clarification(
        _ item: FeedbackItem, request: ClarificationRequest, recipient: NoticeRecipient
    ) -> NoticeDraft {
        NoticeDraft(
            kind: .clarification, subject: "feedback:\(item.id)", key: "\(item.id):\(request.round)",
            recipient: recipient,
            fields: [
                "item": .text(item.id), "source": .text(item.source), "comment": .text(item.text),
                "question": .text(request.question), "received": .text(LocalTime.day(item.receivedAt, in: .gmt)),
            ], fact: fact(request))
    }
}

/// A draft of every kind with made-up values and the real fields, so `cohort check` can check each
/// notice template before any decision needs it.
public enum NoticeSamples {
    public static func draft(_ kind: NoticeKind, program: Program) -> NoticeDraft {
        let now = Date(timeIntervalSince1970: 1_643_716_800)
        var person = Signup(
            username: "sample.participant", email: "sample@example.org", signedUpAt: now, nda: .agreed,
            timeZone: program.timeZoneName)
        let action: String
        switch kind {
        case .enrolled, .waitlisted, .offered, .lapsed, .withdrawn:
            switch kind {
            case .enrolled: (person.standing, action) = (.enrolled, "enrol")
            case .waitlisted: (person.standing, action) = (.waitlisted, "waitlist")
            case .offered: (person.standing, action) = (.offered(expires: now.addingTimeInterval(172_800)), "offer")
            case .lapsed: (person.standing, action) = (.lapsed, "expire")
            default: (person.standing, action) = (.withdrawn(reason: "sample"), "withdraw")
            }
            let cohort = PilotCohort(signups: [person], capacity: program.pilot.capacity, rules: program.pilot)
            return PilotNotices.drafts(
                for: [PilotDecision(action: action, username: person.username, reason: "")], in: cohort)[0]
        case .welcome, .stage, .gate:
            let wave = program.waves.first ?? ReleaseWave(id: "sample", name: "Sample wave", audience: "")
            let partner = Partner(
                id: "sample-partner", name: "Sample partner", kind: .affiliate, region: "", contactName: "Sam",
                contactEmail: "sam@example.org", timeZone: program.timeZoneName, wave: wave.id)
            let rules = program.onboarding
            let progress = Onboarding.progress(partner, steps: [], ticks: [], rules: rules)
            switch kind {
            case .welcome: return PartnerNotices.welcome(progress, rules: rules, waves: program.waves)
            case .stage: return PartnerNotices.stage(progress, rules: rules, waves: program.waves)
            default:
                let target = rules.stages.last ?? OnboardingStage(id: "ready")
                return PartnerNotices.gate(progress, wave: wave, target: target, rules: rules, waves: program.waves)
            }
        case .waveOpen, .wavePause, .waveResume:
            let wave = program.waves.first ?? ReleaseWave(id: "sample", name: "Sample wave", audience: "")
            let recipient = NoticeRecipient(
                id: "sample", name: "Sample", email: "sample@example.org", timeZone: program.timeZoneName)
            return WaveNotices.drafts(kind, wave: wave, at: now, reason: "A sample reason.", to: [recipient])[0]
        case .digest: return DigestNotices.sample(program: program)
        case .clarification:
            let item = FeedbackItem(id: "fb-000", source: "survey", receivedAt: now, text: "A sample comment.")
            let request = ClarificationRequest(
                itemID: item.id, round: 0, question: "What do you mean?", channel: .mail, by: "", at: now)
            return FeedbackNotices.clarification(
                item, request: request,
                recipient: NoticeRecipient(
                    id: "sample", name: "Sample", email: "sample@example.org", timeZone: program.timeZoneName))
        }
    }
}
