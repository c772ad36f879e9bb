import ComplexModule
import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

struct CommunityStabilityTests {
    /// Two competitors (MODELS.md §1 closed forms): K'_i = K_i(1 − μ_i/r_i).
    func duo(_ d12: Double, _ d21: Double) throws -> Community {
        try Community(r: [1, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: Matrix([[1, d12], [d21, 1]]))
    }

    @Test func coexistenceMatchesTheClosedForm() throws {
        // K'₁ = 10·0.9 = 9, K'₂ = 8·(1 − 0.125) = 7; δ₁₂ = 0.5, δ₂₁ = 0.4: 7 > 0.4·9 and 9 > 0.5·7, so they
        // coexist at X₁* = (9 − 0.5·7)/(1 − 0.2) = 6.875, X₂* = (7 − 0.4·9)/0.8 = 4.25.
        let c = try duo(0.5, 0.4)
        let eq = try c.interiorEquilibrium()
        #expect(eq.feasible)
        #expect(allClose(eq.state, [6.875, 4.25], rtol: 1e-14))
        let report = try c.stability(at: eq.state)
        #expect(report.classification.isStable)
        // Integration from a small start ends there too.
        let s = DormandPrince(rtol: 1e-10, atol: 1e-12).solve(CommunityField(c), from: [0.1, 0.1], over: 0...400, limits: .population)
        #expect(allClose(s.finalState, [6.875, 4.25], rtol: 1e-7))
    }

    @Test func competitiveExclusion() throws {
        // δ₁₂ = 2: 9 > 2·7 fails, while 7 > 0.3·9 holds, so member 2 excludes member 1: the end state is (0, 7),
        // the interior equilibrium is infeasible and the boundary equilibrium {2} is (0, 7).
        let c = try duo(2, 0.3)
        #expect(try c.interiorEquilibrium().feasible == false)
        let boundary = try c.equilibrium(survivors: [1])
        #expect(boundary.feasible && allClose(boundary.state, [0, 7], rtol: 1e-15))
        let s = DormandPrince(rtol: 1e-10, atol: 1e-12).solve(CommunityField(c), from: [5, 5], over: 0...500, limits: .population)
        #expect(s.finalState[0] < 1e-6 && isClose(s.finalState[1], 7, rtol: 1e-6))
        // The exclusion state is stable; the state where member 1 wins alone, (9, 0), is a saddle (2 invades).
        #expect(try c.stability(at: [0, 7]).classification.isStable)
        #expect(try c.stability(at: [9, 0]).classification == .saddle)
    }

    @Test func jacobianMatchesFiniteDifferences() throws {
        let c = try Community(r: [1, 0.7, 1.3], mu: [0.1, 0, 0.2], K: [2, 1, 3],
                              delta: Matrix([[1, 0.4, -0.2], [0.3, 1, 0.5], [-0.1, 0.6, 1]]))
        let x = [0.7, 1.1, 0.4]
        let j = try c.jacobian(at: x)
        let f = CommunityField(c)
        func rhs(_ y: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: 3)
            y.withUnsafeBufferPointer { yp in out.withUnsafeMutableBufferPointer { f.evaluate(0, yp.baseAddress!, $0.baseAddress!) } }
            return out
        }
        let h = 1e-6
        for col in 0..<3 {
            var up = x, down = x
            up[col] += h; down[col] -= h
            let column = zip(rhs(up), rhs(down)).map { ($0 - $1) / (2 * h) }   // central difference, error O(h²)
            for row in 0..<3 { #expect(abs(j[row, col] - column[row]) < 1e-8) }
        }
        // At an interior equilibrium the Jacobian reduces to −diag(a ⊙ X*)·δ.
        let eq = try c.interiorEquilibrium()
        let atEq = try c.jacobian(at: eq.state)
        for row in 0..<3 { for col in 0..<3 { #expect(abs(atEq[row, col] + c.a[row] * eq.state[row] * c.delta[row, col]) < 1e-13) } }
    }

    @Test(arguments: [
        ([[-1.0, 0], [0, -2]], EquilibriumClass.stableNode),      // λ = −1, −2
        ([[-1.0, 2], [-2, -1]], .stableFocus),                    // λ = −1 ± 2i
        ([[1.0, 0], [0, 2]], .unstableNode),                      // λ = 1, 2
        ([[1.0, 2], [-2, 1]], .unstableFocus),                    // λ = 1 ± 2i
        ([[1.0, 0], [0, -1]], .saddle),                           // λ = 1, −1
        ([[0.0, 1], [-1, 0]], .nonHyperbolic),                    // λ = ±i (a centre)
    ])
    func classificationOfKnownSpectra(rows: [[Double]], expected: EquilibriumClass) throws {
        #expect(try StabilityReport(jacobian: Matrix(rows)).classification == expected)
    }

    @Test func reactivityOfANonNormalStableMatrix() throws {
        // J = [[−1, 10], [0, −1]] is stable (λ = −1, −1) yet reactive: (J + Jᵀ)/2 = [[−1, 5], [5, −1]] has
        // eigenvalues −1 ± 5, so the reactivity is 4 while the resilience is 1.
        let report = try StabilityReport(jacobian: Matrix([[-1, 10], [0, -1]]))
        #expect(isClose(report.resilience, 1, atol: 1e-7))
        #expect(isClose(report.reactivity, 4, rtol: 1e-14))
    }

    @Test(arguments: [0.0, 0.5, -0.5])
    func ellipticLawEdge(rho: Double) throws {
        // n = 1000, C = 0.5, σ = 0.1, d = 0: the rightmost eigenvalue sits at σ√(nC)(1 + ρ) (Allesina & Tang
        // 2012) up to finite-n scatter on the scale of the radius R = σ√(nC): an independent NumPy experiment
        // (3 seeds each, n = 500…2000, ρ ∈ {0, ±0.5}) found |max Re λ − edge| ≤ 0.03·R. Allow 0.05·R.
        let law = EllipticLaw(n: 1000, connectance: 0.5, sigma: 0.1, correlation: rho, selfRegulation: 0)
        let radius = 0.1 * (1000 * 0.5).squareRoot()
        let maxReal = try GeneralEigenSolver(order: 1000).maxRealPart(of: law.sample(seed: 2024))
        #expect(abs(maxReal - law.predictedEdge) < 0.05 * radius, "ρ = \(rho): max Re λ = \(maxReal), predicted \(law.predictedEdge)")
    }
}
