import Foundation

/// Reading the feedback and codes CSV files (columns in DESIGN.md) into decisions on a ledger.
/// Every problem of a file is found before anything is kept: a file is imported whole or not at all.
public enum FeedbackImport {
    /// `id,source,received_at,author,text,theme[,hidden]`; `author`, `theme` and `hidden` may be left
    /// out or empty. `hidden` holds the reason a comment is hidden under the rules of engagement.
    public static let itemColumns = CSVColumns(
        ["id", "source", "received_at", "author", "text", "theme", "hidden"], optional: ["author", "theme", "hidden"],
        text: ["id": .key, "text": .multiline])
    /// `item_id,judge,category,theme`; `theme` may be left out or empty.
    public static let codeColumns = CSVColumns(
        ["item_id", "judge", "category", "theme"], optional: ["theme"], text: ["item_id": .key, "judge": .key])

    /// What importing a feedback file changes.
    public struct ItemChanges: Sendable, Equatable {
        /// Items with a new id.
        public var added: [FeedbackItem] = []
        /// Items whose row differs from what was imported before (none of them coded yet).
        public var updated: [FeedbackItem] = []
        /// Rows identical to what was imported before.
        public var unchanged = 0
        /// Bad rows left out (with `skipInvalid`), each located.
        public var skipped = CSVProblems(file: "")
        /// Items the file hides under the rules of engagement that were shown until now, with the
        /// reason. (A file never unhides: that is `cohort feedback unhide`, recorded with its reason.)
        public var hide: [(id: String, reason: String)] = []

        public static func == (lhs: ItemChanges, rhs: ItemChanges) -> Bool {
            lhs.added == rhs.added && lhs.updated == rhs.updated && lhs.unchanged == rhs.unchanged
                && lhs.skipped == rhs.skipped && lhs.hide.map(\.id) == rhs.hide.map(\.id)
                && lhs.hide.map(\.reason) == rhs.hide.map(\.reason)
        }
    }

    /// Reads feedback items from `table` and decides what changes: idempotent by id. A row that
    /// changes an item a judge has coded is refused; give it a new id instead.
    /// With `skipInvalid`, bad rows are left out and listed in `skipped` instead of failing the file.
    public static func items(_ table: CSVTable, into ledger: inout FeedbackLedger, skipInvalid: Bool = false)
        throws(CSVProblems) -> ItemChanges
    {
        var problems = table.rejected
        var changes = ItemChanges()
        var firstRow: [String: Int] = [:]
        for row in table.rows {
            guard let item = item(row, &problems) else { continue }
            var hiding: String?
            if let cell = row.optional("hidden") {
                guard let reason = VisibilityChange.reason(cell) else {
                    problems.add(
                        row.location("hidden"),
                        "\"\(cell)\" is not a reason to hide a comment; write one short word such as conduct, or leave it empty"
                    )
                    continue
                }
                hiding = reason
            }
            if let earlier = firstRow[item.id] {
                problems.add(
                    row.location("id"), "id \"\(item.id)\" is on row \(earlier) already; give each item its own id")
                continue
            }
            firstRow[item.id] = row.location.row
            // `contains` first: a missing id makes `item(_:)` look for the nearest id among all of them.
            guard ledger.contains(item.id), let existing = try? ledger.item(item.id) else {
                changes.added.append(item)
                ledger.put(item)
                if let hiding { changes.hide.append((item.id, hiding)) }
                continue
            }
            if let hiding, ledger.hiddenReason(item.id) == nil, existing == item || !isCoded(item.id, in: ledger) {
                changes.hide.append((item.id, hiding))
            }
            if existing == item {
                changes.unchanged += 1
            } else if !isCoded(item.id, in: ledger) {
                changes.updated.append(item)
                ledger.put(item)
            } else {
                problems.add(
                    row.location("id"),
                    "item \"\(item.id)\" is already coded and this row changes its \(difference(existing, item)); keep the row as imported or give it a new id"
                )
            }
        }
        if skipInvalid { changes.skipped = problems } else { try problems.throwIfAny() }
        return changes
    }

    private static func isCoded(_ id: String, in ledger: FeedbackLedger) -> Bool { ledger.isCoded(id) }

