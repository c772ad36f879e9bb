import CLAPACKE

extension Matrix {
    /// The determinant, from the LU factorisation (LAPACK `dgetrf`): the product of U's diagonal
    /// with the pivots' sign. 0 for an exactly singular matrix; overflows for large, well-scaled n
    /// (continuation uses it on small matrices only).
    public func determinant() throws(LinearAlgebraError) -> Double {
        guard isSquare else { throw .shapeMismatch("a determinant needs a square matrix, got \(rows)×\(columns)") }
        guard elements.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "determinant") }
        guard rows > 0 else { return 1 }
        var lu = elements
        var pivots = [Int32](repeating: 0, count: rows)
        let info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, Int32(rows), Int32(rows), &lu, Int32(rows), &pivots)
        if info < 0 { throw .illegalArgument(routine: "dgetrf", argument: Int(-info)) }
        var det = 1.0
        for i in 0..<rows {
            det *= lu[i * rows + i]
            if pivots[i] != Int32(i + 1) { det = -det }
        }
        return det
    }

    /// The bialternate product 2A ⊙ I (order n(n−1)/2; Kuznetsov, *Elements of Applied
    /// Bifurcation Theory*, §10.2): its eigenvalues are the sums λᵢ + λⱼ (i < j) of A's, so its
    /// determinant vanishes where a pair ±iω crosses the imaginary axis (and at neutral saddles).
    public var bialternateProduct: Matrix {
        let n = rows, pairs = (1..<max(n, 1)).flatMap { p in (0..<p).map { (p, $0) } }
        var m = Matrix(rows: pairs.count, columns: pairs.count)
        for (row, (p, q)) in pairs.enumerated() {
            for (column, (r, s)) in pairs.enumerated() {
                var v = 0.0
                if r == q { v = -self[p, s] }
                else if r != p, s == q { v = self[p, r] }
                else if r == p, s == q { v = self[p, p] + self[q, q] }
                else if r == p, s != q { v = self[q, s] }
                else if s == p { v = -self[q, r] }
                m[row, column] = v
            }
        }
        return m
    }
}
