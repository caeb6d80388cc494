import Foundation

/// The notices onboarding calls for: a welcome on invitation, each stage entered (its checklist and
/// due dates in the contact's zone), and a release gate a partner holds back.
public enum PartnerNotices {
    /// Who a partner's notices go to: its contact.
    public static func recipient(_ partner: Partner) -> NoticeRecipient {
        NoticeRecipient(
            id: partner.id, name: partner.contactName.isEmpty ? partner.name : partner.contactName,
            email: partner.contactEmail, timeZone: partner.timeZone)
    }

    /// The fact a stage or gate notice tells of: the stage the partner is at.
    public static func fact(_ progress: PartnerProgress) -> String { "stage:\(progress.stage)" }

    /// The fact a welcome tells of: the partner is in the program.
    public static func welcomeFact(_ partner: Partner) -> String { "partner:\(partner.id)" }

    /// The welcome for a partner just added, with every stage ahead.
    public static func welcome(_ progress: PartnerProgress, rules: OnboardingRules, waves: [ReleaseWave])
        -> NoticeDraft
    {
        var fields = partnerFields(progress.partner, waves: waves)
        fields["stages"] = .list(rules.stages.map { .object(["id": .text($0.id), "name": .text($0.name)]) })
        fields["stage_name"] = .text(rules.stages.first { $0.id == progress.stage }?.name ?? progress.stage)
        return NoticeDraft(
            kind: .welcome, subject: "partner:\(progress.partner.id)", key: progress.partner.id,
            recipient: recipient(progress.partner), fields: fields, fact: welcomeFact(progress.partner))
    }

    /// The notice for the stage a partner has just entered: its checklist with due dates.
    public static func stage(_ progress: PartnerProgress, rules: OnboardingRules, waves: [ReleaseWave])
        -> NoticeDraft
    {
        var fields = partnerFields(progress.partner, waves: waves)
        fields["stage"] = .text(progress.stage)
        fields["stage_name"] = .text(rules.stages.first { $0.id == progress.stage }?.name ?? progress.stage)
        fields["items"] = items(progress.items, zone: progress.partner.timeZone)
        fields["has_items"] = .flag(!progress.items.isEmpty)
        return NoticeDraft(
            kind: .stage, subject: "partner:\(progress.partner.id)", key: "\(progress.partner.id):\(progress.stage)",
            recipient: recipient(progress.partner), fields: fields, fact: fact(progress))
    }

    /// A notice for every partner of `wave` that holds one of its `onboarded:` gates back: the stage
    /// the gate waits for, and the current stage's items still to do.
    public static func holdingBack(
        _ wave: ReleaseWave, progress: [PartnerProgress], rules: OnboardingRules, waves: [ReleaseWave]
    ) -> [NoticeDraft] {
        let targets = wave.gates.compactMap { gate -> String? in
            if case .onboarded(let stage) = gate { return stage }
            return nil
        }
        guard let target = targets.compactMap({ rules.index(of: $0) }).max() else { return [] }
        return progress.filter { $0.partner.wave == wave.id && $0.stageIndex < target }.map {
            gate($0, wave: wave, target: rules.stages[target], rules: rules, waves: waves)
        }
    }

    /// The notice to a partner that `wave` waits for it to reach `target`.
    public static func gate(
        _ partner: PartnerProgress, wave: ReleaseWave, target: OnboardingStage, rules: OnboardingRules,
        waves: [ReleaseWave]
    ) -> NoticeDraft {
        var fields = partnerFields(partner.partner, waves: waves)
        fields["wave_name"] = .text(wave.name)
        fields["wave_date"] = .text(wave.date?.spelledOut ?? "not yet dated")
        fields["stage"] = .text(partner.stage)
        fields["stage_name"] = .text(rules.stages.first { $0.id == partner.stage }?.name ?? partner.stage)
        fields["gate_stage_name"] = .text(target.name)
        let open = partner.items.filter { $0.tick == nil }
        fields["items"] = items(open, zone: partner.partner.timeZone)
        fields["has_items"] = .flag(!open.isEmpty)
        return NoticeDraft(
            kind: .gate, subject: "partner:\(partner.partner.id)",
            key: "\(partner.partner.id):\(wave.id):\(partner.stage)",
            recipient: recipient(partner.partner), fields: fields, fact: fact(partner))
    }

    static func partnerFields(_ partner: Partner, waves: [ReleaseWave]) -> [String: TemplateValue] {
        let wave = waves.first { $0.id == partner.wave }
        return [
            "partner_id": .text(partner.id), "partner_name": .text(partner.name), "wave": .text(partner.wave),
            "wave_name": .text(wave?.name ?? partner.wave),
            "wave_date": .text(wave?.date?.spelledOut ?? "not yet dated"),
        ]
    }

    /// Checklist items with their due day in the contact's zone.
    static func items(_ items: [ItemStatus], zone name: String) -> TemplateValue {
        let zone = TimeZone(identifier: name) ?? .gmt
        return .list(
            items.map {
                .object([
                    "id": .text($0.id), "name": .text($0.name), "due": .text(LocalTime.day($0.due, in: zone)),
                    "due_iso": .text(Instant.format($0.due)), "done": .flag($0.tick != nil),
                ])
            })
    }
}
