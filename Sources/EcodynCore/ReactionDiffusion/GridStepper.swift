import CEcodynKernels
import Dispatch

/// Two species on a grid: contiguous fields u and v (x fastest).
public struct GridState: Sendable, Equatable, Codable {
    public var u: [Double], v: [Double]

    public init(u: [Double], v: [Double]) { (self.u, self.v) = (u, v) }

    /// The homogeneous state of `kinetics` plus a uniform perturbation of size ±amplitude/2, drawn
    /// from the counter-based stream `seed` (u first, then v), as the canonical workloads do.
    public init(homogeneous kinetics: any Kinetics, grid: Grid, amplitude: Double, seed: UInt64) {
        let n = grid.count, random = CounterRandom(stream: seed)
        let (u0, v0) = (kinetics.homogeneousState.u, kinetics.homogeneousState.v)
        u = (0..<n).map { u0 + amplitude * (random.uniform(UInt64($0)) - 0.5) }
        v = (0..<n).map { v0 + amplitude * (random.uniform(UInt64(n + $0)) - 0.5) }
    }
}

/// The explicit time steppers of a reaction–diffusion grid. Every evaluation of the right-hand
/// side is the fused C kernel `ek_rd_row_update` (Laplacian and kinetics in one pass per row);
/// rows run in blocks on the run's thread team; a step allocates only a finiteness flag per block.
public enum GridMethod: String, Sendable {
    /// Forward Euler: stable for diffusion when dt ≤ h²/(2·d·D_max).
    case euler
    /// Classical RK4: stable for diffusion when dt ≤ 2.78·h²/(4·d·D_max).
    case rk4
    /// Semi-implicit (IMEX) Euler: the reaction explicit, the diffusion implicit and exact in the
    /// Laplacian's eigenbasis (FFTW; any boundary condition): (1 + dt·D·μ_k)·û_new = F[u + dt·R(u, v)].
    /// No diffusion limit, so large dt and fine grids work; first order in time.
    case imex
    /// ETDRK4 (``ExponentialStepper``): diffusion exact in the Laplacian's eigenbasis, the reaction
    /// by a fourth-order exponential Runge–Kutta method; no diffusion limit, fourth order in time.
    case etdrk4
    /// Adaptive Dormand–Prince on the semi-discretised grid (``GridField``): steps chosen by the
    /// run's tolerances, so no step to choose and no explicit limit; `dt` is then only the
    /// interval at which states are kept (frames, and the pattern's last tenth).
    case dopri5

    /// The largest dt this method takes on `grid` for diffusion coefficients up to `d`.
    public func limit(_ grid: Grid, maxDiffusion d: Double) -> Double {
        switch self {
        case .euler: return grid.eulerLimit(maxDiffusion: d)
        case .rk4: return 2.785 * grid.eulerLimit(maxDiffusion: d) / 2
        case .imex, .etdrk4, .dopri5: return .infinity
        }
    }
}

/// A saved state of a grid run and its time.
public struct GridFrame: Sendable, Equatable {
    public var time: Double
    public var state: GridState
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
    public var frames: [GridFrame]
    /// Steps taken, rejected (adaptive) and right-hand sides evaluated.
    public var statistics = IntegrationStatistics()
}

/// Runs a kinetics on a grid.
public struct GridSimulation: Sendable {
    public let kinetics: any Kinetics
    public let grid: Grid
    /// Fixed values at the boundary for `dirichlet` grids (default: the homogeneous state).
    public var fixedValues: SpeciesValues

    /// Rows per parallel task.
    static let rowsPerBlock = 16

    /// The kinetics' kernel and diffusion coefficients, read once (a step allocates nothing).
    let kernel: KineticsKernel
    let diffusion: SpeciesValues
    /// Parameters that follow drivers (``driven(by:until:)``), prepared over the run.
    public private(set) var drivers: [ParameterDriver] = []
    private var drives: [(index: Int, path: DriverPath)] = []
    /// The largest diffusion coefficient the drivers take within the run (the steps' limit), and
    /// whether they drive one.
    private var drivenDiffusion: (max: Double, driven: Bool) = (0, false)

