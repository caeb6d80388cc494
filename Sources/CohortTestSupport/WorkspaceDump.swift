import CohortCore
import Foundation

/// Everything a command could have changed in a workspace, as text to compare before and after:
/// every file (path, size and hash; the database files aside) and every record as SQLite itself
/// dumps it (Python's `sqlite3.iterdump`, an independent reader: its INSERT statements, so an
/// empty database is the same as none). Equal dumps mean nothing changed.
public enum WorkspaceDump {
    /// The dump of the workspace in `folder`.
    public static func of(_ folder: URL) throws -> String {
        var lines: [String] = []
        let manager = FileManager.default
        let root = folder.resolvingSymlinksInPath().path
        if let walker = manager.enumerator(atPath: root) {
            for case let relative as String in walker {
                if relative.hasPrefix(".cohort/state.sqlite") { continue }
                let path = root + "/" + relative
                if let link = try? manager.destinationOfSymbolicLink(atPath: path) {
                    lines.append("\(relative) -> \(link)")
                    continue
                }
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                    let data = manager.contents(atPath: path)
                else { continue }
                lines.append("\(relative) \(data.count) \(StableHash.hex(String(decoding: data, as: UTF8.self)))")
            }
        }
        lines.sort()
        let database = folder.appendingPathComponent(".cohort/state.sqlite").path
        let records = try Processes.python(
            """
            import os, sqlite3, sys
            if os.path.exists(sys.argv[1]):
                connection = sqlite3.connect(sys.argv[1])
                for line in connection.iterdump():
                    print(line)
            """, [database])
        // The schema and its migration list are not records: a first run creates them.
        let rows = records.stdoutLines.filter { $0.hasPrefix("INSERT INTO") && !$0.contains("\"grdb_migrations\"") }
        return (lines + ["--- records"] + rows).joined(separator: "\n")
    }
}
