import CohortCore
internal import CohortStore
import Foundation
import Logging

/// The records one command works on, opened at most once for it: the command's context makes one
/// unit and hands it to every session and use case the command makes, and each asks the unit,
/// never the location, for the store. Long sends keep their per-group commits inside that one open.
public final class RecordsUnit: @unchecked Sendable {
    // @unchecked: `opened` is read and written only while `lock` is held.
    private let lock = NSLock()
    private var opened: (location: RecordStoreLocation, store: any RecordStore)?

    public init() {}

    /// The one unit of a command-line process: it runs one command, so every context it makes
    /// shares the records that command opened.
    public static let process = RecordsUnit()

    /// The store at `location`, opened (created and migrated as needed) on first use. Another
    /// location (the target of `records copy`) is opened apart and not kept.
    func store(_ location: RecordStoreLocation, logger: Logger) throws(StoreError) -> any RecordStore {
        lock.lock()
        defer { lock.unlock() }
        if let opened, opened.location == location { return opened.store }
        let store = try location.open(logger: logger)
        opened = (location, store)
        return store
    }
}
