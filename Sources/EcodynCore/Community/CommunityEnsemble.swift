import CEcodynKernels
import COpenBLAS

/// B variants of one community that share the interaction matrix δ (dense or sparse) but may
/// differ in r, μ and K, integrated together (a sparse δ: member by member, each through the
/// CSR product). States are an n×B matrix (column b is member b). For n ≤
/// ``fusedLimit`` the C kernel `ek_glv_rk4_ensemble` computes δ·X and the RK4 stages member pair
/// by member pair; beyond, one right-hand-side evaluation is one `dgemm`, δ·X, per block plus
/// the fused element-wise kernel.
///
/// ```swift
/// let ensemble = try CommunityEnsemble(delta: delta, r: r, mu: mu, K: K)   // r, mu, K: n×B
/// let result = ensemble.integrateRK4(from: x0, dt: 0.01, over: 0...20)
/// result.survivors   // per member
/// ```
public struct CommunityEnsemble: Sendable {
    /// Members per block: blocks are the unit of parallel work, and their width is fixed, so the
    /// same dgemm calls run whatever the thread count and results are bit-identical.
    public static let blockWidth = 256

    /// The number of species n and of members B.
    public let n: Int, members: Int
    /// The shared δ.
    public let interactions: InteractionMatrix
    /// δ dense (an n×n copy when it is stored sparse).
    public var delta: Matrix { interactions.dense }
    /// The rates and capacities per species and member (n×B).
    public let r: Matrix, mu: Matrix, K: Matrix
    /// g = r − μ and a = r / K, per species and member (n×B).
    public let growth: Matrix, selfLimitation: Matrix
    /// The product the members' own fields share (δ row by row, or the CSR matrix).
    let product: any InteractionOperator

    /// An ensemble from per-member parameters (each n×B); throws naming the bad field.
    public init(delta: Matrix, r: Matrix, mu: Matrix, K: Matrix) throws(ParameterError) {
        guard delta.isSquare else { throw ParameterError("delta", "δ must be square, got \(delta.rows)×\(delta.columns)") }
        try self.init(interactions: .dense(delta), r: r, mu: mu, K: K)
    }

    /// An ensemble over a dense or sparse δ (square).
    public init(interactions: InteractionMatrix, r: Matrix, mu: Matrix, K: Matrix) throws(ParameterError) {
        let n = interactions.size, b = r.columns
        for (name, m) in [("r", r), ("mu", mu), ("K", K)] where m.rows != n || m.columns != b {
            throw ParameterError(name, "expected \(n)×\(b) (species × members), got \(m.rows)×\(m.columns)")
        }
        for k in 0..<(n * b) {
            guard r.elements[k] > 0, r.elements[k].isFinite else { throw ParameterError("r", "must be finite and > 0, got \(r.elements[k])") }
            guard mu.elements[k] >= 0, mu.elements[k].isFinite else { throw ParameterError("mu", "must be finite and ≥ 0, got \(mu.elements[k])") }
            guard K.elements[k] > 0, K.elements[k].isFinite else { throw ParameterError("K", "must be finite and > 0, got \(K.elements[k])") }
        }
        (self.n, members, self.interactions, product) = (n, b, interactions, interactions.product)
        (self.r, self.mu, self.K) = (r, mu, K)
        growth = try! Matrix(rows: n, columns: b, columnMajor: (0..<(n * b)).map { r.elements[$0] - mu.elements[$0] })
        selfLimitation = try! Matrix(rows: n, columns: b, columnMajor: (0..<(n * b)).map { r.elements[$0] / K.elements[$0] })
    }

    /// B identical copies of `community`.
    public init(repeating community: Community, members: Int) {
        func tile(_ v: [Double]) -> Matrix {
            try! Matrix(rows: v.count, columns: members, columnMajor: Array((0..<members).map { _ in v }.joined()))
        }
        (n, self.members, interactions, product) = (community.n, members, community.interactions, community.interactions.product)
        (r, mu, K) = (tile(community.r), tile(community.mu), tile(community.K))
        growth = tile(community.g)
        selfLimitation = tile(community.a)
    }

    /// Member b as a community (its column of r, μ and K with the shared δ).
    public func community(member b: Int) -> Community {
        let column = (b * n)..<((b + 1) * n)
        // The values were checked when the ensemble was made.
        return try! Community(r: Array(r.elements[column]), mu: Array(mu.elements[column]), K: Array(K.elements[column]), interactions: interactions)
    }

    /// Member b as a community field (for per-member adaptive or stochastic integration).
    public func field(member b: Int) -> CommunityField {
        let column = (b * n)..<((b + 1) * n)
        return CommunityField(interaction: product, growth: Array(growth.elements[column]),
                              selfLimitation: Array(selfLimitation.elements[column]))
    }
}

