import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

struct PatternTests {
    /// The 5-point Laplacian written out with ghost cells: periodic wrap, mirror (no flux), 2w − u (fixed w).
    func laplacian(_ f: [Double], _ g: Grid, fixed w: Double) -> [Double] {
        func at(_ i: Int, _ j: Int, _ di: Int, _ dj: Int) -> Double {
            var (x, y) = (i + di, j + dj)
            let inside = x >= 0 && x < g.nx && y >= 0 && y < g.ny
            if inside { return f[y * g.nx + x] }
            switch g.boundary {
            case .periodic: x = (x + g.nx) % g.nx; y = (y + g.ny) % g.ny; return f[y * g.nx + x]
            case .neumann: return f[j * g.nx + i]
            case .dirichlet: return 2 * w - f[j * g.nx + i]
            }
        }
        return (0..<g.count).map { c in
            let i = c % g.nx, j = c / g.nx
            var sum = at(i, j, -1, 0) + at(i, j, 1, 0) - 2 * f[c]
            if g.dimensions == 2 { sum += at(i, j, 0, -1) + at(i, j, 0, 1) - 2 * f[c] }
            return sum / (g.spacing * g.spacing)
        }
    }

    @Test(arguments: BoundaryCondition.allCases, [[17], [12, 9]])
    func theBasisDiagonalisesTheLaplacian(boundary: BoundaryCondition, shape: [Int]) throws {
        let grid = try Grid(shape: shape, spacing: 0.7, boundary: boundary)
        let basis = LaplacianBasis(grid: grid)
        let random = CounterRandom(stream: 12)
        let field = (0..<grid.count).map { _ in 0.0 } .enumerated().map { k, _ in random.uniform(UInt64(k)) }
        #expect(allClose(basis.backward(basis.forward(field)), field, atol: 1e-13))
        // −Δ in the basis is multiplication by μ (about w = 0 for fixed values).
        let viaBasis = basis.backward(zip(basis.forward(field), basis.eigenvalues).map { -$0 * $1 })
        #expect(allClose(viaBasis, laplacian(field, grid, fixed: 0), atol: 1e-11))
        #expect(allClose(basis.eigenvalues.sorted(), grid.laplacianEigenvalues.sorted(), atol: 1e-12))
    }

    @Test func imexDecaysAnEigenmodeExactlyAndTakesHugeSteps() throws {
        // Pure diffusion (Gray–Scott with F = k = 0, v = 0): one IMEX step divides mode k by (1 + dt·D·μ_k).
        let n = 48, k = 4, d = 2.0, dt = 5.0   // dt is 40× the explicit limit h²/(2D) = 0.25
        let grid = try Grid(shape: [n], spacing: 1, boundary: .periodic)
        let mu = 4 * pow(sin(.pi * Double(k) / Double(n)), 2)
        let mode = (0..<n).map { cos(2 * .pi * Double(k * $0) / Double(n)) }
        let s = try GridSimulation(kinetics: GrayScott(feed: 0, kill: 0, du: d, dv: 0), grid: grid)
            .run(from: GridState(u: mode.map { 1 + 0.2 * $0 }, v: [Double](repeating: 0, count: n)), method: .imex, dt: dt, steps: 3)
        let factor = pow(1 / (1 + dt * d * mu), 3)
        #expect(allClose(s.state.u, mode.map { 1 + 0.2 * factor * $0 }, atol: 1e-13))
    }

    /// The same on periodic 2-D and 3-D grids (even and odd sizes), which IMEX solves through the
    /// real-to-complex DFT: a mode cos(2π(k·i/n + …)) decays by (1 + dt·D·μ)⁻¹ per step with μ the sum
    /// of the axes' eigenvalues; and a no-flux mode cos(πk(i + ½)/n)·cos(πq(j + ½)/m) (the DCT path).
    @Test(arguments: [([12, 10], BoundaryCondition.periodic), ([7, 6, 5], .periodic), ([9, 8], .neumann)])
    func imexDecaysGridModesExactly(shape: [Int], boundary: BoundaryCondition) throws {
        let d = 1.5, dt = 2.0, steps = 3, wave = [2, 3, 1]
        let grid = try Grid(shape: shape, spacing: 0.8, boundary: boundary)
        let h2 = 0.8 * 0.8
        var mu = 0.0
        for (axis, n) in shape.enumerated() {
            let angle = boundary == .periodic ? Double.pi * Double(wave[axis]) / Double(n) : Double.pi * Double(wave[axis]) / Double(2 * n)
            mu += 4 / h2 * pow(sin(angle), 2)
        }
        let mode = (0..<grid.count).map { c -> Double in
            let index = [c % grid.nx, (c / grid.nx) % grid.ny, c / (grid.nx * grid.ny)]
            return (0..<shape.count).reduce(boundary == .periodic ? 0.0 : 1.0) { acc, axis in
                let n = Double(shape[axis]), k = Double(wave[axis]), i = Double(index[axis])
                return boundary == .periodic ? acc + 2 * .pi * k * i / n : acc * cos(.pi * k * (i + 0.5) / n)
            }
        }.map { boundary == .periodic ? cos($0) : $0 }
        let s = try GridSimulation(kinetics: GrayScott(feed: 0, kill: 0, du: d, dv: 0), grid: grid)
            .run(from: GridState(u: mode.map { 1 + 0.2 * $0 }, v: [Double](repeating: 0, count: grid.count)), method: .imex, dt: dt, steps: steps)
        let factor = pow(1 / (1 + dt * d * mu), Double(steps))
        #expect(allClose(s.state.u, mode.map { 1 + 0.2 * factor * $0 }, atol: 1e-13))
    }

