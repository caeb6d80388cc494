/// A planning lag such as `14d` or `2w`: whole days, as plans count them.
public struct Lag: Sendable, Hashable, CustomStringConvertible {
    /// The lag in days.
    public let days: Int

    /// The longest lag a plan may state: ten years.
    public static let maximumDays = 3_660

    /// A lag of `days` days.
    public init(days: Int) { self.days = days }

    /// Parses `<n>d` or `<n>w` (n ≥ 0, at most ten years); nil otherwise.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.dropLast()
        guard let unit = trimmed.last, !number.isEmpty, number.allSatisfy(\.isASCIIDigit), number.count <= 6,
            let count = Int(number)
        else { return nil }
        switch unit {
        case "d": days = count
        case "w": days = count * 7
        default: return nil
        }
        guard days <= Self.maximumDays else { return nil }
    }

    public var description: String { days % 7 == 0 && days > 0 ? "\(days / 7)w" : "\(days)d" }
}
