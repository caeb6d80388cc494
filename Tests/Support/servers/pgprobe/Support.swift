import Foundation

let failureCount = Box<Int>(0)
var failures: Int { failureCount.value }
func check(_ ok: Bool, _ what: String) {
    print(ok ? "ok   " : "FAIL ", what)
    if !ok { failureCount.mutate { $0 += 1 } }
}
func expectError(_ what: String, sqlstate: String?, _ body: () throws -> Void) -> PGError? {
    do {
        try body()
        check(false, "\(what): no error")
        return nil
    } catch {
        check(error.pg.sqlstate == sqlstate, "\(what): \(error.pg)")
        return error.pg
    }
}
func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let v = try body()
    return (v, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}

/// Results handed back from other threads.
final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ v: T) { _value = v }
    var value: T { lock.withLock { _value } }
    func mutate(_ f: (inout T) -> Void) { lock.withLock { f(&_value) } }
}

/// Runs `body` on its own thread; each thread opens its own connection (a PGConnection never
/// crosses threads).
func onThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
    let done = DispatchSemaphore(value: 0)
    let t = Thread {
        body()
        done.signal()
    }
    t.start()
    return done
}
