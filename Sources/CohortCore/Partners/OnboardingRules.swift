import Foundation

/// One thing to do while a partner is at a stage, due a fixed time after the stage was entered.
public struct ChecklistItem: Sendable, Equatable, Identifiable {
    /// Unique across all stages, so `partner check ID ITEM` needs no stage.
    public var id: String
    public var name: String
    /// How long after entering the stage it is due.
    public var due: Lag

    public init(id: String, name: String, due: Lag) {
        self.id = id
        self.name = name
        self.due = due
    }
}

/// One onboarding stage and its checklist.
public struct OnboardingStage: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var checklist: [ChecklistItem]

    public init(id: String, name: String? = nil, checklist: [ChecklistItem] = []) {
        self.id = id
        self.name = name ?? id
        self.checklist = checklist
    }
}

/// How partners are onboarded: the stages in order, each with its checklist, and how often a
/// contact may be reminded of the same overdue item.
public struct OnboardingRules: Sendable, Equatable {
    public var stages: [OnboardingStage]
    /// The shortest time between two reminders of the same item (default 7 days).
    public var reminderInterval: Lag

    public init(stages: [OnboardingStage] = OnboardingRules.defaultStages, reminderInterval: Lag = Lag(days: 7)) {
        self.stages = stages
        self.reminderInterval = reminderInterval
    }

    /// The plan's stages: invited, NDA signed, technical onboarding, strategic onboarding, ready,
    /// access granted; with the checklists the plan describes for the two onboarding stages.
    public static let defaultStages: [OnboardingStage] = [
        OnboardingStage(id: "invited", name: "Invited"),
        OnboardingStage(id: "nda-signed", name: "NDA signed"),
        OnboardingStage(
            id: "technical-onboarding", name: "Technical onboarding",
            checklist: [
                ChecklistItem(id: "account-access", name: "Account access", due: Lag(days: 3)),
                ChecklistItem(id: "tool-walkthrough", name: "Tool walkthrough", due: Lag(days: 10)),
            ]),
        OnboardingStage(
            id: "strategic-onboarding", name: "Strategic onboarding",
            checklist: [
                ChecklistItem(id: "sense-making", name: "Data sense-making conversation", due: Lag(days: 14))
            ]),
        OnboardingStage(id: "ready", name: "Ready"),
        OnboardingStage(id: "access-granted", name: "Access granted"),
    ]

    /// The stage ids in order.
    public var stageIDs: [String] { stages.map(\.id) }

    /// The position of `stage`, or nil when the program has no such stage.
    public func index(of stage: String) -> Int? { stages.firstIndex { $0.id == stage } }

    /// The stage a checklist item belongs to.
    public func stage(ofItem item: String) -> OnboardingStage? {
        stages.first { $0.checklist.contains { $0.id == item } }
    }

    /// Every checklist item id, in stage order.
    public var itemIDs: [String] { stages.flatMap { $0.checklist.map(\.id) } }
}
