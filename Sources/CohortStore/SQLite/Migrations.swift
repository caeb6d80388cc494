import GRDB

/// A named, forward-only schema change. Once released, a migration is never edited: add another.
struct Migration: Sendable {
    let name: String
    let body: @Sendable (Database) throws -> Void
}

/// Every migration, in the order they apply. A capability adds its own in its
/// `SQLiteTransaction+<Capability>.swift` file and appends it here, after the existing ones.
enum Migrations {
    static let all: [Migration] = [
        auditLog,
        outbox,
        feedback,
        pilot,
        workshop,
        timeline,
        partners,
        notices,
        workshopAudiences,
        feedbackModeration,
        announcementChannels,
        timelineCascades,
        outboxClaims,
        feedbackCodebookVersion,
        auditRecordedAt,
        feedbackTalkSections,
        pilotUnanswered,
        milestoneCompletions,
        talkReadings,
    ]
}
