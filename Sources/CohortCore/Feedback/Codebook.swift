import Foundation
import Yams

/// The judges' codebook (`codebook.yaml` at the workspace root): each category's and each theme's
/// definition, an example, when to use it and when not, under a version number with a changelog.
/// Each code records the version it was made under, so agreement can be read per version.
public struct Codebook: Sendable, Equatable {
    /// The file's name in diagnostics.
    public static let file = "codebook.yaml"

    /// One category or theme.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var definition: String?
        public var example: String?
        public var useWhen: String?
        public var notWhen: String?
        /// Where its key stands in the file.
        public var location: SourceLocation

        public init(
            id: String, definition: String? = nil, example: String? = nil, useWhen: String? = nil,
            notWhen: String? = nil, location: SourceLocation = SourceLocation(file: Codebook.file)
        ) {
            self.id = id
            self.definition = definition
            self.example = example
            self.useWhen = useWhen
            self.notWhen = notWhen
            self.location = location
        }
    }

    /// One changelog entry: what changed in a version, and when.
    public struct Change: Sendable, Equatable {
        public var version: Int
        public var date: String
        public var change: String
    }

    public var version: Int
    /// Oldest first; the last entry is this version's.
    public var changelog: [Change]
    /// The six categories, in the plan's order.
    public var categories: [Entry]
    /// Themes, in the file's order.
    public var themes: [Entry]

    /// The category's entry.
    public func entry(for category: FeedbackCategory) -> Entry? { categories.first { $0.id == category.rawValue } }

    /// Reads `text`; every problem of structure (a missing version, an unknown category, a
    /// changelog that does not end at the version) is reported at once, located.
    public static func decode(_ text: String, file: String = Codebook.file) -> Result<Codebook, ConfigurationProblems> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, Resolver.basic, Constructor.default, .utf8)
        } catch {
            return .failure(
                ConfigurationProblems([ProgramDecoder.syntaxDiagnostic(error, file: file, text: text)]))
        }
        var reader = YAMLReader(file: file)
        guard let root else {
            reader.report(
                SourceLocation(file: file, line: 1, column: 1),
                "the file is empty; run `cohort init` in a new folder to see a starting codebook")
            return .failure(ConfigurationProblems(reader.diagnostics))
        }
        let codebook = read(root, &reader)
        guard reader.diagnostics.isEmpty, let codebook else {
            return .failure(ConfigurationProblems(reader.diagnostics))
        }
        return .success(codebook)
    }

    private static func read(_ root: Node, _ reader: inout YAMLReader) -> Codebook? {
        guard
            let fields = reader.fields(
                root, "the codebook", allowed: ["version", "changelog", "categories", "themes"],
                required: ["version", "changelog", "categories"])
        else { return nil }
        let version = reader.integer(fields["version"], "version", in: 1...Int.max)
        var changelog: [Change] = []
        for node in reader.sequence(fields["changelog"], "changelog") {
            guard
                let entry = reader.fields(
                    node, "a changelog entry", allowed: ["version", "date", "change"],
                    required: ["version", "date", "change"]),
                let number = reader.integer(entry["version"], "a changelog entry's version", in: 1...Int.max),
                let date = reader.string(entry["date"], "a changelog entry's date"),
                let change = reader.string(entry["change"], "a changelog entry's change", kind: .multiline)
            else { continue }
            if let last = changelog.last, number <= last.version {
                reader.report(
                    entry["version"], "changelog versions must rise, oldest first: \(number) follows \(last.version)")
            }
            if CivilDate(iso: date) == nil {
                reader.report(entry["date"], "a changelog entry's date must be a day like 2022-02-01, not \"\(date)\"")
            }
            changelog.append(Change(version: number, date: date, change: change))
        }
        if let version, changelog.last?.version != version {
            reader.report(
                fields["version"],
                "version \(version) has no changelog entry; add one saying what changed (the last entry is "
                    + (changelog.last.map { "version \($0.version)" } ?? "missing") + ")")
        }
        let categories = entries(fields["categories"], "categories", &reader)
        let ids = FeedbackCategory.allCases.map(\.rawValue)
        for entry in categories where !ids.contains(entry.id) {
            reader.report(
                entry.location,
                "unknown category \"\(entry.id)\"\(Suggestion.didYouMean(entry.id, in: ids)); the categories are the plan's six"
            )
        }
        for id in ids where !categories.contains(where: { $0.id == id }) {
            reader.report(fields.keyLocations["categories"] ?? fields.location, "categories is missing \"\(id)\"")
        }
        let themes = entries(fields["themes"], "themes", &reader)
        guard let version else { return nil }
        return Codebook(
            version: version, changelog: changelog,
            categories: ids.compactMap { id in categories.first { $0.id == id } }, themes: themes)
    }

    /// A mapping of ids to their definition, example, use-when and not-when (each optional; an
    /// entry may be left empty while it is being written, and `check` says so).
    private static func entries(_ node: Node?, _ context: String, _ reader: inout YAMLReader) -> [Entry] {
        guard let node, !reader.isNull(node) else { return [] }
        guard case .mapping(let mapping) = node else {
            reader.report(
                node, "\(context) must be a mapping of ids to their definitions, not \(reader.describe(node))")
            return []
        }
        var entries: [Entry] = []
        for (key, value) in mapping {
            guard let id = key.scalar?.string.trimmed, !id.isEmpty else {
                reader.report(key, "ids in \(context) must be plain words")
                continue
            }
            var entry = Entry(id: id, location: reader.location(of: key))
            if !reader.isNull(value),
                let fields = reader.fields(
                    value, "\"\(id)\"", allowed: ["definition", "example", "use_when", "not_when"])
            {
                entry.definition = reader.string(fields["definition"], "\"\(id)\"'s definition", kind: .multiline)
                entry.example = reader.string(fields["example"], "\"\(id)\"'s example", kind: .multiline)
                entry.useWhen = reader.string(fields["use_when"], "\"\(id)\"'s use_when", kind: .multiline)
                entry.notWhen = reader.string(fields["not_when"], "\"\(id)\"'s not_when", kind: .multiline)
            }
            entries.append(entry)
        }
        return entries
    }

    /// What a careful reader would fix: a category or theme without a definition, a theme no item
    /// or code uses (`used`: every theme given so far), two themes with one definition, and a
    /// theme given in the records that the codebook does not define. Each located at its key.
    public func check(used: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for entry in categories where entry.definition == nil {
            problems.append(Diagnostic(entry.location, "category \"\(entry.id)\" has no definition; add `definition:`"))
        }
        var byDefinition: [String: Entry] = [:]
        for entry in themes {
            guard let definition = entry.definition else {
                problems.append(
                    Diagnostic(entry.location, "theme \"\(entry.id)\" has no definition; add `definition:`"))
                continue
            }
            let key = definition.lowercased().split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }).joined(
                separator: " ")
            if let earlier = byDefinition[key] {
                problems.append(
                    Diagnostic(
                        entry.location,
                        "theme \"\(entry.id)\" has the same definition as \"\(earlier.id)\" (line \(earlier.location.line)); merge them or tell them apart"
                    ))
            } else {
                byDefinition[key] = entry
            }
        }
        for entry in themes where !used.contains(entry.id) {
            problems.append(
                Diagnostic(
                    entry.location, "theme \"\(entry.id)\" is used by no item or code; remove it or note why it stays"))
        }
        let defined = Set(themes.map(\.id))
        let anchor = themes.first?.location ?? SourceLocation(file: Codebook.file, line: 1, column: 1)
        for theme in used.subtracting(defined).sorted() {
            problems.append(
                Diagnostic(
                    anchor,
                    "theme \"\(theme)\" is given in the records but not defined here\(Suggestion.didYouMean(theme, in: defined.sorted())); add it under themes"
                ))
        }
        return problems.sorted { $0.location < $1.location }
    }
}
