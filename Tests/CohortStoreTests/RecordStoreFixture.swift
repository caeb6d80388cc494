import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

/// The backends every conformance test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }
}

/// A fresh, empty store of one backend: a SQLite file in a temporary folder, or a new database on
/// the test run's PostgreSQL server.
struct StoreFixture {
    let backend: Backend
    let folder: TemporaryFolder
    let location: RecordStoreLocation
    /// The PostgreSQL database's name (nil for SQLite).
    let database: String?

    init(_ backend: Backend) throws {
        self.backend = backend
        folder = try TemporaryFolder()
        switch backend {
        case .sqlite:
            location = .sqlite(folder.url.appendingPathComponent(".cohort/state.sqlite"))
            database = nil
        case .postgres:
            let server = try PostgresServer.shared
            let name = try server.newDatabase()
            database = name
            location = .postgres(
                try PostgresLocation(url: server.socketURL(database: name), source: "test", environment: [:]))
        }
    }

    /// Opens (and migrates) the store; each call is another connection or pool.
    func open() throws -> any RecordStore { try location.open() }

    /// The URL a `cohort` process is given (nil for SQLite, which lives in the workspace).
    var databaseURL: String? {
        guard case .postgres(let location) = location else { return nil }
        return location.url
    }
}

let march15 = Instant.parse("2022-03-15T00:00:00Z")!

/// `seconds` after 2022-03-15T00:00:00Z.
func at(_ seconds: TimeInterval) -> Date { march15.addingTimeInterval(seconds) }
