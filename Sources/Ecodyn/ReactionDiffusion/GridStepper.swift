import CEcodynKernels
import Dispatch

/// Two species on a grid: contiguous fields u and v (x fastest).
public struct GridState: Sendable, Equatable {
    public var u: [Double], v: [Double]

    public init(u: [Double], v: [Double]) { (self.u, self.v) = (u, v) }

    /// The homogeneous state of `kinetics` plus a uniform perturbation of size ±amplitude/2, drawn
    /// from the counter-based stream `seed` (u first, then v), as the canonical workloads do.
    public init(homogeneous kinetics: any Kinetics, grid: Grid, amplitude: Double, seed: UInt64) {
        let n = grid.count, random = CounterRandom(stream: seed)
        let (u0, v0) = kinetics.homogeneousState
        u = (0..<n).map { u0 + amplitude * (random.uniform(UInt64($0)) - 0.5) }
        v = (0..<n).map { v0 + amplitude * (random.uniform(UInt64(n + $0)) - 0.5) }
    }
}

/// The explicit time steppers of a reaction–diffusion grid. Every evaluation of the right-hand
/// side is the fused C kernel `ek_rd_row_update` (Laplacian and kinetics in one pass per row);
/// rows run in blocks across threads, with no allocation per step.
public enum GridMethod: String, Sendable {
    /// Forward Euler: stable for diffusion when dt ≤ h²/(2·d·D_max).
    case euler
    /// Classical RK4: stable for diffusion when dt ≤ 2.78·h²/(4·d·D_max).
    case rk4
    /// Semi-implicit (IMEX) Euler: the reaction explicit, the diffusion implicit and exact in the
    /// Laplacian's eigenbasis (FFTW; any boundary condition): (1 + dt·D·μ_k)·û_new = F[u + dt·R(u, v)].
    /// No diffusion limit, so large dt and fine grids work; first order in time.
    case imex

    /// The largest dt this method takes on `grid` for diffusion coefficients up to `d`.
    public func limit(_ grid: Grid, maxDiffusion d: Double) -> Double {
        switch self {
        case .euler: return grid.eulerLimit(maxDiffusion: d)
        case .rk4: return 2.785 * grid.eulerLimit(maxDiffusion: d) / 2
        case .imex: return .infinity
        }
    }
}

/// The outcome of a grid run.
public struct GridSolution: Sendable {
    public var state: GridState
    public var status: IntegrationStatus
    /// The step at which the fields stopped being finite, when they did.
    public var divergedAtStep: Int?
    public var steps: Int
    public var time: Double
    /// States saved every `saveEvery` steps (with their times), when asked.
    public var frames: [(time: Double, state: GridState)]
}

/// Runs a kinetics on a grid.
public struct GridSimulation: Sendable {
    public let kinetics: any Kinetics
    public let grid: Grid
    /// Fixed values at the boundary for `dirichlet` grids (default: the homogeneous state).
    public var fixedValues: (u: Double, v: Double)

    /// Rows per parallel task.
    static let rowsPerBlock = 16

    public init(kinetics: any Kinetics, grid: Grid) {
        (self.kinetics, self.grid) = (kinetics, grid)
        fixedValues = kinetics.homogeneousState
    }

    /// Integrates `steps` steps of size dt from `initial`. Throws naming `integrate.dt` when dt
    /// exceeds the method's diffusion limit.
    /// - Parameters:
    ///   - firstStep: steps taken before, when this run continues another: frames fall on the
    ///     multiples of `saveEvery` counted from the very start (their times stay this run's).
    ///   - progress: called with the number of steps done after every step or two-step pass.
    public func run(from initial: GridState, method: GridMethod, dt: Double, steps: Int, saveEvery: Int? = nil,
                    firstStep: Int = 0, threads: Int = ParallelLoop.availableThreads,
                    progress: ((Int) -> Void)? = nil) throws(SpecError) -> GridSolution {
        try checkStep(dt, method: method)
        precondition(initial.u.count == grid.count && initial.v.count == grid.count, "fields must have \(grid.count) cells")
        let n = grid.count
        var x = initial, work = GridState(u: initial.u, v: initial.v)
        var buffers = RK4Buffers(count: method == .rk4 ? n : 0)
        // One basis per species, so that the two diffusion solves of an IMEX step run side by side.
        let bases = method == .imex ? [LaplacianBasis(grid: grid), LaplacianBasis(grid: grid)] : []
        var frames = [(time: Double, state: GridState)]()
        var status = IntegrationStatus.finished, divergedAt: Int?
        let pairs = method == .euler ? EulerPairStepper(simulation: self, dt: dt, threads: threads) : nil
        var done = 0
        func saves(_ step: Int) -> Bool { saveEvery.map { $0 > 0 && (firstStep + step) % $0 == 0 } ?? false }
        while done < steps {
            // Explicit Euler goes two steps per pass when no frame falls between them.
            if let pairs, done + 2 <= steps, !saves(done + 1) {
                let outcome = pairs.advance(x, into: &work)
                if outcome == .firstStepDiverged { status = .diverged; divergedAt = done + 1; break }
                if outcome == .secondStepDiverged {
                    // Keep the last finite state: redo the first step alone.
                    _ = sweep(x.u, x.v, base: (x.u, x.v), dt: dt, into: &work.u, &work.v, threads: threads)
                    swap(&x, &work)
                    done += 1
                    status = .diverged; divergedAt = done + 1; break
                }
                swap(&x, &work)
                done += 2
                if saves(done) { frames.append((Double(done) * dt, x)) }
                progress?(done)
                continue
            }
            let finite: Bool
            switch method {
            case .euler:
                finite = sweep(x.u, x.v, base: (x.u, x.v), dt: dt, into: &work.u, &work.v, threads: threads)
            case .rk4:
                finite = rk4Step(&x, work: &work, buffers: &buffers, dt: dt, threads: threads)
            case .imex:
                finite = imexStep(x, work: &work, bases: bases, dt: dt, threads: threads)
            }
            guard finite else { status = .diverged; divergedAt = done + 1; break }
            swap(&x, &work)
            done += 1
            if saves(done) { frames.append((Double(done) * dt, x)) }
            progress?(done)
        }
        return GridSolution(state: x, status: status, divergedAtStep: divergedAt, steps: done, time: Double(done) * dt, frames: frames)
    }

