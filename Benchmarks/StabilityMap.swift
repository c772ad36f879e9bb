import Ecodyn
import Foundation

/// W4 stability-map: the Brusselator's homogeneous state over a 1000 × 1000 (a, b) grid,
/// a in [0.5, 3], b in [0.5, 12] (`workloads.W4`); checksum: the number of stable points.
/// A second record runs the same map end to end as `ecodyn sweep` into SQLite.
struct StabilityMap: Workload {
    let id = "W4"
    let name = "W4 stability-map"

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let a = ValueGrid.linspace(0.5, 3, 1000).points, b = ValueGrid.linspace(0.5, 12, 1000).points
        let (seconds, map) = Stopwatch.best(repeats: repeats) { Brusselator.stabilityMap(a: a, b: b) }
        let stable = map.filter(\.isStable).count
        var records = [BenchmarkRecord(workload: name, impl: "ecodyn closed-form classification (\(ParallelLoop.availableThreads) threads)",
                                       seconds: seconds, figures: [("points_per_s", .number(1e6 / seconds))], checksum: .integer(stable))]
        // End to end: spec → parameter space → points → SQLite rows, as the command line runs it.
        let spec = """
            [model]
            kind = "brusselator"
            a = 1.0
            b = 1.0
            [sweep]
            metrics = ["stable"]
            [sweep.parameters]
            a = { linspace = [0.5, 3.0, 1000] }
            b = { linspace = [0.5, 12.0, 1000] }
            """
        var stableRows = 0
        let sqliteSeconds = try EndToEndSweep.run(spec, name: "w4") { rows in
            stableRows += rows.filter { $0.result.metrics[0] == .integer(1) }.count
        }
        records.append(BenchmarkRecord(workload: name, impl: "ecodyn sweep into SQLite (end to end, 1 run)", seconds: sqliteSeconds,
                                       figures: [("points_per_s", .number(1e6 / sqliteSeconds))], checksum: .integer(stableRows)))
        return records
    }
}
