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
    /// The interior equilibrium: the solution of `δ X* = K ⊙ (1 − μ/r)` (LAPACK `dgesv`; for
    /// a sparse δ Jacobi-preconditioned GMRES, UMFPACK's sparse LU where GMRES does not converge); feasible when every X*_i > 0. Throws `singular` when
    /// δ is singular.
    public func interiorEquilibrium() throws(LinearAlgebraError) -> Equilibrium {
        try equilibrium(survivors: Array(0..<n))
    }

    /// The boundary equilibrium on which only `survivors` persist: the same system restricted
    /// to those members, `δ_SS X*_S = (K ⊙ (1 − μ/r))_S`, with X* = 0 elsewhere.
    public func equilibrium(survivors: [Int]) throws(LinearAlgebraError) -> Equilibrium {
        let m = survivors.count
        let capacity = effectiveCapacity
        let xs: [Double]
        switch interactions {
        case .sparse(let s):
            let sub = m == n ? s : s.principalSubmatrix(survivors)
            xs = try Self.sparseSolve(sub, survivors.map { capacity[$0] })
        case .dense, .single:
            let delta = self.delta
            var sub = Matrix(rows: m, columns: m)
            for (q, j) in survivors.enumerated() {
                for (p, i) in survivors.enumerated() { sub[p, q] = delta[i, j] }
            }
            xs = try sub.solve(survivors.map { capacity[$0] })
        }
        var state = [Double](repeating: 0, count: n)
        for (p, i) in survivors.enumerated() { state[i] = xs[p] }
        return Equilibrium(state: state, survivors: survivors, feasible: xs.allSatisfy { $0 > 0 })
    }

    /// The Jacobian at any state X: `J = diag(g − a ⊙ (δX)) − diag(a ⊙ X)·δ` (dense: n² numbers).
    public func jacobian(at x: [Double]) throws(LinearAlgebraError) -> Matrix {
        if case .sparse = interactions { return sparseJacobian(at: x).dense }
        let delta = self.delta
        let interaction = try delta.multiplied(by: x)
        var j = delta
        for col in 0..<n {
            for row in 0..<n { j[row, col] = -a[row] * x[row] * delta[row, col] }
        }
        for i in 0..<n { j[i, i] += g[i] - a[i] * interaction[i] }
        return j
    }

    /// A sparse δ's system: GMRES first (random interaction graphs fill an LU's factors in), a
    /// sparse LU (UMFPACK) when GMRES does not converge and n ≤ ``sparseLULimit``.
    static func sparseSolve(_ delta: SparseMatrix, _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        do { return try delta.iterativeSolve(b) } catch .noConvergence(_, let info) {
            guard delta.rows <= sparseLULimit else {
                throw .noConvergence(routine: "SUNDIALS SPGMR (GMRES on a δ far from diagonally dominant; a sparse LU is tried up to n = \(sparseLULimit))", info: info)
            }
            return try delta.solve(b)
        }
    }

    /// Up to this n a sparse δ that GMRES cannot solve goes to UMFPACK.
    static let sparseLULimit = 5_000

    /// The Jacobian at X on δ's sparse pattern (and the diagonal).
    public func sparseJacobian(at x: [Double]) -> SparseMatrix {
        guard case .sparse(let s) = interactions else { return SparseMatrix(try! jacobian(at: x)) }
        let interaction = s.multiplied(by: x)
        var rows = Array(0..<n), columns = Array(0..<n), values = (0..<n).map { g[$0] - a[$0] * interaction[$0] }
        rows.reserveCapacity(n + s.nonzeroCount)
        for i in 0..<n {
            for k in s.rowStart[i]..<s.rowStart[i + 1] {
                rows.append(i)
                columns.append(Int(s.columnIndex[k]))
                values.append(-a[i] * x[i] * s.values[k])
            }
        }
        return try! SparseMatrix(rows: n, columns: n, rowIndices: rows, columnIndices: columns, values: values)
    }

    /// The stability report at state X: every eigenvalue (LAPACK) for a dense δ; for a sparse δ
    /// the `rightmost` eigenvalues of largest real part and the reactivity by ARPACK
    /// (``StabilityReport/init(sparseJacobian:rightmost:)``).
    public func stability(at x: [Double], rightmost: Int = 6) throws(LinearAlgebraError) -> StabilityReport {
        if case .sparse = interactions, n > StabilityReport.denseLimit {
            return try StabilityReport(sparseJacobian: sparseJacobian(at: x), rightmost: rightmost)
        }
        return try StabilityReport(jacobian: jacobian(at: x))
    }
}
