import CLAPACKE

extension Matrix {
    /// Solves `A · X = B` for a square `A` by LU factorisation with partial pivoting (LAPACK `dgesv`).
    ///
    /// Throws ``LinearAlgebraError/singular(pivot:)`` when `A` is exactly singular.
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard isSquare else { throw .shapeMismatch("solve needs a square matrix, got \(rows)×\(columns)") }
        guard b.rows == rows else {
            throw .shapeMismatch("a \(rows)×\(columns) system cannot take a right-hand side with \(b.rows) rows")
        }
        guard elements.allSatisfy(\.isFinite), b.elements.allSatisfy(\.isFinite) else {
            throw .nonFinite(operation: "solve")
        }
        guard rows > 0, b.columns > 0 else { return b }
        var lu = elements
        var x = b
        var pivots = [Int32](repeating: 0, count: rows)
        let n = Int32(rows)
        let info = LAPACKE_dgesv_work(LAPACK_COL_MAJOR, n, Int32(b.columns), &lu, n, &pivots, &x.elements, n)
        if info < 0 { throw .illegalArgument(routine: "dgesv", argument: Int(-info)) }
        if info > 0 { throw .singular(pivot: Int(info)) }
        return x
    }

    /// Solves `A · x = b` for one right-hand side (LAPACK `dgesv`).
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
    }
}
