import Foundation
import Testing
@testable import Ecodyn

/// The kinetics' steady states and Jacobians, against the reaction term itself.
struct KineticsTests {
    static let models: [any Kinetics] = [
        try! Brusselator(a: 1.5, b: 2.8, m1: 1, m2: 8), try! GrayScott(feed: 0.05, kill: 0.05, du: 0.2, dv: 0.1),
        try! Schnakenberg(a: 0.1, b: 0.9, du: 1, dv: 10),
    ]

    /// The Jacobian at a state away from equilibrium against central differences of the reaction
    /// term (step 1e-6: truncation error ~1e-12 for these quadratic/cubic terms).
    @Test func jacobiansMatchFiniteDifferencesAtAnyState() {
        for model in Self.models {
            let (u, v) = (0.7, 1.3), h = 1e-6
            let j = model.jacobian(atU: u, v: v)
            let du = (model.reaction(u + h, v), model.reaction(u - h, v)), dv = (model.reaction(u, v + h), model.reaction(u, v - h))
            let numeric = [(du.0.0 - du.1.0) / (2 * h), (dv.0.0 - dv.1.0) / (2 * h), (du.0.1 - du.1.1) / (2 * h), (dv.0.1 - dv.1.1) / (2 * h)]
            for (k, exact) in [j[0, 0], j[0, 1], j[1, 0], j[1, 1]].enumerated() {
                #expect(abs(exact - numeric[k]) < 1e-8, "\(model.name) entry \(k): \(exact) vs \(numeric[k])")
            }
        }
    }

    @Test func everySteadyStateIsARestPoint() {
        for model in Self.models {
            for state in model.steadyStates {
                let (f, g) = model.reaction(state.u, state.v)
                #expect(abs(f) < 1e-14 && abs(g) < 1e-14, "\(model.name) at \(state)")
            }
        }
    }

    /// Gray–Scott has the nontrivial pair exactly where F ≥ 4(F + k)²: for F = k = 0.05,
    /// v = (0.05 ± √0.0005)/0.2 = 0.3618…, 0.1382…, u = 0.1/v.
    @Test func grayScottHasItsNontrivialPairWhereTheDiscriminantAllows() throws {
        let pair = try GrayScott(feed: 0.05, kill: 0.05, du: 0.2, dv: 0.1).steadyStates
        #expect(pair.count == 3 && pair[0] == (1, 0))
        #expect(abs(pair[1].v - (0.05 + 0.0005.squareRoot()) / 0.2) < 1e-15 && abs(pair[2].v - (0.05 - 0.0005.squareRoot()) / 0.2) < 1e-15)
        #expect(try GrayScott(feed: 0.04, kill: 0.07, du: 0.2, dv: 0.1).steadyStates.count == 1)   // 4·0.11² = 0.0484 > 0.04
    }
}
