import Dispatch
import EcodynCore
import EcodynFiles

/// One `sweep` as the CLI, the C ABI and Python run it: the plan of a spec, its results file
/// (created, or resumed when it holds finished points of the same spec), and the points run
/// wave by wave into it. Every finished wave is committed, so a cancelled or interrupted job
/// loses nothing it computed.
///
/// ```swift
/// let job = SweepJob(plan: try SweepPlan(spec: try SpecTable.parse(text)), specText: text, out: "results.sqlite")
/// let summary = try job.run(into: try job.open()) { done, total in true }
/// ```
public struct SweepJob {
    public let plan: SweepPlan
    public let description: SweepDescription
    public let runner: SweepRunner
    /// The results file.
    public let out: String

    public init(plan: SweepPlan, specText: String, out: String, shard: Shard? = nil, jobs: Int = ParallelLoop.availableThreads) {
        self.plan = plan
        self.out = out
        description = SweepDescription(specText: specText, parameters: plan.space.names, metrics: plan.model.metrics,
                                       totalPoints: plan.space.count, shard: shard)
        runner = SweepRunner(space: plan.space, model: plan.model, shard: shard, jobs: jobs)
    }

    /// Checks the output path and the memory the job needs, then opens (or resumes) the results file.
    public func open() throws -> SweepStore {
        try OutputPath.checkFile(out, option: "--out", example: "results.sqlite")
        try SweepResources.check(points: plan.space.count, owned: runner.ownedCount,
                                 columns: description.parameters.count + description.metrics.count, out: out)
        return try SweepStore(path: out, sweep: description)
    }

    /// Computes the owned points not yet in `store`, calling `progress(done, owned)` after every
    /// wave; when it returns false the job stops there with ``SweepCancelled`` (the waves
    /// written stay). Marks the file finished when every point is in.
    public func run(into store: SweepStore, progress: (Int, Int) -> Bool = { _, _ in true }) throws -> SweepSummary {
        let start = DispatchTime.now().uptimeNanoseconds
        var computed = 0
        var statuses = [String: Int]()
        try runner.run(finished: try store.finishedPoints(), sink: { rows in
            try store.write(rows)
            computed += rows.count
            for row in rows { statuses[row.result.status, default: 0] += 1 }
        }, progress: { done, total in
            if !progress(done, total) { throw SweepCancelled(done: done, total: total) }
        })
        try store.markFinished()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return SweepSummary(out: out, points: runner.ownedCount, computed: computed, seconds: seconds, statuses: statuses)
    }
}

/// What a sweep job did.
public struct SweepSummary: Sendable, Equatable {
    public var out: String
    /// The points of this shard (all of them without one).
    public var points: Int
    /// Computed by this job.
    public var computed: Int
    public var seconds: Double
    /// How many computed points ended with each status ("finished", "diverged", …).
    public var statuses: [String: Int]
    /// Points found finished in the results file.
    public var skipped: Int { points - computed }
}

/// A sweep job stopped by its progress callback; every finished wave is in the results file.
public struct SweepCancelled: Error, CustomStringConvertible {
    public var done: Int, total: Int
    public var description: String { "the sweep was cancelled after \(done) of \(total) points; run it again to resume" }
}
