import Foundation

/// Work spread over the machine's cores, results in input order.
enum Concurrently {
    /// `transform` of every element, run concurrently; the results in the order of `elements`.
    static func map<T: Sendable, R: Sendable>(_ elements: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard elements.count > 1 else { return elements.map(transform) }
        let results = Slots<R>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            results.set(index, transform(elements[index]))
        }
        return results.values
    }

    /// Results written by concurrent workers, each to its own index.
    private final class Slots<R>: @unchecked Sendable {
        // @unchecked: `stored` is only read and written while `lock` is held.
        private let lock = NSLock()
        private var stored: [R?]

        init(count: Int) { stored = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: R) {
            lock.lock()
            stored[index] = value
            lock.unlock()
        }

        var values: [R] {
            lock.lock()
            defer { lock.unlock() }
            return stored.compactMap { $0 }
        }
    }
}
