import Testing
@testable import EcodynCore
import EcodynTestSupport

struct AllocationTests {
    @Test func shapleyOfTwoPlayersSplitsTheSurplusEqually() throws {
        // v(1) = 1, v(2) = 2, v(12) = 6: φ₁ = 1 + (6 − 1 − 2)/2 = 2.5, φ₂ = 2 + 1.5 = 3.5.
        #expect(try Shapley.value(of: [0, 1, 2, 6]) == [2.5, 3.5])
    }

    @Test func shapleyOfTheGloveGame() throws {
        // Player 0 owns a left glove, players 1 and 2 right gloves; a pair is worth 1.
        // Player 0's marginal contribution is 1 in the orders where it is not first: 4 of 6 orders → 2/3;
        // each right-glove owner contributes 1 only when it directly follows player 0 first: 1 of 6 → 1/6.
        let phi = try Shapley.value(of: [0, 0, 0, 1, 0, 1, 0, 1])
        #expect(allClose(phi, [2.0 / 3, 1.0 / 6, 1.0 / 6], rtol: 1e-15, atol: 1e-15))
    }

    @Test func shapleyOfAThreePlayerGameByPermutations() throws {
        // v: {}=0, {0}=1, {1}=2, {0,1}=4, {2}=0, {0,2}=3, {1,2}=5, {0,1,2}=9. Marginal contributions by hand,
        // order: (player 0, 1, 2): 012: (1, 3, 5); 021: (1, 6, 2); 102: (2, 2, 5); 120: (4, 2, 3); 201: (3, 6, 0);
        // 210: (4, 5, 0). Averages: φ = [15/6, 24/6, 15/6] = [2.5, 4, 2.5]; the loop below recomputes them.
        let v: [Double] = [0, 1, 2, 4, 0, 3, 5, 9]
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        var expected = [0.0, 0, 0]
        for order in orders {
            var coalition = 0
            for member in order {
                expected[member] += (v[coalition | 1 << member] - v[coalition]) / 6
                coalition |= 1 << member
            }
        }
        #expect(allClose(try Shapley.value(of: v), expected, rtol: 1e-14))
        #expect(allClose(expected, [2.5, 4, 2.5], rtol: 1e-14))
    }

    @Test func shapleyAxioms() throws {
        // A random game on 10 players: efficiency; a symmetric pair gets equal shares; a dummy player
        // (adds v({i}) to every coalition) gets exactly v({i}).
        let n = 10, random = CounterRandom(stream: 99)
        var v = [Double](repeating: 0, count: 1 << n)
        for s in 1..<(1 << n) {
            // Players 0 and 1 are symmetric: the value depends on them only through how many are present.
            let key = UInt64((s >> 2) << 2 | (s & 3).nonzeroBitCount)
            v[s] = 10 * random.uniform(key) + Double(s.nonzeroBitCount)
        }
        // Make player 9 a dummy worth 0.5.
        for s in 0..<(1 << n) where s & (1 << 9) != 0 { v[s] = v[s & ~(1 << 9)] + 0.5 }
        let phi = try Shapley.value(of: v)
        #expect(isClose(phi.reduce(0, +), v[(1 << n) - 1], rtol: 1e-12))
        #expect(isClose(phi[0], phi[1], rtol: 1e-12))
        #expect(isClose(phi[9], 0.5, rtol: 1e-12))
    }

    @Test func shapleyRejectsMalformedInput() {
        #expect(throws: ParameterError.self) { try Shapley.value(of: [0, 1, 2]) }
        #expect(throws: ParameterError.self) { try Shapley.value(of: [1, 1]) }
    }

    @Test func raiffaByHandAndEfficiency() throws {
        // n = 3, V(N) = 12, μ = [3, 6, 9]: mean μ = 6, weight (2·3 − 3)/(2·2) = 3/4.
        // x = 4 + 0.75·(6 − μ) = [6.25, 4, 1.75].
        let x = try Raiffa.allocation(value: 12, valuesWithout: [3, 6, 9])
        #expect(allClose(x, [6.25, 4, 1.75], rtol: 1e-15))
        #expect(isClose(x.reduce(0, +), 12, rtol: 1e-15))
    }

    @Test func improvedRaiffaByHandAndEfficiency() throws {
        // Only costs count (M₁ = 1): F = φ/Σφ = [0.5, 0.25, 0.25]; x* = x + (F − 1/3)·12 = x + [2, −1, −1].
        let x = try Raiffa.improvedAllocation(value: 12, valuesWithout: [3, 6, 9], costs: [2, 1, 1],
                                              serviceLevels: nil, businessLevels: nil, weights: ServiceWeights(costs: 1, service: 0, business: 0))
        #expect(allClose(x, [8.25, 3, 0.75], rtol: 1e-14))
        let mixed = try Raiffa.improvedAllocation(value: 7, valuesWithout: [1, 2, 3, 0.5], costs: [1, 2, 3, 4],
                                                  serviceLevels: [0.9, 0.5, 0.7, 0.2], businessLevels: [5, 1, 1, 3],
                                                  weights: ServiceWeights(costs: 0.2, service: 0.5, business: 0.3))
        #expect(isClose(mixed.reduce(0, +), 7, rtol: 1e-14))
    }

    @Test func improvedRaiffaNamesWhatIsMissing() {
        #expect { try Raiffa.improvedAllocation(value: 1, valuesWithout: [0, 0], costs: nil, serviceLevels: nil,
                                                businessLevels: nil, weights: ServiceWeights(costs: 1, service: 0, business: 0)) } throws: {
            ($0 as? ParameterError)?.parameter == "phi"
        }
        #expect { try Raiffa.improvedAllocation(value: 1, valuesWithout: [0, 0], costs: [1, 1], serviceLevels: nil,
                                                businessLevels: nil, weights: ServiceWeights(costs: 0.5, service: 0, business: 0)) } throws: {
            ($0 as? ParameterError)?.parameter == "weights"
        }
    }
}
