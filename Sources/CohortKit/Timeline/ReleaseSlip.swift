import CohortCore
internal import CohortRender
import Foundation

/// `cohort release slip`: shifts a wave (and its dependants) like `timeline shift`, then drafts
/// `announcements/<date>-<wave>-delay.md` naming the old and new dates and the reason.
public struct ReleaseSlip: Sendable {
    public let session: ProgramSession

    public init(session: ProgramSession) { self.session = session }

    /// The draft's path for `wave` on `today`.
    public static func draftPath(wave: String, today: CivilDate) -> (slug: String, path: String) {
        let slug = "\(today)-\(wave)-delay"
        return (slug, "announcements/\(slug).md")
    }

    /// Records the slip in one transaction, then writes the draft (refused beforehand if it exists).
    public func run(_ wave: String, _ request: ShiftRequest, reason: String, audit: AuditContext) throws -> ShiftReport
    {
        guard let declared = session.program.waves.first(where: { $0.id == wave }) else {
            throw ReleaseError.unknownWave(wave, known: session.program.waves.map(\.id))
        }
        let today = CivilDate(audit.now, in: session.program.timeZone)
        let (slug, path) = Self.draftPath(wave: wave, today: today)
        guard !session.workspace.exists(path) else { throw AnnouncementError.exists(path) }
        var report = try TimelinePlanning(session).shift(
            wave, request, reason: reason, audit: audit, rendered: Self.renderedTexts(session))
        let shifted = try session.applyingShifts()
        let newDate = shifted.program.waves.first { $0.id == wave }?.date?.spelledOut ?? "a later date"
        let article = newDate.hasSuffix("half of \(newDate.suffix(4))") ? "the " : ""
        let title = "\(declared.name) moves to \(article)\(newDate)"
        let build = try AnnouncementBuild(session: shifted, now: audit.now)
        report.drafted = try build.create(
            kind: "delay", slug: slug, today: today, title: title,
            outline: AnnouncementSkeleton.delay(
                wave: wave, reason: reason,
                alsoMoved: report.moved.filter { $0.id != wave && $0.to != nil }.map { ($0.kind.rawValue, $0.id) }))
        // The notice keeps the dates it was written with, whatever slips later: its context is
        // captured now. A draft that does not render yet is left for `announce render` to report.
        if let prepared = try? build.prepare([slug]) { try build.write(prepared) }
        return report
    }

    /// Every announcement's text on each channel as it renders now, by slug; empty when the
    /// announcements do not render (the committed outputs are read instead).
    public static func renderedTexts(_ session: ProgramSession) -> [String: [String]] {
        guard let rendered = try? AnnouncementBuild(session: session, now: .distantPast).render() else { return [:] }
        var texts: [String: [String]] = [:]
        for announcement in rendered {
            texts[announcement.slug] = [announcement.metaWiki, announcement.blogHTML, announcement.mailText].compactMap
            {
                $0
            }
        }
        return texts
    }
}
