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

/// What reaches a terminal: every control character a value could carry (an escape sequence in a
/// username, a carriage return that overwrites a line, a bidirectional override that reorders
/// it) is shown as a visible escape instead of acted on. The one place all human output passes.
public enum TerminalText {
    /// Cohort's own styling, kept when `keepingStyle`: bold on and off.
    static let styles = ["\u{1B}[1m", "\u{1B}[0m"]

    /// `text` with control characters escaped (`\x1b`, `\u{202e}`); line feeds, tabs and CRLF line
    /// ends stay.
    public static func safe(_ text: String, keepingStyle: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if keepingStyle, scalar == "\u{1B}",
                let style = styles.first(where: { matches($0, scalars, at: index) })
            {
                result += style
                index += style.unicodeScalars.count
                continue
            }
            switch scalar.value {
            case 0x0A, 0x09:
                result.unicodeScalars.append(scalar)
            case 0x0D where index + 1 < scalars.count && scalars[index + 1] == "\n":
                result.unicodeScalars.append(scalar)
            case 0x00..<0x20, 0x7F...0x9F:
                result += "\\x" + String(format: "%02x", scalar.value)
            case 0x202A...0x202E, 0x2066...0x2069:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
            index += 1
        }
        return result
    }

    private static func matches(_ style: String, _ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let wanted = Array(style.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        return Array(scalars[index..<index + wanted.count]) == wanted
    }
}
