import Testing
@testable import EcodynCore
import EcodynTestSupport

struct CommunityEnsembleTests {
    /// 300 variants (two blocks of 256 and a partial one) of a 6-member community with random r per member.
    func ensemble() throws -> (CommunityEnsemble, Matrix, Community) {
        let n = 6, members = 600
        let delta = try RandomCommunityRecipe(connectance: 0.6, sigma: 0.3, mix: [.competition: 2, .mutualism: 1], seed: 9).delta(n: n)
        let random = CounterRandom(stream: 77)
        let r = try Matrix(rows: n, columns: members, columnMajor: (0..<(n * members)).map { 0.5 + random.uniform(UInt64($0)) })
        let mu = try Matrix(rows: n, columns: members, columnMajor: r.elements.map { 0.1 * $0 })
        let k = Matrix(rows: n, columns: members, repeating: 1)
        let x0 = Matrix(rows: n, columns: members, repeating: 0.05)
        let base = try Community(r: Array(r.elements[0..<n]), mu: Array(mu.elements[0..<n]), K: [Double](repeating: 1, count: n), delta: delta)
        return (try CommunityEnsemble(delta: delta, r: r, mu: mu, K: k), x0, base)
    }

    @Test func batchedRK4AgreesWithSingleSystems() throws {
        let (e, x0, _) = try ensemble()
        let result = e.integrateRK4(from: x0, dt: 0.05, over: 0...20)
        for b in [0, 255, 256, 599] {
            let single = RungeKutta4(dt: 0.05).solve(e.field(member: b), from: Array(x0.elements[(b * 6)..<(b * 6 + 6)]),
                                                     over: 0...20, limits: .population)
            for i in 0..<6 { #expect(isClose(result.finalState[i, b], single.finalState[i], rtol: 1e-11, atol: 1e-14)) }
        }
        #expect(result.status.allSatisfy { $0 == .finished })
        #expect(result.statistics.steps == 600 * 400)
    }

    @Test func theDgemmPathForLargeCommunitiesAgreesWithSingleSystems() throws {
        // n = 70 > fusedLimit: one dgemm per stage and block.
        let n = 70, members = 5
        #expect(n > CommunityEnsemble.fusedLimit)
        let delta = try RandomCommunityRecipe(connectance: 0.3, sigma: 0.05, seed: 3).delta(n: n)
        let random = CounterRandom(stream: 5)
        let r = try Matrix(rows: n, columns: members, columnMajor: (0..<(n * members)).map { 0.5 + random.uniform(UInt64($0)) })
        let e = try CommunityEnsemble(delta: delta, r: r, mu: Matrix(rows: n, columns: members), K: Matrix(rows: n, columns: members, repeating: 1))
        let x0 = Matrix(rows: n, columns: members, repeating: 0.02)
        let result = e.integrateRK4(from: x0, dt: 0.05, over: 0...10)
        for b in 0..<members {
            let single = RungeKutta4(dt: 0.05).solve(e.field(member: b), from: [Double](repeating: 0.02, count: n), over: 0...10, limits: .population)
            for i in 0..<n { #expect(isClose(result.finalState[i, b], single.finalState[i], rtol: 1e-11, atol: 1e-14)) }
        }
    }

    @Test func resultsAreBitIdenticalForOneAndTwoThreads() throws {
        let (e, x0, _) = try ensemble()
        let one = e.integrateRK4(from: x0, dt: 0.05, over: 0...10, threads: 1)
        let two = e.integrateRK4(from: x0, dt: 0.05, over: 0...10, threads: 2)
        #expect(one.finalState == two.finalState && one.timeAverage == two.timeAverage && one.survivors == two.survivors)
        let noise = Noise(kind: .multiplicative, sigma: [Double](repeating: 0.2, count: 6), seed: 4)
        let solve = { (field: CommunityField, x: [Double], b: Int) in
            EulerMaruyama(dt: 0.01, noise: noise, member: UInt64(b)).solve(field, from: x, over: 0...5, limits: .population)
        }
        let s1 = e.integrateEachMember(from: x0, threads: 1, solve)
        let s2 = e.integrateEachMember(from: x0, threads: 2, solve)
        #expect(s1.finalState == s2.finalState && s1.timeAverage == s2.timeAverage)
    }

    @Test func reductionsAreWhatTheyClaim() throws {
        // Identical members of the coexisting duo: final state → (6.875, 4.25), two survivors each.
        let c = try Community(r: [1, 0.8], mu: [0.1, 0.1], K: [10, 8], delta: Matrix([[1, 0.5], [0.4, 1]]))
        let e = CommunityEnsemble(repeating: c, members: 3)
        let adaptive = e.integrateEachMember(from: Matrix(rows: 2, columns: 3, repeating: 0.1)) { field, x, _ in
            DormandPrince(rtol: 1e-10, atol: 1e-12).solve(field, from: x, over: 0...400, saving: .times((1...400).map(Double.init)), limits: .population)
        }
        #expect(adaptive.survivors == [2, 2, 2])
        #expect(isClose(adaptive.finalState[0, 2], 6.875, rtol: 1e-7))
        // The time average lies between the start and the equilibrium (a monotone approach here).
        #expect(adaptive.timeAverage[0, 0] < 6.875 && adaptive.timeAverage[0, 0] > 6)
    }

    @Test func aDivergingMemberIsReportedAndKeepsItsLastGoodState() throws {
        // Strong mutualism (δ₁₂ = δ₂₁ = −2): δ is not positive definite and X grows without bound.
        let r = Matrix(rows: 2, columns: 2, repeating: 1)
        let e = try CommunityEnsemble(delta: Matrix([[1, -2], [-2, 1]]), r: r, mu: Matrix(rows: 2, columns: 2), K: Matrix(rows: 2, columns: 2, repeating: 1))
        let x0 = try Matrix(rows: 2, columns: 2, columnMajor: [1, 1, 0, 0])   // member 1 starts at the fixed point 0
        let result = e.integrateRK4(from: x0, dt: 0.01, over: 0...10)
        #expect(result.status == [.diverged, .finished])
        #expect(result.finalState.elements.allSatisfy { $0.isFinite })
        #expect(result.finalState[0, 0] > 1e6)          // the last admitted state, on its way up
        #expect(result.finalState[0, 1] == 0)
    }
}
