import Ecodyn

/// W9 glv-auto: the W1 problem (`workloads.W9`) with no method named — the library's automatic
/// choice (Dormand–Prince handing over to BDF where the problem turns stiff), rtol 1e-6,
/// atol 1e-9, end to end through `CommunityProblem`; checksum Σ X(t_end). BDF alone is context.
struct GLVAuto: Workload {
    let id = "W9"
    let name = "W9 glv-auto"

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let c = CanonicalInputs.glvCommunity(n: 1000, alpha: 1.0, seed: 1)
        let community = try Community(r: c.r, mu: c.mu, K: c.K, delta: c.delta)
        let methods: [(String, IntegrationMethod)] = [
            ("ecodyn auto", .automatic(AutomaticMethod(rtol: 1e-6, atol: 1e-9))),
            ("ecodyn bdf (CVODE, GMRES with the analytic J·v)", .bdf(BDF(rtol: 1e-6, atol: 1e-9))),
        ]
        return try methods.map { label, method in
            let problem = try CommunityProblem(community: community, initialState: c.x0, tEnd: 1000, method: method)
            let (seconds, s) = Stopwatch.best(repeats: repeats) { problem.solve(endpointsOnly: true) }
            let phases = s.phases.map { "\($0.method) from t = \(($0.start * 100).rounded() / 100)" }.joined(separator: ", ")
            return BenchmarkRecord(workload: name, impl: label + (phases.isEmpty ? "" : " [\(phases)]") + ", OpenBLAS \(BLASThreads.count) threads",
                                   seconds: seconds,
                                   figures: [("rhs_evals", .integer(s.statistics.rhsEvaluations)), ("jtimes", .integer(s.statistics.jacobianProducts)),
                                             ("steps", .integer(s.statistics.steps)), ("rejected", .integer(s.statistics.rejectedSteps))],
                                   checksum: .number(s.finalState.reduce(0, +)))
        }
    }
}
