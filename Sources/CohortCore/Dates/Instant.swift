import Foundation

/// Instants as the CLI and the records spell them: ISO 8601 in UTC (`2022-02-01T12:00:00Z`).
public enum Instant {
    /// Parses an ISO 8601 instant with `Z` or an offset (`2022-02-01T12:00:00Z`,
    /// `2022-02-01T13:00:00+01:00`, fractional seconds allowed), or a bare date meaning 00:00 UTC.
    public static func parse(_ text: String) -> Date? {
        if let day = CivilDate(iso: text) { return day.start(in: .gmt) }
        // Foundation's parser rolls 25:00 or 30 February over into another instant; check the
        // fields first so an impossible time is refused instead.
        guard let match = text.wholeMatch(of: shape), CivilDate(iso: String(match.date)) != nil,
            let hour = Int(match.hour), hour <= 23, let minute = Int(match.minute), minute <= 59,
            let second = Int(match.second), second <= 59
        else { return nil }
        if let offsetHours = match.offsetHours, let offsetMinutes = match.offsetMinutes {
            guard let h = Int(offsetHours), h <= 14, let m = Int(offsetMinutes), m <= 59 else { return nil }
        }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let plain = Date.ISO8601FormatStyle()
        return (try? plain.parse(text)) ?? (try? withFraction.parse(text))
    }

    // nonisolated(unsafe): a Regex literal is an immutable value that is only ever matched against,
    // never mutated; Regex is not marked Sendable in the standard library.
    private nonisolated(unsafe) static let shape =
        /(?<date>\d{4}-\d{2}-\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.\d{1,9})?(?:Z|[+-](?<offsetHours>\d{2}):(?<offsetMinutes>\d{2}))/
        .asciiOnlyDigits()

    /// `2022-02-01T12:00:00Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