    /// The same simulation with parameters following `drivers` over [0, tEnd]: before each step
    /// of a fixed-step method the kinetics take their values at the step's start; Dormand–Prince
    /// evaluates them at each stage's time and stops at the drivers' jumps and kinks. A driven
    /// diffusion coefficient takes euler, rk4, imex or dopri5 (ETDRK4 computes its coefficients
    /// from the diffusion once per run). Throws naming a parameter the kinetics does not have or a
    /// driver whose values within the run the kinetics do not accept.
    public func driven(by drivers: [ParameterDriver], until tEnd: Double) throws(ParameterError) -> GridSimulation {
        var copy = self
        copy.drivers = drivers
        copy.drives = []
        copy.drivenDiffusion = (max(diffusion.u, diffusion.v), false)
        for d in drivers {
            let index = try kinetics.checkedIndex(d.parameter)
            let path: DriverPath
            do { path = try d.driver.path(until: tEnd) } catch { throw ParameterError(d.parameter, "\(error.parameter): \(error.message)") }
            for value in [path.range.lowerBound, path.range.upperBound] {
                let model: any Kinetics
                do { model = try kinetics.varying(index)(value) } catch {
                    throw ParameterError(d.parameter, "the driver takes it to \(value) within the run, where \(error.message)")
                }
                if model.diffusion != kinetics.diffusion {
                    copy.drivenDiffusion = (max(copy.drivenDiffusion.max, model.diffusion.u, model.diffusion.v), true)
                }
            }
            copy.drives.append((index, path))
        }
        return copy
    }

    /// The drivers' jumps and kinks within the run, ascending.
    var breakPoints: [Double] { Array(Set(drives.flatMap(\.path.breakPoints))).sorted() }

    /// The simulation with the driven parameters at time t (itself without drivers).
    func at(_ t: Double) -> GridSimulation {
        guard !drives.isEmpty else { return self }
        var values = kinetics.parameters
        for (k, path) in drives { values[k] = path.value(at: t) }
        var copy = GridSimulation(kinetics: try! kinetics.with(parameters: values), grid: grid)
        copy.fixedValues = fixedValues
        return copy
    }

    public init(kinetics: any Kinetics, grid: Grid) {
        (self.kinetics, self.grid) = (kinetics, grid)
        fixedValues = kinetics.homogeneousState
        kernel = kinetics.kernel
        diffusion = kinetics.diffusion
    }

    /// Integrates `steps` steps of size dt from `initial`. Throws naming `integrate.dt` when dt
    /// exceeds the method's diffusion limit.
    /// - Parameters:
    ///   - firstStep: steps taken before, when this run continues another: frames fall on the
    ///     multiples of `saveEvery` counted from the very start (their times stay this run's).
    ///   - progress: called with the number of steps done after every step or two-step pass.
    ///   - tolerances: Dormand–Prince's settings, for `method` = `.dopri5`.
    public func run(from initial: GridState, method: GridMethod, dt: Double, steps: Int, saveEvery: Int? = nil,
                    firstStep: Int = 0, threads: Int = ParallelLoop.availableThreads, tolerances: DormandPrince = DormandPrince(),
                    progress: ((Int) -> Void)? = nil) throws(ParameterError) -> GridSolution {
        try checkStep(dt, method: method)
        if method == .dopri5 {
            return adaptiveRun(from: initial, tolerances: tolerances, dt: dt, steps: steps, saveEvery: saveEvery, firstStep: firstStep,
                               threads: threads, progress: progress)
        }
        precondition(initial.u.count == grid.count && initial.v.count == grid.count, "fields must have \(grid.count) cells")
        let n = grid.count
        var x = initial, work = GridState(u: initial.u, v: initial.v)
        let buffers = RK4Buffers(count: method == .rk4 ? n : 0)
        // One basis per species, so that the two diffusion solves of an IMEX step run side by side.
        let bases = method == .imex ? [LaplacianBasis(grid: grid), LaplacianBasis(grid: grid)] : []
        let exponential = method == .etdrk4 ? ExponentialStepper(simulation: self, dt: dt) : nil
        var frames = [GridFrame]()
        var status = IntegrationStatus.finished, divergedAt: Int?
        // The run's threads, kept for all its passes.
        let team = ThreadTeam(threads: threads)
        let tiles = method == .euler && drivers.isEmpty
            ? EulerTileStepper(simulation: self, dt: dt, depth: EulerTileStepper.depth(for: grid, threads: team.threads), team: team) : nil
        var done = 0
        func saves(_ step: Int) -> Bool { saveEvery.map { $0 > 0 && (firstStep + step) % $0 == 0 } ?? false }
        while done < steps {
            // Explicit Euler goes several steps per pass, up to the next frame.
            let pass = tiles.map { tiles in (1...min(tiles.depth, steps - done)).first { saves(done + $0) } ?? min(tiles.depth, steps - done) } ?? 1
            if let tiles, pass >= 2 {
                if let failed = tiles.advance(x, into: &work, steps: pass) {
                    // Keep the last finite state: redo the steps before the one that failed.
                    for _ in 1..<failed {
                        _ = eulerSweep(x, into: &work, dt: dt, team: team)
                        swap(&x, &work)
                    }
                    done += failed - 1
                    status = .diverged; divergedAt = done + 1; break
                }
                swap(&x, &work)
                done += pass
                if saves(done) { frames.append(GridFrame(time: Double(done) * dt, state: x)) }
                progress?(done)
                continue
            }
            let finite: Bool
            let current = at(Double(firstStep + done) * dt)   // the driven parameters at the step's start
            switch method {
            case .euler:
                finite = current.eulerSweep(x, into: &work, dt: dt, team: team)
            case .rk4:
                finite = current.rk4Step(x, work: &work, buffers: buffers, dt: dt, team: team)
            case .imex:
                finite = current.imexStep(x, work: &work, bases: bases, dt: dt, team: team)
            case .etdrk4:
                finite = exponential!.step(x, into: &work, team: team, reaction: current)
            case .dopri5:
                preconditionFailure("adaptive runs take adaptiveRun")
            }
            guard finite else { status = .diverged; divergedAt = done + 1; break }
            swap(&x, &work)
            done += 1
            if saves(done) { frames.append(GridFrame(time: Double(done) * dt, state: x)) }
            progress?(done)
        }
        var statistics = IntegrationStatistics()
        statistics.steps = done
        statistics.rhsEvaluations = done * (method == .rk4 || method == .etdrk4 ? 4 : 1)
        return GridSolution(state: x, status: status, divergedAtStep: divergedAt, steps: done, time: Double(done) * dt, frames: frames,
                            statistics: statistics)
    }

