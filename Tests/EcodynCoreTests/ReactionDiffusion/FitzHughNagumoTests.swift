import Foundation
import Testing
@testable import EcodynCore

/// FitzHugh–Nagumo (MODELS.md §2), the kinetics added through the registry alone: its
/// derivatives, its steady states against the closed-form roots, its Turing analysis against
/// LAPACK eigenvalues of J − k²D, and a grid step through the kernel's cubic case against a
/// step written out here.
struct FitzHughNagumoTests {
    @Test func jacobianAndParameterDerivativesMatchFiniteDifferences() throws {
        for model in [try FitzHughNagumo(epsilon: 0.3, a0: 0.1, a1: 1.7, du: 1, dv: 12), try FitzHughNagumo(epsilon: 4, a0: -0.2, a1: 0, du: 0.5, dv: 3)] {
            KineticsTests.checkJacobian(model)
            try ParameterizedModelTests.checkParameterDerivatives(model)
        }
    }

    /// a₀ = 0, a₁ = 2: u³ − u/2 = 0 has the roots 0 and ±1/√2, v = u/2. With ε = 1 the middle one
    /// is a saddle (det J = −1) and the outer ones are stable (tr J = −2.5, det J = 2), so the
    /// grid's resting state is the first stable one, u = −1/√2.
    @Test func threeSteadyStatesWhereTheCubicHasThreeRoots() throws {
        let model = try FitzHughNagumo(epsilon: 1, a0: 0, a1: 2, du: 1, dv: 1)
        let roots = model.steadyStates.map(\.u).sorted()
        let expected = [-0.5.squareRoot(), 0, 0.5.squareRoot()]
        #expect(roots.count == 3)
        for (r, e) in zip(roots, expected) { #expect(abs(r - e) < 1e-15) }
        #expect(abs(model.homogeneousState.u + 0.5.squareRoot()) < 1e-15 && model.classification.isStable)
        for s in model.steadyStates {
            let rate = model.reaction(s.u, s.v)
            #expect(abs(rate.u) < 1e-15 && abs(rate.v) < 1e-15)
        }
    }

    /// One root where u³ + (1/a₁ − 1)u − a₀/a₁ has one real root (a₁ = 1/2: u³ + u − 2a₀ = 0,
    /// for a₀ = 1 the root u = 1), and u = a₀ for a₁ = 0.
    @Test func oneSteadyStateOtherwise() throws {
        let one = try FitzHughNagumo(epsilon: 1, a0: 1, a1: 0.5, du: 1, dv: 1).steadyStates
        #expect(one.count == 1 && abs(one[0].u - 1) < 1e-15 && abs(one[0].v) < 1e-15)
        let flat = try FitzHughNagumo(epsilon: 1, a0: 0.3, a1: 0, du: 1, dv: 1).steadyStates
        #expect(flat.count == 1 && flat[0].u == 0.3 && abs(flat[0].v - (0.3 - 0.027)) < 1e-15)
        #expect(throws: ParameterError.self) { try FitzHughNagumo(epsilon: 0, a0: 0, a1: 1, du: 1, dv: 1) }
    }

    /// a₀ = 0, a₁ = 1/2, ε = 4, D_u = 1: the state u = v = 0 is stable without diffusion
    /// (tr J = −1, det J = 2); the Turing condition D_v − 2 > 2√(2D_v) holds for D_v = 20 and not
    /// for D_v = 5. Checked against the largest real part of LAPACK's eigenvalues of J − k²D on
    /// a fine grid of k.
    @Test(arguments: [(20.0, true), (5.0, false)])
    func turingInstabilityAgreesWithTheDispersionRelation(dv: Double, unstable: Bool) throws {
        let model = try FitzHughNagumo(epsilon: 4, a0: 0, a1: 0.5, du: 1, dv: dv)
        #expect(model.classification.isStable)
        #expect(model.turingUnstable == unstable)
        var largest = -Double.infinity
        for step in 1...2000 {
            let k2 = Double(step) * 0.001
            var m = model.jacobian
            m[0, 0] -= k2
            m[1, 1] -= k2 * dv
            largest = max(largest, try m.eigenvalues().map(\.real).max()!)
        }
        #expect((largest > 0) == unstable)
        let json = try KineticsAnalysis(model, grid: nil).json()
        #expect(json.serialized().contains("\"turing_unstable\": \(unstable)"))
    }

    /// One Euler step of a 6 × 5 periodic grid, through the kernel's cubic case,
    /// against u + dt (u − u³ − v + D_u Δu/h²), v + dt (ε(u − a₁v − a₀) + D_v Δv/h²) written out.
    @Test func aGridStepThroughTheCubicKernelIsTheModel() throws {
        let model = try FitzHughNagumo(epsilon: 0.5, a0: 0.1, a1: 1.5, du: 1, dv: 4), grid = try Grid(shape: [6, 5], spacing: 2)
        let initial = GridState(homogeneous: model, grid: grid, amplitude: 0.4, seed: 1)
        let out = try GridSimulation(kinetics: model, grid: grid).run(from: initial, method: .euler, dt: 0.01, steps: 1).state
        let (nx, ny, u, v): (Int, Int, [Double], [Double]) = (6, 5, initial.u, initial.v)
        func lap(_ w: [Double], _ i: Int, _ j: Int) -> Double {
            let at = { (i: Int, j: Int) in w[((j + ny) % ny) * nx + (i + nx) % nx] }
            return (at(i - 1, j) + at(i + 1, j) + at(i, j - 1) + at(i, j + 1) - 4 * at(i, j)) / 4
        }
        for j in 0..<ny {
            for i in 0..<nx {
                let c = j * nx + i
                let f = u[c] - u[c] * u[c] * u[c] - v[c], g = 0.5 * (u[c] - 1.5 * v[c] - 0.1)
                #expect(abs(out.u[c] - (u[c] + 0.01 * (f + lap(u, i, j)))) < 1e-14)
                #expect(abs(out.v[c] - (v[c] + 0.01 * (g + 4 * lap(v, i, j)))) < 1e-14)
            }
        }
    }

    /// ε at a₀ = 0, a₁ = 1/2: tr J = 1 − ε/2, det J = ε/2, so the state is unstable below ε = 2
    /// and stable above, with max Re λ = tr J/2 while it is a focus (tr² < 4 det).
    @Test(arguments: [(1.0, 0.25), (1.5, 0.125), (2.5, -0.125), (3.0, -0.25)])
    func epsilonCrossesTheHopfPointAtTwo(epsilon: Double, maxReal: Double) throws {
        let model = try FitzHughNagumo(epsilon: epsilon, a0: 0, a1: 0.5, du: 1, dv: 1)
        #expect(model.classification.isStable == (epsilon > 2))
        #expect(abs(model.maxReal - maxReal) < 1e-15)
    }
}
