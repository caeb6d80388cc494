import Foundation

/// One piece of community feedback: a talk-page section, a pilot-session note, a survey answer.
public struct FeedbackItem: Sendable, Equatable, Identifiable {
    /// The id the feedback CSV gives it (`fb-001`); imports are idempotent by it.
    public var id: String
    /// Where it came from (`talk-page`, `pilot-session`, `survey`).
    public var source: String
    public var receivedAt: Date
    /// Who wrote it. Personal data: kept private, never in a report unless asked for.
    public var author: String?
    public var text: String
    /// Themes it came in under (the prompt or section it answered), before any judge codes it.
    public var themes: [String]
    /// The talk-page section it was written under, when it came from one: where it was said, not a
    /// theme (themes are the judges').
    public var section: String?
    /// Signed after input closed: kept, and shown as late.
    public var late: Bool

    public init(
        id: String, source: String, receivedAt: Date, author: String? = nil, text: String, themes: [String] = [],
        section: String? = nil, late: Bool = false
    ) {
        self.id = id
        self.source = source
        self.receivedAt = receivedAt
        self.author = author
        self.text = text
        self.themes = themes
        self.section = section
        self.late = late
    }
}

/// One judge's code for an item in one coding round: a category and the themes they saw.
public struct FeedbackCode: Sendable, Equatable {
    public var itemID: String
    /// The coding round: 0 at first, one more after each clarification.
    public var round: Int
    public var judge: String
    public var category: FeedbackCategory
    public var themes: [String]
    public var codedAt: Date
    /// The version of `codebook.yaml` the code was made under; nil when the workspace had none.
    public var codebookVersion: Int?

    public init(
        itemID: String, round: Int = 0, judge: String, category: FeedbackCategory, themes: [String] = [],
        codedAt: Date, codebookVersion: Int? = nil
    ) {
        self.itemID = itemID
        self.round = round
        self.judge = judge
        self.category = category
        self.themes = themes
        self.codedAt = codedAt
        self.codebookVersion = codebookVersion
    }
}

/// The category the judges agreed on for an item they had coded differently, and why.
public struct Reconciliation: Sendable, Equatable {
    public var itemID: String
    public var round: Int
    public var category: FeedbackCategory
    public var note: String
    /// Who agreed it (`--by`).
    public var by: String
    public var at: Date

    public init(itemID: String, round: Int, category: FeedbackCategory, note: String, by: String, at: Date) {
        self.itemID = itemID
        self.round = round
        self.category = category
        self.note = note
        self.by = by
        self.at = at
    }
}

/// A clarification received for an unclear item. It closes the item's coding round: the earlier
/// codes stay in the history and both judges code the item again.
public struct Clarification: Sendable, Equatable {
    public var itemID: String
    /// The round it closes.
    public var round: Int
    public var note: String
    public var by: String
    public var at: Date

    public init(itemID: String, round: Int, note: String, by: String, at: Date) {
        self.itemID = itemID
        self.round = round
        self.note = note
        self.by = by
        self.at = at
    }
}

/// An item hidden under the plan's rules of engagement ("comments that violate these expectations
/// will be hidden or removed"), or shown again. The latest change of an item says whether it is
/// hidden; every one stays in the history.
public struct VisibilityChange: Sendable, Equatable {
    public var itemID: String
    public var hidden: Bool
    /// Why (`conduct`); for an unhiding, why it is shown again.
    public var reason: String
    public var by: String
    public var at: Date

    public init(itemID: String, hidden: Bool, reason: String, by: String, at: Date) {
        self.itemID = itemID
        self.hidden = hidden
        self.reason = reason
        self.by = by
        self.at = at
    }

    /// A hiding reason as written (`conduct`), or nil when it cannot be one short line.
    public static func reason(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 80,
            !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        return trimmed
    }
}

/// A question sent to a commenter whose item was coded unclear: by mail when the item has an
/// address, else as a talk-page reply drafted for staff to post. The item awaits clarification
/// until it is coded again.
public struct ClarificationRequest: Sendable, Equatable {
    /// How the question reaches the commenter.
    public enum Channel: String, Sendable, Codable {
        case mail
        case talkPage = "talk-page"
    }

    public var itemID: String
    /// The coding round the question is about.
    public var round: Int
    public var question: String
    public var channel: Channel
    public var by: String
    public var at: Date

    public init(itemID: String, round: Int, question: String, channel: Channel, by: String, at: Date) {
        self.itemID = itemID
        self.round = round
        self.question = question
        self.channel = channel
        self.by = by
        self.at = at
    }
}

/// Themes as a CSV cell or an option spells them: separated by `;`, trimmed, empty ones and
/// repeats dropped, first appearance kept.
public enum Themes {
    /// `"access; metrics;access"` → `["access", "metrics"]`.
    public static func parse(_ text: String) -> [String] {
        merge(text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
    }

    /// The themes of every list in order, each once.
    public static func merge<S: Sequence>(_ lists: S) -> [String] where S.Element == String {
        var seen: Set<String> = []
        return lists.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
