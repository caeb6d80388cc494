import CohortStore
import CohortTestSupport
import Foundation
import PropertyBased
import Testing

@testable import CohortKit

/// No value is stored differently from how it was read: any text the rule lets in goes through a
/// CSV file, the importer and SQLite, and comes back with the very same Unicode scalars.
@Suite struct StoredAsReadTests {
    /// Scalars from every plane people type in: ASCII, accents, scripts, emoji, combining marks,
    /// format characters, the quote and comma a CSV must escape. No controls: the rule refuses those.
    static let scalar = Gen.frequency(
        (6, Gen.unicodeScalar(in: " "..."~")),
        (2, Gen.unicodeScalar(in: "\u{A0}"..."\u{24F}")),
        (2, Gen.unicodeScalar(in: "\u{400}"..."\u{FFF}")),
        (1, Gen.unicodeScalar(in: "\u{4E00}"..."\u{4FFF}")),
        (1, Gen.unicodeScalar(in: "\u{1F300}"..."\u{1F6FF}")),
        (1, Gen.unicodeScalar(in: "\u{300}"..."\u{36F}")),
        (1, Gen.unicodeScalar(in: "\u{200B}"..."\u{200F}")),
        (1, Gen.element(of: ["\"", ",", "\u{FEFF}", "'", "\\"]).map { $0 ?? "\"" })
    )

    static let text = scalar.array(of: 1...24).map { scalars in
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    /// A CSV value quoted as a spreadsheet writes it: by code point, each quote doubled (a quote
    /// followed by a combining mark is one Character to Swift, but still a quote to CSV).
    static func quoted(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append("\"")
        for scalar in value.unicodeScalars {
            if scalar == "\"" { scalars.append("\"") }
            scalars.append(scalar)
        }
        scalars.append("\"")
        return String(scalars)
    }

    @Test func signUpsComeBackWithTheSameScalars() async throws {
        await propertyCheck(count: 60, input: Self.text, Self.text) { name, useCase in
            // A key must be NFC; surrounding spaces are not part of a value.
            // Trimmed as the CSV reader trims a cell (Foundation's white space, on this platform).
            let username =
                ("u"
                + name.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "\u{FEFF}", with: "")).trimmed
            guard TextRule.problem(in: username, kind: .key) == nil, WikiUsername.problem(username) == nil else {
                return
            }
            let trimmedUseCase = useCase.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let (folder, session) = try exampleSession()
                _ = folder
                let row = [
                    username, "u@example.org", "2022-02-01T09:00:00Z", trimmedUseCase, "yes", "yes", "signed", "UTC",
                    "en",
                ]
                .map(Self.quoted).joined(separator: ",")
                let imported = try PilotEnrolment(session).importSignups(
                    try csv(row), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T00:00:00Z"))
                #expect(imported.added.map { Array($0.unicodeScalars) } == [Array(username.unicodeScalars)])
                let stored = try session.openStore().read { try $0.signups() }
                #expect(stored.map { Array($0.username.unicodeScalars) } == [Array(username.unicodeScalars)])
                #expect(stored.map { Array($0.useCase.unicodeScalars) } == [Array(trimmedUseCase.unicodeScalars)])
                // Importing the same row again finds it: the key is compared exactly as stored.
                let again = try PilotEnrolment(session).importSignups(
                    try csv(row), skipInvalid: false, acceptChanges: false, audit: context("2022-02-02T01:00:00Z"))
                #expect(again.added.isEmpty && again.unchanged.count == 1)
            } catch {
                Issue.record("\(username.debugDescription): \(error)")
            }
        }
    }

    @Test func theTerminalNeverSeesAControlCharacter() async {
        await propertyCheck(count: 300, input: Gen.unicodeScalar(in: "\u{0}"..."\u{2070}").array(of: 0...40)) {
            scalars in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            let shown = TerminalText.safe(String(text))
            let controls = shown.unicodeScalars.enumerated().filter { index, scalar in
                let crlf = scalar == "\r" && shown.unicodeScalars.dropFirst(index + 1).first == "\n"
                return TextRule.isControl(scalar) && scalar != "\n" && scalar != "\t" && !crlf
            }
            #expect(controls.isEmpty, "\(shown.debugDescription)")
        }
    }

    @Test func terminalTextShowsEscapesAndKeepsOurOwnBold() {
        #expect(TerminalText.safe("\u{1B}[2Jamelia\u{7}") == "\\x1b[2Jamelia\\x07")
        #expect(TerminalText.safe("a\u{202E}b\rc\r\nd") == "a\\u{202e}b\\x0dc\r\nd")
        #expect(TerminalText.safe("\u{1B}[1mPilot\u{1B}[0m", keepingStyle: true) == "\u{1B}[1mPilot\u{1B}[0m")
        #expect(TerminalText.safe("\u{1B}[1mPilot\u{1B}[0m") == "\\x1b[1mPilot\\x1b[0m")
    }
}
