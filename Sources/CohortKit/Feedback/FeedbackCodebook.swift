import CohortCore
internal import CohortRender
internal import CohortStore
import Foundation

/// The codebook's use cases: read it (every code records its version), print it, lint it.
extension FeedbackCoding {
    /// The workspace's `codebook.yaml`; nil when the workspace has none. A codebook that does not
    /// read is bad input, located.
    public func codebook() throws -> Codebook? {
        let url = workspace.root.appendingPathComponent(Codebook.file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try Codebook.decode(try TextFile.read(url, as: Codebook.file)).get()
    }

    /// `cohort feedback codebook`: the codebook as people read it (or as JSON); with `check`, its
    /// lint, which throws every problem found (exit 65) or says there is none.
    public func showCodebook(check: Bool) throws -> CodebookView {
        guard let codebook = try codebook() else {
            throw WorkspaceError.unreadable(
                path: Codebook.file,
                reason: "the workspace has no codebook; `cohort init` in an empty folder writes a starting one")
        }
        guard check else { return CodebookView(codebook: codebook, text: CodebookText.render(codebook)) }
        let ledger = try feedbackLedger()
        let used = Set(ledger.items.flatMap(\.themes) + ledger.codes.flatMap(\.themes))
        let problems = codebook.check(used: used)
        guard problems.isEmpty else { throw ConfigurationProblems(problems, kind: .problemsFound) }
        return CodebookView(
            codebook: codebook,
            text:
                "\(Codebook.file) version \(codebook.version): no problems found (\(codebook.categories.count) categories, \(Plural.count(codebook.themes.count, "theme")))."
        )
    }
}

/// `cohort feedback codebook`.
public struct CodebookView: Sendable, Encodable {
    var codebook: Codebook
    public var text: String

    private enum Keys: String, CodingKey { case version, changelog, categories, themes }
    private struct Entry: Encodable {
        var id: String
        var definition: String?
        var example: String?
        var useWhen: String?
        var notWhen: String?
    }
    private struct Change: Encodable {
        var version: Int
        var date: String
        var change: String
    }

    /// By hand: the codebook's own fields at the top level and `text` left out; `Codebook` only decodes the YAML.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        func entries(_ list: [Codebook.Entry]) -> [Entry] {
            list.map {
                Entry(
                    id: $0.id, definition: $0.definition, example: $0.example, useWhen: $0.useWhen, notWhen: $0.notWhen)
            }
        }
        try container.encode(codebook.version, forKey: .version)
        try container.encode(
            codebook.changelog.map { Change(version: $0.version, date: $0.date, change: $0.change) }, forKey: .changelog
        )
        try container.encode(entries(codebook.categories), forKey: .categories)
        try container.encode(entries(codebook.themes), forKey: .themes)
    }
}

/// The codebook for people: each entry with its definition, example and when to use it.
enum CodebookText {
    static func render(_ codebook: Codebook) -> String {
        var lines = ["Codebook version \(codebook.version)"]
        if let last = codebook.changelog.last { lines.append("  \(last.date): \(last.change)") }
        func add(_ title: String, _ entries: [Codebook.Entry]) {
            lines += ["", title]
            if entries.isEmpty { lines.append("  (none yet)") }
            for entry in entries {
                lines.append("  \(entry.id)")
                for (label, value) in [
                    ("definition", entry.definition), ("example", entry.example), ("use when", entry.useWhen),
                    ("not when", entry.notWhen),
                ] {
                    if let value { lines.append("    \(label): \(value)") }
                }
            }
        }
        add("Categories", codebook.categories)
        add("Themes", codebook.themes)
        lines += ["", "Changelog"]
        for change in codebook.changelog.reversed() {
            lines.append("  \(change.version)  \(change.date)  \(change.change)")
        }
        return lines.joined(separator: "\n")
    }
}
