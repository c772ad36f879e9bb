import Foundation
import Testing
@testable import EcodynCore

/// The shared noise layout against the canonical workloads' NumPy definitions (W10's recipe).
struct SharedNoiseTests {
    @Test func normalPairsMatchTheWorkloads() {
        // python3 -c "import workloads as W; print(W.normal_pairs(10, 0, 3), W.normal_pairs(10, 123456, 1))" in ../shared/peers
        let random = CounterRandom(stream: 10)
        let expected: [(UInt64, Double)] = [(0, -0.19635482654321232), (1, 1.4242893704730513), (2, -0.27287163139790194), (123456, 0.26707021657879115)]
        for (q, value) in expected { #expect(abs(random.normal(pair: q) - value) <= 1e-15 * max(1, abs(value)), "q = \(q)") }
    }

    @Test func ensembleEulerMaruyamaMatchesTheNumPyPeer() throws {
        // W10 at 8 members and 50 steps: W2's community (n = 32, α = 0.5, seed 2) and member rates,
        // dX = f dt + 0.1·X dW, the increments of workloads.normal_pairs(10, (k·B + b)·n + i), X
        // clamped at 0. The checksum by the NumPy loop of run_peers.py's w10 with B = 8, steps = 50:
        let numpy = 3.8206480380286347, numpyMember3 = 0.5699739447992122
        let (n, members, alpha) = (32, 8, 0.5)
        let u = CounterRandom(stream: 2).uniforms(count: n * n + n)
        var delta = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { delta[i, j] = i == j ? 1 : 2 * alpha / Double(n) * u[i * n + j] } }
        let r = (0..<n).map { 0.5 + u[n * n + $0] }
        let scale = CounterRandom(stream: 1002).uniforms(count: members).map { 0.5 + $0 }
        var rates = Matrix(rows: n, columns: members), deaths = rates
        for b in 0..<members { for i in 0..<n { rates[i, b] = r[i] * scale[b]; deaths[i, b] = 0.1 * r[i] * scale[b] } }
        let ensemble = try CommunityEnsemble(delta: delta, r: rates, mu: deaths, K: Matrix(rows: n, columns: members, repeating: 1))
        let noise = Noise(kind: .multiplicative, sigma: [Double](repeating: 0.1, count: n), seed: 10, layout: .shared(members: members))
        let problem = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: n, columns: members, repeating: 0.01),
                                                   tEnd: 0.5, method: .eulerMaruyama(dt: 0.01, noise: noise))
        for threads in [1, 2] {
            let result = problem.solve(threads: threads)
            let total = result.finalState.elements.reduce(0, +)
            let member3 = (0..<n).reduce(0.0) { $0 + result.finalState[$1, 3] }
            #expect(abs(total - numpy) < 1e-12 * numpy && abs(member3 - numpyMember3) < 1e-12, "total \(total), member 3 \(member3)")
        }
        let wrong = Noise(kind: .multiplicative, sigma: [Double](repeating: 0.1, count: n), seed: 10, layout: .shared(members: 3))
        #expect(throws: ParameterError.self) {
            try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: n, columns: members, repeating: 0.01),
                                         tEnd: 0.5, method: .eulerMaruyama(dt: 0.01, noise: wrong))
        }
    }
}
