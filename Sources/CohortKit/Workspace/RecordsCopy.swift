import CohortCore
internal import CohortDelivery
internal import CohortRender
internal import CohortStore
import Foundation

extension CommandContext {
    /// Copies every record of the workspace's store (`records copy`) into `target`: a PostgreSQL
    /// URL, or a SQLite file path (to move records back into a workspace). The target must be empty.
    public func copyRecords(to target: String) throws -> RecordCopyReport {
        let session = try session()
        let destination: RecordStoreLocation =
            target.hasPrefix("postgres://") || target.hasPrefix("postgresql://")
            ? .postgres(
                try PostgresLocation(
                    url: target, source: "--to", environment: environment,
                    loopback: NetworkAddress.isLoopback(host:)))
            : .sqlite(URL(fileURLWithPath: target, relativeTo: currentDirectory).standardizedFileURL)
        return try RecordCopy.copy(from: session.records, opened: try session.openStore(), to: destination)
    }
}

/// `records copy` for people.
public enum RecordsCopyText {
    public static func render(_ report: RecordCopyReport) -> String {
        var table = TextTable(headers: ["TABLE", "ROWS", "HASH"], alignments: [.left, .right, .left])
        for entry in report.tables { table.append([entry.table, String(entry.rows), entry.hash]) }
        return [
            "Copied \(Plural.count(report.records, "record")) from \(report.from)",
            "  into \(report.to)",
            table.render(indent: "  "),
            "Every table's row count and hash match.",
        ].joined(separator: "\n")
    }
}
