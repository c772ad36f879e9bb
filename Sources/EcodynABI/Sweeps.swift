import CEcodyn
import EcodynCore
import EcodynSpec
import EcodynSweep
import Foundation

@c(ecodyn_sweep)
public func sweep(_ specText: UnsafePointer<CChar>?, _ baseDirectory: UnsafePointer<CChar>?, _ out: UnsafePointer<CChar>?,
                  _ jobs: Int32, _ shardIndex: Int64, _ shardCount: Int64, _ progress: ecodyn_progress?, _ context: UnsafeMutableRawPointer?,
                  _ info: UnsafeMutablePointer<ecodyn_sweep_info>?) -> Int32 {
    abiCall {
        let text = try ABIInput.string(specText, "spec_text")
        let out = try ABIInput.string(out, "out")
        let base = try baseDirectory.map { (p) throws(ABIError) in try ABIInput.string(p, "base_directory") } ?? "."
        guard jobs >= 0, jobs <= 4096 else { throw ABIError.argument("jobs", "takes 0 (all cores) to 4096 threads, got \(jobs)") }
        var shard: Shard?
        if shardCount != 0 {
            guard shardCount >= 1, shardCount <= 1 << 40, shardIndex >= 0, shardIndex < shardCount else {
                throw ABIError.argument("shard_index", "need 0 ≤ shard_index < shard_count ≤ 2^40, got \(shardIndex) of \(shardCount)")
            }
            shard = Shard(index: Int(shardIndex), count: Int(shardCount))
        }
        let spec = try SpecTable.parse(text, baseDirectory: URL(fileURLWithPath: base, isDirectory: true))
        let job = SweepJob(plan: try SweepPlan(spec: spec), specText: text, out: out, shard: shard,
                           jobs: jobs == 0 ? ParallelLoop.availableThreads : Int(jobs))
        let summary = try job.run(into: try job.open()) { done, total in
            progress.map { $0(Int64(done), Int64(total), context) == 0 } ?? true
        }
        info?.pointee = ecodyn_sweep_info(points: Int64(summary.points), computed: Int64(summary.computed),
                                          skipped: Int64(summary.skipped), seconds: summary.seconds)
    }
}
