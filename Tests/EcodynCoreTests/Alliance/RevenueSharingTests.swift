import Testing
@testable import EcodynCore
import EcodynTestSupport

struct RevenueSharingTests {
    let market = try! AllianceMarket(K: 10, gamma: 1, c: 10, beta: 200, b1: 2, b2: 1)

    @Test func theWorkedExampleAtLambdaThreeQuarters() throws {
        // The paper's row: p = 70, w = 16.50, s = 36.00, π₁ = 2798.00, π₂ = 2304.00, total 5102.00.
        // By hand: w = λp − λγ(β − b₁p)/(b₁γ − λb₂²) (see below) = 52.5 − 0.75·60/1.25 = 16.5;
        // s = b₂(λp − w)/γ = 36; D = 200 − 140 + 36 = 96; π₁ = 0.75·70·96 − 16.5·96 − 36²/2 − 10 = 2798;
        // π₂ = (17.5 + 16.5 − 10)·96 = 2304.
        let o = try market.sharing(lambda: 0.75)
        #expect(isClose(o.p, 70, rtol: 1e-14))
        #expect(isClose(o.w, 16.5, rtol: 1e-13))
        #expect(isClose(o.s, 36, rtol: 1e-13))
        #expect(isClose(o.platformProfit, 2798, rtol: 1e-13))
        #expect(isClose(o.manufacturerProfit, 2304, rtol: 1e-13))
        #expect(isClose(o.total, 5102, rtol: 1e-13))
    }

    @Test(arguments: [0.2, 0.5, 0.8, 0.95, 1.0])
    func wholesalePriceMatchesAnIndependentDerivation(lambda: Double) throws {
        // Independent derivation of w*(λ): the platform maximises (λp − w)D − γs²/2 − K. With m = λp − w,
        // ∂/∂s gives s = b₂m/γ, ∂/∂p gives λD = b₁m, i.e. λ(β − b₁p + b₂²m/γ) = b₁m, so
        // m = λγ(β − b₁p)/(b₁γ − λb₂²) and w = λp − m at the centralised p.
        let p = market.centralized().p
        let m = lambda * market.gamma * (market.beta - market.b1 * p) / (market.b1 * market.gamma - lambda * market.b2 * market.b2)
        let o = try market.sharing(lambda: lambda)
        #expect(isClose(o.w, lambda * p - m, rtol: 1e-12, atol: 1e-12))
    }

    @Test func theFeasibleRangeEndsAtRootsOfTheConditions() throws {
        // Reference: SciPy brentq (xtol 1e-15) on a separate Python formulation of the contract (w from the
        // derivation m = λγ(β − b₁p)/(b₁γ − λb₂²)): π₁(λ) = π₂(λ) at 0.7093718714473837 and
        // π₂(λ) = π₂* at 0.8860389488677948.
        let ranges = market.feasibleSharingRange()
        let range = try #require(ranges.count == 1 ? ranges[0] : nil)
        #expect(abs(range.lowerBound - 0.7093718714473837) < 1e-10)
        #expect(abs(range.upperBound - 0.8860389488677948) < 1e-10)
        // The lower end is where π₁(λ) = π₂(λ); the upper where π₂(λ) = π₂*. Both to 1e-10 in λ:
        // the conditions change sign within ±1e-10 of the reported ends.
        let base = market.decentralized()
        let gap = { (l: Double) in market.sharingOutcome(l).platformProfit - market.sharingOutcome(l).manufacturerProfit }
        let gain = { (l: Double) in market.sharingOutcome(l).manufacturerProfit - base.manufacturerProfit }
        #expect(gap(range.lowerBound - 1e-10) < 0 && gap(range.lowerBound + 1e-10) > 0)
        #expect(gain(range.upperBound - 1e-10) > 0 && gain(range.upperBound + 1e-10) < 0)
    }

    @Test func withoutAServiceEffectTheRangeHasAClosedForm() throws {
        // b₂ = 0: s = 0, the centralised p = (β + b₁c)/(2b₁) = 55 and D = (β − b₁c)/2 = 90, so (p − c)D = 4050,
        // and w*(λ) = λ(2p − β/b₁) = λc. Hence π₁(λ) = λ·4050 − K and π₂(λ) = (1 − λ)·4050.
        // Decentralised: p = (3β/b₁ + c)/4 = 77.5, w = 32.5, D = 45, π₁* = 45·45 − 10 = 2015, π₂* = 22.5·45 = 1012.5.
        // π₁ > π₂ ⇔ λ > (1 + 10/4050)/2; π₁ > π₁* ⇔ λ > 2025/4050 = 0.5; π₂ > π₂* ⇔ λ < 1 − 1012.5/4050 = 0.75.
        let flat = try AllianceMarket(K: 10, gamma: 1, c: 10, beta: 200, b1: 2, b2: 0)
        let o = try flat.sharing(lambda: 0.6)
        #expect(isClose(o.w, 6, rtol: 1e-14) && o.s == 0)
        let ranges = flat.feasibleSharingRange()
        let range = try #require(ranges.count == 1 ? ranges[0] : nil)
        #expect(abs(range.lowerBound - (1 + 10.0 / 4050) / 2) < 1e-10)
        #expect(abs(range.upperBound - 0.75) < 1e-10)
    }

    @Test func lambdaOutsideTheUnitIntervalIsRejected() {
        #expect(throws: ParameterError.self) { try market.sharing(lambda: 0) }
        #expect(throws: ParameterError.self) { try market.sharing(lambda: 1.2) }
    }
}