/// What an ensemble integration keeps: per-member reductions, O(n·B) memory whatever the steps.
public struct EnsembleResult: Sendable {
    /// The final (last good) states, n×B.
    public var finalState: Matrix
    /// The mean of the states after each step (fixed step) or the trapezoidal time average over
    /// the saved dense grid (adaptive), n×B.
    public var timeAverage: Matrix
    /// Per member: how many species end above the survival threshold.
    public var survivors: [Int]
    /// Per member: how its integration ended.
    public var status: [IntegrationStatus]
    /// Per member: the steps it took (fewer than the run's when it diverged).
    public var steps: [Int]
    /// Summed over members (steps and evaluations count member-steps).
    public var statistics: IntegrationStatistics
}

extension CommunityEnsemble {
    /// Fixed-step RK4 for all members, in blocks of ``blockWidth`` members spread over `threads`
    /// threads. For n ≤ ``fusedLimit`` each block runs in the fused C kernel `ek_glv_rk4_ensemble`
    /// (two members at a time through all steps in the L1 cache); beyond, one dgemm per stage and
    /// block. A member that diverges keeps its last good state and stops there; its time average
    /// covers the steps before.
    public func integrateRK4(
        from x0: Matrix, dt: Double, over span: ClosedRange<Double>, threads: Int = ParallelLoop.availableThreads,
        survivalThreshold: Double = Community.survivalThreshold, limits: StateLimits = .population
    ) -> EnsembleResult {
        precondition(x0.rows == n && x0.columns == members, "x0 must be \(n)×\(members)")
        let grid = FixedStepGrid(t0: span.lowerBound, tEnd: span.upperBound, dt: dt)
        let blocks = (members + Self.blockWidth - 1) / Self.blockWidth
        return collect(tasks: blocks, threads: threads, start: x0, survivalThreshold: survivalThreshold) { block, out in
            let first = block * Self.blockWidth, width = min(Self.blockWidth, members - first)
            out.statistics[block] = integrateBlockRK4(
                first: first, width: width, grid: grid, limits: limits, state: out.final + first * n,
                average: out.average + first * n, status: out.status + first, steps: out.steps + first)
        }
    }

