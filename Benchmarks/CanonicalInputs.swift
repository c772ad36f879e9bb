import Ecodyn

/// The inputs of `shared/peers/workloads.py`, built bit for bit from its splitmix64 generator.
public enum CanonicalInputs {
    /// A competitive community as `workloads.glv_community(n, alpha, seed)` builds it:
    /// δ_ij = (2α/n)·u (row-major draws) off the diagonal, δ_ii = 1, r_i = 0.5 + u,
    /// μ_i = 0.1·r_i, K_i = 1, X_i(0) = 0.01.
    public static func glvCommunity(n: Int, alpha: Double, seed: UInt64)
        -> (r: [Double], mu: [Double], K: [Double], delta: Matrix, x0: [Double])
    {
        let random = CounterRandom(stream: seed)
        var delta = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n { delta[i, j] = i == j ? 1 : (2 * alpha / Double(n)) * random.uniform(UInt64(i * n + j)) }
        }
        let r = (0..<n).map { 0.5 + random.uniform(UInt64(n * n + $0)) }
        return (r, r.map { 0.1 * $0 }, [Double](repeating: 1, count: n), delta, [Double](repeating: 0.01, count: n))
    }
}
