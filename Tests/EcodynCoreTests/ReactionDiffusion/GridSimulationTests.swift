import Foundation
import Testing
@testable import EcodynCore

struct GridSimulationTests {
    /// Gray–Scott with F = k = 0 and v ≡ 0 has no reaction at all: u diffuses with D_u.
    func pureDiffusion(_ d: Double) throws -> GrayScott { try GrayScott(feed: 0, kill: 0, du: d, dv: 0) }

    @Test(arguments: [BoundaryCondition.periodic, .neumann])
    func aCosineModeDecaysExactlyAsTheDiscreteLaplacianSays(boundary: BoundaryCondition) throws {
        // One step of explicit Euler multiplies a Laplacian eigenmode by (1 − dt·D·μ_k), with
        // μ_k = (4/h²)sin²(πk/N) (periodic, mode cos(2πk(i)/N)) or (4/h²)sin²(πk/(2N)) (no flux,
        // mode cos(πk(i + ½)/N)). After s steps the amplitude is ε(1 − dt·D·μ_k)^s.
        let n = 64, k = 3, h = 0.5, d = 0.7, dt = 0.05, steps = 200
        let grid = try Grid(shape: [n], spacing: h, boundary: boundary)
        let mode: (Int) -> Double = boundary == .periodic ? { cos(2 * .pi * Double(k * $0) / Double(n)) } : { cos(.pi * Double(k) * (Double($0) + 0.5) / Double(n)) }
        let mu = 4 / (h * h) * pow(sin(.pi * Double(k) / Double(boundary == .periodic ? n : 2 * n)), 2)
        let u0 = (0..<n).map { 1 + 0.1 * mode($0) }
        let s = try GridSimulation(kinetics: pureDiffusion(d), grid: grid)
            .run(from: GridState(u: u0, v: [Double](repeating: 0, count: n)), method: .euler, dt: dt, steps: steps)
        let expected = 0.1 * pow(1 - dt * d * mu, Double(steps))
        for i in 0..<n { #expect(abs(s.state.u[i] - (1 + expected * mode(i))) < 1e-12) }
        #expect(grid.laplacianEigenvalues.contains { abs($0 - mu) < 1e-12 })
    }

    @Test func diffusionApproachesTheContinuumDecay() throws {
        // u = 1 + ε sin(2πx/L) on a periodic [0, L) decays as e^{−D(2π/L)²t}; the grid error falls as h².
        let length = 10.0, d = 1.0, t = 2.0
        var errors = [Double]()
        for n in [16, 32, 64] {
            let h = length / Double(n), dt = 0.1 * h * h / d
            let steps = Int((t / dt).rounded())
            let x = (0..<n).map { Double($0) * h }
            let u0 = x.map { 1 + 0.1 * sin(2 * .pi * $0 / length) }
            let s = try GridSimulation(kinetics: pureDiffusion(d), grid: Grid(shape: [n], spacing: h))
                .run(from: GridState(u: u0, v: [Double](repeating: 0, count: n)), method: .rk4, dt: t / Double(steps), steps: steps)
            let exact = exp(-d * pow(2 * .pi / length, 2) * t)
            errors.append(zip(x, s.state.u).map { abs($1 - (1 + 0.1 * exact * sin(2 * .pi * $0 / length))) }.max()!)
        }
        let order = convergenceOrder(steps: [16, 32, 64].map { 10.0 / Double($0) }, errors: errors)
        #expect(abs(order - 2) < 0.2, "spatial order \(order), errors \(errors)")
    }

    @Test(arguments: [BoundaryCondition.periodic, .neumann], [[40], [24, 20], [8, 6, 5]])
    func pureDiffusionConservesMass(boundary: BoundaryCondition, shape: [Int]) throws {
        let grid = try Grid(shape: shape, spacing: 1, boundary: boundary)
        // u perturbed, v exactly 0: then Gray–Scott with F = k = 0 has no reaction at all.
        let random = CounterRandom(stream: 8)
        let state = GridState(u: (0..<grid.count).map { 1 + random.uniform(UInt64($0)) }, v: [Double](repeating: 0, count: grid.count))
        let start = state.u.reduce(0, +)
        let s = try GridSimulation(kinetics: pureDiffusion(0.2), grid: grid).run(from: state, method: .euler, dt: 0.2, steps: 300)
        #expect(abs(s.state.u.reduce(0, +) - start) < 1e-11 * start)
        // And it smooths: diffusion never raises the variance.
        func variance(_ x: [Double]) -> Double { let m = x.reduce(0, +) / Double(x.count); return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } }
        #expect(variance(s.state.u) < variance(state.u))
    }