    private static func item(_ row: CSVRow, _ problems: inout CSVProblems) -> FeedbackItem? {
        let id = row["id"]
        let source = row["source"]
        let text = row["text"]
        let received = row["received_at"]
        var valid = true
        if id.isEmpty {
            problems.add(row.location("id"), "missing id; give each item an id such as fb-001")
            valid = false
        } else if id.contains(where: \.isWhitespace) {
            problems.add(row.location("id"), "id \"\(id)\" has a space; use letters, digits and dashes (fb-001)")
            valid = false
        }
        if source.isEmpty {
            problems.add(
                row.location("source"), "missing source; say where it came from (talk-page, pilot-session, survey)")
            valid = false
        }
        let date = Instant.parse(received)
        if received.isEmpty {
            problems.add(
                row.location("received_at"), "missing date; write when it was received, like 2022-02-14T09:30:00Z")
            valid = false
        } else if date == nil {
            problems.add(
                row.location("received_at"),
                Instant.problem(
                    received, expected: "an ISO 8601 date or instant; write 2022-02-14 or 2022-02-14T09:30:00Z"))
            valid = false
        }
        if text.isEmpty {
            problems.add(row.location("text"), "missing text; an item is the comment itself")
            valid = false
        }
        guard valid, let date else { return nil }
        // Kept to the second, as the records store it, so importing the same row again is a no-op.
        let second = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        return FeedbackItem(
            id: id, source: source, receivedAt: second, author: row.optional("author"), text: text,
            themes: Themes.parse(row["theme"]))
    }

    private static func difference(_ old: FeedbackItem, _ new: FeedbackItem) -> String {
        var fields: [String] = []
        if old.source != new.source { fields.append("source") }
        if old.receivedAt != new.receivedAt { fields.append("received_at") }
        if old.author != new.author { fields.append("author") }
        if old.text != new.text { fields.append("text") }
        if old.themes != new.themes { fields.append("theme") }
        return fields.joined(separator: " and ")
    }

    /// Reads codes from `table` and records them on `ledger`, row by row, under the same rules as
    /// `cohort feedback code`. Returns what each row did, in file order; with `skipInvalid`, bad
    /// rows are left out and returned in `skipped` instead of failing the file.
    public static func codes(_ table: CSVTable, into ledger: inout FeedbackLedger, at now: Date) throws(CSVProblems)
        -> [CodeOutcome]
    {
        try codes(table, into: &ledger, at: now, skipInvalid: false).outcomes
    }

    public static func codes(
        _ table: CSVTable, into ledger: inout FeedbackLedger, at now: Date, skipInvalid: Bool,
        codebookVersion: Int? = nil
    ) throws(CSVProblems) -> (outcomes: [CodeOutcome], skipped: CSVProblems) {
        var problems = table.rejected
        var outcomes: [CodeOutcome] = []
        var firstRow: [String: Int] = [:]
        for row in table.rows {
            var missing = false
            for column in ["item_id", "judge", "category"] where row[column].isEmpty {
                problems.add(row.location(column), "missing \(column.replacingOccurrences(of: "_", with: " "))")
                missing = true
            }
            if missing { continue }
            let key = row["item_id"] + "\u{0}" + row["judge"]
            if let earlier = firstRow[key] {
                problems.add(
                    row.location("judge"),
                    "\(row["judge"])'s code for \(row["item_id"]) is on row \(earlier) already; keep one")
                continue
            }
            firstRow[key] = row.location.row
            // Each of the row's values is checked, so one run reports every problem in it.
            var category: FeedbackCategory?
            var valid = true
            func report(_ error: FeedbackError) {
                problems.add(row.location(error.column), error.errorDescription ?? "\(error)")
                valid = false
            }
            do throws(FeedbackError) { _ = try ledger.item(row["item_id"]) } catch { report(error) }
            do throws(FeedbackError) { _ = try ledger.judge(row["judge"]) } catch { report(error) }
            do throws(FeedbackError) { category = try FeedbackCategory.parse(row["category"]) } catch {
                report(error)
            }
            guard valid, let category else { continue }
            do throws(FeedbackError) {
                outcomes.append(
                    try ledger.code(
                        item: row["item_id"], judge: row["judge"], category: category,
                        themes: Themes.parse(row["theme"]), at: now, codebookVersion: codebookVersion))
            } catch {
                report(error)
            }
        }
        if !skipInvalid { try problems.throwIfAny() }
        return (outcomes, problems)
    }
}
