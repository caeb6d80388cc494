import CohortCore

/// Extra facts of an audit entry as compact JSON text with sorted keys, as JSONSerialization
/// writes it (`{"a":1,"b":["x"]}`), but written directly: an import of 200,000 codes writes one
/// entry each, and bridging every one through NSDictionary took most of the import's time.
enum AuditDetails {
    /// `facts` holds strings, numbers, booleans, and arrays and dictionaries of them.
    static func json(_ facts: [String: Any]) -> String {
        var text = ""
        write(facts, to: &text)
        return text
    }

    private static func write(_ value: Any, to text: inout String) {
        switch value {
        case let string as String: quote(string, to: &text)
        case let bool as Bool: text += bool ? "true" : "false"
        case let int as Int: text += String(int)
        case let double as Double:
            text += double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(double)
        case let array as [Any]:
            text += "["
            for (index, element) in array.enumerated() {
                if index > 0 { text += "," }
                write(element, to: &text)
            }
            text += "]"
        case let object as [String: Any]:
            text += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                quote(key, to: &text)
                text += ":"
                write(object[key] ?? "", to: &text)
            }
            text += "}"
        default: quote("\(value)", to: &text)
        }
    }

    private static func quote(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{8}": text += "\\b"
            case "\u{C}": text += "\\f"
            case _ where scalar.value < 0x20:
                text += "\\u" + String(scalar.value, radix: 16).zeroPadded(to: 4)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