    @Test func fixedValueBoundaryRelaxesToTheValue() throws {
        // Pure diffusion with u = 0.3 held at both ends: u → 0.3 everywhere.
        var simulation = GridSimulation(kinetics: try pureDiffusion(1), grid: try Grid(shape: [20], spacing: 1, boundary: .dirichlet))
        simulation.fixedValues = SpeciesValues(u: 0.3, v: 0)
        let s = try simulation.run(from: GridState(u: [Double](repeating: 1, count: 20), v: [Double](repeating: 0, count: 20)), method: .euler, dt: 0.4, steps: 4000)
        #expect(s.state.u.allSatisfy { abs($0 - 0.3) < 1e-6 })
    }

    @Test func timeSteppersConvergeAtTheirOrders() throws {
        // A small Brusselator grid over t = 1 against RK4 with dt = 1e-4: Euler order 1, RK4 order 4.
        let model = try Brusselator(a: 2, b: 4, m1: 0.5, m2: 2)
        let grid = try Grid(shape: [12, 10], spacing: 1, boundary: .periodic)
        let simulation = GridSimulation(kinetics: model, grid: grid)
        let start = GridState(homogeneous: model, grid: grid, amplitude: 0.2, seed: 4)
        let reference = try simulation.run(from: start, method: .rk4, dt: 1e-4, steps: 10_000).state
        for (method, dts, order) in [(GridMethod.euler, [0.02, 0.01, 0.005], 1.0), (.rk4, [0.025, 0.0125, 0.00625], 4.0)] {
            let errors = try dts.map { dt in
                let s = try simulation.run(from: start, method: method, dt: dt, steps: Int((1 / dt).rounded())).state
                return zip(s.u, reference.u).map { abs($0 - $1) }.max()!
            }
            let measured = convergenceOrder(steps: dts, errors: errors)
            #expect(abs(measured - order) < 0.25, "\(method): order \(measured), errors \(errors)")
        }
    }

    @Test func aSingleModeGrowsAtTheDispersionRate() throws {
        // Linear regime: the homogeneous Brusselator state plus 1e-8 times one Fourier mode of the
        // periodic grid. The perturbation grows at λ(μ_k), the largest eigenvalue of J − μ_k·diag(m₁, m₂).
        // b_T = (1 + 2/√8)² ≈ 2.91 < b < b_H = 5; k_c² = 2/√8 ≈ 0.71, and mode 9 of 64 has μ ≈ 0.73.
        let model = try Brusselator(a: 2, b: 3.5, m1: 1, m2: 8)
        let n = 64, k = 9
        let grid = try Grid(shape: [n], spacing: 1, boundary: .periodic)
        let mu = 4 * pow(sin(.pi * Double(k) / Double(n)), 2)
        let rate = model.growthRate(laplacianEigenvalue: mu)
        #expect(rate > 0)
        let mode = (0..<n).map { cos(2 * .pi * Double(k * $0) / Double(n)) }
        let start = GridState(u: mode.map { 2 + 1e-8 * $0 }, v: mode.map { 1.75 + 1e-8 * $0 })
        let simulation = GridSimulation(kinetics: model, grid: grid)
        func amplitude(_ s: GridState) -> Double { zip(s.u, mode).reduce(0) { $0 + ($1.0 - 2) * $1.1 } / Double(n / 2) }
        let t1 = try simulation.run(from: start, method: .rk4, dt: 0.01, steps: 1500).state
        let t2 = try simulation.run(from: t1, method: .rk4, dt: 0.01, steps: 500).state
        let measured = log(abs(amplitude(t2)) / abs(amplitude(t1))) / 5
        #expect(abs(measured - rate) < 1e-3 * max(1, rate), "measured \(measured), dispersion relation \(rate)")
    }

