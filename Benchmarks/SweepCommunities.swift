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
        return [BenchmarkRecord(workload: name, impl: "ecodyn dopri5 + dgeev (\(ParallelLoop.availableThreads) threads)", seconds: seconds,
                                figures: [("points_per_s", .number(Double(points.count) / seconds))],
                                checksum: .integer(results.reduce(0) { $0 + $1.0 }))]
    }
}