    /// Dormand–Prince over `steps` intervals of `dt`, keeping the states at their ends (frames
    /// where `saveEvery` says) from the dense output; `steps` counts intervals, not the method's steps.
    private func adaptiveRun(from initial: GridState, tolerances: DormandPrince, dt: Double, steps: Int, saveEvery: Int?,
                             firstStep: Int, threads: Int, progress: ((Int) -> Void)?) -> GridSolution {
        guard steps > 0 else { return GridSolution(state: initial, status: .finished, divergedAtStep: nil, steps: 0, time: 0, frames: []) }
        // The run's own clock (a resumed run starts at firstStep·dt), which drivers read; reported times count from its start.
        let t0 = Double(firstStep) * dt
        let n = grid.count, times = (1...steps).map { t0 + Double($0) * dt }
        let s = tolerances.solve(GridField(self, threads: threads), from: initial.u + initial.v, over: t0...times.last!, saving: .times(times),
                                 limits: StateLimits(bound: .greatestFiniteMagnitude), stoppingAt: breakPoints)
        func state(_ k: Int) -> GridState {
            GridState(u: Array(s.states[(k * 2 * n)..<(k * 2 * n + n)]), v: Array(s.states[(k * 2 * n + n)..<((k + 1) * 2 * n)]))
        }
        let done = s.times.count - 1   // saved interval ends after the initial state
        var frames = [GridFrame]()
        if let every = saveEvery, every > 0 {
            for k in 1...max(done, 1) where k <= done && (firstStep + k) % every == 0 { frames.append(GridFrame(time: s.times[k] - t0, state: state(k))) }
        }
        progress?(steps)
        let final = GridState(u: Array(s.finalState[0..<n]), v: Array(s.finalState[n...]))
        return GridSolution(state: final, status: s.status, divergedAtStep: s.status == .finished ? nil : done + 1, steps: done,
                            time: s.finalTime - t0, frames: frames, statistics: s.statistics)
    }

