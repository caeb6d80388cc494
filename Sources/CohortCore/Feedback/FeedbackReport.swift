import Foundation

/// What the coded feedback amounts to: the items routed to each disposition, those still pending,
/// and the themes by volume and prevalence, alone and by category. A plain value, so the
/// announcements can put it in their template context.
public struct FeedbackReport: Sendable, Equatable {
    /// One item as the report shows it. The author is nil unless authors were asked for.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var source: String
        public var receivedAt: Date
        public var text: String
        public var themes: [String]
        public var category: FeedbackCategory?
        public var status: ItemCoding.Status
        public var author: String?
        /// True when the item was coded unclear and sent back for clarification: its codes start
        /// again in a new round.
        public var clarified: Bool = false
    }

    /// The items one disposition receives, in import order.
    public struct Group: Sendable, Equatable {
        public var disposition: Disposition
        public var entries: [Entry]
        public var category: FeedbackCategory { disposition.category }
    }

    /// How many items carry a theme and their share of all items (prevalence).
    public struct ThemeCount: Sendable, Equatable {
        public var theme: String
        public var count: Int
        /// count / all items, 0–1.
        public var share: Double
    }

    /// One theme's items by final category, and those without one yet.
    public struct ThemeRow: Sendable, Equatable {
        public var theme: String
        /// Counts in the order of `FeedbackCategory.allCases`.
        public var counts: [Int]
        public var pending: Int

        public func count(_ category: FeedbackCategory) -> Int {
            counts[FeedbackCategory.allCases.firstIndex(of: category)!]
        }
    }

    /// Every item that is not hidden and not staff's own reply, in import order.
    public var entries: [Entry]
    /// Replies by staff (the `channels.meta.staff` accounts) imported as items: never feedback in
    /// a synthesis, counted here apart.
    public var staffReplies: Int
    /// How many items are reported (imported and not hidden).
    public var items: Int { entries.count }
    /// How many comments are hidden under the rules of engagement: never quoted, left out of
    /// agreement and prevalence, and counted here so the synthesis stays honest.
    public var hidden: Int
    /// The six dispositions in the plan's order, each with its items (possibly none).
    public var groups: [Group]
    /// Items without a final category yet: not coded by both judges, coded differently and not
    /// reconciled, or awaiting their author's clarification (they are coded again once it comes).
    public var pending: [Entry]
    /// Of `pending`, those whose question is out to their author: each counted here and only here.
    public var awaitingClarification: Int { pending.count { $0.status == .awaitingClarification } }
    /// Of `pending`, those the judges coded differently, waiting to be reconciled.
    public var awaitingReconciliation: Int { pending.count { $0.status == .disagreement } }
    /// Of `pending`, the rest: not coded by both judges (in their current round) yet.
    public var awaitingCoding: Int { pending.count - awaitingClarification - awaitingReconciliation }
    /// Themes by count, most common first (ties by name).
    public var themes: [ThemeCount]
    /// The same themes, by final category.
    public var themeCategories: [ThemeRow]
    /// Items no theme was given to.
    public var unthemed: Int
    /// True when entries carry their authors (asked for explicitly; they are personal data).
    public var includesAuthors: Bool

    /// The report of `ledger` now. Authors are left out unless `includeAuthors`; items written by
    /// one of `staff` (wiki user names, compared as the wiki compares them) are counted apart.
    public init(_ ledger: FeedbackLedger, includeAuthors: Bool = false, staff: [String] = []) {
        let staffKeys = Set(staff.map(WikiUsername.key))
        let isStaff = { (state: ItemCoding) in
            state.item.author.map { staffKeys.contains(WikiUsername.key($0)) } ?? false
        }
        let states = ledger.states.filter { !isStaff($0) }
        staffReplies = ledger.states.count - states.count
        hidden = ledger.hiddenItems.count
        let entries = states.map { state in
            Entry(
                id: state.item.id, source: state.item.source, receivedAt: state.item.receivedAt,
                text: state.item.text, themes: state.themes,
                // A question out to the author leaves the item undecided: it is coded again once
                // they answer, so it is counted as awaiting clarification, not under a disposition.
                category: state.status == .awaitingClarification ? nil : state.finalCategory, status: state.status,
                author: includeAuthors ? state.item.author : nil, clarified: state.round > 0)
        }
        self.entries = entries
        includesAuthors = includeAuthors
        groups = Disposition.allCases.map { disposition in
            Group(disposition: disposition, entries: entries.filter { $0.category?.disposition == disposition })
        }
        pending = entries.filter { $0.category == nil }

        var rows: [String: ThemeRow] = [:]
        for entry in entries {
            for theme in entry.themes {
                var row =
                    rows[theme]
                    ?? ThemeRow(
                        theme: theme, counts: Array(repeating: 0, count: FeedbackCategory.allCases.count), pending: 0)
                if let category = entry.category {
                    row.counts[FeedbackCategory.allCases.firstIndex(of: category)!] += 1
                } else {
                    row.pending += 1
                }
                rows[theme] = row
            }
        }
        let total = entries.count
        themes = rows.values.map { row in
            let count = row.counts.reduce(row.pending, +)
            return ThemeCount(theme: row.theme, count: count, share: total == 0 ? 0 : Double(count) / Double(total))
        }
        .sorted { ($1.count, $0.theme) < ($0.count, $1.theme) }
        themeCategories = themes.map { rows[$0.theme]! }
        unthemed = entries.count { $0.themes.isEmpty }
    }

    /// The items `disposition` receives.
    public func entries(_ disposition: Disposition) -> [Entry] {
        groups.first { $0.disposition == disposition }?.entries ?? []
    }
}

