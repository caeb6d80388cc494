import Foundation

/// Instants as the CLI and the records spell them: ISO 8601 in UTC (`2022-02-01T12:00:00Z`).
public enum Instant {
    /// Parses an ISO 8601 instant with `Z` or an offset (`2022-02-01T12:00:00Z`,
    /// `2022-02-01T13:00:00+01:00`, fractional seconds allowed), or a bare date meaning 00:00 UTC.
    /// Nil when it is malformed or falls outside `CivilDate.supportedYears` in UTC
    /// (`isOutOfRange` tells which).
    public static func parse(_ text: String) -> Date? {
        guard let date = parseAnyYear(text), range.contains(date) else { return nil }
        return date
    }

    /// The instants Cohort records: from 1900-01-01T00:00:00Z to the end of 2199 in UTC.
    public static let range: Range<Date> = {
        let first =
            CivilDate(year: CivilDate.supportedYears.lowerBound, month: 1, day: 1) ?? CivilDate(daysSinceEpoch: 0)
        let end = CivilDate(year: CivilDate.supportedYears.upperBound + 1, month: 1, day: 1) ?? first
        return Date(
            timeIntervalSince1970: TimeInterval(first.daysSinceEpoch) * 86_400)..<Date(
                timeIntervalSince1970: TimeInterval(end.daysSinceEpoch) * 86_400)
    }()

    /// True when `text` is a well-formed instant outside the years Cohort records.
    public static func isOutOfRange(_ text: String) -> Bool {
        guard let date = parseAnyYear(text) else { return false }
        return !range.contains(date)
    }

    /// True when `date` is within the years Cohort records (a computed instant, say).
    public static func isSupported(_ date: Date) -> Bool { range.contains(date) }

    /// `"9999-12-31" lies outside the years 1900–2199` or `"x" is not …`: the problem with a text
    /// that was meant as an instant, with `expected` saying how to write one.
    public static func problem(_ text: String, expected: String) -> String {
        isOutOfRange(text)
            ? "\"\(text)\" lies outside \(CivilDate.supportedYearsText); write a date within them"
            : "\"\(text)\" is not \(expected)"
    }

    private static func parseAnyYear(_ text: String) -> Date? {
        if let day = CivilDate(iso: text) { return day.start(in: .gmt) }
        if CivilDate.isOutOfRange(text) {
            let year = Int(text.prefix(4)) ?? 0
            return year < CivilDate.supportedYears.lowerBound ? .distantPast : .distantFuture
        }
        // Foundation's parser rolls 25:00 or 30 February over into another instant; check the
        // fields first so an impossible time is refused instead.
        guard let match = text.wholeMatch(of: shape),
            CivilDate(iso: String(match.date)) != nil || CivilDate.isOutOfRange(String(match.date)),
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
