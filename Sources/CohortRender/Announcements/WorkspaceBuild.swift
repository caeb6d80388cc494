import CohortCore
import CohortStore

/// `cohort build`: check the workspace, render every announcement, lint them.
public struct WorkspaceBuild: Sendable {
    public let session: ProgramSession

    public init(session: ProgramSession) { self.session = session }

    /// What a build did and found.
    public struct Report: Sendable, Encodable {
        public var announcements: RenderReport
        public var problems: [Diagnostic]
        public var ok: Bool { problems.isEmpty && announcements.outdated.isEmpty }

        enum CodingKeys: String, CodingKey {
            case ok, announcements, problems
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ok, forKey: .ok)
            try container.encode(announcements, forKey: .announcements)
            try container.encode(
                CheckReport(program: nil, problems: problems).problems.map(\.description), forKey: .problems)
        }
    }

    /// Checks, renders (or, with `checkOnly`, compares) and lints.
    public func run(checkOnly: Bool) throws -> Report {
        var problems = session.workspace.check().problems
        let build = try AnnouncementBuild(session: session)
        let announcements = try build.run(checkOnly: checkOnly)
        problems += try build.lint()
        return Report(announcements: announcements, problems: problems)
    }
}

/// `cohort build` for people.
public enum BuildText {
    public static func render(_ report: WorkspaceBuild.Report, checkOnly: Bool) -> String {
        let count = Plural.count(report.announcements.rendered.count, "announcement")
        if checkOnly {
            return report.announcements.outdated.isEmpty
                ? "\(count) up to date" : "\(count) rendered; some outputs are out of date"
        }
        var lines = ["Rendered \(count); \(Plural.count(report.announcements.written.count, "file")) changed"]
        lines += report.announcements.written.map { "  \($0)" }
        if report.problems.isEmpty { lines.append("No problems found") }
        return lines.joined(separator: "\n")
    }
}
