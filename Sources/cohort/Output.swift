import ArgumentParser
import CohortKit
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Printing: JSON documents, human text with optional emphasis, diagnostics and failures on stderr.
enum Output {
    /// Colour and bold only on a terminal, and never when NO_COLOR is set.
    static let styled: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func bold(_ text: String) -> String { styled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// Notes printed on stderr after a command succeeded (a clock behind the records, say); a
    /// failure's own message says what matters instead.
    // nonisolated(unsafe): the command runs on the main thread alone; nothing else touches this.
    nonisolated(unsafe) static var notes: [String] = []

    /// Prints `value` as one pretty JSON document.
    static func json<T: Encodable>(_ value: T) throws { print(try JSONDocument.text(value)) }

    /// Prints `value` as JSON when `json`, else `text()`.
    static func show<T: Encodable>(_ value: T, json: Bool, _ text: () -> String) throws {
        if json { try Output.json(value) } else { say(text()) }
    }

    /// Prints human text on stdout, control characters escaped (`TerminalText`): a value from a
    /// CSV file or the records never drives the terminal.
    static func say(_ text: String, terminator: String = "\n") {
        print(TerminalText.safe(text, keepingStyle: styled), terminator: terminator)
    }

    /// Writes a line to stderr, control characters escaped.
    static func diagnostic(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.safe(line) + "\n").utf8))
    }

    /// Prints `report` (stderr, and a JSON document on stdout with `--json`) and exits.
    static func fail(_ report: FailureReport, json: Bool) -> Never {
        if json, let text = try? JSONDocument.text(report.document) { print(text) }
        for line in report.lines { diagnostic(line) }
        Foundation.exit(report.exitCode)
    }

    /// Exits with `kind`'s code after the lines were printed.
    static func exit(_ kind: FailureKind) -> ExitCode { ExitCode(kind.exitCode) }
}

/// A one-line progress bar on stderr, only when stderr is a terminal.
final class ProgressBar {
    let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func show(_ done: Int, of total: Int) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\(ProgressText.bar(done, of: total))".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// A status line on stderr that rewrites itself, for long work: only on a terminal, and only
/// once the work has taken a second (a quick answer prints nothing extra).
final class ProgressLine {
    let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false

    func show(_ text: String, after elapsed: Duration) {
        guard enabled, elapsed >= .seconds(1) else { return }
        shown = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(TerminalText.safe(text))".utf8))
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
