import Foundation

/// Times as people read them: `Friday 4 February 2022`, `16:00`, in a given zone.
public enum LocalTime {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// `Friday 4 February 2022`.
    public static func day(_ date: Date, in zone: TimeZone) -> String {
        let day = CivilDate(date, in: zone)
        return "\(weekdays[day.isoWeekday - 1]) \(day.day) \(months[day.month - 1]) \(day.year)"
    }

    /// `Fri 2022-02-04`.
    public static func shortDay(_ date: Date, in zone: TimeZone) -> String {
        let day = CivilDate(date, in: zone)
        return "\(weekdays[day.isoWeekday - 1].prefix(3)) \(day)"
    }

    /// Minutes after local midnight in `zone` (its offset at that instant).
    public static func minuteOfDay(_ date: Date, in zone: TimeZone) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        return ((seconds / 60) % 1440 + 1440) % 1440
    }

    /// `16:00`.
    public static func clock(_ date: Date, in zone: TimeZone) -> String {
        let minute = minuteOfDay(date, in: zone)
        return String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    /// `Friday 4 February 2022, 16:00–17:00`, naming the end's day when it differs.
    public static func span(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
        let sameDay = CivilDate(start, in: zone) == CivilDate(end, in: zone)
        let endText = sameDay ? clock(end, in: zone) : "\(day(end, in: zone)), \(clock(end, in: zone))"
        return "\(day(start, in: zone)), \(clock(start, in: zone))–\(endText)"
    }

    static let spanishWeekdays = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    static let spanishMonths = [
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
        "diciembre",
    ]

    /// A day and time for a person reading `language`: `Friday 4 February 2022, 20:15` in English,
    /// `viernes 4 de febrero de 2022, 20:15` in Spanish, `2022-02-04 20:15` in any other.
    public static func moment(_ date: Date, in zone: TimeZone, language: String) -> String {
        let day = CivilDate(date, in: zone)
        let time = clock(date, in: zone)
        switch language {
        case "en": return "\(Self.day(date, in: zone)), \(time)"
        case "es":
            return
                "\(spanishWeekdays[day.isoWeekday - 1]) \(day.day) de \(spanishMonths[day.month - 1]) de \(day.year), \(time)"
        default: return "\(day) \(time)"
        }
    }
}
