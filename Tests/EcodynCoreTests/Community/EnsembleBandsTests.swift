import EcodynTestSupport
import Foundation
import Testing
@testable import EcodynCore

/// Ensemble bands against closed forms.
struct EnsembleBandsTests {
    @Test func identicalMembersHaveNoSpreadAndFollowTheLogistic() throws {
        let c = try Community(r: [1], mu: [0.2], K: [5], delta: .identity(1))   // X_K = 4, g = 0.8
        let problem = try CommunityEnsembleProblem(ensemble: CommunityEnsemble(repeating: c, members: 5),
                                                   initialStates: Matrix(rows: 1, columns: 5, repeating: 0.1), tEnd: 10,
                                                   method: .dopri5(DormandPrince(rtol: 1e-10, atol: 1e-12)))
        let (_, bands) = problem.solveWithBands(samples: 20)
        #expect(bands.times.count == 21 && bands.times.last == 10)
        for (k, t) in bands.times.enumerated() {
            let exact = 4 / (1 + 39 * exp(-0.8 * t))
            for q in [bands.total.mean, bands.total.q05, bands.total.q50, bands.total.q95, bands.species[0].q95] {
                #expect(abs(q[k] - exact) < 1e-8, "t = \(t)")
            }
        }
        #expect(bands.firstExtinction.allSatisfy { $0 == nil })
    }

    @Test func noisyReplicatesSpreadAsTheLognormalSays() throws {
        // K = 10⁹ makes each member geometric Brownian motion dX = gX dt + σX dW, whose law at t is
        // lognormal: quantile p of X₀·exp((g − σ²/2)t + σ√t·z_p); mean X₀e^{gt}. 4000 replicates:
        // the sampling error of the 5 % and 95 % quantiles is about 2 %; dt = 10⁻³ keeps the
        // scheme's bias below that.
        let (g, sigma, x0) = (0.5, 0.4, 1.0)
        let c = try Community(r: [g], mu: [0], K: [1e9], delta: .identity(1))
        let noise = Noise(kind: .multiplicative, sigma: [sigma], seed: 21)
        let problem = try CommunityEnsembleProblem(ensemble: CommunityEnsemble(repeating: c, members: 4000),
                                                   initialStates: Matrix(rows: 1, columns: 4000, repeating: x0), tEnd: 2,
                                                   method: .eulerMaruyama(dt: 1e-3, noise: noise))
        let (result, bands) = problem.solveWithBands(samples: 4)
        #expect(bands.times == [0, 0.5, 1, 1.5, 2])
        for (k, t) in bands.times.enumerated() where t > 0 {
            let drift = (g - sigma * sigma / 2) * t, spread = sigma * t.squareRoot()
            #expect(abs(bands.total.q05[k] / (x0 * exp(drift - 1.6449 * spread)) - 1) < 0.05, "q05 at \(t)")
            #expect(abs(bands.total.q50[k] / (x0 * exp(drift)) - 1) < 0.04, "median at \(t)")
            #expect(abs(bands.total.q95[k] / (x0 * exp(drift + 1.6449 * spread)) - 1) < 0.05, "q95 at \(t)")
            #expect(abs(bands.total.mean[k] / (x0 * exp(g * t)) - 1) < 0.04, "mean at \(t)")
        }
        // The bands come from the same members as the result: the last sample is the final state.
        #expect(abs(bands.total.mean.last! - result.finalState.elements.reduce(0, +) / 4000) < 1e-12)
    }

    @Test func aDecayingMembersExtinctionIsSampled() throws {
        // Member 1 has r < μ: X' = −0.5X − 0.5X² from 0.5, so X = 1/(3e^{t/2} − 1), which falls
        // through 10⁻⁶ at t = 2 ln((10⁶ + 1)/3) ≈ 25.42; samples every 0.1 see it at the next one.
        let c = try Community(r: [1, 0.5], mu: [0, 1], K: [1, 1], delta: .identity(2))
        let problem = try CommunityEnsembleProblem(ensemble: CommunityEnsemble(repeating: c, members: 3),
                                                   initialStates: Matrix(rows: 2, columns: 3, repeating: 0.5), tEnd: 40,
                                                   method: .rk4(dt: 0.01))
        let (_, bands) = problem.solveWithBands(samples: 400)
        let expected = 2 * log((1e6 + 1) / 3)
        #expect(bands.firstExtinction.allSatisfy { $0 != nil && $0! >= expected && $0! < expected + 0.11 }, "\(bands.firstExtinction)")
    }
}
