import Ecodyn

/// W5 eig-dense: eigenvalues of a competitive community's Jacobian at its interior
/// equilibrium, n = 2000 (`workloads.W5`): `δ x* = K ⊙ (1 − μ/r)`, `J = −diag(a ⊙ x*) · δ`.
struct EigDense: Workload {
    let id = "W5"
    let name = "W5 eig-dense"
    let n = 2000, alpha = 0.5, seed: UInt64 = 5

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        // Built with the peer's arithmetic (x* from (r − μ)/a, J = −diag(a ⊙ x*)·δ) rather than
        // Community.interiorEquilibrium/jacobian, so that both sides factor the same matrix to the last bit.
        let c = CanonicalInputs.glvCommunity(n: n, alpha: alpha, seed: seed)
        let a = zip(c.r, c.K).map { $0 / $1 }
        let xStar = try c.delta.solve(zip(c.r, c.mu).enumerated().map { i, p in (p.0 - p.1) / a[i] })
        var jacobian = c.delta
        for j in 0..<n {
            for i in 0..<n { jacobian[i, j] *= -a[i] * xStar[i] }
        }
        let (seconds, values) = try Stopwatch.best(repeats: repeats) { try jacobian.eigenvalues() }
        return [BenchmarkRecord(workload: name, impl: "ecodyn dgeev (OpenBLAS, \(BLASThreads.count) threads)",
                                seconds: seconds, figures: [],
                                checksum: .number(values.map(\.real).max()!))]
    }
}
