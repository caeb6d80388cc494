import CohortCore
internal import CohortRender
import Foundation

/// `cohort check` for people.
public enum CheckText {
    /// The one line printed when a workspace is valid.
    public static func summary(_ report: CheckReport, file: String) -> String {
        guard let program = report.program else { return "\(file): ok" }
        let counts = [
            Plural.count(program.phases.count, "phase"),
            Plural.count(program.milestones.count, "milestone"),
            Plural.count(program.waves.count, "release wave"),
            Plural.count(program.judges.count, "judge"),
        ]
        return "\(file): ok — \(program.name): " + counts.joined(separator: ", ")
    }
}
