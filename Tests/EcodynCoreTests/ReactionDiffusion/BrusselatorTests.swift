import ComplexModule
import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

struct BrusselatorTests {
    @Test(arguments: [(0.5, 0.3), (1.0, 1.5), (1.0, 2.5), (2.0, 1.0), (2.0, 9.5), (3.0, 4.0), (0.7, 6.0)])
    func closedFormEigenvaluesMatchLAPACK(a: Double, b: Double) throws {
        let m = try Brusselator(a: a, b: b)
        let lapack = try m.jacobian.eigenvalues().sorted { $0.real > $1.real }
        let (l1, l2, im) = (m.eigenvalues[0].real, m.eigenvalues[1].real, m.eigenvalues[0].imaginary)
        #expect(isClose(m.maxReal, lapack[0].real, rtol: 1e-12, atol: 1e-12))
        #expect(isClose(l2, lapack[1].real, rtol: 1e-12, atol: 1e-12))
        #expect(isClose(im, abs(lapack[0].imaginary), rtol: 1e-12, atol: 1e-12))
        #expect(l1 >= l2)
        // The general classifier on LAPACK's eigenvalues agrees with the closed form.
        #expect(EquilibriumClass(eigenvalues: lapack) == m.classification)
    }

    @Test func classificationRegionsOfMODELS() throws {
        // a = 1: b_H = 2; ϖ = b − 2, ϖ² < 4a² = 4 ⇔ 0 < b < 4.
        #expect(try Brusselator(a: 1, b: 1.5).classification == .stableFocus)    // ϖ = −0.5
        #expect(try Brusselator(a: 1, b: 0).classification == .stableNode)      // ϖ = −2, ϖ² = 4: not < 4
        #expect(try Brusselator(a: 1, b: 2).classification == .nonHyperbolic)   // the Hopf point
        #expect(try Brusselator(a: 1, b: 3).classification == .unstableFocus)   // ϖ = 1: limit cycle
        #expect(try Brusselator(a: 1, b: 5).classification == .unstableNode)    // ϖ = 3
        // a = 2, b = 9: ϖ = 4, ϖ² = 4a² exactly: a double root λ = ϖ/2 = 2 (LAPACK, on this defective
        // matrix, returns an imaginary part of order √ε, so only the closed form can call it).
        let boundary = try Brusselator(a: 2, b: 9)
        #expect(boundary.eigenvalues == [Complex(2, 0), Complex(2, 0)] && boundary.classification == .unstableNode)
        let hopf = try Brusselator(a: 1.5, b: 1 + 1.5 * 1.5)
        #expect(hopf.hopfB == 3.25 && abs(hopf.eigenvalues[0].imaginary - 1.5) < 1e-12)   // onset frequency a
    }

    @Test func rawRateConstantsScaleToTheDimensionlessSteadyState() throws {
        // The raw kinetics dX/dt = k₁A − k₂BX + k₃X²Y − k₄X, dY/dt = k₂BX − k₃X²Y have the steady state
        // X₀ = k₁A/k₄, Y₀ = k₂B/(k₃X₀) (set both to 0). With x = √(k₃/k₄)·X it must become (a, b/a).
        let (k1, k2, k3, k4, A, B) = (0.7, 1.3, 2.1, 0.9, 1.6, 2.4)
        let m = try Brusselator(k1: k1, k2: k2, k3: k3, k4: k4, A: A, B: B, M1: 0.45, M2: 3.6)
        let x0 = k1 * A / k4, y0 = k2 * B / (k3 * x0), scale = (k3 / k4).squareRoot()
        #expect(isClose(scale * x0, m.a, rtol: 1e-14))
        #expect(isClose(scale * y0, m.b / m.a, rtol: 1e-14))
        #expect(isClose(m.b, k2 * B / k4, rtol: 1e-15) && isClose(m.m1, 0.5, rtol: 1e-15) && isClose(m.m2, 4, rtol: 1e-15))
    }

    @Test(arguments: [(1.0, 1.0, 8.0), (2.0, 1.0, 10.0), (3.0, 0.5, 20.0), (1.5, 2.0, 5.0)])
    func turingThresholdAndCriticalWavenumber(a: Double, m1: Double, m2: Double) throws {
        // Scan the dispersion relation with LAPACK: the largest Re λ of J − k²·diag(m₁, m₂) over k² > 0.
        func maxGrowth(_ b: Double) throws -> (rate: Double, k2: Double) {
            let m = try Brusselator(a: a, b: b, m1: m1, m2: m2)
            var best = (rate: -Double.infinity, k2: 0.0)
            for step in 1...4000 {
                let k2 = Double(step) * 0.002 * (a / (m1 * m2).squareRoot())
                var j = m.jacobian
                j[0, 0] -= m1 * k2; j[1, 1] -= m2 * k2
                let rate = try j.eigenvalues().map(\.real).max()!
                #expect(abs(rate - m.growthRate(laplacianEigenvalue: k2)) < 1e-12 * max(1, abs(rate)))
                if rate > best.rate { best = (rate, k2) }
            }
            return best
        }
        let bT = try Brusselator(a: a, b: 1, m1: m1, m2: m2).turingB
        #expect(isClose(bT, pow(1 + a * (m1 / m2).squareRoot(), 2), rtol: 1e-15))
        guard bT < 1 + a * a else { return }   // the Turing instability must precede Hopf to be seen alone
        #expect(try maxGrowth(bT * 0.99).rate < 0)
        let above = try maxGrowth(bT * 1.01)
        #expect(above.rate > 0)
        #expect(try Brusselator(a: a, b: bT * 1.01, m1: m1, m2: m2).turingUnstable)
        #expect(try !Brusselator(a: a, b: bT * 0.99, m1: m1, m2: m2).turingUnstable)
        // Near onset the fastest mode sits at k_c² = a/√(m₁m₂).
        let kc2 = try Brusselator(a: a, b: bT, m1: m1, m2: m2).criticalWavenumber
        #expect(abs(above.k2 - kc2 * kc2) / (kc2 * kc2) < 0.1)
    }

    @Test func stabilityMapReproducesTheW4Checksum() {
        // Reference: the number of stable points of W4 (1000 × 1000 grid, a ∈ [0.5, 3], b ∈ [0.5, 12]) by
        // NumPy's stacked eigvals, 355299, as quoted by the sweeps issue and printed by run_peers.py W4.
        let a = ValueGrid.linspace(0.5, 3, 1000).points, b = ValueGrid.linspace(0.5, 12, 1000).points
        let map = Brusselator.stabilityMap(a: a, b: b)
        #expect(map.filter(\.isStable).count == 355299)
        #expect(map[537 * 1000 + 41] == Brusselator.classify(a: a[537], b: b[41]))
    }

    @Test func badParametersNameTheKey() {
        #expect { try Brusselator(a: 0, b: 1) } throws: { ($0 as? ParameterError)?.parameter == "a" }
        #expect { try Brusselator(a: 1, b: 1, m1: -1, m2: 1) } throws: { ($0 as? ParameterError)?.parameter == "diffusion" }
    }
}
