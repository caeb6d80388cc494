import CohortCore
import CohortTestSupport
import Foundation
import Testing

@testable import CohortStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The permission bits of `path`, as FileManager reports them.
func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue) & 0o777
}

/// An audit entry at `seconds` after 2022-03-15T00:00:00Z.
func entry(_ number: Int, seconds: TimeInterval = 0) throws -> AuditEntry {
    AuditEntry(
        at: try #require(Instant.parse("2022-03-15T00:00:00Z")).addingTimeInterval(seconds), actor: "rosa",
        command: "pilot select", action: number.isMultiple(of: 2) ? "waitlist" : "enrol",
        subject: "signup:user\(number)",
        reason: "first come, first served (\(number))", details: number == 2 ? #"{"position":1}"# : nil)
}

private struct Refusal: Error {}

/// Tests that change the process's umask run one at a time; the store tightens modes itself, so
/// tests elsewhere do not depend on the umask either.
@Suite("SQLiteRecordStore", .serialized)
struct SQLiteRecordStoreTests {
    @Test func createsAPrivateDatabaseInAPrivateFolder() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent(".cohort/state.sqlite")
        _ = try SQLiteRecordStore(url: url)
        #expect(try permissions(url.path) == 0o600)
        #expect(try permissions(url.deletingLastPathComponent().path) == 0o700)
    }

    @Test func staysPrivateUnderAPermissiveUmask() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent(".cohort/state.sqlite")
        let previous = umask(0)
        defer { umask(previous) }
        let store = try SQLiteRecordStore(url: url)
        try store.write { try $0.append(try entry(1)) }
        #expect(try permissions(url.path) == 0o600)
        #expect(try permissions(url.deletingLastPathComponent().path) == 0o700)
        // SQLite gives the write-ahead log and its index the database's own mode.
        for suffix in ["-wal", "-shm"] {
            try #require(FileManager.default.fileExists(atPath: url.path + suffix))
            #expect(try permissions(url.path + suffix) == 0o600, "\(suffix)")
        }
        _ = store
    }

    @Test func tightensAnExistingLooseFileAndFolder() throws {
        let folder = try TemporaryFolder()
        let state = folder.url.appendingPathComponent(".cohort")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        #expect(chmod(state.path, 0o755) == 0)
        let url = state.appendingPathComponent("state.sqlite")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o644]))
        #expect(try permissions(url.path) == 0o644)
        _ = try SQLiteRecordStore(url: url)
        #expect(try permissions(url.path) == 0o600)
        #expect(try permissions(state.path) == 0o700)
    }

    @Test func reopeningKeepsRecordsAndAppliesMigrationsOnce() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent(".cohort/state.sqlite")
        do {
            let store = try SQLiteRecordStore(url: url)
            try store.write { try $0.append(try entry(1)) }
        }
        do {
            let store = try SQLiteRecordStore(url: url)
            #expect(try store.read { try $0.auditCount() } == 1)
            try store.write { try $0.append(try entry(2)) }
            #expect(try store.read { try $0.auditCount() } == 2)
        }
        let result = try Processes.python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for (identifier,) in db.execute("select identifier from grdb_migrations order by identifier"):
                print(identifier)
            """, [url.path])
        #expect(result.status == 0, "python: \(result.stderr)")
        // Each migration once: the list grows as capabilities add their tables.
        #expect(result.stdoutLines == Migrations.all.map(\.name).sorted())
        #expect(result.stdoutLines.first == "2026-11-29-audit-log")
    }

    @Test func appendedEntriesReadBackInOrder() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        let written = try (1...4).map { try entry($0, seconds: TimeInterval($0) * 90) }
        let stored = try store.write { records in try written.map { try records.append($0) } }
        let ids = stored.compactMap(\.id)
        #expect(ids.count == 4)
        #expect(ids == ids.sorted() && Set(ids).count == 4)

        let read = try store.read { try $0.auditEntries(limit: nil) }
        #expect(read == stored)
        #expect(read.map(\.at) == written.map(\.at))
        #expect(read.map { $0.with(id: nil) } == written)
    }

    @Test func limitReadsTheLatestEntriesOldestFirst() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        try store.write { records in
            for number in 1...5 { try records.append(try entry(number, seconds: TimeInterval(number))) }
        }
        let latest = try store.read { try $0.auditEntries(limit: 2) }
        #expect(latest.map(\.subject) == ["signup:user4", "signup:user5"])
    }

    @Test func instantsRoundTripToTheSecond() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        let precise = try entry(1, seconds: 42.75)
        try store.write { try $0.append(precise) }
        let read = try #require(try store.read { try $0.auditEntries(limit: nil) }.first)
        #expect(Instant.format(read.at) == "2022-03-15T00:00:42Z")
        #expect(abs(read.at.timeIntervalSince(precise.at)) < 1)
    }

    @Test func throwingWriteLeavesNothingBehind() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        try store.write { try $0.append(try entry(1)) }
        #expect(throws: Refusal.self) {
            try store.write { records in
                try records.append(try entry(2))
                try records.append(try entry(3))
                #expect(try records.auditCount() == 3)  // visible inside the transaction
                throw Refusal()
            }
        }
        #expect(try store.read { try $0.auditEntries(limit: nil) }.map(\.subject) == ["signup:user1"])
    }

    @Test func pythonReadsTheAuditLogWithTheSchemaWeWrote() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent(".cohort/state.sqlite")
        let store = try SQLiteRecordStore(url: url)
        try store.write { records in
            for number in 1...3 { try records.append(try entry(number, seconds: TimeInterval(number) * 60)) }
        }
        let script = """
            import sqlite3, sys
            sys.stdout.reconfigure(encoding="utf-8")
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("pragma journal_mode").fetchone()[0])
            print(",".join(row[1] for row in db.execute("pragma table_info(audit_log)")))
            for row in db.execute("select id, at, actor, command, action, subject, reason, details from audit_log order by id"):
                print("|".join("NULL" if v is None else str(v) for v in row))
            """
        let result = try Processes.python(script, [url.path])
        #expect(result.status == 0, "python: \(result.stderr)")
        #expect(
            result.stdoutLines == [
                "wal",
                "id,at,actor,command,action,subject,reason,details,recorded_at",
                "1|2022-03-15T00:01:00Z|rosa|pilot select|enrol|signup:user1|first come, first served (1)|NULL",
                #"2|2022-03-15T00:02:00Z|rosa|pilot select|waitlist|signup:user2|first come, first served (2)|{"position":1}"#,
                "3|2022-03-15T00:03:00Z|rosa|pilot select|enrol|signup:user3|first come, first served (3)|NULL",
            ])
        _ = store
    }

    @Test func unwritableLocationIsAStoreError() throws {
        let folder = try TemporaryFolder()
        // A file where the state folder should be: the folder cannot be created.
        try folder.write(".cohort", "not a folder")
        #expect {
            _ = try SQLiteRecordStore(url: folder.url.appendingPathComponent(".cohort/state.sqlite"))
        } throws: { error in
            guard let error = error as? StoreError, case .cannotWrite = error else { return false }
            return error.kind == .failure
        }
    }
}

extension AuditEntry {
    /// The same entry with another id.
    func with(id: Int64?) -> AuditEntry {
        var copy = self
        copy.id = id
        return copy
    }
}
