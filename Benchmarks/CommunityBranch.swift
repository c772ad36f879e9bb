import Ecodyn

/// C1 community-branch: the equilibrium of a 200-member competitive community
/// (`workloads.glv_community(200, 1.0, 11)`) followed as K[0] goes from 1 to 120, across the
/// extinctions member 0's growth causes (`CommunityContinuation`); checksum Σ X at the end. The
/// SciPy peer (Benchmarks/continuation_bench.py) solves the same equilibria by a loop of
/// `fsolve` plus `numpy.linalg.eigvals` at as many parameter values.
struct CommunityBranch: Workload {
    let id = "C1"
    let name = "C1 community-branch"
    static let (n, alpha, seed, target) = (200, 1.0, UInt64(11), 120.0)

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let c = CanonicalInputs.glvCommunity(n: Self.n, alpha: Self.alpha, seed: Self.seed)
        let community = try Community(r: c.r, mu: c.mu, K: c.K, delta: c.delta)
        let (seconds, path) = try Stopwatch.best(repeats: repeats) { () throws -> CommunityPath in
            try CommunityContinuation(community: community, parameter: "K[0]").follow(to: Self.target)
        }
        let points = path.branches.map(\.points.count).reduce(0, +)
        let last = path.branches.last!.points.last!
        return [BenchmarkRecord(workload: name, impl: "ecodyn pseudo-arclength + transcritical switching (LAPACK dgesv, dgeev)",
                                seconds: seconds,
                                figures: [("points", .integer(points)), ("transitions", .integer(path.transitions.count)),
                                          ("first_transition", .number(path.transitions.first?.parameterValue ?? .nan)),
                                          ("survivors", .integer(last.state.filter { $0 > 0 }.count))],
                                checksum: .number(last.state.reduce(0, +)))]
    }
}
