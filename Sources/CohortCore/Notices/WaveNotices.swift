import Foundation

/// The notices a release wave's opening, pause and resumption call for, to the wave's audience:
/// the enrolled participants of a wave gated on the NDA (the pilot), the onboarded partners of a
/// wave partners belong to, and otherwise (the public wave) the release-updates mailing list.
public enum WaveNotices {
    /// The notice kind `action` calls for; nil for an approval or an override.
    public static func kind(_ action: ReleaseEvent.Action) -> NoticeKind? {
        switch action {
        case .open: .waveOpen
        case .pause: .wavePause
        case .resume: .waveResume
        case .approve, .override: nil
        }
    }

    /// The fact a wave notice tells of: whether the wave is open or paused.
    public static func fact(_ kind: NoticeKind) -> String { kind == .wavePause ? "wave:paused" : "wave:open" }

    /// Who hears of `wave`'s changes; see the type's comment.
    public static func audience(
        _ wave: ReleaseWave, signups: [Signup], partners: [PartnerProgress], rules: OnboardingRules,
        updatesList: MailingList?, timeZone: String
    ) -> [NoticeRecipient] {
        if wave.gates.contains(.ndaSigned) {
            return signups.filter { $0.standing == .enrolled }.map(PilotNotices.recipient)
        }
        let targets = wave.gates.compactMap { gate -> Int? in
            if case .onboarded(let stage) = gate { return rules.index(of: stage) }
            return nil
        }
        let members = partners.filter { $0.partner.wave == wave.id }
        if !targets.isEmpty || !members.isEmpty {
            let target = targets.max() ?? 0
            return members.filter { $0.stageIndex >= target }.map { PartnerNotices.recipient($0.partner) }
        }
        guard let list = updatesList else { return [] }
        return [
            NoticeRecipient(id: "list:\(list.id)", name: list.name ?? list.id, email: list.address, timeZone: timeZone)
        ]
    }

    /// One notice of `kind` per recipient, keyed by the wave, the recipient and the instant of the
    /// change, so a notice is queued once however often the command is retried.
    public static func drafts(
        _ kind: NoticeKind, wave: ReleaseWave, at: Date, reason: String, to recipients: [NoticeRecipient]
    ) -> [NoticeDraft] {
        let fields: [String: TemplateValue] = [
            "wave": .text(wave.id), "wave_name": .text(wave.name), "wave_audience": .text(wave.audience),
            "wave_date": .text(wave.date?.spelledOut ?? "not yet dated"), "reason": .text(reason),
            "has_reason": .flag(!reason.trimmingCharacters(in: .whitespaces).isEmpty),
        ]
        return recipients.map { recipient in
            NoticeDraft(
                kind: kind, subject: "wave:\(wave.id)", key: "\(wave.id):\(recipient.id):\(Instant.format(at))",
                recipient: recipient, fields: fields, fact: fact(kind))
        }
    }
}
