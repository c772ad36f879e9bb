/// The named parameters of a community, in order: r[i], mu[i], K[i] (n each), then δ by rows,
/// delta[i][j] (n²) — and the rate's derivatives with respect to them (MODELS.md §1):
///
///     f_i = (r_i − μ_i) X_i − (r_i/K_i) X_i (δX)_i
///     ∂f_i/∂r_i = X_i (1 − (δX)_i/K_i),  ∂f_i/∂μ_i = −X_i,  ∂f_i/∂K_i = (r_i/K_i²) X_i (δX)_i,
///     ∂f_i/∂δ_ij = −(r_i/K_i) X_i X_j   (every other entry is 0)
extension Community: ParameterizedModel {
    public var parameterNames: [String] {
        ["r", "mu", "K"].flatMap { name in (0..<n).map { "\(name)[\($0)]" } } + (0..<(n * n)).map { "delta[\($0 / n)][\($0 % n)]" }
    }

    public var parameters: [Double] { r + mu + K + delta.transposed.elements }

    /// `r[i]`, `mu[i]`, `K[i]` or `delta[i][j]` by reading the name, without listing them all.
    public func parameterIndex(_ name: String) -> Int? {
        guard let element = ElementName(name), element.indices.allSatisfy({ $0 < n }) else { return nil }
        let i = element.indices
        switch (element.base, i.count) {
        case ("r", 1): return i[0]
        case ("mu", 1): return n + i[0]
        case ("K", 1): return 2 * n + i[0]
        case ("delta", 2): return 3 * n + i[0] * n + i[1]
        default: return nil
        }
    }

    public func with(parameters p: [Double]) throws(ParameterError) -> Community {
        guard p.count == n * (3 + n) else { throw ParameterError("parameters", "expected \(n * (3 + n)) values (r, mu, K, then δ by rows), got \(p.count)") }
        var d = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { d[i, j] = p[3 * n + i * n + j] } }
        return try Community(r: Array(p[0..<n]), mu: Array(p[n..<(2 * n)]), K: Array(p[(2 * n)..<(3 * n)]), delta: d)
    }

    /// ∂f/∂p_k at `x`: the rate's derivative with respect to parameter `k` (n values).
    public func rateDerivative(at x: [Double], parameter k: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        let block = k < 3 * n ? k / n : 3, i = k < 3 * n ? k % n : (k - 3 * n) / n
        let interaction = { (i: Int) in (0..<n).reduce(0) { $0 + delta[i, $1] * x[$1] } }
        switch block {
        case 0: out[i] = x[i] * (1 - interaction(i) / K[i])
        case 1: out[i] = -x[i]
        case 2: out[i] = r[i] / (K[i] * K[i]) * x[i] * interaction(i)
        default: out[i] = -(r[i] / K[i]) * x[i] * x[(k - 3 * n) % n]
        }
        return out
    }
}
