import EcodynCore
import Foundation

extension GridProblem {
    /// Reads the whole run (`[drivers]` of reaction parameters: ``GridSimulation/driven(by:until:)``);
    /// with `checkingStep` false, a dt beyond the method's stability
    /// limit is accepted (for commands that do not step, such as `analyze`).
    public init(spec: SpecTable, checkingStep: Bool = true) throws(SpecError) {
        try spec.allowOnly(["model", "grid", "initial", "integrate", "drivers"])
        let kinetics = try Self.kinetics(spec)
        let grid = try Self.grid(spec)
        var simulation = GridSimulation(kinetics: kinetics, grid: grid)
        let g = try spec.requireTable("grid")
        if let fixed = try g.doubles("fixed") {
            guard fixed.count == 2 else { throw g.error("fixed", "expected [u, v]") }
            simulation.fixedValues = SpeciesValues(u: fixed[0], v: fixed[1])
        }
        let i: SpecTable
        if let table = try spec.table("initial") { i = table } else { i = try SpecTable.parse("") }
        try i.allowOnly(["perturbation", "seed", "u", "v"])
        let initial: GridState
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
        try t.allowOnly(["method", "dt", "t_end", "save_every", "rtol", "atol", "max_steps"])
        let method = GridMethod(rawValue: try t.string("method", oneOf: ["euler", "rk4", "imex", "etdrk4", "dopri5"]) ?? "euler")!
        let tEnd = try t.required(t.double("t_end", constraint: .positive), "t_end")
        let dt: Double, steps: Int
        var tolerances = DormandPrince()
        if method == .dopri5 {
            for key in ["dt", "save_every"] where t.contains(key) {
                throw t.error(key, "dopri5 chooses its own steps (from rtol and atol) and keeps no frames; remove \(key), or use a fixed-step method")
            }
            tolerances = DormandPrince(rtol: try t.double("rtol", constraint: .positive) ?? 1e-6, atol: try t.double("atol", constraint: .nonNegative) ?? 1e-9,
                                       maxSteps: try t.int("max_steps", minimum: 1) ?? DormandPrince().maxSteps)
            // Ten intervals: the pattern's last tenth is measured separately.
            (dt, steps) = (tEnd / 10, 10)
        } else {
            for key in ["rtol", "atol", "max_steps"] where t.contains(key) {
                throw t.error(key, "\(key) applies to method = \"dopri5\", not \"\(method.rawValue)\", which steps by dt; remove it")
            }
            dt = try t.required(t.double("dt", constraint: .positive), "dt")
            steps = try t.keyed { () throws(ParameterError) in try Self.stepCount(tEnd: tEnd, dt: dt) }
        }
        let saveEvery = try t.int("save_every", minimum: 1)
        if let every = saveEvery {
            try MemoryBudget.check(CheckedCount.product(steps / every + 1, grid.count, 32), for: "\(steps / every) saved frames of \(grid.count) cells",
                                   key: t.keyPath("save_every"), fix: "raise save_every")
        }
        let base = simulation
        if let driven = try ParameterDriver.applying(spec: spec, { (d) throws(ParameterError) in try base.driven(by: d, until: tEnd) }) {
            simulation = driven
        }
        if checkingStep { try t.keyed { [simulation] () throws(ParameterError) in try simulation.checkStep(dt, method: method) } }
        self.init(checked: simulation, initial: initial, method: method, dt: dt, steps: steps, saveEvery: saveEvery)
        self.tolerances = tolerances
    }

    /// Checks that the run can be cut among `processes` (ranks of mpirun or srun), `local` of them
    /// on this machine; the error names `integrate.method` or `grid.shape`. Each rank holds the
    /// whole initial state and (rank 0) the whole result, 4 doubles a cell, and its slab's
    /// fields and RK4 stages, 12 doubles a cell of the slab: the machine's ranks together are
    /// checked against its memory.
    public func checkCut(among processes: Int, local: Int) throws(SpecError) {
        do { try simulation.checkDecomposition(method: method, size: processes) } catch {
            throw SpecError(key: error.parameter == "method" ? "integrate.method" : "grid.shape", error.message)
        }
        let perRank = CheckedCount.product(simulation.grid.count, 8 * (4 + 12 / processes + 1))
        try MemoryBudget.check(perRank.flatMap { CheckedCount.product($0, local) },
                               for: "\(local) ranks each holding a grid of \(simulation.grid.count) cells", key: "grid.shape",
                               fix: "run fewer ranks on each machine (mpirun --map-by ppr:1:node, srun --ntasks-per-node=1) or use a smaller grid")
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
        try MemoryBudget.check(CheckedCount.product(grid.count, 8 * Self.fieldsPerCell), for: "a grid of \(grid.count) cells (its fields and the stepper's work space)",
                               key: g.keyPath("shape"), fix: "use a smaller grid")
        return grid
    }
}
