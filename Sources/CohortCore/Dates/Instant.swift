import Foundation

/// Instants as the CLI and the records spell them: ISO 8601 in UTC (`2022-02-01T12:00:00Z`).
public enum Instant {
    /// Parses an ISO 8601 instant with `Z` or an offset (`2022-02-01T12:00:00Z`,
    /// `2022-02-01T13:00:00+01:00`, fractional seconds allowed), or a bare date meaning 00:00 UTC.
    /// Nil when it is malformed or falls outside `CivilDate.supportedYears` in UTC
    /// (`isOutOfRange` tells which).
    public static func parse(_ text: String) -> Date? {
        if let date = parseCanonical(text) { return date }
        guard let date = parseAnyYear(text), range.contains(date) else { return nil }
        return date
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` exactly, as `format` writes it and the records hold every instant:
    /// read digit by digit (a hundred thousand sign-ups are read back in a blink), nil for anything
    /// else, which the general parser then reads.
    static func parseCanonical(_ text: String) -> Date? {
        guard text.utf8.count == 20 else { return nil }
        let bytes = Array(text.utf8)
        let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x54), (13, 0x3A), (16, 0x3A), (19, 0x5A)]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1 }) else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[from..<from + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), CivilDate.supportedYears.contains(year),
            let date = CivilDate(year: year, month: month, day: day), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        return Date(
            timeIntervalSince1970: TimeInterval(date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second))
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
        if isOutOfRange(text) {
            return "\"\(text)\" lies outside \(CivilDate.supportedYearsText); write a date within them"
        }
        if let match = text.wholeMatch(of: shape), let sign = match.offsetSign, let hours = match.offsetHours,
            let minutes = match.offsetMinutes, !isPlaceOffset(sign: sign, hours: hours, minutes: minutes)
        {
            return
                "\"\(text)\" has the UTC offset \(sign)\(hours):\(minutes), which no place uses; offsets run from -12:00 to +14:00 with minutes :00, :30 or :45"
        }
        return "\"\(text)\" is not \(expected)"
    }

    /// An offset some place on Earth uses or has used: -12:00 to +14:00, minutes 00, 30 or 45.
    static func isPlaceOffset(sign: Substring, hours: Substring, minutes: Substring) -> Bool {
        guard let h = Int(hours), let m = Int(minutes), [0, 30, 45].contains(m) else { return false }
        return h * 60 + m <= (sign == "+" ? 14 * 60 : 12 * 60)
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
        if let sign = match.offsetSign, let hours = match.offsetHours, let minutes = match.offsetMinutes {
            guard Self.isPlaceOffset(sign: sign, hours: hours, minutes: minutes) else { return nil }
        }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let plain = Date.ISO8601FormatStyle()
        return (try? plain.parse(text)) ?? (try? withFraction.parse(text))
    }

    // nonisolated(unsafe): a Regex literal is an immutable value that is only ever matched against,
    // never mutated; Regex is not marked Sendable in the standard library.
    private nonisolated(unsafe) static let shape =
        /(?<date>\d{4}-\d{2}-\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.\d{1,9})?(?:Z|(?<offsetSign>[+-])(?<offsetHours>\d{2}):(?<offsetMinutes>\d{2}))/
        .asciiOnlyDigits()

    /// `2022-02-01T12:00:00Z` (to the second, rounded down, as ISO8601FormatStyle writes it).
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let day = CivilDate(daysSinceEpoch: days)
        guard (1...9999).contains(day.year) else { return date.formatted(Date.ISO8601FormatStyle()) }
        let time = seconds - days * 86_400
        return "\(day)T\(pad(time / 3600)):\(pad(time / 60 % 60)):\(pad(time % 60))Z"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
