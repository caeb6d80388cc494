import CohortCore
import Foundation

/// Partners, their onboarding history, ticked checklist items and reminders sent.
public protocol PartnerRecords {
    /// Every partner, in the order they were added.
    func partners() throws -> [Partner]
    /// Adds or replaces a partner (by id).
    func save(_ partner: Partner) throws
    /// Every stage move, oldest first.
    func stageSteps() throws -> [StageStep]
    func append(_ step: StageStep) throws
    /// Every ticked checklist item, oldest first.
    func checklistTicks() throws -> [ChecklistTick]
    func append(_ tick: ChecklistTick) throws
    /// Every reminder sent, oldest first.
    func reminders() throws -> [ReminderRecord]
    func append(_ reminder: ReminderRecord) throws
}
