import CohortCore
internal import CohortStore
import Foundation

extension PartnerOnboarding {
    /// Tells every partner that holds one of `wave`'s `onboarded:` gates back what is still to do:
    /// a notice each, queued in the outbox, once per partner and stage.
    public func notifyHoldingBack(_ waveID: String, audit: AuditContext) throws -> GateNotices {
        guard let wave = program.waves.first(where: { $0.id == waveID }) else {
            throw ReleaseError.unknownWave(waveID, known: program.waves.map(\.id))
        }
        return try transaction { records in
            let drafts = PartnerNotices.holdingBack(
                wave, progress: try partnerProgress(records), rules: program.onboarding,
                waves: program.waves)
            let people = drafts.map(\.recipient.id)
            if !people.isEmpty {
                try records.append(
                    audit.entry(
                        action: "notify", subject: "wave:\(wave.id)",
                        reason:
                            "telling the partners who hold its onboarded gate back: \(people.joined(separator: ", "))"
                    ))
            }
            return GateNotices(
                wave: wave.id, partners: people,
                notices: try using(Notifications.self).queueNotices(drafts, records: records, audit: audit))
        }
    }
}

/// What `release notify` told: the partners holding the wave's onboarding gate back.
public struct GateNotices: Sendable, Encodable {
    public var wave: String
    public var partners: [String]
    public var notices: NoticeSummary

    public var text: String {
        guard !partners.isEmpty else { return "Nobody holds an onboarding gate of \(wave) back; nothing to tell." }
        return "Holding \(wave) back: \(partners.joined(separator: ", ")). "
            + (notices.text ?? "Each was told at this stage before; nothing new queued.")
    }
}
