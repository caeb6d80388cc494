import Foundation

/// A milestone recorded as reached (`cohort timeline done`): when, by whom, and a note.
public struct MilestoneCompletion: Sendable, Equatable {
    public var milestone: String
    public var at: Date
    public var by: String
    public var note: String

    public init(milestone: String, at: Date, by: String, note: String = "") {
        self.milestone = milestone
        self.at = at
        self.by = by
        self.note = note
    }
}

/// A milestone whose date has passed with no completion recorded.
public struct OverdueMilestone: Sendable, Equatable, Encodable {
    public var id: String
    public var name: String
    public var date: DateLine
    /// Whole days since the last day its date can mean.
    public var daysOverdue: Int

    /// The milestones of `program` past their date on `today` and not in `completed`, oldest first.
    public static func find(_ program: Program, completed: Set<String>, today: CivilDate) -> [OverdueMilestone] {
        program.milestones
            .filter { $0.date.last < today && !completed.contains($0.id) }
            .sorted { ($0.date.last, $0.id) < ($1.date.last, $1.id) }
            .map {
                OverdueMilestone(
                    id: $0.id, name: $0.name, date: DateLine($0.date), daysOverdue: $0.date.last.days(until: today))
            }
    }

    /// One line for a terminal: `coding-complete (Coding complete) was due May 2022, 12 days ago,
    /// and is not recorded done`.
    public var text: String {
        "\(id) (\(name)) was due \(date.text), \(daysOverdue) \(daysOverdue == 1 ? "day" : "days") ago, and is not recorded done; `cohort timeline done \(id)` once it is, or shift it to when it will be"
    }
}
