import CohortCore
import Foundation

/// What every CSV import reports: what it did, for people and as JSON, and the bad rows it left
/// out when asked to (`--skip-invalid`), each located.
public protocol ImportReport: Encodable, Sendable {
    /// Rows left out by `--skip-invalid`, each as `FILE:row R, column "C": message`.
    var skipped: [String] { get }
    /// One line (or a few) saying what changed.
    func text(file: String) -> String
}

/// The CSV files Cohort imports (formats in DESIGN.md).
public enum CSVImport: Sendable, Equatable {
    /// Sign-ups; `acceptChanges` lets a known username's signed_up_at change.
    case signups(acceptChanges: Bool)
    /// The availability poll of an audience's people.
    case poll(WorkshopAudience)
    case partners, feedback, codes
}

extension ProgramSession {
    /// Imports the CSV file at `path` (relative to where the command runs): all of it or, when
    /// something is wrong, nothing, unless `skipInvalid` imports the good rows and lists the rest.
    public func importCSV(_ kind: CSVImport, file path: String, skipInvalid: Bool, audit: AuditContext) throws
        -> any ImportReport
    {
        switch kind {
        case .signups(let acceptChanges):
            try PilotEnrolment(self).importSignups(
                file: path, skipInvalid: skipInvalid, acceptChanges: acceptChanges, audit: audit)
        case .poll(let audience):
            try WorkshopPlanning(self).importPoll(
                file: path, audience: audience, skipInvalid: skipInvalid, audit: audit)
        case .partners: try PartnerOnboarding(self).importPartners(file: path, skipInvalid: skipInvalid, audit: audit)
        case .feedback: try FeedbackCoding(self).importFeedback(file: path, skipInvalid: skipInvalid, audit: audit)
        case .codes: try FeedbackCoding(self).importCodes(file: path, skipInvalid: skipInvalid, audit: audit)
        }
    }
}

extension SignupImport: ImportReport {}
extension PartnerImport: ImportReport {}
extension PollImported: ImportReport {
    public func text(file: String) -> String { text }
}
extension FeedbackImported: ImportReport {
    public func text(file: String) -> String { text }
}
extension CodesImported: ImportReport {
    public func text(file: String) -> String { text }
}

extension UseCase {
    /// Runs an import; CSV problems it throws say how to import the good rows when `skipInvalid` is off.
    func withSkipHint<T>(_ skipInvalid: Bool, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var problems as CSVProblems {
            // Only bad rows can be skipped; a file that cannot be read (quoting, encoding) cannot.
            if !skipInvalid, problems.problems.contains(where: { ($0.location?.row ?? 0) > 1 }) {
                problems.hint = skipInvalidHint
            }
            throw problems
        }
    }
}

/// What a CSV problem adds when the good rows could be imported anyway.
let skipInvalidHint = "fix them, or pass --skip-invalid to import the good rows and list the others"
