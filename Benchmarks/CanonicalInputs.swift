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

    /// A sparse competitive community as `workloads.glv_sparse_community(n, m, alpha, seed)`
    /// builds it: row i has m off-diagonal entries in columns ⌊u·n⌋ (draws 0..<n·m, row-major;
    /// moved to (j + 1) mod n where it falls on i) of strength (2α/m)·u (draws n·m..<2n·m),
    /// repeated entries added; δ_ii = 1; r_i = 0.5 + u (draws 2nm..<2nm + n), μ = 0.1·r, K = 1,
    /// X(0) = 0.01.
    public static func glvSparseCommunity(n: Int, m: Int, alpha: Double, seed: UInt64) throws -> (community: Community, x0: [Double]) {
        let random = CounterRandom(stream: seed)
        var rows = Array(0..<n), columns = Array(0..<n), values = [Double](repeating: 1, count: n)
        for i in 0..<n {
            for k in 0..<m {
                let q = i * m + k
                var j = Int(random.uniform(UInt64(q)) * Double(n))
                if j == i { j = (j + 1) % n }
                rows.append(i)
                columns.append(j)
                values.append((2 * alpha / Double(m)) * random.uniform(UInt64(n * m + q)))
            }
        }
        let delta = try SparseMatrix(rows: n, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        let r = (0..<n).map { 0.5 + random.uniform(UInt64(2 * n * m + $0)) }
        let community = try Community(r: r, mu: r.map { 0.1 * $0 }, K: [Double](repeating: 1, count: n), interactions: .sparse(delta))
        return (community, [Double](repeating: 0.01, count: n))
    }
}
