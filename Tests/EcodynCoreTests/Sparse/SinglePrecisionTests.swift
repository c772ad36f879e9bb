import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

/// δ kept in float32: the field's error is each entry's rounding (a relative 2⁻²⁴) and nothing
/// more, and a run follows the float64 one to the accuracy that rounding allows.
struct SinglePrecisionTests {
    /// W1's community at n = 1000 (δ_ij = (2/n)·u off the diagonal), in float64 and float32.
    static func pair(n: Int) throws -> (double: Community, single: Community) {
        let random = CounterRandom(stream: 1)
        var delta = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { delta[i, j] = i == j ? 1 : (2 / Double(n)) * random.uniform(UInt64(i * n + j)) } }
        let r = (0..<n).map { 0.5 + random.uniform(UInt64(n * n + $0)) }
        let double = try Community(r: r, mu: r.map { 0.1 * $0 }, K: [Double](repeating: 1, count: n), delta: delta)
        let single = try Community(r: r, mu: double.mu, K: double.K, interactions: .single(SinglePrecisionMatrix(delta)))
        return (double, single)
    }

    @Test func theFieldsErrorIsTheEntriesRounding() throws {
        let (double, single) = try Self.pair(n: 1000)
        guard case .single(let stored) = single.interactions else { Issue.record("not single"); return }
        #expect(stored.entries.count == 1000 * 1000)   // 4 bytes an entry
        let x = (0..<1000).map { 0.2 + 0.1 * sin(Double($0)) }
        var fd = [Double](repeating: 0, count: 1000), fs = fd
        CommunityField(double).evaluate(0, x, &fd)
        CommunityField(single).evaluate(0, x, &fs)
        for i in 0..<1000 {
            // |Δf_i| ≤ a_i x_i Σ_j |δ_ij − fl32(δ_ij)| |x_j| ≤ 2⁻²⁴ a_i x_i Σ_j |δ_ij x_j| (plus float64 rounding).
            let bound = 0x1p-24 * double.a[i] * x[i] * (0..<1000).reduce(0) { $0 + abs(double.delta[i, $1] * x[$1]) }
            #expect(abs(fs[i] - fd[i]) <= 1.01 * bound + 1e-15)
        }
    }

    @Test func aRunFollowsTheFloat64Run() throws {
        let (double, single) = try Self.pair(n: 1000)
        let x0 = [Double](repeating: 0.01, count: 1000)
        let method = DormandPrince(rtol: 1e-10, atol: 1e-12)
        let a = method.solve(CommunityField(double), from: x0, over: 0...200).finalState
        let b = method.solve(CommunityField(single), from: x0, over: 0...200).finalState
        // The stated accuracy (docs/community.md): final states within 1e-6 of the float64 run's.
        #expect(allClose(b, a, rtol: 1e-6, atol: 1e-9))
        let threaded = try Community(r: single.r, mu: single.mu, K: single.K, interactions: single.interactions)
        #expect(BLASThreads.withSingleThread { method.solve(CommunityField(threaded), from: x0, over: 0...20).finalState }
                == method.solve(CommunityField(single), from: x0, over: 0...20).finalState)
    }

    @Test func entriesBeyondFloat32AreRefused() throws {
        #expect(throws: LinearAlgebraError.self) { try SinglePrecisionMatrix(Matrix([[1, 1e39], [0, 1]])) }
        let design = CommunityDesign(r: [1, 1], mu: [0, 0], K: [1, 1], interactions: .given(try Matrix([[1, 1e39], [0, 1]])), precision: .single)
        #expect(throws: ParameterError.self) { try design.community() }
        let (_, single) = try Self.pair(n: 30)
        #expect(try single.with("delta[0][1]", 0.25).interactions[0, 1] == 0.25)
        #expect(try single.interiorEquilibrium().state.count == 30)
    }
}
