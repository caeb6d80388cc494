import CohortCore
import Foundation

/// CSV files the user names on the command line, read whole into a located `CSVTable`.
public enum CSVFile {
    /// Reads `path` (relative to `folder`, the current one by default) as a CSV file with `columns`.
    /// Problems in its text are `CSVProblems` named after `path` as the user wrote it.
    public static func read(
        _ path: String, columns: CSVColumns,
        relativeTo folder: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> CSVTable {
        let url = URL(fileURLWithPath: path, relativeTo: folder)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: url.path)
            throw CSVFileError(path: path, reason: missing ? "no such file" : error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CSVFileError(path: path, reason: "it is not UTF-8 text; save it as CSV UTF-8")
        }
        return try CSVTable.parse(text, file: path, columns: columns)
    }
}

/// A CSV file that could not be read at all.
public struct CSVFileError: Error, LocalizedError, CategorizedError, Equatable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var errorDescription: String? { "cannot read \(path): \(reason)" }
    public var kind: FailureKind { .badInput }
}