extension FeedbackReport: Encodable {
    private enum Keys: String, CodingKey {
        case items, dispositions, themes, pending, entries, unthemed, hidden, themeCategories, authorsIncluded
    }

    private struct EncodedTheme: Encodable {
        var theme: String
        var count: Int
        var share: Double
    }

    private struct EncodedPending: Encodable {
        var id: String
        var status: String
    }

    private struct EncodedEntry: Encodable {
        var id: String
        var source: String
        var receivedAt: String
        @EncodedAsNull var category: String?
        @EncodedAsNull var disposition: String?
        var status: String
        var themes: [String]
        var text: String
        /// Left out unless authors were asked for.
        var author: String?
    }

    /// The shape `cohort feedback report --json` prints (DESIGN.md), with extra fields.
    /// By hand: ids per disposition and category counts per theme, in maps keyed by those names, built from rows.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(items, forKey: .items)
        try container.encode(hidden, forKey: .hidden)
        try container.encode(
            Dictionary(uniqueKeysWithValues: groups.map { ($0.disposition.rawValue, $0.entries.map(\.id)) }),
            forKey: .dispositions)
        try container.encode(
            themes.map { EncodedTheme(theme: $0.theme, count: $0.count, share: $0.share) }, forKey: .themes)
        try container.encode(
            pending.map { EncodedPending(id: $0.id, status: $0.status.rawValue) }, forKey: .pending)
        var byTheme: [String: [String: Int]] = [:]
        for row in themeCategories {
            var counts = Dictionary(
                uniqueKeysWithValues: FeedbackCategory.allCases.map { ($0.rawValue, row.count($0)) })
            counts["pending"] = row.pending
            byTheme[row.theme] = counts
        }
        try container.encode(byTheme, forKey: .themeCategories)
        try container.encode(unthemed, forKey: .unthemed)
        try container.encode(includesAuthors, forKey: .authorsIncluded)
        try container.encode(
            entries.map {
                EncodedEntry(
                    id: $0.id, source: $0.source, receivedAt: Instant.format($0.receivedAt),
                    category: $0.category?.rawValue, disposition: $0.category?.disposition.rawValue,
                    status: $0.status.rawValue, themes: $0.themes, text: $0.text, author: $0.author)
            }, forKey: .entries)
    }
}
