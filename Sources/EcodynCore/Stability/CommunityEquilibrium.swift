/// An equilibrium of a community and whether it is feasible.
public struct Equilibrium: Sendable, Equatable, Codable {
    /// X* for every member (0 for members outside the surviving set).
    public var state: [Double]
    /// The members solved for (all, for the interior equilibrium).
    public var survivors: [Int]
    /// Whether every surviving member has X*_i > 0.
    public var feasible: Bool
}

extension Community {
    /// The interior equilibrium: the solution of `δ X* = K ⊙ (1 − μ/r)` (LAPACK `dgesv`);
    /// feasible when every X*_i > 0. Throws `singular` when δ is singular.
    public func interiorEquilibrium() throws(LinearAlgebraError) -> Equilibrium {
        try equilibrium(survivors: Array(0..<n))
    }

    /// The boundary equilibrium on which only `survivors` persist: the same system restricted
    /// to those members, `δ_SS X*_S = (K ⊙ (1 − μ/r))_S`, with X* = 0 elsewhere.
    public func equilibrium(survivors: [Int]) throws(LinearAlgebraError) -> Equilibrium {
        let m = survivors.count
        var sub = Matrix(rows: m, columns: m)
        let capacity = effectiveCapacity
        for (q, j) in survivors.enumerated() {
            for (p, i) in survivors.enumerated() { sub[p, q] = delta[i, j] }
        }
        let xs = try sub.solve(survivors.map { capacity[$0] })
        var state = [Double](repeating: 0, count: n)
        for (p, i) in survivors.enumerated() { state[i] = xs[p] }
        return Equilibrium(state: state, survivors: survivors, feasible: xs.allSatisfy { $0 > 0 })
    }

    /// The Jacobian at any state X: `J = diag(g − a ⊙ (δX)) − diag(a ⊙ X)·δ`.
    public func jacobian(at x: [Double]) throws(LinearAlgebraError) -> Matrix {
        let interaction = try delta.multiplied(by: x)
        var j = delta
        for col in 0..<n {
            for row in 0..<n { j[row, col] = -a[row] * x[row] * delta[row, col] }
        }
        for i in 0..<n { j[i, i] += g[i] - a[i] * interaction[i] }
        return j
    }

    /// The stability report at state X.
    public func stability(at x: [Double]) throws(LinearAlgebraError) -> StabilityReport {
        try StabilityReport(jacobian: jacobian(at: x))
    }
}
