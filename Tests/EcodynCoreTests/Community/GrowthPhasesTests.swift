import EcodynTestSupport
import Foundation
import Testing
@testable import EcodynCore

/// Growth phases of logistic curves against their closed forms.
struct GrowthPhasesTests {
    @Test func logisticInflectionAndAccelerationBoundsMatchTheClosedForms() throws {
        // X(t) = X_K/(1 + (X_K/X₀ − 1)e^{−gt}), g = r − μ, X_K = K(1 − μ/r): the inflection at
        // t* = ln(X_K/X₀ − 1)/g and d³X/dt³ = 0 at t* ± ln(2 + √3)/g.
        let (r, mu, K, x0) = (1.0, 0.2, 5.0, 0.01)
        let g = r - mu, xk = K * (1 - mu / r)
        let problem = try CommunityProblem(community: try Community(r: [r], mu: [mu], K: [K], delta: .identity(1)), initialState: [x0],
                                           tEnd: 20, method: .dopri5(DormandPrince(rtol: 1e-11, atol: 1e-13)), saves: 400)
        let phases = problem.growthPhases(of: problem.solve())
        let tStar = log(xk / x0 - 1) / g, spread = log(2 + 3.0.squareRoot()) / g
        for curve in [phases.members[0], phases.total] {
            #expect(curve.inflectionTimes.count == 1 && abs(curve.inflectionTimes[0] - tStar) < 1e-6, "\(curve.inflectionTimes) vs \(tStar)")
            #expect(curve.accelerationBounds.count == 2, "\(curve.accelerationBounds)")
            #expect(abs(curve.accelerationBounds[0] - (tStar - spread)) < 1e-4 && abs(curve.accelerationBounds[1] - (tStar + spread)) < 1e-4,
                    "\(curve.accelerationBounds) vs \([tStar - spread, tStar + spread])")
            #expect(curve.phases.map(\.name) == ["inception", "growth", "maturity"] && curve.phaseAtEnd == "maturity")
            #expect(abs(curve.phases[1].start - (tStar - spread)) < 0.06 && abs(curve.phases[1].end - (tStar + spread)) < 0.06)
        }
    }

    @Test func aFallingMemberDeclines() throws {
        // Started above its carrying capacity, a logistic member only falls: no inflection, all decline.
        let problem = try CommunityProblem(community: try Community(r: [1], mu: [0], K: [2], delta: .identity(1)), initialState: [5],
                                           tEnd: 10, method: .dopri5(DormandPrince(rtol: 1e-10, atol: 1e-12)), saves: 200)
        let phases = problem.growthPhases(of: problem.solve())
        #expect(phases.total.inflectionTimes.isEmpty && phases.total.phases.map(\.name) == ["decline"])
    }
}
