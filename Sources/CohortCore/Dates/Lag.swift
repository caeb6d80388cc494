/// A planning lag such as `14d` or `2w`: whole days, as plans count them.
public struct Lag: Sendable, Hashable, CustomStringConvertible {
    /// The lag in days.
    public let days: Int

    /// A lag of `days` days.
    public init(days: Int) { self.days = days }

    /// Parses `<n>d` or `<n>w` (n ≥ 0); nil otherwise.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count >= 0 else { return nil }
        switch unit {
        case "d": days = count
        case "w": days = count * 7
        default: return nil
        }
    }

    public var description: String { days % 7 == 0 && days > 0 ? "\(days / 7)w" : "\(days)d" }
}
