import Ecodyn

/// W1 glv-single: one competitive community of n = 1000 (`workloads.W1`), adaptive
/// Dormand–Prince 5(4) to t = 1000 with rtol 1e-6, atol 1e-9; checksum Σ X(t_end).
struct GLVSingle: Workload {
    let id = "W1"
    let name = "W1 glv-single"

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let c = CanonicalInputs.glvCommunity(n: 1000, alpha: 1.0, seed: 1)
        let field = CommunityField(try Community(r: c.r, mu: c.mu, K: c.K, delta: c.delta))
        let method = DormandPrince(rtol: 1e-6, atol: 1e-9)
        let (seconds, s) = Stopwatch.best(repeats: repeats) { method.solve(field, from: c.x0, over: 0...1000) }
        return [BenchmarkRecord(workload: name, impl: "ecodyn dopri5 (gemv + avx2 kernel, OpenBLAS \(BLASThreads.count) threads)",
                                seconds: seconds,
                                figures: [("rhs_evals", .integer(s.statistics.rhsEvaluations)), ("steps", .integer(s.statistics.steps)),
                                          ("rejected", .integer(s.statistics.rejectedSteps))],
                                checksum: .number(s.finalState.reduce(0, +)))]
    }
}
