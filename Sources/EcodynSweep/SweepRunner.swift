import Dispatch
import EcodynCore

/// Part K of N of a sweep: the points with index ≡ K (mod N).
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) { (self.index, self.count) = (index, count) }
}

/// Runs the points of a sweep across cores in waves: each wave's points are computed in parallel
/// (OpenBLAS single-threaded meanwhile), then handed in index order to `sink` on the calling
/// thread — which writes them, e.g. to SQLite in one transaction. Waves start at four points per
/// thread and double while one takes under a quarter of a second (up to 65 536 points), so
/// expensive points are committed early and often, and cheap ones in large transactions.
/// A point's result depends only on its index, so jobs, shards and resumes agree bit for bit.
public struct SweepRunner: Sendable {
    public var space: ParameterSpace
    public var model: any SweepModel
    /// Shard K of N: only the points with index ≡ K (mod N).
    public var shard: Shard?
    public var jobs: Int
    /// Record each point's wall time (costs two clock reads per point).
    public var timesPoints = true

    public init(space: ParameterSpace, model: any SweepModel, shard: Shard? = nil, jobs: Int = ParallelLoop.availableThreads) {
        (self.space, self.model, self.shard, self.jobs) = (space, model, shard, jobs)
    }

    /// The indices this runner owns.
    public var ownedCount: Int {
        guard let shard else { return space.count }
        return space.count > shard.index ? (space.count - shard.index + shard.count - 1) / shard.count : 0
    }

    /// Computes every owned point not in `finished`, calling `sink` with each wave and
    /// `progress(done, owned)` after it (an error it throws stops the run there).
    public func run(finished: PointSet? = nil, sink: ([SweepStore.Row]) throws -> Void,
                    progress: (Int, Int) throws -> Void = { _, _ in }) throws {
        let (first, stride) = shard.map { ($0.index, $0.count) } ?? (0, 1)
        var next = first
        var done = 0
        if let finished {
            for i in Swift.stride(from: first, to: space.count, by: stride) where finished.contains(i) { done += 1 }
        }
        try progress(done, ownedCount)
        var wave = 4 * max(jobs, 1)
        while next < space.count {
            var indices = [Int]()
            indices.reserveCapacity(wave)
            while indices.count < wave, next < space.count {
                if finished?.contains(next) != true { indices.append(next) }
                next += stride
            }
            guard !indices.isEmpty else { break }
            let start = DispatchTime.now().uptimeNanoseconds
            let rows = compute(indices)
            try sink(rows)
            done += rows.count
            try progress(done, ownedCount)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            if seconds < 0.25 { wave = min(wave * 2, 1 << 16) }
        }
    }

    /// The rows of `indices`, computed in parallel chunks.
    func compute(_ indices: [Int]) -> [SweepStore.Row] {
        let chunk = max(1, indices.count / (jobs * 8))
        let chunks = (indices.count + chunk - 1) / chunk
        var rows = [SweepStore.Row?](repeating: nil, count: indices.count)
        rows.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedBox(buffer.baseAddress!)
            ParallelLoop.run(chunks, threads: jobs) { c in
                let range = (c * chunk)..<min((c + 1) * chunk, indices.count)
                let batch = model.batchesPoints ? range.count : 1
                for first in stride(from: range.lowerBound, to: range.upperBound, by: batch) {
                    let members = first..<min(first + batch, range.upperBound)
                    let points = members.map { space.point(indices[$0]) }
                    let start = timesPoints ? DispatchTime.now().uptimeNanoseconds : 0
                    let results = batch == 1 ? [model.evaluate(points[0].values, replicate: points[0].replicate)] : model.evaluate(batch: points)
                    // A batch's time is shared evenly by its points.
                    let seconds = timesPoints ? Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 / Double(members.count) : 0
                    for (j, k) in members.enumerated() {
                        out.value[k] = SweepStore.Row(index: indices[k], values: points[j].values, result: results[j], seconds: seconds)
                    }
                }
            }
        }
        return rows.map { $0! }
    }
}
