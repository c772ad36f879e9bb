import Foundation

/// A reaction–diffusion run read from a spec: the kinetics, the grid, the initial fields and the
/// time stepping.
///
///     [model]     kind = "brusselator" (a, b, diffusion = [m1, m2], or k1…k4, A, B, M1, M2)
///                 | "gray-scott" (F, k, diffusion) | "schnakenberg" (a, b, diffusion)
///     [grid]      shape = [nx, ny], spacing = 1, boundary = "periodic" | "neumann" | "dirichlet",
///                 fixed = [u, v] (dirichlet; default the homogeneous state)
///     [initial]   perturbation = 0.01, seed = 1 (homogeneous state ± perturbation/2),
///                 or u = "u.npy", v = "v.npy"
///     [integrate] method = "euler" | "rk4" | "imex", dt, t_end, save_every (steps)
public struct GridProblem: Sendable {
    public var simulation: GridSimulation
    public var initial: GridState
    public var method: GridMethod
    public var dt: Double
    public var steps: Int
    public var saveEvery: Int?

    /// `steps` steps of `dt` by `method` from `initial`, saving a frame every `saveEvery` steps.
    public init(simulation: GridSimulation, initial: GridState, method: GridMethod, dt: Double, steps: Int, saveEvery: Int? = nil) throws(ParameterError) {
        let cells = simulation.grid.count
        guard initial.u.count == cells, initial.v.count == cells else {
            throw ParameterError("initial", "expected \(cells) values per field (the grid's cells), got \(initial.u.count) and \(initial.v.count)")
        }
        guard steps >= 1 else { throw ParameterError("steps", "must be ≥ 1, got \(steps)") }
        guard (saveEvery ?? 1) >= 1 else { throw ParameterError("saveEvery", "must be ≥ 1") }
        try simulation.checkStep(dt, method: method)
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

    /// Reads the whole run; with `checkingStep` false, a dt beyond the method's stability
    /// limit is accepted (for commands that do not step, such as `analyze`).
    public init(spec: SpecTable, checkingStep: Bool = true) throws(SpecError) {
        try spec.allowOnly(["model", "grid", "initial", "integrate"])
        let kinetics = try Self.kinetics(spec)
        let grid = try Self.grid(spec)
        simulation = GridSimulation(kinetics: kinetics, grid: grid)
        let g = try spec.requireTable("grid")
        if let fixed = try g.doubles("fixed") {
            guard fixed.count == 2 else { throw g.error("fixed", "expected [u, v]") }
            simulation.fixedValues = (fixed[0], fixed[1])
        }
        let i: SpecTable
        if let table = try spec.table("initial") { i = table } else { i = try SpecTable.parse("") }
        try i.allowOnly(["perturbation", "seed", "u", "v"])
        if i.contains("u") || i.contains("v") {
            let u = try i.required(i.doubles("u", shape: grid.numpyShape), "u"), v = try i.required(i.doubles("v", shape: grid.numpyShape), "v")
            guard u.count == grid.count, v.count == grid.count else {
                throw i.error(u.count == grid.count ? "v" : "u", "expected \(grid.count) values (the grid's cells), got \(u.count == grid.count ? v.count : u.count)")
            }
            initial = GridState(u: u, v: v)
        } else {
            initial = GridState(homogeneous: kinetics, grid: grid, amplitude: try i.double("perturbation", constraint: .nonNegative) ?? 0.01,
                                seed: UInt64(try i.int("seed", minimum: 0) ?? 1))
        }
        let t = try spec.requireTable("integrate")
        try t.allowOnly(["method", "dt", "t_end", "save_every"])
        method = GridMethod(rawValue: try t.string("method", oneOf: ["euler", "rk4", "imex"]) ?? "euler")!
        dt = try t.required(t.double("dt", constraint: .positive), "dt")
        let tEnd = try t.required(t.double("t_end", constraint: .positive), "t_end")
        steps = try t.keyed { [dt] () throws(ParameterError) in try Self.stepCount(tEnd: tEnd, dt: dt) }
        saveEvery = try t.int("save_every", minimum: 1)
        if let every = saveEvery {
            try MemoryBudget.check(MemoryBudget.bytes(steps / every + 1, grid.count, 32), for: "\(steps / every) saved frames of \(grid.count) cells",
                                   key: t.keyPath("save_every"), fix: "raise save_every")
        }
        if checkingStep { try t.keyed { [simulation, dt, method] () throws(ParameterError) in try simulation.checkStep(dt, method: method) } }
    }

    /// The grid of `[grid]`: `shape`, `spacing`, `boundary` (checked against the memory it needs).
    public static func grid(_ spec: SpecTable) throws(SpecError) -> Grid {
        let g = try spec.requireTable("grid")
        try g.allowOnly(["shape", "spacing", "boundary", "fixed"])
        let shape = try g.required(g.doubles("shape", constraint: .positive), "shape")
        guard shape.allSatisfy({ $0 == $0.rounded() && $0 <= Double(1 << 40) }) else {
            throw g.error("shape", "expected whole numbers of cells (each at most 2^40), got \(shape)")
        }
        let boundary = BoundaryCondition(rawValue: try g.string("boundary", oneOf: BoundaryCondition.allCases.map(\.rawValue)) ?? "periodic")!
        let spacing = try g.double("spacing", constraint: .positive) ?? 1
        let grid = try g.keyed { () throws(ParameterError) in try Grid(shape: shape.map { Int($0) }, spacing: spacing, boundary: boundary) }
        try MemoryBudget.check(MemoryBudget.bytes(grid.count, 8 * Self.fieldsPerCell), for: "a grid of \(grid.count) cells (its fields and the stepper's work space)",
                               key: g.keyPath("shape"), fix: "use a smaller grid")
        return grid
    }


    /// The doubles per cell a grid run holds at most (u and v, the stepper's stages or FFT
    /// buffers, the linear analysis' mode tables): the memory a spec's grid is checked against.
    static let fieldsPerCell = 24
}

extension GridProblem {
    /// Runs the problem and measures the final pattern: the last tenth of the steps runs
    /// separately, so that the metrics can tell a stationary state from a changing one.
    /// The metrics are nil when the run did not finish. `progress` gets the steps done and the total.
    public func solveWithPattern(threads: Int = ParallelLoop.availableThreads,
                                 progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(ParameterError) -> (GridSolution, PatternMetrics?) {
        let tail = max(1, steps / 10), head = steps - tail
        let first = try simulation.run(from: initial, method: method, dt: dt, steps: head, saveEvery: saveEvery, threads: threads) {
            progress?($0, steps)
        }
        guard first.status == .finished else { return (first, nil) }
        let second = try simulation.run(from: first.state, method: method, dt: dt, steps: tail, saveEvery: saveEvery, firstStep: head,
                                        threads: threads) { progress?(head + $0, steps) }
        var solution = second
        solution.steps += first.steps
        solution.time += first.time
        solution.divergedAtStep = second.divergedAtStep.map { $0 + first.steps }
        solution.frames = first.frames + second.frames.map { (first.time + $0.time, $0.state) }
        guard second.status == .finished else { return (solution, nil) }
        return (solution, PatternMetrics(second.state, grid: simulation.grid, earlier: first.state, interval: Double(second.steps) * dt))
    }
}