    @Test func theDiffusionLimitIsAClearError() throws {
        let grid = try Grid(shape: [32, 32], spacing: 1)
        let simulation = GridSimulation(kinetics: try Brusselator(a: 3, b: 6, m1: 1, m2: 8), grid: grid)
        let start = GridState(homogeneous: simulation.kinetics, grid: grid, amplitude: 0.01, seed: 1)
        #expect { try simulation.run(from: start, method: .euler, dt: 0.04, steps: 1) } throws: {
            ($0 as? ParameterError)?.description.hasPrefix("dt: dt = 0.04 exceeds the explicit diffusion limit 0.03125") == true
        }
    }

    @Test func divergenceStopsTheRunWithItsStep() throws {
        // Schnakenberg from u = v = 1e110: u²v = 1e330 overflows to Inf in the first step.
        let model = try Schnakenberg(a: 0.1, b: 0.9, du: 0, dv: 0)
        let grid = try Grid(shape: [16], spacing: 1)
        let s = try GridSimulation(kinetics: model, grid: grid)
            .run(from: GridState(u: [Double](repeating: 1e110, count: 16), v: [Double](repeating: 1e110, count: 16)), method: .euler, dt: 0.1, steps: 100)
        #expect(s.status == .diverged && s.divergedAtStep == 1)
        #expect(s.state.u.allSatisfy { $0.isFinite })
    }

    /// Explicit Euler runs several steps per parallel pass (overlapped tiles); saving every step
    /// forces single steps, so the two must agree bit for bit on every grid, boundary, thread
    /// count and number of steps per pass.
    @Test(arguments: [([23], BoundaryCondition.periodic), ([17, 9], .periodic), ([12, 7], .neumann), ([9, 11], .dirichlet),
                      ([6, 5, 4], .periodic), ([5, 4, 7], .neumann), ([4, 3, 5], .dirichlet), ([8, 2], .periodic)])
    func tiledPassesMatchSingleStepsBitForBit(shape: [Int], boundary: BoundaryCondition) throws {
        let grid = try Grid(shape: shape, spacing: 1, boundary: boundary)
        let simulation = GridSimulation(kinetics: try Brusselator(a: 3, b: 9, m1: 1, m2: 8), grid: grid)
        let start = GridState(homogeneous: simulation.kinetics, grid: grid, amplitude: 0.5, seed: 4)
        let dt = 0.5 * grid.eulerLimit(maxDiffusion: 8)
        let single = try simulation.run(from: start, method: .euler, dt: dt, steps: 7, saveEvery: 1, threads: 1)
        #expect(single.frames.count == 7)
        for threads in [1, 2, 3, 5] {
            let paired = try simulation.run(from: start, method: .euler, dt: dt, steps: 7, threads: threads)
            #expect(paired.state == single.state && paired.steps == 7, "threads \(threads)")
            let everyThird = try simulation.run(from: start, method: .euler, dt: dt, steps: 7, saveEvery: 3, threads: threads)
            #expect(everyThird.frames.map(\.state) == [single.frames[2].state, single.frames[5].state])
            for depth in 2...6 {
                guard let tiles = EulerTileStepper(simulation: simulation, dt: dt, depth: depth, team: ThreadTeam(threads: threads)) else {
                    #expect(grid.dimensions >= 2 && (grid.dimensions == 2 ? grid.ny : grid.nz) < 3, "tiles refused on \(shape)")
                    continue
                }
                var out = start
                #expect(tiles.advance(start, into: &out, steps: depth) == nil)
                #expect(out == single.frames[depth - 1].state, "depth \(depth), threads \(threads)")
                if depth == 6 {   // a shorter pass than the stepper's most
                    #expect(tiles.advance(start, into: &out, steps: 3) == nil && out == single.frames[2].state)
                }
            }
        }
    }

    /// RK4 combines each stage inside the row blocks and IMEX solves the two species on two
    /// threads: neither may depend on how many threads run.
    @Test(arguments: [GridMethod.rk4, .imex])
    func rk4AndImexAreIndependentOfTheThreadCount(method: GridMethod) throws {
        let grid = try Grid(shape: [40, 33], spacing: 1, boundary: .periodic)
        let simulation = GridSimulation(kinetics: try Brusselator(a: 3, b: 9, m1: 1, m2: 8), grid: grid)
        let start = GridState(homogeneous: simulation.kinetics, grid: grid, amplitude: 0.5, seed: 5)
        let dt = min(0.2, 0.5 * method.limit(grid, maxDiffusion: 8))
        let one = try simulation.run(from: start, method: method, dt: dt, steps: 20, threads: 1)
        for threads in [2, 3] {
            #expect(try simulation.run(from: start, method: method, dt: dt, steps: 20, threads: threads).state == one.state)
        }
    }

    /// Schnakenberg without diffusion from u = v = s: the first step gives u ≈ −v ≈ dt·s³, so from
    /// s = 1e50 the second step overflows, and from s = 1e20 the third (1e20 → 1e59 → 1e176 → 1e528).
    @Test(arguments: [(1e50, 2), (1e20, 3)])
    func divergenceInsideATiledPassNamesItsStepAndKeepsTheLastFiniteState(start: Double, step: Int) throws {
        let grid = try Grid(shape: [8, 6], spacing: 1)
        let simulation = GridSimulation(kinetics: try Schnakenberg(a: 0.1, b: 0.9, du: 0, dv: 0), grid: grid)
        let initial = GridState(u: [Double](repeating: start, count: 48), v: [Double](repeating: start, count: 48))
        let paired = try simulation.run(from: initial, method: .euler, dt: 0.1, steps: 10, threads: 2)
        let single = try simulation.run(from: initial, method: .euler, dt: 0.1, steps: 10, saveEvery: 1, threads: 2)
        #expect(paired.status == .diverged && paired.divergedAtStep == step && single.divergedAtStep == step)
        #expect(paired.state == single.state && paired.steps == step - 1)
        #expect(paired.state.u.allSatisfy(\.isFinite) && paired.state.v.allSatisfy(\.isFinite))
    }

    /// A run measures its pattern over the last tenth of the steps as a second segment; the
    /// frames still fall on every `save_every`-th step counted from the start (here 7, 14, …, 98
    /// of 100 steps, the last one inside the second segment), and progress runs to 100 of 100.
    @Test func framesFallOnMultiplesOfSaveEveryAcrossThePatternSegment() throws {
        let model = try Brusselator(a: 3, b: 6, m1: 1, m2: 8), grid = try Grid(shape: [16, 12])
        let problem = try GridProblem(simulation: GridSimulation(kinetics: model, grid: grid),
                                      initial: GridState(homogeneous: model, grid: grid, amplitude: 0.01, seed: 1),
                                      method: .euler, dt: 0.01, steps: 100, saveEvery: 7)
        var reports = [(Int, Int)]()
        let (solution, _) = try problem.solveWithPattern(threads: 2) { reports.append(($0, $1)) }
        #expect(solution.steps == 100)
        #expect(solution.frames.count == 14)
        for (k, frame) in solution.frames.enumerated() { #expect(abs(frame.time - Double(7 * (k + 1)) * 0.01) < 1e-12) }
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.0 < $1.0 } && reports.allSatisfy { $0.1 == 100 })
        #expect(reports.last.map { $0.0 } == 100)
        // The frames are the states a single run saves at the same steps.
        let single = try problem.simulation.run(from: problem.initial, method: .euler, dt: 0.01, steps: 98, saveEvery: 7, threads: 1)
        #expect(solution.frames.map(\.state) == single.frames.map(\.state))
    }
}

