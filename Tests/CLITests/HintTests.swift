import ArgumentParser
import CohortKit
import CohortTestSupport
import Foundation
import Testing

@testable import cohort

/// Every command a message or a help page tells people to run parses as printed: the hints in
/// the libraries' messages (each `` `cohort …` `` in their sources, an interpolated value standing
/// in for what it names) and every example of every help page, found by walking the command tree.
@Suite struct HintTests {
    /// What a placeholder in a hint stands for, where the parser checks the value.
    static let placeholders = ["KIND": "update", "C": "unclear", "N": "1", "SESSION": "1"]
    /// What an interpolated value stands for, where the parser checks it (else `x`).
    static let interpolations = ["audience.rawValue": "pilot"]

    /// Words of a command line as a shell splits them: quotes group, a backslash at the end of a
    /// line continues it.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == ">" || character == "|" {
                break
            } else if character == " " || character == "\\" || character == "\n" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words.map { placeholders[$0] ?? $0 }
    }

    /// `text` with each `\(…)` interpolation replaced by `x`.
    static func withValues(_ text: String) -> String {
        var result = ""
        var depth = 0
        var expression = ""
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if depth == 0, character == "\\", characters.first == "(" {
                characters.removeFirst()
                depth = 1
                expression = ""
            } else if depth > 0 {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth > 0 {
                    expression.append(character)
                } else {
                    result += interpolations[expression] ?? "x"
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Each hint in the libraries' sources, with the file it is in.
    static func messageHints() throws -> [(file: String, line: String)] {
        var hints: [(String, String)] = []
        let sources = Repository.root.appendingPathComponent("Sources")
        for library in ["CohortCore", "CohortKit", "CohortStore", "CohortRender", "CohortDelivery"] {
            let folder = sources.appendingPathComponent(library)
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                {
                    let parts = line.split(separator: "`", omittingEmptySubsequences: false)
                    for (index, part) in parts.enumerated() where index % 2 == 1 && part.hasPrefix("cohort ") {
                        hints.append(("\(library)/\(file)", withValues(String(part))))
                    }
                }
            }
        }
        return hints
    }

    /// Each example of each help page, found by walking the command tree.
    static func helpExamples(_ command: any ParsableCommand.Type = Cohort.self, path: String = "cohort") -> [(
        file: String, line: String
    )] {
        var examples: [(String, String)] = []
        let lines = command.configuration.discussion.split(separator: "\n").map(String.init)
        var current: String?
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = current {
                current = open + " " + trimmed
            } else if trimmed.hasPrefix("cohort ") {
                current = trimmed
            } else {
                continue
            }
            if let done = current, !done.hasSuffix("\\") {
                examples.append((path + " --help", done))
                current = nil
            }
        }
        for sub in command.configuration.subcommands {
            examples += helpExamples(sub, path: path + " " + (sub.configuration.commandName ?? "\(sub)".lowercased()))
        }
        return examples
    }

    /// Why `line` does not parse, or nil. A bare command path (`cohort announce log`) names a
    /// command rather than a line to run: it needs only to exist.
    static func problem(_ line: String) -> String? {
        let words = words(line)
        guard words.first == "cohort" else { return "does not start with cohort" }
        // The command itself is computed (`cohort \(…)`): its own test covers it.
        if words.dropFirst().first == "x" { return nil }
        let reference = words.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } && !$0.hasPrefix("-") }
        let arguments = GlobalArguments.joinNegativeValues(GlobalArguments.hoist(Array(words.dropFirst())))
        do {
            _ = try Cohort.parseAsRoot(arguments)
            return nil
        } catch {
            let code = Cohort.exitCode(for: error)
            let message = Cohort.message(for: error)
            if code == .success || (reference && message.hasPrefix("Missing expected argument")) { return nil }
            return message
        }
    }

    @Test func everyHintInAMessageParsesAsPrinted() throws {
        let hints = try Self.messageHints()
        #expect(hints.count > 40)
        for (file, line) in hints {
            if let problem = Self.problem(line) { Issue.record("\(file): `\(line)`: \(problem)") }
        }
    }

    @Test func everyExampleInTheHelpParsesAsPrinted() {
        let examples = Self.helpExamples()
        #expect(examples.count > 100)
        for (page, line) in examples {
            if let problem = Self.problem(line) { Issue.record("\(page): `\(line)`: \(problem)") }
        }
    }

    @Test func theReconcileHintOfADisagreementRunsAsPrinted() {
        #expect(Self.problem("cohort feedback reconcile fb-001 --category unclear --reason TEXT --by NAME") == nil)
        #expect(Self.problem("cohort feedback reconcile fb-001 --category C --note TEXT --by NAME") != nil)
    }
}
