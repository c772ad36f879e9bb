import Foundation

/// A reaction–diffusion run: the kinetics on its grid, the initial fields and the time stepping
/// (a spec gives it as shown below; see ``GridProblem/init(spec:checkingStep:)``).
///
///     [model]     kind = "brusselator" (a, b, diffusion = [m1, m2], or k1…k4, A, B, M1, M2)
///                 | "gray-scott" (F, k, diffusion) | "schnakenberg" (a, b, diffusion)
///                 | "fitzhugh-nagumo" (epsilon, a0, a1, diffusion)
///     [grid]      shape = [nx, ny], spacing = 1, boundary = "periodic" | "neumann" | "dirichlet",
///                 fixed = [u, v] (dirichlet; default the homogeneous state)
///     [initial]   perturbation = 0.01, seed = 1 (homogeneous state ± perturbation/2),
///                 or u = "u.npy", v = "v.npy"
///     [integrate] method = "euler" | "rk4" | "imex" | "etdrk4", dt, t_end, save_every (steps)
public struct GridProblem: Sendable {
    public var simulation: GridSimulation
    public var initial: GridState
    public var method: GridMethod
    public var dt: Double
    public var steps: Int
    public var saveEvery: Int?
    /// Dormand–Prince's settings when `method` is `.dopri5` (then `dt` is the interval at which
    /// states are kept and `steps` the number of intervals).
    public var tolerances = DormandPrince()

    /// `steps` steps of `dt` by `method` from `initial`, saving a frame every `saveEvery` steps.
    public init(simulation: GridSimulation, initial: GridState, method: GridMethod, dt: Double, steps: Int, saveEvery: Int? = nil,
                tolerances: DormandPrince = DormandPrince()) throws(ParameterError) {
        let cells = simulation.grid.count
        guard initial.u.count == cells, initial.v.count == cells else {
            throw ParameterError("initial", "expected \(cells) values per field (the grid's cells), got \(initial.u.count) and \(initial.v.count)")
        }
        guard steps >= 1 else { throw ParameterError("steps", "must be ≥ 1, got \(steps)") }
        guard (saveEvery ?? 1) >= 1 else { throw ParameterError("saveEvery", "must be ≥ 1") }
        try simulation.checkStep(dt, method: method)
        try IntegrationMethod.dopri5(tolerances).check(tEnd: dt * Double(steps), dimension: 2 * cells)
        self.init(checked: simulation, initial: initial, method: method, dt: dt, steps: steps, saveEvery: saveEvery)
        self.tolerances = tolerances
    }

    /// The problem as given, its sizes checked by the caller and its step not checked against
    /// the method's stability limit (for analysis, which does not step).
    package init(checked simulation: GridSimulation, initial: GridState, method: GridMethod, dt: Double, steps: Int, saveEvery: Int?) {
        (self.simulation, self.initial, self.method, self.dt, self.steps, self.saveEvery) = (simulation, initial, method, dt, steps, saveEvery)
    }

    /// The number of steps of `dt` that make `tEnd`: a whole number from 1 to 2⁵³ (grids do not
    /// shorten a last step, so `tEnd` must be a multiple of `dt`, to 1e-9 relative).
    public static func stepCount(tEnd: Double, dt: Double) throws(ParameterError) -> Int {
        guard tEnd > 0, tEnd.isFinite else { throw ParameterError("t_end", "must be > 0, got \(tEnd)") }
        guard dt > 0, dt.isFinite else { throw ParameterError("dt", "must be > 0, got \(dt)") }
        let ratio = tEnd / dt
        guard ratio.isFinite, ratio.rounded() <= Double(FixedStepGrid.maximumSteps) else {
            throw ParameterError("dt", "t_end/dt = \(ratio) steps is more than one run takes (2^53); raise dt or lower t_end")
        }
        let steps = Int(ratio.rounded())
        guard steps >= 1 else { throw ParameterError("t_end", "t_end = \(tEnd) is shorter than one step of dt = \(dt)") }
        guard abs(ratio - ratio.rounded()) <= 1e-9 * ratio else {
            let (below, above) = (Double(Int(ratio)) * dt, Double(Int(ratio) + 1) * dt)
            throw ParameterError("t_end", "t_end = \(tEnd) is not a whole number of steps of dt = \(dt) (\(ratio) steps); use t_end = \(below) or \(above), or a dt that divides t_end")
        }
        return steps
    }

    /// The doubles per cell a grid run holds at most (u and v, the stepper's stages or FFT
    /// buffers, the linear analysis' mode tables; ETDRK4 the most: its state and work fields 8,
    /// eight coefficient sets per species 16, six weights per species 12, two transform buffers
    /// 4): the memory a spec's grid is checked against.
    package static let fieldsPerCell = 40
}


extension GridProblem {
    /// Runs the problem and measures the final pattern: the last tenth of the steps runs
    /// separately, so that the metrics can tell a stationary state from a changing one.
    /// The metrics are nil when the run did not finish. `progress` gets the steps done and the total.
    public func solveWithPattern(threads: Int = ParallelLoop.availableThreads,
                                 progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(ParameterError) -> (GridSolution, PatternMetrics?) {
        let tail = max(1, steps / 10), head = steps - tail
        let first = try simulation.run(from: initial, method: method, dt: dt, steps: head, saveEvery: saveEvery, threads: threads, tolerances: tolerances) {
            progress?($0, steps)
        }
        guard first.status == .finished else { return (first, nil) }
        let second = try simulation.run(from: first.state, method: method, dt: dt, steps: tail, saveEvery: saveEvery, firstStep: head,
                                        threads: threads, tolerances: tolerances) { progress?(head + $0, steps) }
        var solution = second
        solution.steps += first.steps
        solution.statistics += first.statistics
        solution.time += first.time
        solution.divergedAtStep = second.divergedAtStep.map { $0 + first.steps }
        solution.frames = first.frames + second.frames.map { GridFrame(time: first.time + $0.time, state: $0.state) }
        guard second.status == .finished else { return (solution, nil) }
        return (solution, PatternMetrics(second.state, grid: simulation.grid, earlier: first.state, interval: Double(second.steps) * dt))
    }
}
