import CohortCore
import Foundation

/// The REFI-QDA exchange standard (Project 1.0, `urn:QDA-XML:project:1.0`; Codebook 1.0,
/// `urn:QDA-XML:codebook:1.0`), which ATLAS.ti, MAXQDA, NVivo, QualCoder and others open: the
/// codebook as codes (the six categories and the themes, each with its definition), each
/// feedback item as a text source, and each judge's code as a coding of the whole comment by
/// that judge's user. GUIDs are derived from the ids, so the same records give the same file.
public enum RefiQDA {
    public static let projectNamespace = "urn:QDA-XML:project:1.0"
    public static let codebookNamespace = "urn:QDA-XML:codebook:1.0"

    /// What to export, and for whom.
    public struct Export: Sendable {
        public var name: String
        public var ledger: FeedbackLedger
        public var codebook: Codebook?
        /// Staff exports carry authors and hidden items (marked); public ones leave both out.
        public var staff: Bool
        public var now: Date

        public init(name: String, ledger: FeedbackLedger, codebook: Codebook?, staff: Bool, now: Date) {
            self.name = name
            self.ledger = ledger
            self.codebook = codebook
            self.staff = staff
            self.now = now
        }

        /// Items the audience sees, in import order.
        public var items: [FeedbackItem] {
            staff ? ledger.items : ledger.items.filter { ledger.hiddenReason($0.id) == nil }
        }
    }

    /// A GUID (8-4-4-4-12 hex digits, RFC 9562 version 8, "custom") derived from `parts`.
    public static func guid(_ parts: String...) -> String {
        let digits = Array(StableHash.hex(["qda"] + parts) + StableHash.hex(["qda-2"] + parts))
        var hex = digits
        hex[12] = "8"
        hex[16] = ["8", "9", "a", "b"][Int(String(hex[16]), radix: 16)! & 3]
        let text = String(hex)
        func slice(_ from: Int, _ to: Int) -> Substring {
            text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
        }
        return "\(slice(0, 8))-\(slice(8, 12))-\(slice(12, 16))-\(slice(16, 20))-\(slice(20, 32))"
    }

    /// `project.qde`: users, codebook, sources with their codings.
    public static func project(_ export: Export) -> String {
        let themes = themeEntries(export.codebook, ledger: export.ledger, items: export.items)
        var xml = XMLText()
        xml.line("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        xml.open(
            "Project",
            [
                ("xmlns", projectNamespace), ("name", export.name), ("origin", "Cohort \(CohortVersion.number)"),
                ("creationDateTime", Instant.format(export.now)),
            ])
        xml.open("Users")
        for judge in export.ledger.judges {
            xml.empty("User", [("guid", guid("user", judge.id)), ("name", judge.name), ("id", judge.id)])
        }
        xml.close("Users")
        xml.open("CodeBook")
        codes(&xml, export.codebook, themes: themes)
        xml.close("CodeBook")
        xml.open("Sources")
        for item in export.items { source(&xml, item, export) }
        xml.close("Sources")
        xml.close("Project")
        return xml.text
    }

