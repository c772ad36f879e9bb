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

    /// Rows 0..<rows in blocks run on up to `threads` threads (the caller alone for one thread):
    /// 4·threads blocks, block k ending at row `end(k, blocks)` (ascending; the last ends at
    /// `rows`). A matrix product splits its rows so; each row is computed the same way whatever
    /// block it falls in, so results do not depend on the thread count.
    static func rowBlocks(_ rows: Int, threads: Int, end: (Int, Int) -> Int, _ body: (Range<Int>) -> Void) {
        guard threads > 1 else { return body(0..<rows) }
        let blocks = 4 * threads
        let bounds = [0] + (1..<blocks).map { end($0, blocks) } + [rows]
        run(blocks, threads: threads, usesBLAS: false) { body(bounds[$0]..<bounds[$0 + 1]) }
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
