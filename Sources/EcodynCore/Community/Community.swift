/// A generalised Lotka–Volterra community of n members (MODELS.md §1):
///
///     dX_i/dt = [ (r_i − μ_i) − (r_i / K_i) · Σ_j δ_ij X_j ] · X_i
///
/// or, with g = r − μ and a = r / K, `dX/dt = (g − a ⊙ (δ X)) ⊙ X`.
/// `δ_ij > 0`: member j hinders i; `δ_ij < 0`: j helps i; δ_ii is usually 1.
///
/// ```swift
/// let duo = try Community(r: [1, 1], mu: [0, 0], K: [1, 1], delta: Matrix([[1, 0.5], [0.5, 1]]))
/// try duo.interiorEquilibrium().state   // [2/3, 2/3]
/// ```
public struct Community: Sendable, Equatable {
    /// Natural growth rates r (> 0).
    public let r: [Double]
    /// Natural decay rates μ (≥ 0).
    public let mu: [Double]
    /// Carrying capacities K (> 0).
    public let K: [Double]
    /// Interaction coefficients δ (n×n), dense or sparse.
    public let interactions: InteractionMatrix
    /// δ as a dense n×n matrix (a copy, n² numbers, when δ is stored sparse).
    public var delta: Matrix { interactions.dense }
    /// Net growth rates g = r − μ.
    public let g: [Double]
    /// Self-limitation rates a = r / K.
    public let a: [Double]

    /// The number of members.
    public var n: Int { r.count }

    /// A community from explicit parameters; throws naming the offending field.
    public init(r: [Double], mu: [Double], K: [Double], delta: Matrix) throws(ParameterError) {
        guard delta.elements.allSatisfy(\.isFinite) else { throw ParameterError("delta", "must hold finite numbers only") }
        try self.init(r: r, mu: mu, K: K, interactions: .dense(delta))
    }

    /// A community with δ dense or sparse (a sparse δ holds finite numbers by construction).
    public init(r: [Double], mu: [Double], K: [Double], interactions: InteractionMatrix) throws(ParameterError) {
        let n = r.count
        for (name, v) in [("r", r), ("mu", mu), ("K", K)] where v.count != n {
            throw ParameterError(name, "expected \(n) values (one per member), got \(v.count)")
        }
        for (i, x) in r.enumerated() where !(x > 0 && x.isFinite) { throw ParameterError("r", "must be > 0, got \(x) at [\(i)]") }
        for (i, x) in mu.enumerated() where !(x >= 0 && x.isFinite) { throw ParameterError("mu", "must be ≥ 0, got \(x) at [\(i)]") }
        for (i, x) in K.enumerated() where !(x > 0 && x.isFinite) { throw ParameterError("K", "must be > 0, got \(x) at [\(i)]") }
        let (rows, columns) = switch interactions {
        case .dense(let m): (m.rows, m.columns)
        case .single(let m): (m.size, m.size)
        case .sparse(let s): (s.rows, s.columns)
        }
        guard rows == n, columns == n else { throw ParameterError("delta", "δ must be \(n)×\(n), got \(rows)×\(columns)") }
        (self.r, self.mu, self.K, self.interactions) = (r, mu, K, interactions)
        g = zip(r, mu).map { $0 - $1 }
        a = zip(r, K).map { $0 / $1 }
    }

    /// The effective capacities `K ⊙ (1 − μ/r)`: each member's equilibrium alone.
    public var effectiveCapacity: [Double] { (0..<n).map { K[$0] * (1 - mu[$0] / r[$0]) } }

    /// A member counts as surviving above this abundance.
    public static let survivalThreshold = 1e-6

    /// The members of `state` above ``survivalThreshold``.
    public static func survivors(of state: [Double]) -> [Int] { state.indices.filter { state[$0] > survivalThreshold } }
}