    /// Euler–Maruyama (or, with `milstein`, Milstein) for all members through the fused C kernel
    /// `ek_glv_ito_ensemble` (n ≤ ``fusedLimit``), in blocks of ``blockWidth`` members over
    /// `threads` threads; member b draws the noise its ``Noise/layout`` gives it (its own stream,
    /// or the ensemble's shared one), inside the kernel, so the results are the same for any
    /// thread count and equal (to libmvec's ulps) to running each member alone.
    public func integrateIto(
        from x0: Matrix, dt: Double, over span: ClosedRange<Double>, noise: Noise, milstein: Bool = false,
        threads: Int = ParallelLoop.availableThreads, survivalThreshold: Double = Community.survivalThreshold,
        limits: StateLimits = .population
    ) -> EnsembleResult {
        precondition(x0.rows == n && x0.columns == members, "x0 must be \(n)×\(members)")
        precondition(n <= Self.fusedLimit && noise.sigma.count == n, "the fused kernel takes n ≤ \(Self.fusedLimit) and one σ per species")
        let grid = FixedStepGrid(t0: span.lowerBound, tEnd: span.upperBound, dt: dt)
        // Member b's stream and the counters of its step k, component i: base + stride·k + 2i.
        let streams: [UInt64], bases: [UInt64], stride: UInt64, log1pForm: Bool
        switch noise.layout {
        case .perMember:
            streams = (0..<members).map { noise.stream(member: UInt64($0)).stream }
            (bases, stride, log1pForm) = ([UInt64](repeating: 2, count: members), UInt64(2 * n), false)
        case .shared(let count):
            streams = [UInt64](repeating: noise.seed, count: members)
            (bases, stride, log1pForm) = ((0..<members).map { UInt64(2 * $0 * n) }, UInt64(2 * count * n), true)
        }
        let blocks = (members + Self.blockWidth - 1) / Self.blockWidth
        return collect(tasks: blocks, threads: threads, start: x0, survivalThreshold: survivalThreshold) { block, out in
            let first = block * Self.blockWidth, width = min(Self.blockWidth, members - first)
            var stats = IntegrationStatistics()
            var alive = [Int](repeating: 0, count: width)
            let (state, average) = (out.final + first * n, out.average + first * n)
            average.initialize(repeating: 0, count: n * width)
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 3 * n)
            defer { scratch.deallocate() }
            if grid.steps > 0 {
                growth.elements.withUnsafeBufferPointer { gp in selfLimitation.elements.withUnsafeBufferPointer { ap in
                delta.elements.withUnsafeBufferPointer { dp in
                    ek_glv_ito_ensemble(n, width, dp.baseAddress!, gp.baseAddress! + first * n, ap.baseAddress! + first * n, noise.sigma,
                                        noise.kind == .multiplicative ? 1 : 0, milstein ? 1 : 0, Array(streams[first..<(first + width)]),
                                        Array(bases[first..<(first + width)]), stride, log1pForm ? 1 : 0, state, average, grid.steps,
                                        grid.dt, grid.size(of: grid.steps), limits.bound, limits.clampNegative ? 1 : 0, &alive,
                                        &stats.clampedValues, scratch)
                } } }
            }
            out.statistics[block] = finishBlock(width: width, steps: grid.steps, alive: alive, evaluationsPerStep: 1, stats: stats,
                                                state: state, average: average, status: out.status + first, stepsOut: out.steps + first)
        }
    }

    /// The largest n for which blocks run through the fused C kernel `ek_glv_rk4_ensemble` (δ, at
    /// 32 KiB, still fits the L1 cache); larger communities use one dgemm per stage.
    public static let fusedLimit = 64

    /// RK4 on members first ..< first + width, in place on `state` (n×width, column-major).
    private func integrateBlockRK4(
        first: Int, width: Int, grid: FixedStepGrid, limits: StateLimits, state: UnsafeMutablePointer<Double>,
        average: UnsafeMutablePointer<Double>, status: UnsafeMutablePointer<IntegrationStatus>, steps: UnsafeMutablePointer<Int>
    ) -> IntegrationStatistics {
        let count = n * width
        var stats = IntegrationStatistics()
        var alive = [Int](repeating: 0, count: width)
        average.initialize(repeating: 0, count: count)
        growth.elements.withUnsafeBufferPointer { gp in
        selfLimitation.elements.withUnsafeBufferPointer { ap in
        delta.elements.withUnsafeBufferPointer { dp in
            let g = gp.baseAddress! + first * n, a = ap.baseAddress! + first * n, d = dp.baseAddress!
            guard grid.steps > 0 else { return }
            if n <= Self.fusedLimit {
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 6 * n)
                defer { scratch.deallocate() }
                ek_glv_rk4_ensemble(n, width, d, g, a, state, average, grid.steps, grid.dt, grid.size(of: grid.steps),
                                    limits.bound, limits.clampNegative ? 1 : 0, &alive, &stats.clampedValues, scratch)
            } else {
                dgemmRK4(width: width, grid: grid, limits: limits, g: g, a: a, d: d, state: state, average: average,
                         alive: &alive, clamped: &stats.clampedValues)
            }
        } } }
        return finishBlock(width: width, steps: grid.steps, alive: alive, evaluationsPerStep: 4, stats: stats, state: state,
                           average: average, status: status, stepsOut: steps)
    }

    /// A block's per-member outcome from the kernel's counts: diverged members, steps, evaluations,
    /// and the time average (the sum of admitted states over their number; the state when none).
    private func finishBlock(width: Int, steps total: Int, alive: [Int], evaluationsPerStep: Int, stats: IntegrationStatistics,
                             state: UnsafeMutablePointer<Double>, average: UnsafeMutablePointer<Double>,
                             status: UnsafeMutablePointer<IntegrationStatus>, stepsOut steps: UnsafeMutablePointer<Int>) -> IntegrationStatistics {
        var stats = stats
        for b in 0..<width {
            if alive[b] < total { status[b] = .diverged }
            steps[b] = alive[b]
            stats.steps += alive[b]
            stats.rhsEvaluations += evaluationsPerStep * min(alive[b] + 1, total)
            let column = average + b * n
            if alive[b] > 0 {
                for i in 0..<n { column[i] /= Double(alive[b]) }
            } else {
                column.update(from: state + b * n, count: n)
            }
        }
        return stats
    }

    /// The path for large n: per stage one dgemm δ·Y for the block, the fused rate kernel, then the
    /// stage update; each member's candidate state is admitted as in the fused kernel.
    private func dgemmRK4(
        width: Int, grid: FixedStepGrid, limits: StateLimits, g: UnsafePointer<Double>, a: UnsafePointer<Double>,
        d: UnsafePointer<Double>, state x: UnsafeMutablePointer<Double>, average: UnsafeMutablePointer<Double>,
        alive: inout [Int], clamped: inout Int
    ) {
        let count = n * width
        let work = UnsafeMutablePointer<Double>.allocate(capacity: 3 * count)
        defer { work.deallocate() }
        let k = work, y = work + count, acc = work + 2 * count
        let n32 = Int32(n), w32 = Int32(width)
        var dead = [Bool](repeating: false, count: width)
        /// k = f(s): S = δ·s by dgemm into k, then k = (G − A ⊙ S) ⊙ s by the fused kernel.
        func rate(_ s: UnsafePointer<Double>) {
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n32, w32, n32, 1, d, n32, s, n32, 0, k, n32)
            ek_glv_rate(count, g, a, k, s, k)
        }
        for step in stride(from: 1, through: grid.steps, by: 1) {
            RungeKutta4.step(count: count, h: grid.size(of: step), from: x, into: y, slope: k, stage: y, sum: acc) { _, s in rate(s) }
            for b in 0..<width where !dead[b] {
                let candidate = y + b * n
                guard limits.admit(candidate, count: n, clamped: &clamped) else { dead[b] = true; continue }
                (x + b * n).update(from: candidate, count: n)
                for i in 0..<n { average[b * n + i] += candidate[i] }
                alive[b] += 1
            }
            // A dead member is frozen: its columns of x stay at the last admitted state, which the
            // remaining stages keep recomputing harmlessly (columns do not mix).
        }
    }

    /// Integrates every member on its own with `solve` (an adaptive or stochastic method, which
    /// gets the member's field, initial state and number), members spread over `threads`.
    /// The time average is the trapezoidal mean over the solution's saved states.
    public func integrateEachMember(
        from x0: Matrix, threads: Int = ParallelLoop.availableThreads, survivalThreshold: Double = Community.survivalThreshold,
        _ solve: (CommunityField, [Double], Int) -> Solution
    ) -> EnsembleResult {
        precondition(x0.rows == n && x0.columns == members, "x0 must be \(n)×\(members)")
        return collect(tasks: members, threads: threads, start: x0, survivalThreshold: survivalThreshold) { b, out in
            let solution = solve(field(member: b), Array(x0.elements[(b * n)..<((b + 1) * n)]), b)
            (out.final + b * n).update(from: solution.finalState, count: n)
            (out.average + b * n).update(from: Self.trapezoidalMean(solution), count: n)
            out.status[b] = solution.status
            out.steps[b] = solution.statistics.steps
            out.statistics[b] = solution.statistics
        }
    }

    /// Where the tasks of an ensemble run write: each task writes only its own members' columns of
    /// the final state and time average, their statuses, and its own statistics slot.
    struct Outputs {
        let final, average: UnsafeMutablePointer<Double>
        let status: UnsafeMutablePointer<IntegrationStatus>
        let steps: UnsafeMutablePointer<Int>
        let statistics: UnsafeMutablePointer<IntegrationStatistics>
    }

    /// Runs `tasks` tasks across `threads` with the final state starting as `start`, and gathers
    /// what they wrote into a result.
    private func collect(tasks: Int, threads: Int, start: Matrix, survivalThreshold: Double,
                         _ task: (Int, Outputs) -> Void) -> EnsembleResult {
        var final = start, average = start
        var status = [IntegrationStatus](repeating: .finished, count: members)
        var statistics = [IntegrationStatistics](repeating: IntegrationStatistics(), count: tasks)
        var steps = [Int](repeating: 0, count: members)
        final.elements.withUnsafeMutableBufferPointer { fp in average.elements.withUnsafeMutableBufferPointer { ap in
        status.withUnsafeMutableBufferPointer { sp in statistics.withUnsafeMutableBufferPointer { tp in steps.withUnsafeMutableBufferPointer { np in
            let out = UncheckedBox(Outputs(final: fp.baseAddress!, average: ap.baseAddress!, status: sp.baseAddress!, steps: np.baseAddress!,
                                           statistics: tp.baseAddress!))
            ParallelLoop.run(tasks, threads: threads) { task($0, out.value) }
        } } } } }
        return EnsembleResult(finalState: final, timeAverage: average, survivors: survivors(final, threshold: survivalThreshold),
                              status: status, steps: steps, statistics: statistics.reduce(into: IntegrationStatistics()) { $0 += $1 })
    }

    /// Per member, the number of species above `threshold`.
    func survivors(_ state: Matrix, threshold: Double) -> [Int] {
        (0..<members).map { b in (0..<n).reduce(0) { $0 + (state[$1, b] > threshold ? 1 : 0) } }
    }

    /// The trapezoidal time average of a solution's saved states (its final state if it saved one time).
    static func trapezoidalMean(_ s: Solution) -> [Double] {
        let span = (s.times.last ?? 0) - (s.times.first ?? 0)
        guard s.times.count > 1, span > 0 else { return s.finalState }
        var mean = [Double](repeating: 0, count: s.dimension)
        for k in 1..<s.times.count {
            let w = 0.5 * (s.times[k] - s.times[k - 1]) / span
            for i in 0..<s.dimension { mean[i] += w * (s.states[(k - 1) * s.dimension + i] + s.states[k * s.dimension + i]) }
        }
        return mean
    }
}
