import EcodynCore
import EcodynSpec
import Foundation

/// What a sweep needs before it starts, checked against the machine: memory for the set of
/// finished points (one bit per point of the space) and disk for the results file (about
/// 8 bytes per column and 48 of SQLite's own per point). A sweep that could not finish is
/// refused with its size and the fix instead of failing hours later.
public enum SweepResources {
    /// Bytes of results file per point with `columns` parameters and metrics.
    static func bytesPerPoint(columns: Int) -> Int { 8 * (columns + 4) + 48 }

    /// Checks a sweep of `points` (of which this run owns `owned`) with `columns` parameters
    /// and metrics, writing into `out`.
    public static func check(points: Int, owned: Int, columns: Int, out: String) throws(SpecError) {
        try MemoryBudget.check(points / 8 + 1, for: "the sweep's \(points) points", key: "sweep.parameters",
                               fix: "sweep fewer points")
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var disk = statvfs()
        guard statvfs(folder, &disk) == 0 else { return }
        let free = Int(clamping: UInt64(disk.f_bavail).multipliedReportingOverflow(by: UInt64(disk.f_frsize)).partialValue)
        let need = CheckedCount.product(owned, bytesPerPoint(columns: columns))
        guard let need, need <= free else {
            let size = need.map { "about \(MemoryBudget.format($0))" } ?? "more than can be counted"
            throw SpecError(key: "sweep.parameters", "the results of \(owned) points need \(size) on disk; '\(folder)' has \(MemoryBudget.format(free)) free; sweep fewer points, or split the sweep with --shard K/N across machines")
        }
    }
}
