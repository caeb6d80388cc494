import Foundation

/// The one rule for text that enters the records, whether from a CSV cell, a `cohort.yaml` or
/// front-matter value, or a command-line flag: no NUL and no other control character (C0, DEL,
/// C1) except tab, and line breaks only where a field is multi-line text. A NUL would cut the
/// stored text short (SQLite reads text up to it) and a control sequence would reach terminals,
/// mail headers and public pages; a line break in a name or a subject would start a new header.
///
/// Keys (usernames, ids) must also be in Unicode normalization form C: Swift compares strings by
/// canonical equivalence and the database by bytes, and for NFC text the two agree, so a key is
/// found exactly as it is stored.
public enum TextRule {
    /// How a value may be written.
    public enum Kind: Sendable, Equatable {
        /// One line: a name, an id, a subject, a link.
        case line
        /// Text that may span lines (a comment, a note); CR and LF are allowed.
        case multiline
        /// A key records are found by: one line, and in Unicode normalization form C.
        case key
    }

    /// What is wrong with `text` as a value of `kind`, as a phrase that follows the value's name
    /// ("contains …; …"), or nil when it may enter the records.
    public static func problem(in text: String, kind: Kind = .line) -> String? {
        // Printable ASCII (and tab) is fine, and already NFC: most values, checked at byte speed.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) { return nil }
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let value = scalar.value
            let position = "at character \(offset + 1)"
            if value == 0 {
                return "contains a NUL byte (U+0000) \(position); remove it"
            }
            if value == 0x0A || value == 0x0D {
                if kind == .multiline { continue }
                return "contains a line break \(position); write it on one line"
            }
            if value == 0x09 { continue }
            if isControl(scalar) {
                return "contains the control character \(codePoint(scalar)) \(position); remove it"
            }
        }
        if kind == .key, !isNFC(text) {
            return
                "is not in Unicode normalization form C (an accent is stored as a separate character); retype it or save the file as NFC"
        }
        return nil
    }

    /// C0 controls, DEL and C1 controls: what a terminal may act on instead of showing.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// True when `text` is in Unicode normalization form C.
    public static func isNFC(_ text: String) -> Bool {
        text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    /// `U+001B`.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        "U+" + String(scalar.value, radix: 16, uppercase: true).zeroPadded(to: 4)
    }
}
