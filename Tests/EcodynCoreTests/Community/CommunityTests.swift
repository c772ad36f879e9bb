import Testing
@testable import EcodynCore

struct CommunityTests {
    @Test func badParametersNameTheField() {
        #expect { try Community(r: [1, 1], mu: [0, 0], K: [1, 0], delta: .identity(2)) } throws: { ($0 as? ParameterError)?.parameter == "K" }
        #expect { try Community(r: [1, 1], mu: [0, 0], K: [1, 1], delta: Matrix(rows: 2, columns: 3)) } throws: {
            ($0 as? ParameterError)?.description == "delta: δ must be 2×2, got 2×3"
        }
        #expect { try Community(r: [1, -1], mu: [0, 0], K: [1, 1], delta: .identity(2)) } throws: { ($0 as? ParameterError)?.parameter == "r" }
        #expect { try Community(r: [1, 1], mu: [0, -0.1], K: [1, 1], delta: .identity(2)) } throws: { ($0 as? ParameterError)?.parameter == "mu" }
    }

    @Test func relationsSetTheSignsOfTheTable() throws {
        // Effect of j on i is −δ_ij (MODELS.md §1): competition (−, −), mutualism (+, +), predation (−, +),
        // commensalism (0, +), amensalism (−, 0).
        func pair(_ type: InteractionType) throws -> (Double, Double) {
            let c = try Community(r: [1, 1], mu: [0, 0], K: [1, 1], relations: [Relation(0, 1, type, strengthOnI: 0.3, strengthOnJ: 0.7)])
            return (c.delta[0, 1], c.delta[1, 0])
        }
        #expect(try pair(.competition) == (0.3, 0.7))
        #expect(try pair(.mutualism) == (-0.3, -0.7))
        #expect(try pair(.predation) == (0.3, -0.7))
        #expect(try pair(.commensalism) == (0, -0.7))
        #expect(try pair(.amensalism) == (0.3, 0))
        #expect(InteractionType(name: "parasitism") == .predation)
        #expect(throws: ParameterError.self) { try Community(r: [1, 1], mu: [0, 0], K: [1, 1], relations: [Relation(0, 2, .competition, strength: 1)]) }
    }

    /// The dense builder draws rows in parallel, and straight into float32 on request: the same
    /// δ for any thread count, and the float32 δ is the float64 one rounded entry by entry.
    @Test func theDenseBuilderIsIndependentOfThreadsAndRoundsToFloat32() throws {
        let recipe = try RandomCommunityRecipe(connectance: 0.4, sigma: 0.3, mix: [.competition: 1, .mutualism: 1, .predation: 1], seed: 12)
        let one = recipe.delta(n: 301, threads: 1)
        for threads in [2, 5] { #expect(recipe.delta(n: 301, threads: threads) == one) }
        let single = try recipe.singleDelta(n: 301, threads: 2)
        #expect(single == (try SinglePrecisionMatrix(one)))
        let huge = try RandomCommunityRecipe(connectance: 1, sigma: 1e300, seed: 1)
        #expect(throws: LinearAlgebraError.self) { try huge.singleDelta(n: 20) }
    }

    @Test func randomCommunitiesAreReproducibleAndHonourTheRecipe() throws {
        let recipe = try RandomCommunityRecipe(connectance: 0.3, sigma: 0.2, mix: [.predation: 1], seed: 42)
        let d1 = recipe.delta(n: 200), d2 = recipe.delta(n: 200)
        #expect(d1 == d2)
        #expect(try RandomCommunityRecipe(connectance: 0.3, sigma: 0.2, mix: [.predation: 1], seed: 43).delta(n: 200) != d1)
        var links = 0
        for i in 0..<200 {
            #expect(d1[i, i] == 1)
            for j in (i + 1)..<200 where d1[i, j] != 0 || d1[j, i] != 0 {
                links += 1
                #expect(d1[i, j] > 0 && d1[j, i] < 0)   // predation: j gains, i loses
            }
        }
        // 19 900 pairs, each linked with probability 0.3: mean 5970, sd √(19900·0.3·0.7) ≈ 64.6; allow 5 sd.
        #expect(abs(Double(links) - 5970) < 5 * 64.6)
    }

    @Test func randomMagnitudesHaveTheRequestedScale() throws {
        // |N(0, σ²)| has mean σ√(2/π); uniform on [0, σ√3) has mean σ√3/2. 2 × 4950 magnitudes each.
        for (distribution, mean) in [(RandomCommunityRecipe.Magnitude.normal, 0.5 * (2 / Double.pi).squareRoot()),
                                     (.uniform, 0.5 * 3.0.squareRoot() / 2)] {
            let d = try RandomCommunityRecipe(connectance: 1, sigma: 0.5, distribution: distribution, seed: 1).delta(n: 100)
            var sum = 0.0
            for i in 0..<100 { for j in 0..<100 where i != j { sum += d[i, j] } }
            #expect(abs(sum / 9900 - mean) < 0.02, "\(distribution)")
        }
    }
}
