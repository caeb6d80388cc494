import CohortCore
import Mustache

/// Mustache content type for YAML files: every inserted value becomes one double-quoted YAML
/// scalar, so no value can add keys, lists or comments to the document it lands in.
public struct YAMLContentType: MustacheContentType {
    /// The name templates select it by: `{{% CONTENT_TYPE: YAML }}`.
    public static let name = "YAML"

    public init() {}

    public func escapeText(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                quoted += "\\u" + String(scalar.value, radix: 16, uppercase: true).zeroPadded(to: 4)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Registers the content type with swift-mustache (idempotent).
    static let registered: Void = MustacheContentTypes.register(YAMLContentType(), named: YAMLContentType.name)
}