    /// Checks that `method` is stable for diffusion with step `dt` on this grid; the error names
    /// `integrate.dt`, the limit and the remedies.
    public func checkStep(_ dt: Double, method: GridMethod) throws(SpecError) {
        let dMax = max(kinetics.diffusion.u, kinetics.diffusion.v)
        let limit = method.limit(grid, maxDiffusion: dMax)
        guard dt > 0, dt <= limit else {
            throw SpecError(key: "integrate.dt", "dt = \(dt) exceeds the explicit diffusion limit \(limit) of \(method.rawValue) for this grid (h = \(grid.spacing), D_max = \(dMax), \(grid.dimensions)-D): lower dt, coarsen the grid, or use method = \"imex\"")
        }
    }

    /// Working fields of an RK4 step: the slope k, the weighted sum of slopes, the stage argument.
    struct RK4Buffers {
        var k, sum, stage: GridState
        init(count n: Int) {
            let zero = GridState(u: [Double](repeating: 0, count: n), v: [Double](repeating: 0, count: n))
            (k, sum, stage) = (zero, zero, zero)
        }
    }

    /// One RK4 step: k_s = rate(stage_s), combined in Swift; leaves the new state in `work`.
    private func rk4Step(_ x: inout GridState, work: inout GridState, buffers b: inout RK4Buffers, dt: Double, threads: Int) -> Bool {
        let n = grid.count
        var ok = true
        let weights = [1.0, 2, 2, 1], offsets = [0.5, 0.5, 1.0]
        for s in 0..<4 {
            let input = s == 0 ? x : b.stage
            ok = sweep(input.u, input.v, base: nil, dt: 1, into: &b.k.u, &b.k.v, threads: threads) && ok
            for i in 0..<n {
                let ku = b.k.u[i], kv = b.k.v[i]
                if s == 0 { b.sum.u[i] = ku; b.sum.v[i] = kv } else { b.sum.u[i] += weights[s] * ku; b.sum.v[i] += weights[s] * kv }
                if s < 3 { b.stage.u[i] = x.u[i] + offsets[s] * dt * ku; b.stage.v[i] = x.v[i] + offsets[s] * dt * kv }
            }
        }
        for i in 0..<n {
            work.u[i] = x.u[i] + dt / 6 * b.sum.u[i]
            work.v[i] = x.v[i] + dt / 6 * b.sum.v[i]
        }
        return ok && work.u.allSatisfy(\.isFinite) && work.v.allSatisfy(\.isFinite)   // ok: the stages; then the combination
    }

    /// One semi-implicit Euler step into `work`: explicit reaction by the kernel (with D = 0), then
    /// each species' diffusion solved exactly in the Laplacian's eigenbasis (about w, the fixed
    /// value, for fixed-value boundaries), the two species on two threads.
    private func imexStep(_ x: GridState, work: inout GridState, bases: [LaplacianBasis], dt: Double, threads: Int) -> Bool {
        guard sweep(x.u, x.v, base: (x.u, x.v), dt: dt, into: &work.u, &work.v, threads: threads, diffusion: (0, 0)) else { return false }
        let fixed = grid.boundary == .dirichlet ? fixedValues : (0, 0)
        let solves = [(kinetics.diffusion.u, fixed.0), (kinetics.diffusion.v, fixed.1)]
        var finite = [true, true]
        work.u.withUnsafeMutableBufferPointer { u in work.v.withUnsafeMutableBufferPointer { v in
        finite.withUnsafeMutableBufferPointer { f in
            let pointers = UncheckedBox((u.baseAddress!, v.baseAddress!, f.baseAddress!))
            ParallelLoop.run(2, threads: threads, usesBLAS: false) { species in
                let (u, v, finite) = pointers.value
                let (d, w) = solves[species]
                let field = species == 0 ? u : v
                finite[species] = d > 0
                    ? bases[species].solveImplicitDiffusion(field, diffusion: d, dt: dt, about: w)
                    : (0..<grid.count).allSatisfy { field[$0].isFinite }
            }
        } } }
        return finite[0] && finite[1]
    }

