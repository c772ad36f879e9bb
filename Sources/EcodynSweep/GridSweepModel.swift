import EcodynCore
import EcodynSpec

/// Sweep points of a reaction–diffusion grid. The spec is read once; each swept path resolves,
/// once, to what it sets: a kinetics parameter by name (`model.b`, `model.F`, and the diffusion
/// coefficients as `model.diffusion[0]`, `[1]`), `grid.spacing`, `initial.perturbation`,
/// `initial.seed`, `integrate.dt` or `integrate.t_end`. A point builds its problem from those
/// values (a perturbed homogeneous start follows the point's steady state), runs on one thread
/// (the points are the parallel unit) and is reduced to its pattern: `pattern` (homogeneous,
/// stationary-pattern, oscillating), `dominant_k`, `variance` (of u), `mean` (of u), and
/// `steps`. A run that blows up is a `diverged` point.
public struct GridSweepModel: SweepModel {
    public static let offered = ["pattern", "dominant_k", "variance", "mean", "steps"]

    /// What a point is made from.
    struct Point: Sendable {
        var kinetics: any Kinetics
        var shape: [Int], spacing: Double, boundary: BoundaryCondition
        var fixedValues: SpeciesValues?
        /// The given fields, or the perturbation of the homogeneous state.
        var fields: GridState?, amplitude: Double, seed: UInt64
        var method: GridMethod, dt: Double, tEnd: Double, tolerances: DormandPrince

        func problem() throws(ParameterError) -> GridProblem {
            let grid = try Grid(shape: shape, spacing: spacing, boundary: boundary)
            var simulation = GridSimulation(kinetics: kinetics, grid: grid)
            if let fixedValues { simulation.fixedValues = fixedValues }
            let initial = fields ?? GridState(homogeneous: kinetics, grid: grid, amplitude: amplitude, seed: seed)
            // dopri5 keeps ten intervals of t_end (see GridProblem's spec reader).
            let (dt, steps) = method == .dopri5 ? (tEnd / 10, 10) : (dt, try GridProblem.stepCount(tEnd: tEnd, dt: dt))
            return try GridProblem(simulation: simulation, initial: initial, method: method, dt: dt, steps: steps, tolerances: tolerances)
        }
    }
    typealias Setter = @Sendable (inout Point, Double) throws(ParameterError) -> Void

    public let metrics: [String]
    let base: Point
    let setters: [Setter]

    public init(spec: SpecTable, sweep: SpecTable, space: ParameterSpace) throws(SpecError) {
        metrics = try checkedMetrics(sweep, offered: Self.offered, default: ["pattern", "dominant_k"])
        let problem = try GridProblem(spec: spec)
        let simulation = problem.simulation, grid = simulation.grid
        let initial = try spec.table("initial")
        let given = initial.map { $0.contains("u") } ?? false
        let fixed = try spec.requireTable("grid").contains("fixed")
        base = Point(kinetics: simulation.kinetics, shape: [grid.nx, grid.ny, grid.nz].prefix(grid.dimensions).map { $0 },
                     spacing: grid.spacing, boundary: grid.boundary, fixedValues: fixed ? simulation.fixedValues : nil,
                     fields: given ? problem.initial : nil, amplitude: try initial?.double("perturbation") ?? 0.01,
                     seed: UInt64(try initial?.int("seed") ?? 1), method: problem.method, dt: problem.dt,
                     tEnd: Double(problem.steps) * problem.dt, tolerances: problem.tolerances)
        var setters = [Setter]()
        for name in space.names { setters.append(try Self.setter(for: name, base)) }
        self.setters = setters
        let first = space.point(0).values
        do { _ = try point(first).problem() } catch {
            let keys = ["t_end": "integrate.t_end", "dt": "integrate.dt", "initial": "initial", "spacing": "grid.spacing"]
            throw SpecError(key: keys[error.parameter] ?? "model.\(error.parameter)", "at the sweep's first point: \(error.message)")
        }
    }

    func point(_ values: [Double]) throws(ParameterError) -> Point {
        var point = base
        for (set, value) in zip(setters, values) { try set(&point, value) }
        return point
    }

    /// The grid problem of a point: what `ecodyn run --point` and `analyze --point` work on.
    public func problem(_ values: [Double]) throws(ParameterError) -> GridProblem { try point(values).problem() }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        do {
            let problem = try self.problem(values)
            let (solution, metrics) = try problem.solveWithPattern(threads: 1)
            let row: [String: MetricValue] = [
                "pattern": metrics.map { .text($0.regime.rawValue) } ?? .null,
                "dominant_k": metrics.map { .real($0.dominantWavenumber) } ?? .null,
                "variance": metrics.map { .real($0.varianceU) } ?? .null,
                "mean": metrics.map { .real($0.meanU) } ?? .null,
                "steps": .integer(solution.steps),
            ]
            let message = solution.divergedAtStep.map { "the fields became non-finite at step \($0)" }
            return PointResult(status: solution.status == .finished ? "ok" : solution.status.rawValue,
                               metrics: self.metrics.map { row[$0]! },
                               message: message)
        } catch {
            return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: "\(error)")
        }
    }

    private static func setter(for path: String, _ base: Point) throws(SpecError) -> Setter {
        let key = "sweep.parameters.\(path)"
        switch path {
        case "grid.spacing": return { p, v in p.spacing = v }
        case "integrate.dt":
            guard base.method != .dopri5 else { throw SpecError(key: key, "'\(path)' applies to fixed-step methods; dopri5 chooses its own steps") }
            return { p, v in p.dt = v }
        case "integrate.t_end": return { p, v in p.tEnd = v }
        case "initial.perturbation", "initial.seed":
            guard base.fields == nil else { throw SpecError(key: key, "'\(path)' applies to a perturbed homogeneous start; this spec gives the fields u and v") }
            if path == "initial.perturbation" { return { p, v in p.amplitude = v } }
            return { p, v throws(ParameterError) in
                switch wholeNumber(v) {
                case .success(let n): p.seed = UInt64(n)
                case .failure(let error): throw ParameterError("seed", error.message)
                }
            }
        default:
            let k = try base.kinetics.sweptParameter(path, others: ["grid.spacing", "initial.perturbation", "initial.seed", "integrate.dt", "integrate.t_end"])
            return { p, v throws(ParameterError) in
                var values = p.kinetics.parameters
                values[k] = v
                p.kinetics = try p.kinetics.with(parameters: values)
            }
        }
    }
}
