import Dispatch
import Foundation

/// Runs independent tasks across cores. Tasks are handed out one at a time from a shared
/// counter, so uneven tasks balance; since each task writes only its own results, the
/// outcome does not depend on the thread count. OpenBLAS runs single-threaded meanwhile,
/// per Ecodyn's thread policy (see ``BLASThreads``).
public enum ParallelLoop {
    /// The cores this process may use.
    public static var availableThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Calls `body(i)` for every i in 0..<count on up to `threads` threads. Work that calls no
    /// BLAS (grid stencils, once per time step) passes `usesBLAS: false` and skips the thread-count
    /// switch, which costs two OpenBLAS calls.
    public static func run(_ count: Int, threads: Int = availableThreads, usesBLAS: Bool = true, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        if usesBLAS {
            BLASThreads.withSingleThread { distribute(count, threads: threads, body) }
        } else {
            distribute(count, threads: threads, body)
        }
    }

    private static func distribute(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        let next = TaskCounter()
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = next.take(below: count) { shared.value(i) }
            }
        }
    }
}

/// A counter handing out task numbers to threads.
final class TaskCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

/// Carries a value across a concurrency boundary whose safety the caller guarantees
/// (tasks that write disjoint results).
public struct UncheckedBox<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