    /// out = base + dt·rate(u, v) (or the rate when base is nil) over all rows, in parallel blocks;
    /// returns whether every value written is finite.
    func sweep(_ u: [Double], _ v: [Double], base: ([Double], [Double])?, dt: Double,
               into outU: inout [Double], _ outV: inout [Double], threads: Int, diffusion: (Double, Double)? = nil) -> Bool {
        let rows = grid.ny * grid.nz
        let blocks = (rows + Self.rowsPerBlock - 1) / Self.rowsPerBlock
        var finite = [Bool](repeating: true, count: blocks)
        let (kind, (p0, p1)) = kinetics.kernel
        let (du, dv) = diffusion ?? kinetics.diffusion
        let invH2 = 1 / (grid.spacing * grid.spacing)
        u.withUnsafeBufferPointer { up in v.withUnsafeBufferPointer { vp in
        outU.withUnsafeMutableBufferPointer { oup in outV.withUnsafeMutableBufferPointer { ovp in
        finite.withUnsafeMutableBufferPointer { fp in
            let bu = base?.0.withUnsafeBufferPointer { $0.baseAddress }, bv = base?.1.withUnsafeBufferPointer { $0.baseAddress }
            let ptrs = UncheckedBox((up.baseAddress!, vp.baseAddress!, oup.baseAddress!, ovp.baseAddress!, fp.baseAddress!, bu, bv))
            ParallelLoop.run(blocks, threads: threads, usesBLAS: false) { block in
                let (u, v, ou, ov, flags, bu, bv) = ptrs.value
                var parameters = (p0, p1)
                var allFinite: Int32 = 1
                withUnsafeBytes(of: &parameters) { raw in
                    let p = raw.baseAddress!.assumingMemoryBound(to: Double.self)
                    for r in (block * Self.rowsPerBlock)..<min((block + 1) * Self.rowsPerBlock, rows) {
                        var row = describeRow(r, u: u, v: v)
                        let offset = r * grid.nx
                        allFinite &= ek_rd_row_update(&row, kind, p, du, dv, invH2, u + offset, v + offset,
                                                      bu.map { $0 + offset }, bv.map { $0 + offset }, dt, ou + offset, ov + offset)
                    }
                }
                flags[block] = allFinite != 0
            }
        } } } } }
        return finite.allSatisfy { $0 }
    }

    /// The neighbours of row r = k·ny + j, with boundary ghosts folded into the coefficients; a
    /// neighbour row g is read from row `slot(g)` of u and v (by default row g itself).
    /// Allocates nothing: it runs for every row of every step.
    func describeRow(_ r: Int, u: UnsafePointer<Double>, v: UnsafePointer<Double>, slot: (Int) -> Int = { $0 }) -> ek_rd_row {
        var row = ek_rd_row()
        row.n = grid.nx
        row.center_u = -2 * Double(grid.dimensions)
        row.center_v = row.center_u
        row.row_boundary = grid.boundary == .periodic ? 0 : (grid.boundary == .neumann ? 1 : 2)
        (row.ghost_u, row.ghost_v) = fixedValues
        let (j, k) = grid.nz == 1 ? (r, 0) : (r % grid.ny, r / grid.ny)   // no division in 1-D and 2-D
        var listed = 0
        func neighbour(_ index: Int, _ count: Int, _ stride: Int, _ base: Int) {
            if index >= 0 && index < count || grid.boundary == .periodic {
                let wrapped = index < 0 ? index + count : (index >= count ? index - count : index)
                let offset = slot(base + wrapped * stride) * grid.nx
                switch listed {
                case 0: (row.nu.0, row.nv.0) = (u + offset, v + offset)
                case 1: (row.nu.1, row.nv.1) = (u + offset, v + offset)
                case 2: (row.nu.2, row.nv.2) = (u + offset, v + offset)
                default: (row.nu.3, row.nv.3) = (u + offset, v + offset)
                }
                listed += 1
            } else if grid.boundary == .neumann {
                // The ghost is the cell itself: one more u in the centre.
                row.center_u += 1; row.center_v += 1
            } else {
                // The ghost is 2w − u: one u less in the centre, 2w in the constant.
                row.center_u -= 1; row.center_v -= 1
                row.const_u += 2 * fixedValues.u; row.const_v += 2 * fixedValues.v
            }
        }
        if grid.dimensions >= 2 { neighbour(j - 1, grid.ny, 1, k * grid.ny); neighbour(j + 1, grid.ny, 1, k * grid.ny) }
        if grid.dimensions == 3 { neighbour(k - 1, grid.nz, grid.ny, j); neighbour(k + 1, grid.nz, grid.ny, j) }
        row.neighbours = Int32(listed)
        return row
    }
}
