/// The plan's six categories for a piece of community feedback, in the plan's order. Two judges
/// code each item into one of them; the final category routes it to its disposition.
public enum FeedbackCategory: String, CaseIterable, Sendable, Codable, Comparable {
    case integrateNow = "integrate-now"
    case needsResourcing = "needs-resourcing"
    case noAgreement = "no-agreement"
    case unclear
    case outOfScope = "out-of-scope"
    case againstAim = "against-aim"

    /// The plan's words for the category.
    public var meaning: String {
        switch self {
        case .integrateNow: "can integrate right away; all agree it improves"
        case .needsResourcing: "can integrate, but needs time or resourcing"
        case .noAgreement: "could integrate, but not all agree"
        case .unclear: "unclear"
        case .outOfScope: "does not align to a problem space in scope"
        case .againstAim: "goes against the aim of the project"
        }
    }

    /// Where an item of this final category goes next.
    public var disposition: Disposition {
        switch self {
        case .integrateNow: .actNow
        case .needsResourcing: .strategicPlanning
        case .noAgreement: .ideaParkingLot
        case .unclear: .clarificationRequested
        case .outOfScope: .beyondScope
        case .againstAim: .challengePoints
        }
    }

    /// Every id, for messages: `integrate-now, needs-resourcing, …`.
    public static let idList = allCases.map(\.rawValue).joined(separator: ", ")

    /// Reads a category id, or throws `unknownCategory` with the nearest id.
    public static func parse(_ text: String) throws(FeedbackError) -> FeedbackCategory {
        guard let category = FeedbackCategory(rawValue: text) else { throw .unknownCategory(text) }
        return category
    }

    public static func < (lhs: FeedbackCategory, rhs: FeedbackCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The next step for an item, by its final category (the plan's "how will the analysed input be used").
public enum Disposition: String, CaseIterable, Sendable, Codable {
    case actNow = "act-now"
    case strategicPlanning = "strategic-planning"
    case ideaParkingLot = "idea-parking-lot"
    case clarificationRequested = "clarification-requested"
    case beyondScope = "beyond-scope"
    case challengePoints = "challenge-points"

    /// The category that routes here.
    public var category: FeedbackCategory {
        FeedbackCategory.allCases.first { $0.disposition == self }!
    }

    /// A heading for people: "Act now", "Idea parking lot".
    public var title: String {
        switch self {
        case .actNow: "Act now"
        case .strategicPlanning: "Strategic planning"
        case .ideaParkingLot: "Idea parking lot"
        case .clarificationRequested: "Clarification requested"
        case .beyondScope: "Beyond scope (idea parking lot)"
        case .challengePoints: "Challenge points"
        }
    }
}
