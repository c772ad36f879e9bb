import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

struct ExponentialStepperTests {
    @Test func contourCoefficientsMatchTheirClosedForms() {
        // Away from 0 the φ-functions in closed form are accurate; at 0 their limits are
        // Q = h/2, f₁ = f₂ = f₃ = h/6 (Cox & Matthews (26)); near 0 the closed forms lose digits
        // and the contour means must not.
        let h = 0.3
        let w = ExponentialStepper.weights(rates: [-10, -1, 0, -1e-6], dt: h)
        for (k, c) in [-10.0, -1].enumerated() {
            let z = c * h, e = exp(z)
            #expect(abs(w[0][k] - e) < 1e-15 && abs(w[1][k] - exp(z / 2)) < 1e-15)
            #expect(abs(w[2][k] - h * (exp(z / 2) - 1) / z) < 1e-13)
            #expect(abs(w[3][k] - h * (-4 - z + e * (4 - 3 * z + z * z)) / (z * z * z)) < 1e-12)
            #expect(abs(w[4][k] - h * (2 + z + e * (z - 2)) / (z * z * z)) < 1e-12)
            #expect(abs(w[5][k] - h * (-4 - 3 * z - z * z + e * (4 - z)) / (z * z * z)) < 1e-12)
        }
        for (k, tolerance) in [(2, 1e-14), (3, 1e-7)] {   // z = 0 and z = −3·10⁻⁷ (first-order terms ~ h·z)
            #expect(abs(w[2][k] - h / 2) < tolerance && abs(w[3][k] - h / 6) < tolerance && abs(w[4][k] - h / 6) < tolerance && abs(w[5][k] - h / 6) < tolerance,
                    "\([w[2][k], w[3][k], w[4][k], w[5][k]])")
        }
    }

    @Test func decaysAnEigenmodeExactly() throws {
        // Pure diffusion (Gray–Scott with F = k = 0, v = 0): each step multiplies mode k by e^{−dt·D·μ_k}.
        let n = 48, k = 4, d = 2.0, dt = 5.0
        let grid = try Grid(shape: [n], spacing: 1, boundary: .periodic)
        let mu = 4 * pow(sin(.pi * Double(k) / Double(n)), 2)
        let mode = (0..<n).map { cos(2 * .pi * Double(k * $0) / Double(n)) }
        let s = try GridSimulation(kinetics: GrayScott(feed: 0, kill: 0, du: d, dv: 0), grid: grid)
            .run(from: GridState(u: mode.map { 1 + 0.2 * $0 }, v: [Double](repeating: 0, count: n)), method: .etdrk4, dt: dt, steps: 3)
        #expect(allClose(s.state.u, mode.map { 1 + 0.2 * exp(-3 * dt * d * mu) * $0 }, atol: 1e-13))
    }

    @Test(arguments: BoundaryCondition.allCases) func convergesAtOrderFour(boundary: BoundaryCondition) throws {
        // The Brusselator with its Turing modes growing, to t = 2: against the same run at dt = 1/640.
        let model = try Brusselator(a: 2, b: 4, m1: 0.5, m2: 2)
        let grid = try Grid(shape: [16, 12], spacing: 1, boundary: boundary)
        let simulation = GridSimulation(kinetics: model, grid: grid)
        let start = GridState(homogeneous: model, grid: grid, amplitude: 0.4, seed: 6)
        let reference = try simulation.run(from: start, method: .etdrk4, dt: 2.0 / 1280, steps: 1280).state
        let dts = [0.2, 0.1, 0.05, 0.025]
        let errors = try dts.map { dt in
            zip(try simulation.run(from: start, method: .etdrk4, dt: dt, steps: Int((2 / dt).rounded())).state.u, reference.u).map { abs($0 - $1) }.max()!
        }
        let order = convergenceOrder(steps: dts, errors: errors)
        #expect(abs(order - 4) < 0.4, "order \(order), errors \(errors)")
    }

    @Test func agreesWithTightDormandPrinceOnTheGrid() throws {
        // An independent method on the same semi-discretisation: adaptive Dormand–Prince at rtol 1e-11.
        let model = try Brusselator(a: 3, b: 5, m1: 1, m2: 8)
        let grid = try Grid(shape: [24, 20], spacing: 1, boundary: .neumann)
        let simulation = GridSimulation(kinetics: model, grid: grid)
        let start = GridState(homogeneous: model, grid: grid, amplitude: 0.2, seed: 4)
        let reference = try simulation.run(from: start, method: .dopri5, dt: 1, steps: 5, tolerances: DormandPrince(rtol: 1e-11, atol: 1e-12)).state
        // The gap to it closes as dt⁴: ≈ 16× per halving, down to 1e-7 at dt = 0.01.
        let gaps = try [0.02, 0.01].map { dt in
            let s = try simulation.run(from: start, method: .etdrk4, dt: dt, steps: Int((5 / dt).rounded())).state
            return zip(s.u + s.v, reference.u + reference.v).map { abs($0 - $1) }.max()!
        }
        #expect(gaps[1] < 2e-7 && gaps[0] / gaps[1] > 10, "gaps \(gaps)")
    }

    @Test func fixedValuesHoldTheSteadyState() throws {
        // Started at the homogeneous state with boundary values equal to it, nothing moves.
        let model = try Brusselator(a: 3, b: 5, m1: 1, m2: 8)
        let grid = try Grid(shape: [20, 16], spacing: 1, boundary: .dirichlet)
        let (u0, v0) = (model.homogeneousState.u, model.homogeneousState.v)
        let start = GridState(u: [Double](repeating: u0, count: grid.count), v: [Double](repeating: v0, count: grid.count))
        let s = try GridSimulation(kinetics: model, grid: grid).run(from: start, method: .etdrk4, dt: 0.5, steps: 40).state
        #expect(s.u.allSatisfy { abs($0 - u0) < 1e-12 } && s.v.allSatisfy { abs($0 - v0) < 1e-12 })
    }
}
