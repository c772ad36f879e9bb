import Foundation
import Testing
@testable import EcodynCore

/// The kinetics' steady states and Jacobians, against the reaction term itself.
struct KineticsTests {
    static let models: [any Kinetics] = [
        try! Brusselator(a: 1.5, b: 2.8, m1: 1, m2: 8), try! GrayScott(feed: 0.05, kill: 0.05, du: 0.2, dv: 0.1),
        try! Schnakenberg(a: 0.1, b: 0.9, du: 1, dv: 10),
    ]

    /// The Jacobian at a state away from equilibrium against central differences of the reaction
    /// term (step 1e-6: truncation error ~1e-12 for these quadratic/cubic terms).
    @Test func jacobiansMatchFiniteDifferencesAtAnyState() {
        for model in Self.models { Self.checkJacobian(model) }
    }

    /// The Jacobian of `model` at (0.7, 1.3) against central differences of its reaction term.
    static func checkJacobian(_ model: any Kinetics) {
        let (u, v) = (0.7, 1.3), h = 1e-6
        let j = model.jacobian(atU: u, v: v)
        let du = (model.reaction(u + h, v), model.reaction(u - h, v)), dv = (model.reaction(u, v + h), model.reaction(u, v - h))
        let numeric = [(du.0.u - du.1.u) / (2 * h), (dv.0.u - dv.1.u) / (2 * h), (du.0.v - du.1.v) / (2 * h), (dv.0.v - dv.1.v) / (2 * h)]
        for (k, exact) in [j[0, 0], j[0, 1], j[1, 0], j[1, 1]].enumerated() {
            #expect(abs(exact - numeric[k]) < 1e-8, "\(model.name) entry \(k): \(exact) vs \(numeric[k])")
        }
    }

    @Test func everySteadyStateIsARestPoint() {
        for model in Self.models {
            for state in model.steadyStates {
                let rate = model.reaction(state.u, state.v)
                #expect(abs(rate.u) < 1e-14 && abs(rate.v) < 1e-14, "\(model.name) at \(state)")
            }
        }
    }

    /// Gray–Scott has the nontrivial pair exactly where F ≥ 4(F + k)²: for F = k = 0.05,
    /// v = (0.05 ± √0.0005)/0.2 = 0.3618…, 0.1382…, u = 0.1/v.
    @Test func grayScottHasItsNontrivialPairWhereTheDiscriminantAllows() throws {
        let pair = try GrayScott(feed: 0.05, kill: 0.05, du: 0.2, dv: 0.1).steadyStates
        #expect(pair.count == 3 && pair[0] == SpeciesValues(u: 1, v: 0))
        #expect(abs(pair[1].v - (0.05 + 0.0005.squareRoot()) / 0.2) < 1e-15 && abs(pair[2].v - (0.05 - 0.0005.squareRoot()) / 0.2) < 1e-15)
        #expect(try GrayScott(feed: 0.04, kill: 0.07, du: 0.2, dv: 0.1).steadyStates.count == 1)   // 4·0.11² = 0.0484 > 0.04
    }
}

/// The well-mixed kinetics: trajectories of the phase portrait against the Brusselator's known
/// behaviour (MODELS.md §2): below the Hopf point b_H = 1 + a² every start returns to (a, b/a);
/// beyond it all wind onto one limit cycle, whose period near the Hopf point is 2π/ω with
/// ω = √det J = a.
struct PhasePortraitTests {
    func period(_ s: Solution) -> Double {
        // Mean time between upward crossings of u = a over the last half.
        let u = s.times.indices.map { s.states[2 * $0] }
        var crossings = [Double]()
        for k in 1..<u.count where s.times[k] > s.finalTime / 2 && u[k - 1] < 1 && u[k] >= 1 {
            crossings.append(s.times[k - 1] + (1 - u[k - 1]) / (u[k] - u[k - 1]) * (s.times[k] - s.times[k - 1]))
        }
        return (crossings.last! - crossings.first!) / Double(crossings.count - 1)
    }

    @Test func belowTheHopfPointEveryStartReturnsToTheSteadyState() throws {
        let portrait = PhasePortrait(kinetics: try Brusselator(a: 1, b: 1.5), tEnd: 80)
        #expect(portrait.starts.count == 8)
        for s in portrait.solve() {
            #expect(s.status == .finished)
            #expect(abs(s.finalState[0] - 1) < 1e-6 && abs(s.finalState[1] - 1.5) < 1e-6, "\(s.finalState)")
            #expect(PhasePortrait.amplitude(of: s) < 1e-5)
        }
    }

    @Test func beyondTheHopfPointAllStartsWindOntoOneLimitCycle() throws {
        // b = 2.02, just beyond b_H = 2: a small cycle with period close to 2π/a = 2π.
        let portrait = PhasePortrait(kinetics: try Brusselator(a: 1, b: 2.02), starts: [[1.05, 2.02], [1.6, 2.5]], tEnd: 3000, saves: 30000)
        let solutions = portrait.solve()
        let amplitudes = solutions.map(PhasePortrait.amplitude)
        #expect(amplitudes.allSatisfy { $0 > 0.05 } && abs(amplitudes[0] - amplitudes[1]) < 1e-3 * amplitudes[0], "\(amplitudes)")
        #expect(abs(period(solutions[0]) - 2 * Double.pi) < 0.02 * 2 * Double.pi, "\(period(solutions[0]))")
    }

    @Test func startsOnTheRingStayNonNegative() {
        let ring = PhasePortrait.ring(around: SpeciesValues(u: 0.2, v: 3), count: 4, radius: 1)
        #expect(ring.count == 4 && ring.allSatisfy { $0[0] >= 0 && $0[1] >= 0 })
        #expect(abs(ring[0][0] - 1.2) < 1e-15 && ring[2][0] == 0)
    }
}
