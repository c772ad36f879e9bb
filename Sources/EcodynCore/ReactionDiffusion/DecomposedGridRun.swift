/// Grid runs cut among processes (``GridRanks``): each process steps its slab of planes
/// (``GridSlab``) and trades edge planes with its neighbours before every evaluation of the
/// right-hand side. Every row goes through the same kernel with the same inputs as in a run of one
/// process, so the fields are bit-identical for any number of processes.
extension GridSimulation {
    /// The methods a cut grid takes: the explicit ones, whose stencil reaches one plane. IMEX and
    /// ETDRK4 transform the whole grid, and Dormand–Prince chooses its steps from the whole state.
    public static let decomposableMethods: [GridMethod] = [.euler, .rk4]

    /// Checks that the grid can be cut among `size` processes and stepped by `method`; the error
    /// names `method` or `shape`.
    public func checkDecomposition(method: GridMethod, size: Int) throws(ParameterError) {
        guard Self.decomposableMethods.contains(method) else {
            throw ParameterError("method", "a grid cut among \(size) processes steps with method = \"euler\" or \"rk4\" (\(method.rawValue) needs the whole grid in one process): change the method or run one process")
        }
        guard CheckedCount.product([grid.count]) ?? .max <= Int(Int32.max) else {
            throw ParameterError("shape", "a grid of more than 2³¹ − 1 cells cannot be gathered on one process")
        }
        _ = try GridSlab(of: grid, rank: 0, size: size)
    }

    /// Integrates as ``run(from:method:dt:steps:saveEvery:firstStep:threads:tolerances:progress:)``
    /// with the grid cut among `ranks`. Every process passes the whole initial state; rank 0 gets
    /// the whole solution (frames gathered as they are saved), the others nil. `threads` are
    /// this process's. Throws naming the field when the grid or the method cannot be cut.
    public func run(from initial: GridState, ranks: any GridRanks, method: GridMethod, dt: Double, steps: Int, saveEvery: Int? = nil,
                    firstStep: Int = 0, threads: Int = ParallelLoop.availableThreads,
                    progress: ((Int) -> Void)? = nil) throws(ParameterError) -> GridSolution? {
        try runCut(from: initial, ranks: ranks, method: method, dt: dt, steps: steps, saveEvery: saveEvery, firstStep: firstStep,
                   threads: threads, keeping: nil, progress: progress)?.solution
    }

    /// The cut run, keeping (on rank 0) the whole state after step `keeping` as well.
    func runCut(from initial: GridState, ranks: any GridRanks, method: GridMethod, dt: Double, steps: Int, saveEvery: Int?,
                firstStep: Int, threads: Int, keeping: Int?,
                progress: ((Int) -> Void)?) throws(ParameterError) -> (solution: GridSolution, kept: GridState?)? {
        try checkStep(dt, method: method)
        try checkDecomposition(method: method, size: ranks.size)
        precondition(initial.u.count == grid.count && initial.v.count == grid.count, "fields must have \(grid.count) cells")
        let slab = try GridSlab(of: grid, rank: ranks.rank, size: ranks.size)
        var x = GridState(u: slab.cut(initial.u), v: slab.cut(initial.v)), work = x
        let buffers = RK4Buffers(count: method == .rk4 ? slab.cells : 0)
        let team = ThreadTeam(threads: threads)
        func gathered(_ state: GridState) -> GridState? {
            let u = slab.gather(state.u, ranks: ranks, grid: grid), v = slab.gather(state.v, ranks: ranks, grid: grid)
            return u.flatMap { u in v.map { GridState(u: u, v: $0) } }
        }
        func exchange(_ u: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>) { slab.exchangeGhosts(u, v, ranks: ranks) }
        var frames = [GridFrame]()
        var status = IntegrationStatus.finished, divergedAt: Int?
        var done = 0, kept: GridState?
        while done < steps {
            let current = at(Double(firstStep + done) * dt)   // the driven parameters at the step's start
            x.u.withUnsafeMutableBufferPointer { u in x.v.withUnsafeMutableBufferPointer { v in exchange(u.baseAddress!, v.baseAddress!) } }
            let finite = method == .euler
                ? current.eulerSweep(x, into: &work, dt: dt, team: team, slab: slab)
                : current.rk4Step(x, work: &work, buffers: buffers, dt: dt, team: team, slab: slab, exchange: exchange)
            guard ranks.allTrue(finite) else { status = .diverged; divergedAt = done + 1; break }
            swap(&x, &work)
            done += 1
            if let every = saveEvery, every > 0, (firstStep + done) % every == 0, let whole = gathered(x) {
                frames.append(GridFrame(time: Double(done) * dt, state: whole))
            }
            if done == keeping { kept = gathered(x) }
            progress?(done)
        }
        guard let final = gathered(x) else { return nil }
        var statistics = IntegrationStatistics()
        statistics.steps = done
        statistics.rhsEvaluations = done * (method == .rk4 ? 4 : 1)
        return (GridSolution(state: final, status: status, divergedAtStep: divergedAt, steps: done, time: Double(done) * dt, frames: frames,
                             statistics: statistics), kept)
    }
}

extension GridProblem {
    /// ``solveWithPattern(threads:progress:)`` with the grid cut among `ranks`: rank 0 gets the
    /// solution and the metrics of its last tenth, the others nil.
    public func solveWithPattern(ranks: any GridRanks, threads: Int = ParallelLoop.availableThreads,
                                 progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(ParameterError) -> (GridSolution, PatternMetrics?)? {
        let tail = max(1, steps / 10), head = steps - tail
        guard let (solution, kept) = try simulation.runCut(from: initial, ranks: ranks, method: method, dt: dt, steps: steps, saveEvery: saveEvery,
                                                           firstStep: 0, threads: threads, keeping: head, progress: { progress?($0, steps) })
        else { return nil }
        guard solution.status == .finished else { return (solution, nil) }
        let earlier = kept ?? initial   // head = 0 for a run of one step
        return (solution, PatternMetrics(solution.state, grid: simulation.grid, earlier: earlier, interval: Double(tail) * dt))
    }
}
