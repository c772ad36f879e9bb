import CEcodynKernels

/// Up to `depth` explicit Euler steps per parallel pass (temporal blocking by overlapped tiles). Each
/// thread owns a band of rows. It takes the first step on its band widened by (depth − 1)·reach
/// rows each side (the rows its later steps read from beyond the band: the neighbour bands' edge
/// rows, recomputed here, or rows reached across a periodic wrap), each later step on a band
/// narrower by `reach` each side, and the last step on the band itself. Each step's rows are kept
/// in a private ring and taken on as soon as the rows around them exist (a wavefront), so the
/// intermediate steps stay in cache and the fields stream from memory once per `depth` steps
/// instead of once per step; threads meet once per pass. Every row goes through the one-step
/// kernel with the same inputs, so the result is bit-identical to single steps for any thread
/// count and depth.
final class EulerTileStepper {
    private let simulation: GridSimulation
    private let dt: Double
    /// The most steps a pass takes.
    let depth: Int
    private let bands: [Range<Int>]
    /// The largest row distance to a neighbour row: 1 in 2-D, ny in 3-D (0 in 1-D).
    private let reach: Int
    /// Rows kept per intermediate step: a step of row e reads rows e − reach … e + reach of the
    /// step before while row e + reach + 1 of that step is being written; a power of two, so a
    /// row's slot is a mask.
    private let ringRows: Int
    private let rows: Int
    private let workspace: UnsafeMutablePointer<Double>
    /// The run's threads: one band each.
    private let team: ThreadTeam

    /// Steps per pass on `grid` with `threads` bands: 2 where the four fields stay in the caches
    /// (8 MB), else the most, up to 8, whose rings take at most 1 MB per thread and whose
    /// recomputed rows stay under a tenth of a band (docs/benchmarks.md: 2048² went from 0.53 to
    /// 0.35 s for 100 steps with 8 where 4 gave 0.44 s; 256² was no faster with more than 2).
    static func depth(for grid: Grid, threads: Int) -> Int {
        guard 4 * grid.count * MemoryLayout<Double>.stride > 8 << 20 else { return 2 }
        let reach = grid.dimensions == 3 ? grid.ny : 1
        let ringBytes = (1 << (Int.bitWidth - (2 * reach + 1).leadingZeroBitCount)) * grid.nx * 2 * MemoryLayout<Double>.stride
        let bandRows = grid.ny * grid.nz / max(1, threads)
        return (2...8).last { d in (d - 1) * ringBytes <= 1 << 20 && d * (d - 1) * reach * 10 <= bandRows } ?? 2
    }

    /// Nil when the grid is too short along its last axis for a wrapped neighbour to be told
    /// from a near one (three planes at least) or `depth` < 2.
    init?(simulation: GridSimulation, dt: Double, depth: Int, team: ThreadTeam) {
        let grid = simulation.grid
        rows = grid.ny * grid.nz
        reach = grid.dimensions == 3 ? grid.ny : (grid.dimensions == 2 ? 1 : 0)
        guard depth >= 2, rows > 2 * reach else { return nil }
        ringRows = 1 << (Int.bitWidth - (2 * reach + 1).leadingZeroBitCount)   // > 2·reach + 1
        // Bands of whole planes in 3-D.
        let unit = max(1, reach), units = rows / unit
        let count = max(1, min(team.threads, units))
        bands = (0..<count).map { t in (t * units / count * unit)..<((t + 1) * units / count * unit) }
        (self.simulation, self.dt, self.depth, self.team) = (simulation, dt, depth, team)
        workspace = .allocate(capacity: count * (depth - 1) * 2 * ringRows * grid.nx)
    }

    deinit { workspace.deallocate() }

