import Foundation

/// Instants as the CLI and the records spell them: ISO 8601 in UTC (`2022-02-01T12:00:00Z`).
public enum Instant {
    /// Parses an ISO 8601 instant with `Z` or an offset (`2022-02-01T12:00:00Z`,
    /// `2022-02-01T13:00:00+01:00`, fractional seconds allowed), or a bare date meaning 00:00 UTC.
    public static func parse(_ text: String) -> Date? {
        if let day = CivilDate(iso: text) { return day.start(in: .gmt) }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let plain = Date.ISO8601FormatStyle()
        return (try? plain.parse(text)) ?? (try? withFraction.parse(text))
    }

    /// `2022-02-01T12:00:00Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
