import CohortCore
import Foundation

/// A CSV file's text and the name problems are reported under, for importers that parse it
/// themselves (partners); `CSVFile.read` is the one to use for a new importer.
public struct CSVInput: Sendable {
    public var text: String
    public var name: String

    public init(text: String, name: String) {
        self.text = text
        self.name = name
    }

    /// Reads `path` (relative to the current folder); a missing or non-UTF-8 file is bad input.
    public static func read(_ path: String) throws(CSVFileError) -> CSVInput {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CSVFileError(path: path, reason: "no such file")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CSVFileError(path: path, reason: "it is not UTF-8 text; save it as CSV UTF-8")
        }
        return CSVInput(text: text, name: path)
    }
}
