import Foundation
import CEcodynKernels
import Ecodyn

/// W10 sde-ensemble: W2's 4096 members (n = 32) with multiplicative noise σX dW, σ = 0.1,
/// Euler–Maruyama with dt = 0.01 for 2000 steps (`workloads.W10`), the increments drawn as
/// `workloads.normal_pairs(10, (k·B + b)·n + i)` (the shared noise layout), X clamped at 0;
/// through `CommunityEnsembleProblem`, checksum Σ X.
struct SDEEnsemble: Workload {
    let id = "W10"
    let name = "W10 sde-ensemble"
    let n = 32, members = 4096, steps = 2000, dt = 0.01

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let ensemble = try CanonicalInputs.glvEnsemble(n: n, members: members, alpha: 0.5, seed: 2)
        let noise = Noise(kind: .multiplicative, sigma: [Double](repeating: 0.1, count: n), seed: 10, layout: .shared(members: members))
        let problem = try CommunityEnsembleProblem(ensemble: ensemble, initialStates: Matrix(rows: n, columns: members, repeating: 0.01),
                                                   tEnd: Double(steps) * dt, method: .eulerMaruyama(dt: dt, noise: noise))
        let (seconds, result) = Stopwatch.best(repeats: repeats) { problem.solve() }
        return [BenchmarkRecord(workload: name, impl: "ecodyn euler-maruyama ensemble (fused avx2 kernel, noise by \(ek_has_avx512() != 0 ? "avx-512" : "avx2") + libmvec, \(ParallelLoop.availableThreads) threads)",
                                seconds: seconds,
                                figures: [("member_steps_per_s", .number(Double(members * steps) / seconds))],
                                checksum: .number(result.finalState.elements.reduce(0, +)))]
    }
}
