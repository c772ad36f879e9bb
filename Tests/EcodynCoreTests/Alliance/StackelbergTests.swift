import Testing
@testable import EcodynCore
import EcodynTestSupport

/// The worked example of MODELS.md §3 (Wei, Yang & Ou 2024): K = 10, γ = 1, c = 10, β = 200, b₁ = 2, b₂ = 1.
struct StackelbergTests {
    let market = try! AllianceMarket(K: 10, gamma: 1, c: 10, beta: 200, b1: 2, b2: 1)

    @Test func decentralisedEquilibriumOfTheWorkedExample() {
        // Derivation by hand. The follower's response w = q + c − p with q = (β + b₂s)/b₁ gives
        // D = b₁(q − p) and p − w = 2p − q − c. Maximising π₁ = b₁(2p − q − c)(q − p) − γs²/2 − K in p:
        // 3q − 4p + c = 0, p = (3q + c)/4, leaving π₁ = b₁(q − c)²/8 − γs²/2 − K. In s (dq/ds = b₂/b₁):
        // b₂(q − c)/4 = γs, i.e. 4γb₁s = b₂(β + b₂s − b₁c), s = b₂(β − b₁c)/(4γb₁ − b₂²) = 180/7.
        // Then q = (200 + 180/7)/2 = 790/7, p = (3·790/7 + 10)/4 = 610/7 ≈ 87.14, w = 790/7 + 10 − 610/7 = 250/7 ≈ 35.71.
        let d = market.decentralized()
        #expect(isClose(d.s, 180.0 / 7, rtol: 1e-14))
        #expect(isClose(d.p, 610.0 / 7, rtol: 1e-14))
        #expect(isClose(d.w, 250.0 / 7, rtol: 1e-14))
        // The paper's rounded figures: p = 87.14, w = 35.71, s = 25.71.
        #expect(abs(d.p - 87.14) < 0.005 && abs(d.w - 35.71) < 0.005 && abs(d.s - 25.71) < 0.005)
        // D = 2(790/7 − 610/7) = 360/7; π₂ = (250/7 − 10)·360/7 = 64800/49;
        // π₁ = 2(720/7)²/8 − (180/7)²/2 − 10 = 129600/49 − 16200/49 − 10 = 112910/49.
        #expect(isClose(d.demand, 360.0 / 7, rtol: 1e-14))
        #expect(isClose(d.manufacturerProfit, 64800.0 / 49, rtol: 1e-13))
        #expect(isClose(d.platformProfit, 112910.0 / 49, rtol: 1e-13))
    }

    @Test func theLeaderCannotGainByDeviating() {
        // Independent check of optimality: perturbing (p, s), with the follower responding, lowers π₁.
        let d = market.decentralized()
        func leaderProfit(_ p: Double, _ s: Double) -> Double {
            let w = market.followerWholesalePrice(p: p, s: s)
            return (p - w) * market.demand(p: p, s: s) - market.gamma * s * s / 2 - market.K
        }
        for (dp, ds) in [(0.01, 0.0), (-0.01, 0.0), (0.0, 0.01), (0.0, -0.01), (0.01, 0.01), (-0.01, 0.01)] {
            #expect(leaderProfit(d.p + dp, d.s + ds) < d.platformProfit)
        }
    }

    @Test func centralisedOptimumOfTheWorkedExample() {
        // ∂π/∂p = D − b₁(p − c) = 0 and ∂π/∂s = b₂(p − c) − γs = 0: with the numbers,
        // 200 − 4p + s + 20 = 0 and s = p − 10, so 3p = 210, p = 70, s = 60, D = 120,
        // π = 60·120 − 3600/2 − 10 = 5390 (the paper's figure).
        let c = market.centralized()
        #expect(isClose(c.p, 70, rtol: 1e-14))
        #expect(isClose(c.s, 60, rtol: 1e-14))
        #expect(isClose(c.profit, 5390, rtol: 1e-14))
    }

    @Test func badParametersAreClearErrors() {
        // 2γb₁ − b₂² = 2·1·1 − 2² = −2: not concave.
        #expect { try AllianceMarket(K: 10, gamma: 1, c: 10, beta: 200, b1: 1, b2: 2) } throws: {
            ($0 as? ParameterError)?.message.contains("not concave") == true
        }
        // β = 15 < b₁c = 20: no positive demand.
        #expect { try AllianceMarket(K: 10, gamma: 1, c: 10, beta: 15, b1: 2, b2: 1) } throws: {
            ($0 as? ParameterError)?.parameter == "beta"
        }
        #expect { try AllianceMarket(K: 10, gamma: -1, c: 10, beta: 200, b1: 2, b2: 1) } throws: {
            ($0 as? ParameterError)?.parameter == "gamma"
        }
    }
}