    /// A `.qdc` file: the codebook alone.
    public static func codebook(_ codebook: Codebook?, ledger: FeedbackLedger) -> String {
        var xml = XMLText()
        xml.line("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        xml.open("CodeBook", [("xmlns", codebookNamespace), ("origin", "Cohort \(CohortVersion.number)")])
        codes(&xml, codebook, themes: themeEntries(codebook, ledger: ledger, items: ledger.items))
        xml.close("CodeBook")
        return xml.text
    }

    /// The `.qdpx` archive: `project.qde` in a ZIP.
    public static func archive(_ export: Export) -> Data {
        StoredZip.archive([("project.qde", Data(project(export).utf8))], modified: export.now)
    }

    /// The codebook's themes, then themes given in the records that it does not define (so every
    /// coding points at a code).
    public static func themeEntries(_ codebook: Codebook?, ledger: FeedbackLedger, items: [FeedbackItem]) -> [Codebook
        .Entry]
    {
        var entries = codebook?.themes ?? []
        var known = Set(entries.map(\.id))
        let shown = Set(items.map(\.id))
        for theme in ledger.codes.filter({ shown.contains($0.itemID) }).flatMap(\.themes)
        where known.insert(theme).inserted {
            entries.append(Codebook.Entry(id: theme))
        }
        return entries
    }

    private static func codes(_ xml: inout XMLText, _ codebook: Codebook?, themes: [Codebook.Entry]) {
        xml.open("Codes")
        xml.open("Code", [("guid", guid("group", "categories")), ("name", "Categories"), ("isCodable", "false")])
        xml.element("Description", "The six categories of the plan; each item gets one from each judge.")
        for category in FeedbackCategory.allCases {
            let entry = codebook?.entry(for: category) ?? Codebook.Entry(id: category.rawValue)
            code(&xml, entry, guid: guid("category", category.rawValue))
        }
        xml.close("Code")
        xml.open("Code", [("guid", guid("group", "themes")), ("name", "Themes"), ("isCodable", "false")])
        xml.element("Description", "Themes the judges see in the items.")
        for entry in themes { code(&xml, entry, guid: guid("theme", entry.id)) }
        xml.close("Code")
        xml.close("Codes")
    }

    private static func code(_ xml: inout XMLText, _ entry: Codebook.Entry, guid: String) {
        let parts = [
            entry.definition, entry.example.map { "Example: \($0)" }, entry.useWhen.map { "Use when: \($0)" },
            entry.notWhen.map { "Not when: \($0)" },
        ].compactMap { $0 }
        if parts.isEmpty {
            xml.empty("Code", [("guid", guid), ("name", entry.id), ("isCodable", "true")])
        } else {
            xml.open("Code", [("guid", guid), ("name", entry.id), ("isCodable", "true")])
            xml.element("Description", parts.joined(separator: "\n"))
            xml.close("Code")
        }
    }

    private static func source(_ xml: inout XMLText, _ item: FeedbackItem, _ export: Export) {
        let ledger = export.ledger
        xml.open(
            "TextSource",
            [
                ("guid", guid("item", item.id)), ("name", item.id),
                ("creationDateTime", Instant.format(item.receivedAt)),
            ])
        var description = "Source: \(item.source); received \(Instant.format(item.receivedAt))"
        if export.staff, let author = item.author, !author.isEmpty { description += "; author: \(author)" }
        if let hidden = ledger.hiddenReason(item.id) {
            description += "; hidden under the rules of engagement (\(hidden))"
        }
        xml.element("Description", description)
        xml.element("PlainTextContent", item.text)
        let length = item.text.unicodeScalars.count
        let state = ledger.state(of: item)
        for code in state.codes {
            let user = guid("user", code.judge)
            let at = Instant.format(code.codedAt)
            xml.open(
                "PlainTextSelection",
                [
                    ("guid", guid("selection", item.id, String(state.round), code.judge)),
                    ("name", "\(item.id): \(code.judge)"), ("startPosition", "0"), ("endPosition", String(length)),
                    ("creatingUser", user), ("creationDateTime", at),
                ])
            let targets =
                [("category", code.category.rawValue)] + code.themes.map { ("theme", $0) }
            for (kind, id) in targets {
                xml.open(
                    "Coding",
                    [
                        ("guid", guid("coding", item.id, String(state.round), code.judge, kind, id)),
                        ("creatingUser", user), ("creationDateTime", at),
                    ])
                xml.empty("CodeRef", [("targetGUID", guid(kind, id))])
                xml.close("Coding")
            }
            xml.close("PlainTextSelection")
        }
        xml.close("TextSource")
    }
}

/// Indented XML written line by line; every text and attribute escaped.
private struct XMLText {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ line: String) { text += String(repeating: "  ", count: depth) + line + "\n" }

    private func tag(_ name: String, _ attributes: [(String, String)]) -> String {
        ([name] + attributes.map { "\($0.0)=\"\(Escaping.xml($0.1))\"" }).joined(separator: " ")
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        line("<\(tag(name, attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) { line("<\(tag(name, attributes))/>") }

    mutating func element(_ name: String, _ content: String) { line("<\(name)>\(Escaping.xml(content))</\(name)>") }
}
