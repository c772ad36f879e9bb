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

    /// W2's and W10's ensemble: `members` variants of `glvCommunity(n, alpha, seed)` sharing δ,
    /// member b with r·(0.5 + u_b) and μ = 0.1·r (u_b draw b of stream seed + 1000), K = 1.
    public static func glvEnsemble(n: Int, members: Int, alpha: Double, seed: UInt64) throws -> CommunityEnsemble {
        let c = glvCommunity(n: n, alpha: alpha, seed: seed)
        let scale = CounterRandom(stream: seed + 1000).uniforms(count: members).map { 0.5 + $0 }
        var r = Matrix(rows: n, columns: members)
        for b in 0..<members { for i in 0..<n { r[i, b] = c.r[i] * scale[b] } }
        let mu = try Matrix(rows: n, columns: members, columnMajor: r.elements.map { 0.1 * $0 })
        return try CommunityEnsemble(delta: c.delta, r: r, mu: mu, K: Matrix(rows: n, columns: members, repeating: 1))
    }
}
