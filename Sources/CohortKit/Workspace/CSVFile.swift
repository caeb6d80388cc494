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
            throw CSVFileError(path: path, reason: FileProblem.reason(error, at: url))
        }
        switch TextFile.decode(data) {
        case .success(let text):
            return try CSVTable.parse(text, file: path, columns: columns)
        case .failure(let bad):
            var problems = CSVProblems(file: path)
            problems.add(
                at: bad.line, column: bad.column,
                "byte 0x\(String(bad.byte, radix: 16, uppercase: true)) is not UTF-8 text; save the file as CSV UTF-8")
            throw problems
        }
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
