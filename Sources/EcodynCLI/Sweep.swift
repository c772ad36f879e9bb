import ArgumentParser
import Ecodyn
import Foundation

/// `ecodyn sweep SPEC --out results.sqlite`: a parameter space across all cores.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep a parameter space across all cores into an SQLite results file.",
        discussion: "Re-running the same command resumes: finished points are skipped. Inside a Slurm job array (SLURM_ARRAY_TASK_ID set) and without --shard, the task runs its own shard into OUT.shard-K-of-N.sqlite with SLURM_CPUS_PER_TASK threads. See docs/sweeps.md and docs/cluster.md.")

    @OptionGroup var options: SpecOptions

    @Option(help: "The results file (SQLite).")
    var out = "results.sqlite"

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Option(help: "Run only shard K of N: the points with index ≡ K (mod N), e.g. 0/4.")
    var shard: String?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        if let jobs, !(1...4096).contains(jobs) { throw ValidationError("--jobs takes 1 to 4096 threads, got \(jobs)") }
        if let shard, parseShard(shard) == nil { throw ValidationError("--shard takes K/N with 0 ≤ K < N ≤ 2^40, got '\(shard)'") }
    }

    func parseShard(_ text: String) -> Shard? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1 << 40, k >= 0, k < n else { return nil }
        return Shard(index: k, count: n)
    }

    func run() throws {
        let (spec, _) = try options.load()
        let plan = try reportingErrors(in: options.spec) { try SweepPlan(spec: spec) }
        let specText = try reportingErrors(in: options.spec) { String(decoding: try FileIO.read(options.spec), as: UTF8.self) }
        var shardSpec = shard.flatMap(parseShard)
        var out = self.out, jobs = self.jobs
        if shardSpec == nil, let task = SlurmArrayTask() {
            shardSpec = Shard(index: task.shard, count: task.shards)
            out = SlurmArrayTask.shardFile(out, shard: task.shard, of: task.shards)
            jobs = jobs ?? task.cpus
        }
        let job = SweepJob(plan: plan, specText: specText, out: out, shard: shardSpec, jobs: jobs ?? ParallelLoop.availableThreads)
        let store = try reportingErrors(in: out) { try job.open() }
        let progress = ProgressLine(unit: "points", enabled: !quiet && isatty(STDERR_FILENO) != 0)
        let result = try job.run(into: store) { done, total in
            progress.update(done, total)
            return true
        }
        progress.finish()
        let (computed, seconds) = (result.computed, result.seconds)
        let summary: JSONValue = .object([
            ("out", .string(out)), ("points", .integer(result.points)), ("computed", .integer(computed)),
            ("skipped", .integer(result.skipped)), ("seconds", .number(seconds)),
            ("points_per_s", .number(Double(computed) / max(seconds, 1e-9))),
            ("statuses", .object(result.statuses.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
        ])
        if options.json {
            emit(summary.serialized())
        } else {
            let counts = result.statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            emit("\(computed) points computed (\(result.skipped) already done) in \(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", Double(computed) / max(seconds, 1e-9))) points/s\(counts.isEmpty ? "" : ": " + counts) → \(out)")
        }
    }
}