/// Dormand–Prince on the semi-discretised grid (``GridField``).
struct GridFieldTests {
    /// The field is the rate the steppers use: one explicit Euler step is x + dt·f(x).
    @Test func theFieldIsTheRateOfAnEulerStep() throws {
        let grid = try Grid(shape: [12, 10], spacing: 1, boundary: .neumann)
        let simulation = GridSimulation(kinetics: try Brusselator(a: 3, b: 5, m1: 1, m2: 8), grid: grid)
        let start = GridState(homogeneous: simulation.kinetics, grid: grid, amplitude: 0.1, seed: 2)
        let euler = try simulation.run(from: start, method: .euler, dt: 0.01, steps: 1).state
        var rate = [Double](repeating: 0, count: 2 * grid.count)
        let x = start.u + start.v
        rate.withUnsafeMutableBufferPointer { out in x.withUnsafeBufferPointer { GridField(simulation, threads: 2).evaluate(0, $0.baseAddress!, out.baseAddress!) } }
        for i in 0..<grid.count {
            #expect(abs(start.u[i] + 0.01 * rate[i] - euler.u[i]) < 1e-13 && abs(start.v[i] + 0.01 * rate[grid.count + i] - euler.v[i]) < 1e-13)
        }
    }

    /// Adaptive steps agree with RK4 at a small fixed step (RK4's error at dt = 0.005 is ~1e-10
    /// here), and Dormand–Prince takes far fewer steps than the explicit stability limit allows.
    @Test func dormandPrinceOnAGridMatchesRK4() throws {
        let grid = try Grid(shape: [16, 16], spacing: 1, boundary: .periodic)
        let simulation = GridSimulation(kinetics: try Brusselator(a: 2, b: 3, m1: 1, m2: 4), grid: grid)
        let start = GridState(homogeneous: simulation.kinetics, grid: grid, amplitude: 0.05, seed: 7)
        let rk4 = try simulation.run(from: start, method: .rk4, dt: 0.005, steps: 400).state
        let dp = DormandPrince(rtol: 1e-10, atol: 1e-12).solve(GridField(simulation), from: start.u + start.v, over: 0...2)
        #expect(dp.status == .finished)
        let difference = (0..<grid.count).map { max(abs(dp.finalState[$0] - rk4.u[$0]), abs(dp.finalState[grid.count + $0] - rk4.v[$0])) }.max()!
        #expect(difference < 1e-7, "\(difference)")
        #expect(dp.statistics.steps < 400)
    }

