import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

/// One list of migration names, every backend in step with it, and a newer schema refused.
@Suite("Migrations")
struct MigrationListTests {
    @Test func everyBackendHasEveryMigrationAndNoOther() {
        let names = RecordMigrations.names
        #expect(Set(names).count == names.count)
        let sqlite = Migrations.all.map(\.name)
        let postgres = PostgresMigrations.all.map(\.name)
        #expect(
            sqlite == names,
            "SQLite only: \(Set(sqlite).subtracting(names)); missing: \(Set(names).subtracting(sqlite))")
        #expect(
            postgres == names,
            "PostgreSQL only: \(Set(postgres).subtracting(names)); missing: \(Set(names).subtracting(postgres))")
    }

    @Test(arguments: Backend.allCases) func aSchemaFromANewerCohortIsRefused(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.open()
        let future = "2099-01-01-from-the-future"
        switch backend {
        case .sqlite:
            guard case .sqlite(let url) = fixture.location else { return }
            let result = try Processes.python(
                "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute(\"insert into grdb_migrations values ('\(future)')\"); db.commit()",
                [url.path])
            #expect(result.status == 0, "\(result.stderr)")
        case .postgres:
            let result = try PostgresServer.shared.psql(
                "INSERT INTO cohort_migrations VALUES ('\(future)', 'x')", database: try #require(fixture.database))
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect {
            _ = try fixture.open()
        } throws: { error in
            guard let error = error as? StoreError, case .refused(_, let reason) = error else { return false }
            return reason.contains(future) && reason.contains("newer") && error.kind == .badInput
        }
    }

    @Test func commandsStartingAtOnceMigrateOnce() throws {
        let fixture = try StoreFixture(.postgres)
        let failures = Counter()
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do { _ = try fixture.location.open() } catch { failures.add() }
            }
        }
        group.wait()
        #expect(failures.value == 0)
        let applied = try PostgresServer.shared.psql(
            "SELECT identifier FROM cohort_migrations ORDER BY identifier", database: try #require(fixture.database))
        #expect(applied.stdoutLines == RecordMigrations.names.sorted())
    }
}
