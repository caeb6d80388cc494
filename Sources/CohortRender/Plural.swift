/// English counts for human output: "1 phase", "3 phases".
public enum Plural {
    /// `count` and the noun, singular or plural (`plural` defaults to the noun with an "s").
    public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
