import CohortCore
import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the SQLite store waits for another process and says what went wrong: a lock is waited for
/// (SQLite's busy timeout) and retried within `SQLiteRecordStore.lockWait`, then the command gives
/// up with exit 75; any other SQLite error becomes one sentence naming the file, never a bare
/// "SQLite error 5" with the statement that failed.
enum SQLiteFailures {
    /// Runs `work`, retrying it while the database is locked by another process, until `limit`
    /// has passed since the first attempt; then throws `StoreError.busy`. Each attempt is a whole
    /// transaction, so a retry starts afresh and nothing of a failed attempt was kept.
    static func retryingWhileLocked<T>(path: String, limit: TimeInterval, _ work: () throws -> T) throws -> T {
        let start = ContinuousClock.now
        var pause = 0.01
        while true {
            do {
                return try work()
            } catch let error as DatabaseError where isLocked(error) {
                let waited = ContinuousClock.now - start
                if waited >= .milliseconds(Int(limit * 1000)) {
                    throw StoreError.busy(
                        store: path, reason: "still locked after \(Int(limit.rounded())) seconds")
                }
                Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, 0.5)
            } catch let error as DatabaseError {
                throw storeError(error, path: path)
            }
        }
    }

    /// A Foundation file error in words (`permission denied`), never `NSCocoaErrorDomain error 513`.
    static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        let code = (error as NSError).code
        if code == CocoaError.fileWriteNoPermission.rawValue || code == CocoaError.fileReadNoPermission.rawValue {
            return "permission denied"
        }
        return "the file system refused it (error \(code))"
    }

    /// SQLITE_BUSY and SQLITE_LOCKED, in every extended form: another connection holds a lock.
    static func isLocked(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// A SQLite error as the records' own sentence.
    static func storeError(_ error: DatabaseError, path: String) -> StoreError {
        if isLocked(error) { return .busy(store: path, reason: "it is locked") }
        let code = "SQLite error \(error.resultCode.rawValue)"
        let reason: String
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            reason =
                "the file is damaged or is not a Cohort records database (\(code)); move it away and restore it from a backup"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            reason = "it cannot be written (\(code)); check that you own it and its folder"
        case .SQLITE_CANTOPEN:
            reason = "it cannot be opened (\(code)); check that its folder exists and is yours"
        case .SQLITE_FULL:
            reason = "the disk is full (\(code)); free some space and run the command again"
        case .SQLITE_IOERR:
            reason = "reading or writing it failed (\(code)); check the disk, then run the command again"
        default:
            reason = "\(error.message ?? "it failed") (\(code))"
        }
        return .database(path: path, reason: reason + "; nothing was changed")
    }

    /// Holds an exclusive `flock` on the database's folder while `work` runs, so two processes never
    /// run the migrations at once: the second waits, then finds them applied.
    /// Waits at most `limit` for the lock, then throws `StoreError.busy`.
    static func whileHoldingMigrationLock<T>(path: String, limit: TimeInterval, _ work: () throws -> T) throws -> T {
        // The lock is on the database's folder, never on the database file: closing any descriptor
        // of that file would drop every POSIX lock SQLite holds on it in this process, and another
        // process could then checkpoint and reset the write-ahead log under this one's feet.
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let start = ContinuousClock.now
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw StoreError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            guard ContinuousClock.now - start < .milliseconds(Int(limit * 1000)) else {
                throw StoreError.busy(
                    store: path, reason: "another command was setting it up for more than \(Int(limit)) seconds")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        defer { flock(descriptor, LOCK_UN) }
        return try work()
    }
}