    @Test func imexConvergesAtOrderOne() throws {
        let model = try Brusselator(a: 2, b: 4, m1: 0.5, m2: 2)
        let grid = try Grid(shape: [16, 12], spacing: 1, boundary: .neumann)
        let simulation = GridSimulation(kinetics: model, grid: grid)
        let start = GridState(homogeneous: model, grid: grid, amplitude: 0.2, seed: 6)
        let reference = try simulation.run(from: start, method: .rk4, dt: 1e-3, steps: 1000).state
        let dts = [0.02, 0.01, 0.005]
        let errors = try dts.map { dt in
            zip(try simulation.run(from: start, method: .imex, dt: dt, steps: Int((1 / dt).rounded())).state.u, reference.u).map { abs($0 - $1) }.max()!
        }
        #expect(abs(convergenceOrder(steps: dts, errors: errors) - 1) < 0.15, "errors \(errors)")
    }

    /// Runs the Brusselator (a = 2, m = (1, 8)) on a periodic 1-D grid of 128 cells, h = 0.5, by IMEX
    /// to t = 600, and measures the pattern against the state at t = 550.
    func turingRun(b: Double, m: (Double, Double) = (1, 8)) throws -> (PatternMetrics, Brusselator) {
        let model = try Brusselator(a: 2, b: b, m1: m.0, m2: m.1)
        let grid = try Grid(shape: [128], spacing: 0.5, boundary: .periodic)
        let simulation = GridSimulation(kinetics: model, grid: grid)
        let start = GridState(homogeneous: model, grid: grid, amplitude: 0.01, seed: 21)
        let early = try simulation.run(from: start, method: .imex, dt: 0.05, steps: 11_000).state
        let late = try simulation.run(from: early, method: .imex, dt: 0.05, steps: 1000).state
        return (PatternMetrics(late, grid: grid, earlier: early, interval: 50), model)
    }

    @Test func aboveTheTuringThresholdAStationaryPatternAppearsNearTheCriticalWavenumber() throws {
        // b_T = (1 + 2/√8)² ≈ 2.914; at b = 1.1·b_T the fastest modes sit near k_c = (2/√8)^½ ≈ 0.841. The
        // grid's wavenumbers are 2πm/64 (steps of 0.098): the pattern's must lie within 15% of k_c.
        let bT = try Brusselator(a: 2, b: 1, m1: 1, m2: 8).turingB
        let (metrics, model) = try turingRun(b: 1.1 * bT)
        #expect(metrics.regime == .stationaryPattern)
        #expect(abs(metrics.dominantWavenumber - model.criticalWavenumber) / model.criticalWavenumber < 0.15,
                "dominant k \(metrics.dominantWavenumber), k_c \(model.criticalWavenumber)")
        #expect(metrics.varianceU > 0.01)
    }

    @Test func belowTheTuringThresholdTheStateReturnsToTheSteadyState() throws {
        let bT = try Brusselator(a: 2, b: 1, m1: 1, m2: 8).turingB
        let (metrics, model) = try turingRun(b: 0.8 * bT)
        #expect(metrics.regime == .homogeneous)
        #expect(abs(metrics.meanU - model.a) < 1e-6 && abs(metrics.meanV - model.b / model.a) < 1e-6)
    }

    @Test func beyondTheHopfPointTheStateOscillates() throws {
        // Equal diffusion (no Turing instability: b_T = (1 + a)² = 9) and b = 6 > b_H = 5: a limit cycle.
        let (metrics, _) = try turingRun(b: 6, m: (1, 1))
        #expect(metrics.regime == .oscillating)
    }

    /// The reported case: 64 periodic cells, h = 0.5, u = 1 + 0.1 cos(2π·3i/64 + π/4) + 0.08 cos(2π·5i/64).
    /// The strongest mode is m = 3, k = 2π·3/(64·0.5) = 0.5890; comparing half-complex squares one
    /// by one picked m = 5 (k = 0.9817), whose power lies in one coefficient.
    @Test func theDominantModeIsTheOneWithMostPowerWhateverItsPhase() throws {
        let grid = try Grid(shape: [64], spacing: 0.5, boundary: .periodic)
        func wave(_ m: Double, _ x: Double, _ phase: Double) -> Double { cos(2 * Double.pi * m * x + phase) }
        let u = (0..<64).map { (i: Int) -> Double in 1 + 0.1 * wave(3, Double(i) / 64, .pi / 4) + 0.08 * wave(5, Double(i) / 64, 0) }
        let state = GridState(u: u, v: u)
        let metrics = PatternMetrics(state, grid: grid, earlier: state, interval: 1)
        #expect(abs(metrics.dominantWavenumber - 2 * .pi * 3 / 32) < 1e-12)
        // In 2-D: a phase-shifted mode (3, 2) against a weaker unshifted (5, 0) on 32 × 16 cells, h = 1.
        let plane = try Grid(shape: [32, 16], spacing: 1, boundary: .periodic)
        let w = (0..<plane.count).map { (c: Int) -> Double in
            let (x, y) = (Double(c % 32) / 32, Double(c / 32) / 16)
            let shifted: Double = 0.1 * cos(2 * Double.pi * (3 * x + 2 * y) + 1.1)
            return 1 + shifted + 0.08 * wave(5, x, 0)
        }
        let flat = GridState(u: w, v: w)
        let k32 = 2 * Double.pi * (9.0 / 1024 + 4.0 / 256).squareRoot()
        #expect(abs(PatternMetrics(flat, grid: plane, earlier: flat, interval: 1).dominantWavenumber - k32) < 1e-12)
    }
}
