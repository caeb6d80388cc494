import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who holds a claim on outbox rows, for SQLite: each send run holds an exclusive `flock` on its
/// own file in `.cohort/runs/` for as long as its process lives. The kernel releases the lock
/// when the process ends, however it ends (SIGKILL included), so another process that can take
/// the lock knows the run is gone: no clock, no lease to renew, no guess.
enum SQLiteClaimants {
    /// The folder of run locks beside the database.
    static func folder(for database: URL) -> URL {
        database.deletingLastPathComponent().appendingPathComponent("runs", isDirectory: true)
    }

    /// A new claimant holding the lock on its own file (created 0600 in a 0700 folder).
    static func register(database: URL) throws(StoreError) -> Claimant {
        let folder = folder(for: database)
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        let id = "run-\(UUID().uuidString.lowercased())"
        let path = folder.appendingPathComponent("\(id).lock").path
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        // Blocks only while another process is probing this very file (a moment): then it is ours.
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        }
        return Claimant(id: id) {
            unlink(path)
            close(descriptor)
        }
    }

    /// True while the run `id` holds its lock. A run found gone has its file removed.
    static func isAlive(_ id: String, database: URL) -> Bool {
        guard id.hasPrefix("run-"), !id.contains("/") else { return false }
        let path = folder(for: database).appendingPathComponent("\(id).lock").path
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }  // a finished run removes its file
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return true }  // held: the run is alive
        unlink(path)
        return false
    }

    /// This machine's boot, when the system says (Linux): settled results that were committed
    /// without a sync survive a crash of the process, not of the machine.
    static let boot: String? = {
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else {
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }()
}
