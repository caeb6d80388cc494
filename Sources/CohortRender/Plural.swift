import Foundation

/// English counts for human output: "1 phase", "3 phases".
public enum Plural {
    /// `count` and the noun, singular or plural (`plural` defaults to the noun with an "s").
    public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}

/// Figures as people read them, the same on every channel.
public enum Figures {
    /// `80.0%` for 0.8.
    public static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// Seconds as people write them: `30`, or `2.5`.
    public static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// A statistic to three decimals, or `undefined`.
    public static func statistic(_ value: Double?) -> String {
        guard let value else { return "undefined" }
        let text = String(format: "%.3f", value)
        return text == "-0.000" ? "0.000" : text
    }
}
