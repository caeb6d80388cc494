import CohortCore
import Foundation
import Logging

/// Logging to stderr, at `COHORT_LOG_LEVEL` (warning by default). Never given a secret.
public enum CohortLogging {
    /// Installs the handler once, at the start of the process.
    public static func bootstrap(environment: [String: String]) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = environment["COHORT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .warning
            return handler
        }
    }
}

/// JSON as every command prints it: pretty, keys sorted, slashes as they are.
public enum JSONDocument {
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// One line, keys sorted: for JSON kept inside records (an audit entry's details).
    public static func compact<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Progress of long work, as a bar.
public enum ProgressText {
    /// `████░░░░ 120/1000`.
    public static func bar(_ done: Int, of total: Int, width: Int = 30) -> String {
        guard total > 0 else { return "\(done)" }
        let filled = min(width, max(0, done * width / total))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            + " \(done)/\(total)"
    }
}

/// The command-line parser's own complaints (a missing value, an unknown option) in the voice of
/// every other error: one lowercase sentence, and where to read more.
public enum UsageFailure {
    /// `message` is the parser's message; `fullMessage` the one with usage, which names the help.
    public static func report(message: String, fullMessage: String) -> FailureReport {
        var sentence = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if sentence.hasPrefix("Error: ") { sentence.removeFirst("Error: ".count) }
        sentence = sentence.split(separator: "\n").first.map(String.init) ?? sentence
        if let first = sentence.first, first.isUppercase,
            sentence.dropFirst().first.map({ !$0.isUppercase }) ?? true
        {
            sentence = first.lowercased() + sentence.dropFirst()
        }
        if let match = fullMessage.firstMatch(of: /See '(?<help>[^']+)' for more information/) {
            sentence += "; see `\(match.help)`"
        }
        return FailureReport(kind: .badInput, message: sentence)
    }
}
