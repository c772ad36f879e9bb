/// The named parameters of a community, in order: r[i], mu[i], K[i] (n each), then δ by rows,
/// delta[i][j] (n² of a dense δ; a sparse δ's stored entries only, in CSR order) — and the rate's derivatives with respect to them (MODELS.md §1):
///
///     f_i = (r_i − μ_i) X_i − (r_i/K_i) X_i (δX)_i
///     ∂f_i/∂r_i = X_i (1 − (δX)_i/K_i),  ∂f_i/∂μ_i = −X_i,  ∂f_i/∂K_i = (r_i/K_i²) X_i (δX)_i,
///     ∂f_i/∂δ_ij = −(r_i/K_i) X_i X_j   (every other entry is 0)
extension Community: ParameterizedModel {
    public var parameterNames: [String] {
        let vectors = ["r", "mu", "K"].flatMap { name in (0..<n).map { "\(name)[\($0)]" } }
        switch interactions {
        case .dense, .single: return vectors + (0..<(n * n)).map { "delta[\($0 / n)][\($0 % n)]" }
        case .sparse(let s): return vectors + (0..<n).flatMap { i in (s.rowStart[i]..<s.rowStart[i + 1]).map { "delta[\(i)][\(s.columnIndex[$0])]" } }
        }
    }

    public var parameters: [Double] {
        switch interactions {
        case .dense(let d): return r + mu + K + d.transposed.elements
        case .single(let d): return r + mu + K + d.entries.map(Double.init)
        case .sparse(let s): return r + mu + K + s.values
        }
    }

    /// `r[i]`, `mu[i]`, `K[i]` or `delta[i][j]` by reading the name, without listing them all.
    public func parameterIndex(_ name: String) -> Int? {
        guard let element = ElementName(name), element.indices.allSatisfy({ $0 < n }) else { return nil }
        let i = element.indices
        switch (element.base, i.count) {
        case ("r", 1): return i[0]
        case ("mu", 1): return n + i[0]
        case ("K", 1): return 2 * n + i[0]
        case ("delta", 2):
            guard case .sparse(let s) = interactions else { return 3 * n + i[0] * n + i[1] }
            return s.entryIndex(i[0], i[1]).map { 3 * n + $0 }
        default: return nil
        }
    }

    public func with(parameters p: [Double]) throws(ParameterError) -> Community {
        let count: Int = switch interactions {
        case .dense, .single: n * (3 + n)
        case .sparse(let s): 3 * n + s.nonzeroCount
        }
        guard p.count == count else { throw ParameterError("parameters", "expected \(count) values (r, mu, K, then δ by rows), got \(p.count)") }
        if case .sparse(let s) = interactions {
            guard let delta = try? s.with(values: Array(p[(3 * n)...])) else { throw ParameterError("delta", "must hold finite numbers only") }
            return try Community(r: Array(p[0..<n]), mu: Array(p[n..<(2 * n)]), K: Array(p[(2 * n)..<(3 * n)]), interactions: .sparse(delta))
        }
        var d = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { d[i, j] = p[3 * n + i * n + j] } }
        if case .single = interactions {   // stays in single precision
            guard let single = try? SinglePrecisionMatrix(d) else { throw ParameterError("delta", "must hold finite float32 numbers") }
            return try Community(r: Array(p[0..<n]), mu: Array(p[n..<(2 * n)]), K: Array(p[(2 * n)..<(3 * n)]), interactions: .single(single))
        }
        return try Community(r: Array(p[0..<n]), mu: Array(p[n..<(2 * n)]), K: Array(p[(2 * n)..<(3 * n)]), delta: d)
    }

    /// ∂f/∂p_k at `x`: the rate's derivative with respect to parameter `k` (n values).
    public func rateDerivative(at x: [Double], parameter k: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        if k >= 3 * n {   // δ_ij: row i, column j of the k-th stored entry
            let (i, j) = switch interactions {
            case .dense, .single: ((k - 3 * n) / n, (k - 3 * n) % n)
            case .sparse(let s): (s.rowOf(entry: k - 3 * n), Int(s.columnIndex[k - 3 * n]))
            }
            out[i] = -(r[i] / K[i]) * x[i] * x[j]
            return out
        }
        let block = k / n, i = k % n
        let interaction = { (i: Int) in
            switch interactions {
            case .dense, .single: return (0..<n).reduce(0) { $0 + interactions[i, $1] * x[$1] }
            case .sparse(let s): return (s.rowStart[i]..<s.rowStart[i + 1]).reduce(0) { $0 + s.values[$1] * x[Int(s.columnIndex[$1])] }
            }
        }
        switch block {
        case 0: out[i] = x[i] * (1 - interaction(i) / K[i])
        case 1: out[i] = -x[i]
        default: out[i] = r[i] / (K[i] * K[i]) * x[i] * interaction(i)
        }
        return out
    }
}
