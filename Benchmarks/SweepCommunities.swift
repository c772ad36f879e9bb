import Ecodyn

/// W6 sweep: 2000 communities (n = 10; alpha = linspace(0.1, 2, 200) × seeds 0…9, `workloads.W6`)
/// integrated to t = 500 by Dormand–Prince (rtol 1e-6, atol 1e-9), then the survivors
/// (X_i > 1e-6) and the largest real part of the Jacobian's eigenvalues at the final state.
/// Checksum: the total number of survivors.
struct SweepCommunities: Workload {
    let id = "W6"
    let name = "W6 sweep"

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let alphas = ValueGrid.linspace(0.1, 2.0, 200).points
        let points = alphas.flatMap { alpha in (0..<10).map { (alpha, UInt64($0)) } }
        let fields = try points.map { alpha, seed -> (Community, [Double]) in
            let c = CanonicalInputs.glvCommunity(n: 10, alpha: alpha, seed: seed)
            return (try Community(r: c.r, mu: c.mu, K: c.K, delta: c.delta), c.x0)
        }
        let method = DormandPrince(rtol: 1e-6, atol: 1e-9)
        let (seconds, results) = Stopwatch.best(repeats: repeats) { () -> [(Int, Double)] in
            var out = [(Int, Double)](repeating: (0, 0), count: points.count)
            out.withUnsafeMutableBufferPointer { buffer in
                let results = UncheckedBox(buffer.baseAddress!)
                ParallelLoop.run(points.count) { k in
                    let (community, x0) = fields[k]
                    let x = method.solve(CommunityField(community), from: x0, over: 0...500).finalState
                    // What the peer computes: the eigenvalues of J(x), not the full stability report.
                    let maxReal = (try? community.jacobian(at: x).eigenvalues().map(\.real).max() ?? .nan) ?? .nan
                    results.value[k] = (x.filter { $0 > 1e-6 }.count, maxReal)
                }
            }
            return out
        }
        var survivors = 0
        let sweepSeconds = try EndToEndSweep.run(Self.spec, name: "w6") { rows in
            for row in rows { if case .integer(let s) = row.result.metrics[0] { survivors += s } }
        }
        return [BenchmarkRecord(workload: name, impl: "ecodyn dopri5 + dgeev (\(ParallelLoop.availableThreads) threads)", seconds: seconds,
                                figures: [("points_per_s", .number(Double(points.count) / seconds))],
                                checksum: .integer(results.reduce(0) { $0 + $1.0 })),
                BenchmarkRecord(workload: name, impl: "ecodyn sweep into SQLite (end to end, 1 run)", seconds: sweepSeconds,
                                figures: [("points_per_s", .number(2000 / sweepSeconds))], checksum: .integer(survivors))]
    }

    /// The same kind of sweep as a user writes it: 2000 random competitive communities of n = 10
    /// (σ in 200 steps × 10 replicates; uniform magnitudes of mean σ√3/2, spanning W6's mean
    /// 2α/n · 1/2 for α in [0.1, 2]), dopri5 with W6's tolerances to t = 500, survivors and the
    /// largest real part at the end state.
    static let spec = """
        [model]
        kind = "community"
        n = 10
        r = 1.0
        mu = 0.1
        K = 1.0
        [model.random]
        connectance = 1.0
        distribution = "uniform"
        sigma = 0.1
        seed = 0
        [initial]
        x = 0.01
        [integrate]
        method = "dopri5"
        t_end = 500.0
        rtol = 1e-6
        atol = 1e-9
        saves = 1
        [sweep]
        metrics = ["survivors", "end_max_real"]
        replicates = 10
        [sweep.parameters]
        "model.random.sigma" = { linspace = [0.0115, 0.231, 200] }
        """
}
