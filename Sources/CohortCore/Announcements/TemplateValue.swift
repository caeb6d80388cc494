/// A value templates can show: text, a number, a yes/no for sections, a list, or named fields.
/// The announcement context is built of these so it can be checked before rendering: a template
/// that names a variable the context lacks is an error, never a blank.
public indirect enum TemplateValue: Sendable, Equatable {
    case text(String)
    case number(Int)
    case flag(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// The value as swift-mustache renders it: strings, numbers, booleans, arrays, dictionaries.
    public var mustacheValue: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .list(let items): items.map(\.mustacheValue)
        case .object(let fields): fields.mapValues(\.mustacheValue)
        }
    }

    /// The named field of an object, or nil.
    public subscript(key: String) -> TemplateValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

/// The variables announcements and templates can use. Each capability adds its own section in one
/// place: a `TemplateContextSection` passed to `TemplateContext.build`.
public protocol TemplateContextSection: Sendable {
    /// The top-level name the section's fields live under (`program`, `pilot`, `feedback`).
    var name: String { get }
    /// The section's fields.
    func value() -> TemplateValue
}

/// Builds the context a template renders with.
public enum TemplateContext {
    /// The program's own sections (program, phases, milestones, waves, pilot rules) and `sections`
    /// from records, merged into one object.
    public static func build(program: Program, sections: [any TemplateContextSection] = []) -> TemplateValue {
        var fields: [String: TemplateValue] = [:]
        for section in ProgramContext.sections(program) + sections {
            fields[section.name] = section.value()
        }
        return .object(fields)
    }
}

/// A date as templates show it: words at its precision, and its canonical form.
extension PlannedDate {
    var templateFields: [String: TemplateValue] {
        [
            "date": .text(spelledOut), "date_iso": .text(description), "precision": .text(precision.rawValue),
            "first_day": .text(first.description), "last_day": .text(last.description),
            "date_phrase": .text(phrase),
        ]
    }
}

extension Array where Element == DateChange {
    /// An item's earlier dates for templates: `history` (each with its reason), `has_history`,
    /// `previous_date` (the latest of them) and `dates_so_far` ("May–June 2022, then the second
    /// half of 2022").
    var templateFields: [String: TemplateValue] {
        [
            "history": .list(
                map { change in
                    .object([
                        "date": .text(change.date.spelledOut), "date_iso": .text(change.date.description),
                        "date_phrase": .text(change.date.phrase), "reason": .text(change.reason),
                        "changed_at": .text(change.changedAt.map(Instant.format) ?? ""),
                    ])
                }),
            "has_history": .flag(!isEmpty), "has_previous_date": .flag(!isEmpty),
            "previous_date": .text(last?.date.spelledOut ?? ""),
            "previous_date_phrase": .text(last?.date.phrase ?? ""),
            "dates_so_far": .text(map(\.date.phrase).joined(separator: ", then ")),
        ]
    }
}

/// The sections every program has.
enum ProgramContext {
    struct Section: TemplateContextSection {
        let name: String
        let fields: TemplateValue
        func value() -> TemplateValue { fields }
    }

    static func sections(_ program: Program) -> [any TemplateContextSection] {
        let phases = program.phases.map { phase -> TemplateValue in
            var fields = phase.dates.templateFields.merging(phase.history.templateFields) { $1 }
            fields["id"] = .text(phase.id)
            fields["name"] = .text(phase.name)
            return .object(fields)
        }
        let milestones = program.milestones.map { milestone -> TemplateValue in
            var fields = milestone.date.templateFields.merging(milestone.history.templateFields) { $1 }
            fields["id"] = .text(milestone.id)
            fields["name"] = .text(milestone.name)
            return .object(fields)
        }
        let waves = program.waves.map { wave -> TemplateValue in
            var fields =
                wave.date?.templateFields ?? [
                    "date": .text("not yet dated"), "date_phrase": .text("a date not yet set"),
                ]
            fields.merge(wave.history.templateFields) { $1 }
            fields["id"] = .text(wave.id)
            fields["name"] = .text(wave.name)
            fields["audience"] = .text(wave.audience)
            return .object(fields)
        }
        func byID(_ items: [TemplateValue]) -> TemplateValue {
            var map: [String: TemplateValue] = [:]
            for item in items {
                if case .text(let id)? = item["id"] { map[id] = item }
            }
            return .object(map)
        }
        var programFields: [String: TemplateValue] = [
            "name": .text(program.name), "slug": .text(program.slug), "time_zone": .text(program.timeZoneName),
            "contact_name": .text(program.contact.name), "contact_email": .text(program.contact.email),
        ]
        if let meta = program.channels.meta { programFields["meta_page"] = .text(meta.page) }
        if let blog = program.channels.blog { programFields["blog_site"] = .text(blog.site.absoluteString) }
        return [
            Section(name: "program", fields: .object(programFields)),
            Section(name: "phases", fields: .list(phases)),
            Section(name: "phase", fields: byID(phases)),
            Section(name: "milestones", fields: .list(milestones)),
            Section(name: "milestone", fields: byID(milestones)),
            Section(name: "waves", fields: .list(waves)),
            Section(name: "wave", fields: byID(waves)),
            Section(
                name: "pilot",
                fields: .object([
                    "capacity": .number(program.pilot.capacity), "nda_required": .flag(program.pilot.ndaRequired),
                    "offer_hours": .number(program.pilot.offerHours),
                ])),
            Section(
                name: "judges",
                fields: .list(program.judges.map { .object(["id": .text($0.id), "name": .text($0.name)]) })),
        ]
    }
}

/// As JSON: text a string, a number a number, a flag a boolean, lists arrays, fields objects.
extension TemplateValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let items = try? container.decode([TemplateValue].self) {
            self = .list(items)
        } else {
            self = .object(try container.decode([String: TemplateValue].self))
        }
    }

    /// By hand: each case is its bare JSON value (string, number, boolean, array, object), as `init(from:)` reads it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .flag(let flag): try container.encode(flag)
        case .list(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        }
    }
}
