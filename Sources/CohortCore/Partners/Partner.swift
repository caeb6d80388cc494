import Foundation

/// An organisation that gets the dashboard before the public once onboarded: an affiliate, a
/// regional hub or another organisation, with one contact person.
public struct Partner: Sendable, Equatable, Codable {
    /// What sort of partner this is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case affiliate, hub, organisation
    }

    /// A short id (`wmde`, `esap`), unique, how every command names the partner.
    public var id: String
    public var name: String
    public var kind: Kind
    public var region: String
    public var contactName: String
    /// Personal data: used to send reminders, never printed in public outputs.
    public var contactEmail: String
    /// The contact's IANA zone, for due dates in their local time.
    public var timeZone: String
    /// The release wave that gives this partner access.
    public var wave: String

    public init(
        id: String, name: String, kind: Kind, region: String, contactName: String, contactEmail: String,
        timeZone: String, wave: String
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.region = region
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.timeZone = timeZone
        self.wave = wave
    }

    /// The partners CSV's columns, in order (see DESIGN.md).
    public static let columns = CSVColumns(
        ["id", "name", "kind", "region", "contact_name", "contact_email", "time_zone", "wave"], text: ["id": .key])

    /// Lowercase letters, digits and hyphens, not starting with a hyphen (`wm-ke`).
    static func isID(_ text: String) -> Bool {
        func allowed(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        guard let first = text.utf8.first, allowed(first) else { return false }
        return text.utf8.allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") }
    }

    /// The CSV columns whose values differ from `other`'s.
    public func changedColumns(comparedWith other: Partner) -> [String] {
        var changed: [String] = []
        if name != other.name { changed.append("name") }
        if kind != other.kind { changed.append("kind") }
        if region != other.region { changed.append("region") }
        if contactName != other.contactName { changed.append("contact_name") }
        if contactEmail != other.contactEmail { changed.append("contact_email") }
        if timeZone != other.timeZone { changed.append("time_zone") }
        if wave != other.wave { changed.append("wave") }
        return changed
    }

    /// Checks one partner's fields; each problem is `(column, message)` so a caller can locate it
    /// (a CSV row and column, or a command-line option).
    public static func problems(
        id: String, name: String, kind: String, contactEmail: String, timeZone: String, wave: String,
        waves: [String]
    ) -> [(column: String, message: String)] {
        var found: [(String, String)] = []
        if !Self.isID(id) {
            found.append(
                (
                    "id",
                    id.isEmpty
                        ? "is empty; write a short id such as \"wmde\""
                        : "\"\(id)\" is not an id; use lowercase letters, digits and hyphens, e.g. \"wm-ke\""
                ))
        }
        if name.isEmpty { found.append(("name", "is empty; write the partner's name")) }
        if Kind(rawValue: kind.lowercased()) == nil {
            found.append(
                (
                    "kind",
                    "\"\(kind)\" is not a kind\(Suggestion.didYouMean(kind.lowercased(), in: Kind.allCases.map(\.rawValue))); write affiliate, hub or organisation"
                ))
        }
        if !Signup.isMailAddress(contactEmail) {
            found.append(
                (
                    "contact_email",
                    contactEmail.isEmpty
                        ? "is empty; write an address such as name@example.org"
                        : "\"\(contactEmail)\" is not a mail address; write it like name@example.org"
                ))
        }
        if !TimeZoneNames.isKnown(timeZone) {
            found.append(
                (
                    "time_zone",
                    timeZone.isEmpty
                        ? "is empty; write an IANA zone such as \"Africa/Nairobi\""
                        : "unknown time zone \"\(timeZone)\"\(TimeZoneNames.hint(timeZone))"
                ))
        }
        if !waves.contains(wave) {
            found.append(
                (
                    "wave",
                    "unknown wave \"\(wave)\"\(Suggestion.didYouMean(wave, in: waves)); waves: \(waves.joined(separator: ", "))"
                ))
        }
        return found
    }

    /// Reads every row of a partners CSV against the program's `waves`: the good partners and a
    /// located problem for each bad cell (duplicate ids included), so a caller can refuse them all.
    public static func read(_ table: CSVTable, waves: [String]) -> (
        partners: [(row: Int, partner: Partner)], problems: [CSVProblem]
    ) {
        var partners: [(row: Int, partner: Partner)] = []
        var problems: [CSVProblem] = table.rejected.problems
        var firstRow: [String: Int] = [:]
        for row in table.rows {
            var found = Self.problems(
                id: row["id"], name: row["name"], kind: row["kind"], contactEmail: row["contact_email"],
                timeZone: row["time_zone"], wave: row["wave"], waves: waves
            ).map { CSVProblem(row.location($0.column), $0.message) }
            if let earlier = firstRow[row["id"]] {
                found.append(
                    CSVProblem(
                        row.location("id"),
                        "\"\(row["id"])\" already appears in row \(earlier); keep one row per partner"))
            } else if !row["id"].isEmpty {
                firstRow[row["id"]] = row.location.row
            }
            guard found.isEmpty, let kind = Kind(rawValue: row["kind"].lowercased()) else {
                problems += found
                continue
            }
            partners.append(
                (
                    row.location.row,
                    Partner(
                        id: row["id"], name: row["name"], kind: kind, region: row["region"],
                        contactName: row["contact_name"], contactEmail: row["contact_email"],
                        timeZone: row["time_zone"], wave: row["wave"])
                ))
        }
        return (partners, problems)
    }
}
