/// How an ensemble spreads over time: at common sample times, the mean and the 5 %, 50 % and
/// 95 % quantiles across members of the total and of each species, and each member's first
/// sampled extinction — what the pictures of a noisy or forced ensemble show.
public struct EnsembleBands: Sendable {
    /// The mean and three quantiles of one quantity at each sample time.
    public struct Band: Sendable, Equatable {
        public var mean: [Double], q05: [Double], q50: [Double], q95: [Double]
    }

    public var times: [Double]
    public var total: Band
    /// One band per species.
    public var species: [Band]
    /// Per member, the first sample time at which a species that was above the survival
    /// threshold at the start is at or below it (nil: none by the end).
    public var firstExtinction: [Double?]

    /// The bands of member trajectories `paths[b]` (row-major samples × n, possibly shorter for a
    /// member that diverged) at `times`.
    init(times: [Double], paths: [[Double]], n: Int, threshold: Double) {
        self.times = times
        func band(_ value: (_ member: Int, _ sample: Int) -> Double?) -> Band {
            var out = Band(mean: [], q05: [], q50: [], q95: [])
            for k in times.indices {
                let values = paths.indices.compactMap { value($0, k) }.sorted()
                guard !values.isEmpty else { [\Band.mean, \.q05, \.q50, \.q95].forEach { out[keyPath: $0].append(.nan) }; continue }
                func quantile(_ p: Double) -> Double {
                    let position = p * Double(values.count - 1), low = Int(position)
                    return low + 1 < values.count ? values[low] + (values[low + 1] - values[low]) * (position - Double(low)) : values[low]
                }
                out.mean.append(values.reduce(0, +) / Double(values.count))
                out.q05.append(quantile(0.05))
                out.q50.append(quantile(0.5))
                out.q95.append(quantile(0.95))
            }
            return out
        }
        let sampled = { (b: Int, k: Int) in (k + 1) * n <= paths[b].count }
        total = band { b, k in sampled(b, k) ? paths[b][(k * n)..<((k + 1) * n)].reduce(0, +) : nil }
        species = (0..<n).map { i in band { b, k in sampled(b, k) ? paths[b][k * n + i] : nil } }
        firstExtinction = paths.map { path in
            guard path.count >= n else { return nil }
            let alive = (0..<n).filter { path[$0] > threshold }
            return times.indices.first { k in (k + 1) * n <= path.count && alive.contains { path[k * n + $0] <= threshold } }.map { times[$0] }
        }
    }
}

extension CommunityEnsembleProblem {
    /// Integrates every member on its own, keeping its states at about `samples` common times (the
    /// batched kernels keep none), and returns the usual per-member result with the bands. The
    /// members' noise and steps are those of ``solve(threads:)`` member by member.
    public func solveWithBands(samples: Int = 100, threads: Int = ParallelLoop.availableThreads) -> (result: EnsembleResult, bands: EnsembleBands) {
        let n = ensemble.n
        var paths = [[Double]](repeating: [], count: ensemble.members)
        var times = [[Double]](repeating: [], count: ensemble.members)
        let plan = savePlan(samples: samples)
        let result = paths.withUnsafeMutableBufferPointer { p in times.withUnsafeMutableBufferPointer { t in
            let store = UncheckedBox((states: p.baseAddress!, times: t.baseAddress!))
            return ensemble.integrateEachMember(from: initialStates, threads: threads) { field, x0, b in
                let s = memberSolution(b, field: field, from: x0, saving: plan)
                (store.value.states[b], store.value.times[b]) = (s.states, s.times)
                return s
            }
        } }
        // Every member saves at the same times (the plan's and the stops'): those of a member that
        // ran to the end, or, when none did, of the one that ran longest.
        let reference = result.status.firstIndex(of: .finished) ?? times.indices.max { times[$0].count < times[$1].count }!
        return (result, EnsembleBands(times: times[reference], paths: paths, n: n, threshold: Community.survivalThreshold))
    }
}
