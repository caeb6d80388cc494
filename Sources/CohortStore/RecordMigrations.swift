/// The schema's history: one name per forward-only change, the same list for every backend. A
/// capability that adds tables adds its name here and a migration of that name to each backend
/// (`SQLite/Migrations.swift`, `Postgres/PostgresMigrations.swift`); a test fails while one
/// backend lacks it.
public enum RecordMigrations {
    public static let names = [
        "2026-11-29-audit-log",
        "2026-11-29-outbox",
        "2026-11-29-feedback",
        "2026-11-29-pilot",
        "2026-11-29-workshop",
        "2026-11-29-timeline",
        "2026-11-29-partners",
        "2026-12-06-notices",
        "2026-12-06-workshop-audiences",
        "2026-12-06-feedback-moderation",
        "2026-12-01-announcement-channels",
        "2026-12-01-timeline-cascades",
        "2026-12-01-outbox-claims",
        "2026-12-07-feedback-codebook-version",
        "2026-12-07-audit-recorded-at",
        "2026-12-07-feedback-talk-sections",
        "2026-12-07-pilot-unanswered",
        "2026-12-07-milestone-completions",
        "2026-12-07-talk-readings",
    ]
}
