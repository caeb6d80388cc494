import CohortCore
internal import CohortStore
import Foundation

extension ProgramReporting {
    /// Where the program stands at `now`, with what the records hold.
    public func status(now: Date) throws -> ProgramStatus {
        let store = try openStore()
        var completed: Set<String> = []
        let summary = try store.read { records in
            completed = Set(try records.completions().map(\.milestone))
            var summary = RecordSummary(auditEntries: try records.auditCount())
            let cohort = try using(PilotEnrolment.self).cohort(records)
            if !cohort.signups.isEmpty { summary.pilot = PilotFill(cohort, now: now) }
            if let next = WorkshopSession.next(after: now, in: try records.sessions()) {
                summary.nextWorkshop = NextWorkshop(next, registered: try records.registrations(session: next.id).count)
            }
            // Every record is read and decoded once: the cohort and the partners serve the plan too.
            let partners = try using(PartnerOnboarding.self).partnerProgress(records)
            if !partners.isEmpty {
                summary.partners = PartnerFunnel.make(partners, rules: program.onboarding, now: now)
            }
            let onboarding = PartnerOnboardingGate(progress: partners, rules: program.onboarding, now: now)
            summary.nextWave = try using(TimelinePlanning.self).releasePlan(
                records, now: now, onboarding: onboarding, signups: cohort.signups
            ).next
            summary.questions = try records.latestTalkReading(asOf: now)
            summary.store = self.records.description
            summary.backend = self.records.backend
            return summary
        }
        return ProgramStatus(program: program, now: now, records: summary, completed: completed)
    }
}
