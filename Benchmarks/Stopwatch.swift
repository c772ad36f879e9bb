import Foundation

/// Wall-clock timing for benchmarks: the best of several runs, as the peers report it.
enum Stopwatch {
    /// Seconds of the fastest of `repeats` runs of `body`, and the last run's result.
    static func best<T>(repeats: Int, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        var bestTime = Double.infinity
        var result: T?
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            result = try body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            bestTime = min(bestTime, elapsed)
        }
        return (bestTime, result!)
    }
}
