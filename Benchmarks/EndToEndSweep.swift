import Ecodyn
import Foundation

/// A sweep spec run end to end as `ecodyn sweep` runs it: spec text → plan → points on every
/// core → SQLite rows in a temporary results file (removed afterwards). Returns the seconds
/// taken; `rows` sees every batch written.
enum EndToEndSweep {
    static func run(_ specText: String, name: String, rows: ([SweepStore.Row]) -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let plan = try SweepPlan(spec: SpecTable.parse(specText))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ecodyn-\(name)-\(getpid()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let store = try SweepStore(path: file, sweep: SweepDescription(specText: specText, parameters: plan.space.names,
                                                                       metrics: plan.model.metrics, totalPoints: plan.space.count, shard: nil))
        var runner = SweepRunner(space: plan.space, model: plan.model)
        runner.timesPoints = false
        try runner.run(finished: try store.finishedPoints(), sink: { batch in
            try store.write(batch)
            rows(batch)
        })
        try store.markFinished()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
}
