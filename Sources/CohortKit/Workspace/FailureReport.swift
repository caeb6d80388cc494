import CohortCore
internal import CohortStore
import Foundation

/// An error as the user reads it, in one voice: located problems first, each as
/// `FILE:LINE:COLUMN: message` (or `FILE:row R, column "C": message`) so editors can jump to
/// them, then one sentence after `cohort: `; with `--json`, the same as one error document.
public struct FailureReport: Sendable, Equatable {
    public var kind: FailureKind
    /// One line per located problem.
    public var located: [String]
    /// The sentence that says what failed and what to do.
    public var message: String
    /// Where the first problem is, when it has a place.
    public var location: String?

    /// Every line passes through the one redaction (`SecretText`): no message shows a login.
    public init(kind: FailureKind, located: [String] = [], message: String, location: String? = nil) {
        self.kind = kind
        self.located = located.map(SecretText.redacted)
        self.message = SecretText.redacted(message)
        self.location = location.map(SecretText.redacted)
    }

    /// The report for any error a command can throw.
    public init(_ error: any Error) {
        switch error {
        case let problems as ConfigurationProblems:
            self.init(problems)
        case WorkspaceError.invalidConfiguration(let problems):
            self.init(problems)
        case let refused as SendRefused:
            self.init(
                kind: refused.kind, located: refused.findings.map(\.description), message: Self.sentence(refused),
                location: refused.findings.first?.location.description)
        case let problems as CSVProblems:
            let lines = problems.description.split(separator: "\n").map(String.init)
            self.init(
                kind: problems.kind, located: Array(lines.dropLast()), message: lines.last ?? "bad CSV input",
                location: lines.first.map(Self.place))
        case let problems as TalkPageProblems:
            self.init(
                kind: problems.kind, located: problems.problems.map(\.description), message: problems.summary,
                location: problems.problems.first?.location)
        case let categorized as any CategorizedError:
            self.init(kind: categorized.kind, message: Self.sentence(error))
        default:
            self.init(kind: .failure, message: Self.sentence(error))
        }
    }

    init(_ problems: ConfigurationProblems) {
        let count = problems.diagnostics.count
        let changed = problems.kind == .badInput ? "; nothing was changed" : ""
        self.init(
            kind: problems.kind, located: problems.diagnostics.map(\.description),
            message: "\(count) problem\(count == 1 ? "" : "s") found\(changed)",
            location: problems.diagnostics.first?.location.description)
    }

    /// The exit code (see the README).
    public var exitCode: Int32 { kind.exitCode }

    /// What goes to stderr, line by line.
    public var lines: [String] { located + ["cohort: \(message)"] }

    /// `{"error":{"kind","message","location"?,"problems"?}}`, what `--json` prints on stdout.
    public var document: Document {
        Document(
            error: Document.Body(
                kind: kind.name, message: message, location: location, problems: located.isEmpty ? nil : located))
    }

    /// The JSON shape of a failure.
    public struct Document: Encodable, Sendable {
        public struct Body: Encodable, Sendable {
            public var kind: String
            public var message: String
            public var location: String?
            public var problems: [String]?
        }

        public var error: Body
    }

    /// An error's sentence: its own description, lowercase-first as every message here is. A
    /// Foundation file error that got this far is said in Cohort's words, naming its file, never as
    /// `NSCocoaErrorDomain error 512`.
    static func sentence(_ error: any Error) -> String {
        let bridged = error as NSError
        if bridged.domain == NSCocoaErrorDomain || bridged.domain == NSPOSIXErrorDomain {
            let path =
                bridged.userInfo[NSFilePathErrorKey] as? String ?? (bridged.userInfo[NSURLErrorKey] as? URL)?.path
            let url = URL(fileURLWithPath: path ?? FileManager.default.currentDirectoryPath)
            let writing = (CocoaError.Code.fileWriteUnknown.rawValue...CocoaError.Code.fileWriteVolumeReadOnly.rawValue)
                .contains(bridged.code)
            let reason = writing ? FileProblem.writeReason(error, at: url) : FileProblem.reason(error, at: url)
            return "cannot \(writing ? "write" : "read") \(path ?? "a file"): \(reason)"
        }
        return (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }

    /// The place at the start of a located line (`bad.csv:row 3, column "id"` or `a.yaml:3:7`).
    static func place(_ line: String) -> String {
        if let range = line.range(of: "\": ") { return String(line[..<range.lowerBound]) + "\"" }
        let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        return parts.count >= 3 ? parts.prefix(3).joined(separator: ":") : line
    }
}

extension FailureKind {
    /// The kind's name in JSON error documents.
    public var name: String {
        switch self {
        case .badInput: "bad-input"
        case .problemsFound: "problems-found"
        case .temporary: "temporary"
        case .conflict: "conflict"
        case .failure: "failure"
        case .notApproved: "not-approved"
        }
    }
}
