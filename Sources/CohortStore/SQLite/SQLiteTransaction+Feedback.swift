import CohortCore
import Foundation
import GRDB

extension Migrations {
    /// Feedback items, the judges' codes in every round, reconciliations and clarifications.
    static let feedback = Migration(name: "2026-11-29-feedback") { db in
        let categories = FeedbackCategory.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.create(table: "feedback_item") { table in
            // The rowid keeps the import order; `save` updates a row in place.
            table.primaryKey("id", .text)
            table.column("source", .text).notNull()
            table.column("received_at", .text).notNull()
            table.column("author", .text)
            table.column("text", .text).notNull()
            table.column("themes", .text).notNull().defaults(to: "[]")
        }
        try db.create(table: "feedback_code") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("item_id", .text).notNull().indexed().references("feedback_item", onDelete: .restrict)
            table.column("round", .integer).notNull().check { $0 >= 0 }
            table.column("judge", .text).notNull()
            table.column("category", .text).notNull().check(sql: "category IN (\(categories))")
            table.column("themes", .text).notNull().defaults(to: "[]")
            table.column("coded_at", .text).notNull()
        }
        try db.create(table: "feedback_reconciliation") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("item_id", .text).notNull().indexed().references("feedback_item", onDelete: .restrict)
            table.column("round", .integer).notNull().check { $0 >= 0 }
            table.column("category", .text).notNull().check(sql: "category IN (\(categories))")
            table.column("note", .text).notNull()
            table.column("agreed_by", .text).notNull()
            table.column("at", .text).notNull()
        }
        try db.create(table: "feedback_clarification") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("item_id", .text).notNull().indexed().references("feedback_item", onDelete: .restrict)
            table.column("round", .integer).notNull().check { $0 >= 0 }
            table.column("note", .text).notNull()
            table.column("clarified_by", .text).notNull()
            table.column("at", .text).notNull()
        }
    }
}

extension Migrations {
    /// The version of `codebook.yaml` each code was made under (null for codes made before it, or
    /// in a workspace without one).
    static let feedbackCodebookVersion = Migration(name: "2026-12-07-feedback-codebook-version") { db in
        try db.alter(table: "feedback_code") { table in
            table.add(column: "codebook_version", .integer).check { $0 >= 1 }
        }
    }
}