    /// A grid problem with method .dopri5 runs adaptively through the same problem API: its
    /// intervals of dt end where RK4 at a small step ends (frames at every fifth interval), with
    /// its own step statistics, fewer steps than RK4's.
    @Test func anAdaptiveGridProblemMatchesRK4AndKeepsItsIntervals() throws {
        let grid = try Grid(shape: [16, 16], spacing: 1, boundary: .periodic)
        let simulation = GridSimulation(kinetics: try Brusselator(a: 2, b: 3, m1: 1, m2: 4), grid: grid)
        let start = GridState(homogeneous: simulation.kinetics, grid: grid, amplitude: 0.05, seed: 7)
        let rk4 = try simulation.run(from: start, method: .rk4, dt: 0.005, steps: 400).state
        let problem = try GridProblem(simulation: simulation, initial: start, method: .dopri5, dt: 0.2, steps: 10, saveEvery: 5,
                                      tolerances: DormandPrince(rtol: 1e-10, atol: 1e-12))
        let (solution, metrics) = try problem.solveWithPattern(threads: 2)
        #expect(solution.status == .finished && metrics != nil && abs(solution.time - 2) < 1e-12)
        #expect(solution.frames.map(\.time).enumerated().allSatisfy { abs($1 - [1.0, 2.0][$0]) < 1e-12 } && solution.frames.count == 2)
        let difference = (0..<grid.count).map { max(abs(solution.state.u[$0] - rk4.u[$0]), abs(solution.state.v[$0] - rk4.v[$0])) }.max()!
        #expect(difference < 1e-7, "\(difference)")
        #expect(solution.statistics.steps > 0 && solution.statistics.steps < 400 && solution.statistics.rhsEvaluations >= 6 * solution.statistics.steps)
    }
}
