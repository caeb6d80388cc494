import CohortCore
import Foundation
import Testing

@Suite("String.trimmed and trimmedSpaces")
struct TrimmedTests {
    /// Pieces that make the cases hard: ASCII blanks, line breaks, Unicode spaces (no-break, em,
    /// ideographic), a combining mark, letters beyond ASCII and emoji.
    static let pieces = [
        " ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "\u{2028}",
        "\u{301}", "a", "Z", "é", "名", "🙂", "-", "{{", "x y",
    ]

    @Test func agreeWithFoundationOnEveryMixOfBlanksAndText() {
        var generator = SystemRandomNumberGenerator()
        var cases = Self.pieces.flatMap { first in Self.pieces.map { first + $0 } }
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...6, using: &generator)
            cases.append((0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined())
        }
        for text in cases {
            #expect(
                text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
            #expect(text.trimmedSpaces == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }
}