extension SQLiteTransaction: FeedbackRecords {
    func feedbackItems() throws -> [FeedbackItem] {
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT id, source, received_at, author, text, themes, section, late FROM feedback_item ORDER BY rowid"
        )
        var items: [FeedbackItem] = []
        while let row = try rows.next() {
            let receivedAt: String = row[2]
            let themes: String = row[5]
            items.append(
                FeedbackItem(
                    id: row[0], source: row[1], receivedAt: Instant.parse(receivedAt) ?? .distantPast, author: row[3],
                    text: row[4], themes: ThemeColumn.decode(themes), section: row[6], late: row[7]))
        }
        return items
    }

    /// An upsert keeps the row (and its rowid, the import order) of a known id.
    func save(_ item: FeedbackItem) throws {
        let row = FeedbackItemRow(item)
        try run(
            """
            INSERT INTO feedback_item (id, source, received_at, author, text, themes, section, late)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET source = excluded.source, received_at = excluded.received_at,
              author = excluded.author, text = excluded.text, themes = excluded.themes, section = excluded.section,
              late = excluded.late
            """, [row.id, row.source, row.receivedAt, row.author, row.text, row.themes, item.section, item.late])
    }

    func feedbackCodes() throws -> [FeedbackCode] {
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT item_id, round, judge, category, themes, coded_at, codebook_version FROM feedback_code ORDER BY id"
        )
        var codes: [FeedbackCode] = []
        while let row = try rows.next() {
            let category: String = row[3]
            let themes: String = row[4]
            let codedAt: String = row[5]
            codes.append(
                FeedbackCode(
                    itemID: row[0], round: row[1], judge: row[2],
                    category: FeedbackCategory(rawValue: category) ?? .unclear, themes: ThemeColumn.decode(themes),
                    codedAt: Instant.parse(codedAt) ?? .distantPast, codebookVersion: row[6]))
        }
        return codes
    }

    func append(_ code: FeedbackCode) throws {
        let row = FeedbackCodeRow(code)
        try run(
            """
            INSERT INTO feedback_code (item_id, round, judge, category, themes, coded_at, codebook_version)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [row.itemID, row.round, row.judge, row.category, row.themes, row.codedAt, row.codebookVersion])
    }

    func reconciliations() throws -> [Reconciliation] {
        try ReconciliationRow.order(Column("id")).fetchAll(db).map(\.reconciliation)
    }

    func append(_ reconciliation: Reconciliation) throws {
        var row = ReconciliationRow(reconciliation)
        try row.insert(db)
    }

    func clarifications() throws -> [Clarification] {
        try ClarificationRow.order(Column("id")).fetchAll(db).map(\.clarification)
    }

    func append(_ clarification: Clarification) throws {
        var row = ClarificationRow(clarification)
        try row.insert(db)
    }
}

/// Themes are stored as a JSON array of strings, readable by any tool.
enum ThemeColumn {
    static func encode(_ themes: [String]) -> String {
        if themes.isEmpty { return "[]" }
        // Themes are one-line text without controls (the text rule); JSON needs only `"` and `\`
        // escaped then, and JSONEncoder per row was a tenth of a large import.
        if themes.allSatisfy({ !$0.unicodeScalars.contains { $0.value < 0x20 } }) {
            var text = String.UnicodeScalarView()
            text.append("[")
            for (index, theme) in themes.enumerated() {
                if index > 0 { text.append(",") }
                text.append("\"")
                for scalar in theme.unicodeScalars {  // by scalar: a quote may carry a combining mark
                    if scalar == "\"" || scalar == "\\" { text.append("\\") }
                    text.append(scalar)
                }
                text.append("\"")
            }
            text.append("]")
            return String(text)
        }
        return (try? String(decoding: JSONEncoder().encode(themes), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ text: String) -> [String] {
        // Most codes carry no theme: no decoder for those (a ledger of 100,000 codes reads them all).
        guard text != "[]" else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}

/// One row of `feedback_item`. Instants are ISO 8601 UTC text, like the audit log's.
struct FeedbackItemRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "feedback_item"

    var id: String
    var source: String
    var receivedAt: String
    var author: String?
    var text: String
    var themes: String
    var section: String?
    var late: Bool

    enum CodingKeys: String, CodingKey {
        case id, source, author, text, themes, section, late
        case receivedAt = "received_at"
    }

    init(_ item: FeedbackItem) {
        id = item.id
        source = item.source
        receivedAt = Instant.format(item.receivedAt)
        author = item.author
        text = item.text
        themes = ThemeColumn.encode(item.themes)
        section = item.section
        late = item.late
    }

    var item: FeedbackItem {
        FeedbackItem(
            id: id, source: source, receivedAt: Instant.parse(receivedAt) ?? .distantPast, author: author, text: text,
            themes: ThemeColumn.decode(themes), section: section, late: late)
    }
}

/// One row of `feedback_code`.
struct FeedbackCodeRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "feedback_code"

    var id: Int64?
    var itemID: String
    var round: Int
    var judge: String
    var category: String
    var themes: String
    var codedAt: String
    var codebookVersion: Int?

    enum CodingKeys: String, CodingKey {
        case id, round, judge, category, themes
        case itemID = "item_id"
        case codedAt = "coded_at"
        case codebookVersion = "codebook_version"
    }

    init(_ code: FeedbackCode) {
        itemID = code.itemID
        round = code.round
        judge = code.judge
        category = code.category.rawValue
        themes = ThemeColumn.encode(code.themes)
        codedAt = Instant.format(code.codedAt)
        codebookVersion = code.codebookVersion
    }

    var code: FeedbackCode {
        FeedbackCode(
            itemID: itemID, round: round, judge: judge,
            category: FeedbackCategory(rawValue: category) ?? .unclear, themes: ThemeColumn.decode(themes),
            codedAt: Instant.parse(codedAt) ?? .distantPast)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One row of `feedback_reconciliation`.
struct ReconciliationRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "feedback_reconciliation"

    var id: Int64?
    var itemID: String
    var round: Int
    var category: String
    var note: String
    var agreedBy: String
    var at: String

    enum CodingKeys: String, CodingKey {
        case id, round, category, note, at
        case itemID = "item_id"
        case agreedBy = "agreed_by"
    }

    init(_ reconciliation: Reconciliation) {
        itemID = reconciliation.itemID
        round = reconciliation.round
        category = reconciliation.category.rawValue
        note = reconciliation.note
        agreedBy = reconciliation.by
        at = Instant.format(reconciliation.at)
    }

    var reconciliation: Reconciliation {
        Reconciliation(
            itemID: itemID, round: round, category: FeedbackCategory(rawValue: category) ?? .unclear, note: note,
            by: agreedBy, at: Instant.parse(at) ?? .distantPast)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One row of `feedback_clarification`.
struct ClarificationRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "feedback_clarification"

    var id: Int64?
    var itemID: String
    var round: Int
    var note: String
    var clarifiedBy: String
    var at: String

    enum CodingKeys: String, CodingKey {
        case id, round, note, at
        case itemID = "item_id"
        case clarifiedBy = "clarified_by"
    }

    init(_ clarification: Clarification) {
        itemID = clarification.itemID
        round = clarification.round
        note = clarification.note
        clarifiedBy = clarification.by
        at = Instant.format(clarification.at)
    }

    var clarification: Clarification {
        Clarification(
            itemID: itemID, round: round, note: note, by: clarifiedBy, at: Instant.parse(at) ?? .distantPast)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Migrations {
    /// The talk-page section an item was written under (never a theme), and whether it came after
    /// input closed.
    static let feedbackTalkSections = Migration(name: "2026-12-07-feedback-talk-sections") { db in
        try db.alter(table: "feedback_item") { table in
            table.add(column: "section", .text)
            table.add(column: "late", .boolean).notNull().defaults(to: false)
        }
    }
}