    /// Checks that `method` is stable for diffusion with step `dt` on this grid (up to the largest
    /// diffusion coefficient the drivers take); the error names `dt`, the limit and the remedies.
    /// ETDRK4 with a driven diffusion coefficient is refused naming `method`.
    public func checkStep(_ dt: Double, method: GridMethod) throws(ParameterError) {
        if method == .etdrk4, drivenDiffusion.driven {
            throw ParameterError("method", "ETDRK4 computes its coefficients from the diffusion once per run, so a driven diffusion coefficient needs method = \"imex\", \"rk4\", \"euler\" or \"dopri5\"")
        }
        let dMax = drivers.isEmpty ? max(diffusion.u, diffusion.v) : drivenDiffusion.max
        let limit = method.limit(grid, maxDiffusion: dMax)
        guard dt > 0, dt <= limit else {
            throw ParameterError("dt", "dt = \(dt) exceeds the explicit diffusion limit \(limit) of \(method.rawValue) for this grid (h = \(grid.spacing), D_max = \(dMax), \(grid.dimensions)-D): lower dt, coarsen the grid, or use method = \(drivenDiffusion.driven ? "\"imex\"" : "\"etdrk4\" or \"imex\"")")
        }
    }

    /// Working fields of an RK4 step, allocated once per run: the slope k, the weighted sum of
    /// slopes, and two stage arguments used in turn (a stage reads one while writing the other).
    final class RK4Buffers {
        let n: Int
        private let storage: UnsafeMutablePointer<Double>
        init(count n: Int) {
            self.n = n
            storage = .allocate(capacity: max(1, 8 * n))
            storage.initialize(repeating: 0, count: max(1, 8 * n))
        }
        deinit { storage.deallocate() }
        /// Field `index` (0 k, 1 sum, 2 and 3 the stage arguments) as (u, v).
        func field(_ index: Int) -> (u: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>) {
            (storage + 2 * index * n, storage + (2 * index + 1) * n)
        }
    }

