import Foundation
import Testing
@testable import EcodynCore

/// Ensembles as problems: each member is the run of its own community, whichever method runs
/// the batch.
struct CommunityEnsembleProblemTests {
    /// One logistic species per member, r_b = 0.5 + 0.25 b, μ = 0.1, K = 2: X(t) = K′/(1 + (K′/x₀ − 1)e^{−gt})
    /// with g = r − μ and K′ = K(1 − μ/r). RK4 with dt = 0.01 is within 1e-9 of it at t = 10.
    @Test func logisticMembersFollowTheClosedForm() throws {
        let members = 6, r = (0..<members).map { 0.5 + 0.25 * Double($0) }
        let ensemble = try CommunityEnsemble(delta: .identity(1), r: try Matrix(rows: 1, columns: members, columnMajor: r),
                                             mu: Matrix(rows: 1, columns: members, repeating: 0.1), K: Matrix(rows: 1, columns: members, repeating: 2))
        let problem = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: 1, columns: members, repeating: 0.05),
                                                   tEnd: 10, method: .rk4(dt: 0.01))
        let result = problem.solve()
        for b in 0..<members {
            let g = r[b] - 0.1, k = 2 * (1 - 0.1 / r[b])
            let exact = k / (1 + (k / 0.05 - 1) * exp(-g * 10))
            #expect(abs(result.finalState[0, b] - exact) < 1e-9, "member \(b)")
        }
        #expect(result.status.allSatisfy { $0 == .finished } && result.survivors == [Int](repeating: 1, count: members))
    }

    /// Three competitors whose members differ in K: the batched kernel's member b ends where a
    /// single RK4 run of member b's community ends, and so do Dormand–Prince members (to its
    /// tolerance) and Euler–Maruyama members (to round-off: the batched kernel draws member b's
    /// noise keyed by b as the single run does, with libmvec's logarithm and cosine and fused
    /// multiply–adds).
    @Test func everyMethodRunsEachMemberAsItsOwnCommunity() throws {
        let delta = try Matrix([[1, 0.4, 0.2], [0.3, 1, 0.5], [0.1, 0.6, 1]]), members = 5
        let K = try Matrix(rows: 3, columns: members, columnMajor: (0..<(3 * members)).map { 1 + 0.1 * Double($0 % 7) })
        let r = Matrix(rows: 3, columns: members, repeating: 1), mu = Matrix(rows: 3, columns: members, repeating: 0.05)
        let ensemble = try CommunityEnsemble(delta: delta, r: r, mu: mu, K: K)
        let x0 = Matrix(rows: 3, columns: members, repeating: 0.1)
        let noise = Noise(kind: .multiplicative, sigma: [0.05, 0.05, 0.05], seed: 9)
        for method in [IntegrationMethod.rk4(dt: 0.01), .dopri5(DormandPrince(rtol: 1e-10, atol: 1e-12)), .eulerMaruyama(dt: 0.01, noise: noise)] {
            let result = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: x0, tEnd: 20, method: method).solve()
            for b in 0..<members {
                let community = try Community(r: [1, 1, 1], mu: [0.05, 0.05, 0.05], K: (0..<3).map { K[$0, b] }, delta: delta)
                let single: [Double]
                if case .eulerMaruyama(let dt, let noise) = method {
                    single = EulerMaruyama(dt: dt, noise: noise, member: UInt64(b)).solve(CommunityField(community), from: [0.1, 0.1, 0.1], over: 0...20, limits: .population).finalState
                } else {
                    single = try CommunityProblem(community: community, initialState: [0.1, 0.1, 0.1], tEnd: 20, method: method).solve().finalState
                }
                let tolerance = method.name == "euler-maruyama" ? 1e-13 : 1e-9
                for i in 0..<3 { #expect(abs(result.finalState[i, b] - single[i]) <= tolerance, "\(method.name) member \(b) species \(i)") }
            }
        }
    }

    @Test func theResultIsTheSameOnAnyNumberOfThreads() throws {
        let ensemble = try CommunityEnsemble(delta: try Matrix([[1, 0.5], [0.5, 1]]), r: Matrix(rows: 2, columns: 300, repeating: 1),
                                             mu: Matrix(rows: 2, columns: 300, repeating: 0), K: Matrix(rows: 2, columns: 300, repeating: 1))
        let x0 = try Matrix(rows: 2, columns: 300, columnMajor: (0..<600).map { 0.01 + 0.001 * Double($0) })
        let problem = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: x0, tEnd: 5, method: .rk4(dt: 0.05))
        #expect(problem.solve(threads: 1).finalState == problem.solve(threads: 2).finalState)
    }

    @Test func badInputNamesTheParameter() throws {
        let ensemble = CommunityEnsemble(repeating: try Community(r: [1], mu: [0], K: [1], delta: .identity(1)), members: 2)
        #expect { try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: 1, columns: 3, repeating: 0.1), tEnd: 1, method: .rk4(dt: 0.1)) } throws: {
            ($0 as? ParameterError)?.parameter == "initialStates"
        }
        #expect { try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: 1, columns: 2, repeating: 0.1), tEnd: 1, method: .rk4(dt: 2)) } throws: {
            ($0 as? ParameterError)?.parameter == "dt"
        }
    }
}

extension CommunityEnsembleProblemTests {
    /// A member's arithmetic in the fused kernel is its own: run alone, beside one partner or
    /// in any position of a wider batch, it ends bit for bit in the same state (what lets a sweep
    /// batch its points however its threads split them).
    @Test(arguments: [1, 2, 3, 5])
    func aMemberEndsTheSameWhateverItsBatch(width: Int) throws {
        let delta = try Matrix([[1, 0.4, 0.2, 0.1], [0.3, 1, 0.5, 0.2], [0.1, 0.6, 1, 0.3], [0.2, 0.1, 0.4, 1]])
        func K(_ b: Int) -> [Double] { (0..<4).map { 0.7 + 0.13 * Double((b * 4 + $0) % 9) } }
        func run(_ members: [Int]) throws -> Matrix {
            let k = try Matrix(rows: 4, columns: members.count, columnMajor: members.flatMap(K))
            let ensemble = try CommunityEnsemble(delta: delta, r: Matrix(rows: 4, columns: members.count, repeating: 1),
                                                 mu: Matrix(rows: 4, columns: members.count, repeating: 0.05), K: k)
            return ensemble.integrateRK4(from: Matrix(rows: 4, columns: members.count, repeating: 0.1), dt: 0.02, over: 0...30, threads: 1).finalState
        }
        let together = try run(Array(0..<width))
        for b in 0..<width {
            let alone = try run([b])
            #expect((0..<4).allSatisfy { together[$0, b] == alone[$0, 0] }, "member \(b) of \(width)")
        }
    }
}
