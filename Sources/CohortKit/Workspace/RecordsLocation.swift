import CohortCore
internal import CohortDelivery
internal import CohortStore
import Foundation

extension Workspace {
    /// Where the records live, the first that is given of: `--database-url`, `COHORT_DATABASE_URL`,
    /// `records:` in cohort.yaml, and else the SQLite file in `.cohort/`. A PostgreSQL URL is checked
    /// here (no password in it, TLS to any other machine) before anything connects.
    func records(program: Program?, databaseURL: String?, environment: [String: String]) throws(StoreError)
        -> RecordStoreLocation
    {
        var location: PostgresLocation
        if let url = databaseURL {
            location = try PostgresLocation(
                url: url, source: "--database-url", environment: environment,
                loopback: NetworkAddress.isLoopback(host:))
        } else if let url = environment["COHORT_DATABASE_URL"], !url.isEmpty {
            location = try PostgresLocation(
                url: url, source: "COHORT_DATABASE_URL", environment: environment,
                loopback: NetworkAddress.isLoopback(host:))
        } else if let setting = program?.records {
            let place = SourceLocation(
                file: displayPath(configurationURL), line: setting.location.line, column: setting.location.column)
            location = try PostgresLocation(
                url: setting.url, source: place.description, environment: environment,
                passwordFile: setting.passwordFile.map { root.appendingPathComponent($0) },
                loopback: NetworkAddress.isLoopback(host:))
        } else {
            return records
        }
        if let text = environment["COHORT_LOCK_TIMEOUT"], !text.isEmpty {
            guard let seconds = TimeInterval(text), seconds > 0, seconds <= 3600 else {
                throw .refused(
                    store: "COHORT_LOCK_TIMEOUT", reason: "\"\(text)\" is not a number of seconds between 0 and 3600")
            }
            location.lockTimeout = seconds
        }
        return .postgres(location)
    }
}