    /// One RK4 step into `work`. Each stage's rate comes from the kernel, and the block of rows
    /// that computed it combines it right away (the sum of slopes, the next stage argument, at
    /// the end the new state), so the combination runs in parallel with no pass of its own.
    /// On a cut grid (`slab`), `exchange` fills the ghost planes of each stage's argument.
    func rk4Step(_ x: GridState, work: inout GridState, buffers b: RK4Buffers, dt: Double, team: ThreadTeam,
                 slab: GridSlab? = nil, exchange: ((UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void)? = nil) -> Bool {
        let (k, sum, stageA, stageB) = (b.field(0), b.field(1), b.field(2), b.field(3))
        var ok = true
        x.u.withUnsafeBufferPointer { xu in x.v.withUnsafeBufferPointer { xv in
        work.u.withUnsafeMutableBufferPointer { wu in work.v.withUnsafeMutableBufferPointer { wv in
            let p = UncheckedBox((xu.baseAddress!, xv.baseAddress!, wu.baseAddress!, wv.baseAddress!))
            for s in 0..<4 {
                // Stage 0 reads x and writes A, 1 reads A and writes B, 2 reads B and writes A, 3 reads A.
                let read = s == 2 ? stageB : stageA, next = s == 1 ? stageB : stageA
                let input = s == 0 ? (UnsafePointer(p.value.0), UnsafePointer(p.value.1)) : (UnsafePointer(read.u), UnsafePointer(read.v))
                let c = (s == 2 ? 1.0 : 0.5) * dt, weight = s == 0 || s == 3 ? 1.0 : 2.0
                if s > 0 { exchange?(read.u, read.v) }
                ok = sweep(input, addingTo: false, dt: 1, into: k, team: team, slab: slab) { cells in
                    let (xu, xv, wu, wv) = p.value
                    var check = 0.0
                    for i in cells {
                        let (ku, kv) = (k.u[i], k.v[i])
                        if s == 0 { sum.u[i] = ku; sum.v[i] = kv } else { sum.u[i] += weight * ku; sum.v[i] += weight * kv }
                        if s < 3 {
                            next.u[i] = xu[i] + c * ku; next.v[i] = xv[i] + c * kv
                        } else {
                            wu[i] = xu[i] + dt / 6 * sum.u[i]; wv[i] = xv[i] + dt / 6 * sum.v[i]
                            check += (wu[i] + wv[i]) * 0   // NaN exactly when one of them is not finite
                        }
                    }
                    return check == 0
                } && ok
            }
        } } } }
        return ok
    }

    /// One semi-implicit Euler step into `work`: explicit reaction by the kernel (with D = 0), then
    /// each species' diffusion solved exactly in the Laplacian's eigenbasis (about w, the fixed
    /// value, for fixed-value boundaries), the two species on two threads.
    private func imexStep(_ x: GridState, work: inout GridState, bases: [LaplacianBasis], dt: Double, team: ThreadTeam) -> Bool {
        guard eulerSweep(x, into: &work, dt: dt, team: team, diffusion: (0, 0)) else { return false }
        let fixed = grid.boundary == .dirichlet ? fixedValues : SpeciesValues(u: 0, v: 0)
        var finite = [true, true]   // the reaction part was finite; a species without diffusion stays so
        work.u.withUnsafeMutableBufferPointer { u in work.v.withUnsafeMutableBufferPointer { v in
        finite.withUnsafeMutableBufferPointer { f in
            let pointers = UncheckedBox((u.baseAddress!, v.baseAddress!, f.baseAddress!))
            team.run(2) { species in
                let (u, v, finite) = pointers.value
                let (d, w) = species == 0 ? (diffusion.u, fixed.u) : (diffusion.v, fixed.v)
                if d > 0 { finite[species] = bases[species].solveImplicitDiffusion(species == 0 ? u : v, diffusion: d, dt: dt, about: w) }
            }
        } } }
        return finite[0] && finite[1]
    }

    /// work = x + dt·rate(x) over all rows in parallel blocks; returns whether every value
    /// written is finite.
    func eulerSweep(_ x: GridState, into work: inout GridState, dt: Double, team: ThreadTeam, diffusion: (Double, Double)? = nil,
                    slab: GridSlab? = nil) -> Bool {
        x.u.withUnsafeBufferPointer { xu in x.v.withUnsafeBufferPointer { xv in
        work.u.withUnsafeMutableBufferPointer { wu in work.v.withUnsafeMutableBufferPointer { wv in
            sweep((xu.baseAddress!, xv.baseAddress!), addingTo: true, dt: dt, into: (wu.baseAddress!, wv.baseAddress!),
                  team: team, diffusion: diffusion, slab: slab)
        } } } }
    }

    /// out = input + dt·rate(input) when `addingTo`, else out = rate(input), over all rows of
    /// `slab` (default the whole grid; fields laid out as the slab's) in parallel blocks of
    /// ``rowsPerBlock`` rows; each block then calls `then` with the range of cells it wrote.
    /// Returns whether every value written (and every `then`) is finite.
    func sweep(_ input: (UnsafePointer<Double>, UnsafePointer<Double>), addingTo: Bool, dt: Double,
               into out: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>), team: ThreadTeam,
               diffusion: (Double, Double)? = nil, slab: GridSlab? = nil, then: (Range<Int>) -> Bool = { _ in true }) -> Bool {
        let slab = slab ?? GridSlab(whole: grid)
        let rows = slab.rows.count, nx = grid.nx
        let blocks = (rows + Self.rowsPerBlock - 1) / Self.rowsPerBlock
        var finite = [Bool](repeating: true, count: blocks)
        let kind = kernel.kind
        let (du, dv) = diffusion ?? (self.diffusion.u, self.diffusion.v)
        let invH2 = 1 / (grid.spacing * grid.spacing)
        finite.withUnsafeMutableBufferPointer { fp in
            let pointers = UncheckedBox((input.0, input.1, out.0, out.1, fp.baseAddress!))
            team.run(blocks) { block in
                let (u, v, ou, ov, flags) = pointers.value
                let rowRange = (block * Self.rowsPerBlock)..<min((block + 1) * Self.rowsPerBlock, rows)
                var allFinite: Int32 = 1
                kernel.parameters.withUnsafeBufferPointer { parameters in
                    let p = parameters.baseAddress!
                    for r in rowRange {
                        let g = slab.rows.lowerBound + r
                        var row = slab.ghost == 0 ? describeRow(g, u: u, v: v) : describeRow(g, u: u, v: v, slot: slab.slot)
                        let offset = (slab.ghost + r) * nx
                        let base: (UnsafePointer<Double>?, UnsafePointer<Double>?) = addingTo ? (u + offset, v + offset) : (nil, nil)
                        allFinite &= ek_rd_row_update(&row, kind, p, du, dv, invH2, u + offset, v + offset,
                                                      base.0, base.1, dt, ou + offset, ov + offset)
                    }
                }
                flags[block] = allFinite != 0 && then(((slab.ghost + rowRange.lowerBound) * nx)..<((slab.ghost + rowRange.upperBound) * nx))
            }
        }
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
        (row.ghost_u, row.ghost_v) = (fixedValues.u, fixedValues.v)
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
