import CohortCore
internal import CohortRender
import Foundation

/// `cohort build`: check the workspace, render every announcement, lint them.
public struct WorkspaceBuild: Sendable {
    public let session: ProgramSession

    public init(session: ProgramSession) { self.session = session }

    /// What a build did and found.
    public struct Report: Sendable, Encodable {
        public var announcements: RenderReport
        public var problems: [Diagnostic]
        /// Calendar files written, or (with `--check`) found out of date.
        public var calendars = CalendarReport()
        /// The public status report (`calendar/report.html`), written or found out of date.
        public var report = CalendarReport()
        public var ok: Bool {
            problems.isEmpty && announcements.outdated.isEmpty && calendars.outdated.isEmpty && report.outdated.isEmpty
        }
        /// What does not fail the build but is worth saying, for stderr.
        public var warnings: [String] = []
        /// The announcements that went out and would now read differently: a follow-up is due.
        public var wouldNowDiffer: [FrozenChannel] { announcements.frozen.filter(\.wouldNowDiffer) }

        /// What goes to stderr: every problem, every out-of-date output and how to fix it.
        public var findings: [String] {
            var lines = warnings + problems.map(\.description)
            lines += announcements.outdated.map { "\($0): out of date; run `cohort build` and commit it" }
            lines += calendars.outdated.map {
                "\($0): out of date; run `cohort build` (or `cohort calendar`) and commit it"
            }
            lines += report.outdated.map { "\($0): out of date with the records; run `cohort build` and commit it" }
            lines += report.notes
            if !ok { lines.append("cohort: the build found problems") }
            return lines
        }

        enum CodingKeys: String, CodingKey {
            case ok, announcements, problems, calendars, report
        }

        /// By hand: `ok` computed, problems as their one-line descriptions, warnings left to stderr.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ok, forKey: .ok)
            try container.encode(announcements, forKey: .announcements)
            try container.encode(calendars, forKey: .calendars)
            try container.encode(report, forKey: .report)
            try container.encode(
                CheckReport(program: nil, problems: problems).problems.map(\.description), forKey: .problems)
        }
    }

    /// What a build did with the calendars (or the report).
    public struct CalendarReport: Sendable, Encodable {
        public var written: [String] = []
        public var outdated: [String] = []
        /// Why a file was left alone, for stderr.
        public var notes: [String] = []
    }

    /// Checks, renders (or, with `checkOnly`, compares) and lints; writes `calendar/program.ics`
    /// stamped `now` (a file that differs only in DTSTAMP is up to date and left alone). With
    /// `refresh`, every announcement's record context is taken anew from the records.
    public func run(checkOnly: Bool, refresh: Bool = false, now: Date) throws -> Report {
        var problems = session.workspace.check().problems
        var build = try AnnouncementBuild(session: session, now: now)
        build.refresh = refresh
        let announcements = try build.run(checkOnly: checkOnly)
        problems += try build.lint()
        var report = Report(announcements: announcements, problems: problems)
        report.warnings = AnnouncementBuild.warnings(try build.prepare()).map(\.description)
        let path = "calendar/program.ics"
        let existing = try? session.workspace.readText(path)
        let text = try CalendarExport(session).programCalendar(stamp: now, remember: !checkOnly).keepingStamps(
            of: existing
        ).render()
        if existing.map({ Self.withoutStamps($0) != Self.withoutStamps(text) }) ?? true {
            if checkOnly {
                report.calendars.outdated.append(path)
            } else {
                try session.workspace.writeAll([path: text])
                report.calendars.written.append(path)
            }
        }
        report.report = try publicReport(checkOnly: checkOnly, now: now)
        return report
    }

    /// Writes (or, with `checkOnly`, compares) the public status report. A check makes the report
    /// again as of the instant the committed file names, so it does not depend on the day it runs.
    /// Where there are no records, an existing report is left alone rather than replaced with
    /// one that has nothing in it.
    func publicReport(checkOnly: Bool, now: Date) throws -> CalendarReport {
        var result = CalendarReport()
        let path = ProgramReporting.reportPath
        let existing = try? session.workspace.readText(path)
        if existing != nil, try !ProgramReporting(session).hasRecords() {
            result.notes.append(
                "cohort: \(path) left as it is: there are no records here to make it from (Scripts/example-records makes the example's)"
            )
            return result
        }
        let asOf = checkOnly ? (existing.flatMap(ReportPage.asOf) ?? now) : now
        let text = ReportPage.render(try ProgramReporting(session).statusReport(now: asOf, audience: .public))
        guard existing != text else { return result }
        if checkOnly {
            result.outdated.append(path)
        } else {
            try session.workspace.writeAll([path: text])
            result.written.append(path)
        }
        return result
    }

    /// Calendar text without its DTSTAMP lines, which only say when it was written.
    public static func withoutStamps(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("DTSTAMP:") }
            .joined(separator: "\r\n")
    }
}

/// `cohort build` for people.
public enum BuildText {
    public static func render(_ report: WorkspaceBuild.Report, checkOnly: Bool) -> String {
        let count = Plural.count(report.announcements.rendered.count, "announcement")
        if checkOnly {
            return
                ([
                    report.announcements.outdated.isEmpty
                        ? "\(count) up to date" : "\(count) rendered; some outputs are out of date"
                ] + report.announcements.frozenLines).joined(separator: "\n")
        }
        var lines = ["Rendered \(count); \(Plural.count(report.announcements.written.count, "file")) changed"]
        lines += report.announcements.written.map { "  \($0)" }
        lines += report.calendars.written.map { "Wrote \($0)" }
        lines += report.report.written.map { "Wrote \($0) (the public status report)" }
        lines += report.announcements.frozenLines + report.announcements.unchangedLines
        if report.problems.isEmpty { lines.append("No problems found") }
        return lines.joined(separator: "\n")
    }
}
