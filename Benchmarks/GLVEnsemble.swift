import Foundation
import Ecodyn

/// W2 glv-ensemble: 4096 members of an n = 32 community sharing δ, member b with r·(0.5 + u_b)
/// (`workloads.W2`), fixed-step RK4 with dt = 0.01 for 2000 steps; checksum Σ X.
/// Also reports the GFLOP/s of the δ·X products (2n² flops per member and stage) against a large
/// dgemm measured in the same run: the machine's practical peak.
struct GLVEnsemble: Workload {
    let id = "W2"
    let name = "W2 glv-ensemble"
    let n = 32, members = 4096, steps = 2000, dt = 0.01

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let ensemble = try CanonicalInputs.glvEnsemble(n: n, members: members, alpha: 0.5, seed: 2)
        let x0 = Matrix(rows: n, columns: members, repeating: 0.01)
        let span = 0...(Double(steps) * dt)
        // No clamping: the peer does not clamp, and the checksum must match it.
        let (seconds, result) = Stopwatch.best(repeats: repeats) { ensemble.integrateRK4(from: x0, dt: dt, over: span, limits: StateLimits()) }
        let productFlops = 4.0 * 2 * Double(n * n * members * steps)
        return [BenchmarkRecord(workload: name, impl: "ecodyn batched rk4 (fused avx2 kernel, \(ParallelLoop.availableThreads) threads)",
                                seconds: seconds,
                                figures: [("member_steps_per_s", .number(Double(members * steps) / seconds)),
                                          ("interaction_gflops", .number(productFlops / seconds * 1e-9)),
                                          ("dgemm_peak_gflops", .number(Self.dgemmPeak()))],
                                checksum: .number(result.finalState.elements.reduce(0, +)))]
    }

    /// GFLOP/s of a 2048³ dgemm with OpenBLAS's threads: the machine's practical peak.
    static func dgemmPeak() -> Double {
        let size = 2048
        let a = Matrix(rows: size, columns: size, repeating: 1.0 / Double(size))
        var out = Matrix(rows: size, columns: size)
        let (seconds, _) = Stopwatch.best(repeats: 3) { try? Matrix.multiply(a, a, into: &out) }
        return 2 * pow(Double(size), 3) / seconds * 1e-9
    }
}
