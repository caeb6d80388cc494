import CohortCore
import CohortTestSupport
import Foundation
import Testing

/// What each audience's report holds: the public one no name, address or NDA detail.
@Suite("StatusReport")
struct StatusReportTests {
    let program: Program
    let now = Instant.parse("2022-03-15T00:00:00Z")!

    init() throws {
        program = try ProgramDecoder.decode(try Repository.exampleConfiguration()).get()
    }

    func facts() throws -> ReportFacts {
        let (scheduled, timeline) = try Timeline.schedule(program).get()
        let signups = [
            Signup(
                username: "ameliaK", email: "amelia.k@example.org", signedUpAt: now.addingTimeInterval(-86_400 * 40),
                nda: .signed, standing: .enrolled),
            Signup(
                username: "pieter.v", email: "pieter.v@example.org", signedUpAt: now.addingTimeInterval(-86_400 * 39),
                nda: .declined),
        ]
        let cohort = PilotCohort(signups: signups, capacity: 9, rules: scheduled.pilot)
        let partner = Partner(
            id: "wm-ke", name: "Wikimedia Community Kenya", kind: .affiliate, region: "Africa",
            contactName: "Achieng Otieno", contactEmail: "achieng@example.org", timeZone: "Africa/Nairobi",
            wave: "partners")
        let step = StageStep(partner: "wm-ke", from: nil, to: "invited", move: .start, at: now, by: "Rosa Quintero")
        let progress = [Onboarding.progress(partner, steps: [step], ticks: [], rules: scheduled.onboarding)]
        let plan = ReleasePlan.make(
            scheduled,
            facts: ReleaseFacts(
                now: now, events: [],
                members: [(username: "ameliaK", ndaSigned: true), (username: "x.y", ndaSigned: false)],
                onboarding: PartnerOnboardingGate(progress: progress, rules: scheduled.onboarding, now: now)))
        let shift = TimelineShift(
            item: "results-blog", from: try PlannedDate.parse("2022-06").get(),
            to: try PlannedDate.parse("2022-07").get(),
            reason: "Translations took longer", by: "Jonas Lindqvist", at: now)
        return ReportFacts(
            program: scheduled, timeline: timeline, shifts: [shift], cohort: cohort, partners: progress,
            releasePlan: plan,
            announcements: [
                AnnouncementStanding(
                    slug: "x", title: "X", date: "2022-06-15",
                    channels: [.init(channel: "mail", state: "sent", by: "Rosa Quintero")])
            ])
    }

    @Test func thePublicReportHoldsNoNameAddressOrNDADetail() throws {
        let report = StatusReport.make(try facts(), audience: .public, now: now)
        let pilot = try #require(report.pilot)
        #expect(pilot.people.isEmpty)
        #expect(pilot.nda.isEmpty)
        #expect((pilot.capacity, pilot.enrolled, pilot.signups) == (9, 1, 2))
        #expect(report.partners?.partners.isEmpty == true)
        #expect(report.partners?.funnel.partners == 1)
        #expect(report.timeline.slips.allSatisfy { $0.by == nil })
        #expect(report.timeline.slips(of: "results-blog").map(\.reason) == ["Translations took longer"])
        #expect(report.announcements.flatMap(\.channels).allSatisfy { $0.by == nil })
        let gates = report.waves.flatMap(\.gates)
        #expect(gates.allSatisfy { $0.holdingBack.isEmpty })
        #expect(gates.contains { $0.gate == "approval" && $0.reason == "not approved yet" })
        #expect(gates.first { $0.gate == "nda: signed" }?.reason == nil, "no NDA figures")
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        for secret in [
            "ameliaK", "pieter.v", "example.org", "Achieng", "Rosa Quintero", "Jonas Lindqvist", "x.y", "Amara",
        ] {
            #expect(!json.contains(secret), "\(secret) in the public report")
        }
    }

    @Test func theStaffReportNamesWhoStandsWhere() throws {
        let report = StatusReport.make(try facts(), audience: .staff, now: now)
        let pilot = try #require(report.pilot)
        #expect(pilot.people.map(\.username) == ["ameliaK", "pieter.v"])
        #expect(pilot.people.map(\.ineligible) == [[], [.ndaDeclined]])
        #expect(pilot.nda.first { $0.status == .declined }?.count == 1)
        #expect(report.partners?.partners.map(\.name) == ["Wikimedia Community Kenya"])
        #expect(report.timeline.slips(of: "results-blog").map(\.by) == ["Jonas Lindqvist"])
        #expect(report.waves.flatMap(\.gates).contains { $0.holdingBack == ["x.y"] })
        #expect(report.waves.flatMap(\.gates).contains { $0.gate == "approval: Rosa Quintero" })
        #expect(report.announcements.first?.channels.first?.by == "Rosa Quintero")
    }

    @Test func sectionsWithNothingToShowAreEmpty() throws {
        let (scheduled, timeline) = try Timeline.schedule(program).get()
        let plan = ReleasePlan.make(scheduled, facts: ReleaseFacts(now: now, events: [], members: []))
        let report = StatusReport.make(
            ReportFacts(
                program: scheduled, timeline: timeline,
                cohort: PilotCohort(signups: [], capacity: 9, rules: scheduled.pilot), releasePlan: plan),
            audience: .staff, now: now)
        #expect(report.pilot == nil)
        #expect(report.partners == nil)
        #expect(report.feedback == nil)
        #expect(report.workshops.isEmpty)
        #expect(report.phase?.id == "analysis")
        #expect(report.timeline.slips.map(\.id) == ["public"], "the previous_date in cohort.yaml")
        #expect(report.timeline.slips.first?.reason == nil)
    }
}