    /// Advances `x` by `steps` (2 ... depth) steps into `out`. Returns the first step (1-based)
    /// whose values are not all finite, or nil; after such a step `out` is not a state.
    func advance(_ x: GridState, into out: inout GridState, steps: Int) -> Int? {
        precondition((2...depth).contains(steps), "a pass takes 2 to \(depth) steps")
        var firstNonFinite = [Int](repeating: 0, count: bands.count)
        x.u.withUnsafeBufferPointer { xu in x.v.withUnsafeBufferPointer { xv in
        out.u.withUnsafeMutableBufferPointer { ou in out.v.withUnsafeMutableBufferPointer { ov in
        firstNonFinite.withUnsafeMutableBufferPointer { f in
            let pointers = UncheckedBox((xu.baseAddress!, xv.baseAddress!, ou.baseAddress!, ov.baseAddress!, f.baseAddress!))
            team.run(bands.count) { t in
                let (xu, xv, ou, ov, flags) = pointers.value
                flags[t] = advanceBand(t, steps, xu, xv, ou, ov)
            }
        } } } } }
        let failed = firstNonFinite.filter { $0 > 0 }
        return failed.min()
    }

    /// `depth` steps for band `t`; returns the first step with non-finite values, or 0.
    private func advanceBand(_ t: Int, _ depth: Int, _ xu: UnsafePointer<Double>, _ xv: UnsafePointer<Double>,
                             _ ou: UnsafeMutablePointer<Double>, _ ov: UnsafeMutablePointer<Double>) -> Int {
        let grid = simulation.grid, nx = grid.nx, band = bands[t]
        let wraps = grid.boundary == .periodic, halo = (depth - 1) * reach
        // Extended rows e = 0 ..< count stand for grid rows base + e (wrapped).
        let base = wraps ? band.lowerBound - halo : max(0, band.lowerBound - halo)
        /// The extended rows step s (1 ... depth) computes.
        func span(_ s: Int) -> Range<Int> {
            let widen = (depth - s) * reach
            let lower = wraps ? band.lowerBound - widen : max(0, band.lowerBound - widen)
            let upper = wraps ? band.upperBound + widen : min(rows, band.upperBound + widen)
            return (lower - base)..<(upper - base)
        }
        func row(_ e: Int) -> Int { ((base + e) % rows + rows) % rows }
        let ringSize = ringRows * nx
        let rings = workspace + t * (self.depth - 1) * 2 * ringSize
        /// Step s's ring (s = 1 ..< depth), u then v.
        func ring(_ s: Int) -> (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) {
            let u = rings + (s - 1) * 2 * ringSize
            return (u, u + ringSize)
        }
        let kind = simulation.kernel.kind
        let (du, dv) = (simulation.diffusion.u, simulation.diffusion.v)
        let invH2 = 1 / (grid.spacing * grid.spacing), dt = dt, mask = ringRows - 1
        var firstFailed = depth + 1   // the first step whose kernel wrote a non-finite value (none: depth + 1)
        simulation.kernel.parameters.withUnsafeBufferPointer { parameters in
            let p = parameters.baseAddress!
            /// Step s of extended row e.
            func step(_ s: Int, _ e: Int) {
                let g = row(e)
                let (to, target): (Int, (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)) =
                    s == depth ? (g * nx, (ou, ov)) : ((e & mask) * nx, ring(s))
                if s == 1 {
                    var r = simulation.describeRow(g, u: xu, v: xv)
                    let from = g * nx
                    if ek_rd_row_update(&r, kind, p, du, dv, invH2, xu + from, xv + from, xu + from, xv + from, dt,
                                        target.0 + to, target.1 + to) == 0 { firstFailed = min(firstFailed, 1) }
                } else {
                    let (su, sv) = ring(s - 1)
                    // A neighbour row is within ±reach of e; its distance, taken modulo the rows, tells which.
                    var r = simulation.describeRow(g, u: su, v: sv) { h in
                        var d = (h - g) % rows
                        if d > reach { d -= rows } else if d < -reach { d += rows }
                        return (e + d) & mask
                    }
                    let from = (e & mask) * nx
                    if ek_rd_row_update(&r, kind, p, du, dv, invH2, su + from, sv + from, su + from, sv + from, dt,
                                        target.0 + to, target.1 + to) == 0 { firstFailed = min(firstFailed, s) }
                }
            }
            // The wavefront: after row e of step 1, row e − (s − 1)·reach of step s.
            let first = span(1)
            for e in first.lowerBound..<(first.upperBound + halo) {
                for s in 1...depth {
                    let row = e - (s - 1) * reach
                    if span(s).contains(row) { step(s, row) }
                }
            }
        }
        return firstFailed <= depth ? firstFailed : 0
    }
}
