/// A reaction–diffusion grid, semi-discretised, as a vector field: x holds u then v (each the
/// grid's cells, x fastest) and f is the kinetics plus D·Δ_h, from the fused row kernel over
/// blocks of rows on a thread team, with a driven simulation's parameters at t. Any integrator of ``VectorField`` runs on it — Dormand–Prince
/// gives adaptive reaction–diffusion:
///
/// ```swift
/// let field = GridField(simulation)
/// let solution = DormandPrince(rtol: 1e-6, atol: 1e-9).solve(field, from: start.u + start.v, over: 0...50)
/// ```
public final class GridField: VectorField {
    public let simulation: GridSimulation
    let team: ThreadTeam

    /// The field of `simulation`, evaluated on `threads` threads.
    public init(_ simulation: GridSimulation, threads: Int = ParallelLoop.availableThreads) {
        self.simulation = simulation
        team = ThreadTeam(threads: threads)
    }

    public var dimension: Int { 2 * simulation.grid.count }

    public func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        let n = simulation.grid.count
        // A driven simulation takes its parameters at t (one small allocation per evaluation of the whole grid).
        _ = simulation.at(t).sweep((x, x + n), addingTo: false, dt: 1, into: (dx, dx + n), team: team)
    }
}
