import Foundation

/// What one announcement draws from the private records, captured when staff refresh it and
/// committed beside its outputs (`announcements/<slug>/context.json`): the figures of the sections
/// it uses (the feedback report, the cohort's fill, partner counts) and every timeline date after
/// recorded shifts, with the dates each had before. Rendering reads this, never the records, so a
/// fresh clone renders the same bytes. It holds no personal data: sections carry counts, themes
/// and only comments made in public.
public struct RecordContext: Sendable, Equatable {
    /// The format's version; another one is refused.
    public static let version = 1
    /// The record sections a context can hold, by the name templates use.
    public static let recordSections = ["feedback", "cohort", "partners"]

    /// When the figures were taken from the records (the command's clock).
    public var capturedAt: Date
    /// Sections by name, only those the announcement uses.
    public var sections: [String: TemplateValue]
    /// Every timeline item's date by `<kind>.<id>` (`wave.public`), with its earlier dates.
    public var dates: [String: ItemDates]

    public init(capturedAt: Date, sections: [String: TemplateValue] = [:], dates: [String: ItemDates] = [:]) {
        self.capturedAt = capturedAt
        self.sections = sections
        self.dates = dates
    }

    /// True when the two hold the same figures and dates, whenever they were captured.
    public func sameContent(as other: RecordContext) -> Bool {
        sections == other.sections && dates == other.dates
    }
}

/// One timeline item's date now and the dates it had before, oldest first.
public struct ItemDates: Sendable, Equatable {
    public var date: PlannedDate?
    public var history: [DateChange]

    public init(date: PlannedDate?, history: [DateChange] = []) {
        self.date = date
        self.history = history
    }
}

/// A date an item had, and when and why it changed from it. A date written in `cohort.yaml` as a
/// `previous_date` has no recorded time or reason.
public struct DateChange: Sendable, Equatable {
    public var date: PlannedDate
    public var changedAt: Date?
    public var reason: String

    public init(date: PlannedDate, changedAt: Date?, reason: String) {
        self.date = date
        self.changedAt = changedAt
        self.reason = reason
    }
}

extension RecordContext {
    /// The context of `program` as scheduled now (`timeline`) with the record `sections` an
    /// announcement uses.
    public static func capture(
        timeline: Timeline, sections: [any TemplateContextSection], uses: Set<String>, at now: Date
    ) -> RecordContext {
        var values: [String: TemplateValue] = [:]
        for section in sections where uses.contains(section.name) { values[section.name] = section.value() }
        var dates: [String: ItemDates] = [:]
        for item in timeline.items {
            dates["\(item.kind.rawValue).\(item.id)"] = ItemDates(date: item.date, history: item.history)
        }
        return RecordContext(capturedAt: now, sections: values, dates: dates)
    }

    /// `program` with the captured dates in place of its own (relative items fixed at them), so
    /// templates and lint see the dates the announcement was written with.
    public func applied(to program: Program) -> Program {
        var program = program
        for index in program.phases.indices {
            if let captured = dates["phase.\(program.phases[index].id)"], let date = captured.date {
                program.phases[index].dates = date
                program.phases[index].history = captured.history
            }
        }
        for index in program.milestones.indices {
            if let captured = dates["milestone.\(program.milestones[index].id)"], let date = captured.date {
                program.milestones[index].date = date
                program.milestones[index].history = captured.history
            }
        }
        for index in program.waves.indices {
            guard let captured = dates["wave.\(program.waves[index].id)"] else { continue }
            program.waves[index].date = captured.date
            program.waves[index].previousDate = captured.history.last?.date
            program.waves[index].history = captured.history
        }
        return program
    }

    /// What changed from `old` to `self`, one phrase each (`feedback.items: 40 → 42`), at most
    /// `limit`.
    public func changes(from old: RecordContext, limit: Int = 3) -> [String] {
        var changes: [String] = []
        for key in Set(old.dates.keys).union(dates.keys).sorted() {
            let before = old.dates[key]?.date?.description ?? "none"
            let after = dates[key]?.date?.description ?? "none"
            if before != after { changes.append("\(key): \(before) → \(after)") }
        }
        for name in Set(old.sections.keys).union(sections.keys).sorted() {
            changes += Self.changes(old.sections[name], sections[name], path: name)
        }
        return Array(changes.prefix(limit))
    }

    static func changes(_ old: TemplateValue?, _ new: TemplateValue?, path: String) -> [String] {
        guard old != new else { return [] }
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            return Set(a.keys).union(b.keys).sorted().flatMap { changes(a[$0], b[$0], path: "\(path).\($0)") }
        case (.list(let a)?, .list(let b)?) where a.count != b.count:
            return ["\(path): \(a.count) → \(b.count) entries"]
        case (.list(let a)?, .list(let b)?):
            return zip(a, b).enumerated().flatMap { changes($1.0, $1.1, path: "\(path)[\($0)]") }
        default:
            return ["\(path): \(old?.shortText ?? "none") → \(new?.shortText ?? "none")"]
        }
    }

    /// How the records (`live`, captured now) differ from this committed context, one phrase per
    /// change, at most `limit`. Only what the records can speak for counts: a section the records
    /// hold no figures for, or a date whose recorded shifts these records lack (a clone without
    /// the team's records), is not a change.
    public func staleness(against live: RecordContext, limit: Int = 3) -> [String] {
        var changes: [String] = []
        for (key, now) in live.dates.sorted(by: { $0.key < $1.key }) {
            guard let mine = dates[key], mine.date != now.date else { continue }
            let recordsLackShifts =
                now.history.count < mine.history.count && mine.history.starts(with: now.history)
            if !recordsLackShifts {
                changes.append("\(key): \(mine.date?.description ?? "none") → \(now.date?.description ?? "none")")
            }
        }
        for (name, value) in live.sections.sorted(by: { $0.key < $1.key }) where Self.hasFigures(value) {
            changes += Self.changes(sections[name], value, path: name)
        }
        return Array(changes.prefix(limit))
    }

    /// True when `section` holds figures (not an empty report): refreshing must not replace it
    /// with an empty one.
    public static func hasFigures(_ value: TemplateValue?) -> Bool {
        guard case .object(let fields)? = value else { return false }
        for key in ["items", "enrolled", "total"] {
            if case .number(let count)? = fields[key], count > 0 { return true }
        }
        return false
    }
}

extension TemplateValue {
    /// A value in a few words, for saying what changed.
    var shortText: String {
        switch self {
        case .text(let text): text.count > 40 ? "\"\(text.prefix(37))…\"" : "\"\(text)\""
        case .number(let number): String(number)
        case .flag(let flag): flag ? "yes" : "no"
        case .list(let items): "\(items.count) entries"
        case .object(let fields): "\(fields.count) fields"
        }
    }
}
