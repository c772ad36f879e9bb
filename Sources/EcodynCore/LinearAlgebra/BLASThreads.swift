import COpenBLAS
import Foundation

/// OpenBLAS's thread pool: how many threads it uses and which kernel core it picked.
///
/// Ecodyn's policy is one process-wide rule: a parallel region (sweep points, grid row blocks)
/// runs OpenBLAS on one thread, while a single large BLAS call may use them all, never both.
public enum BLASThreads {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var singleThreadDepth = 0
    nonisolated(unsafe) private static var savedCount = 1

    /// The number of threads OpenBLAS uses now.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// The processors OpenBLAS sees.
    public static var processors: Int { Int(openblas_get_num_procs()) }

    /// The name of the CPU core OpenBLAS chose its kernels for (e.g. "Haswell", "Zen").
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build configuration string.
    public static var configuration: String { String(cString: openblas_get_config()).trimmingCharacters(in: .whitespaces) }

    /// Sets the number of OpenBLAS threads for the whole process.
    public static func set(_ threads: Int) {
        precondition(threads >= 1, "OpenBLAS needs at least one thread")
        lock.withLock { openblas_set_num_threads(Int32(threads)) }
    }

    /// Runs `body` with OpenBLAS limited to one thread, then restores the previous count.
    /// Nested and concurrent calls are counted: the count comes back when the last one ends.
    public static func withSingleThread<T>(_ body: () throws -> T) rethrows -> T {
        lock.withLock {
            if singleThreadDepth == 0 {
                savedCount = Int(openblas_get_num_threads())
                openblas_set_num_threads(1)
            }
            singleThreadDepth += 1
        }
        defer {
            lock.withLock {
                singleThreadDepth -= 1
                if singleThreadDepth == 0 { openblas_set_num_threads(Int32(savedCount)) }
            }
        }
        return try body()
    }
}
