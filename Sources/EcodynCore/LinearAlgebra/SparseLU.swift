import CSparseSolvers

/// The LU factorisation of a square sparse matrix by UMFPACK (SuiteSparse; Davis 2004,
/// ACM TOMS 30:196), kept to solve any number of right-hand sides: the equilibria of sparse
/// communities and the shifted solves of shift-invert eigenvalue searches.
///
/// ```swift
/// let lu = try SparseLU(a)
/// let x = try lu.solve(b)   // a·x = b
/// ```
public final class SparseLU: @unchecked Sendable {
    private let n: Int
    // A's CSR arrays, read by UMFPACK as the compressed columns of Aᵀ.
    private let starts: [Int32], columns: [Int32], values: [Double]
    private let numeric: UnsafeMutableRawPointer

    /// Factorises `a`; throws ``LinearAlgebraError/singular(pivot:)`` (pivot 0: UMFPACK does not
    /// say where) when it is singular, `shapeMismatch` for a non-square or too large matrix.
    public init(_ a: SparseMatrix) throws(LinearAlgebraError) {
        guard a.rows == a.columns else { throw .shapeMismatch("an LU factorisation needs a square matrix, got \(a.rows)×\(a.columns)") }
        guard a.nonzeroCount < Int(Int32.max) else { throw .shapeMismatch("UMFPACK's 32-bit indices hold fewer than 2³¹ entries, got \(a.nonzeroCount)") }
        let (n, starts, columns, values) = (a.rows, a.rowStart.map { Int32($0) }, a.columnIndex, a.values)
        var symbolic: UnsafeMutableRawPointer?, numeric: UnsafeMutableRawPointer?
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        let status = starts.withUnsafeBufferPointer { p in
            columns.withUnsafeBufferPointer { i in
                values.withUnsafeBufferPointer { x -> Int32 in
                    let s = umfpack_di_symbolic(Int32(n), Int32(n), p.baseAddress, i.baseAddress, x.baseAddress, &symbolic, nil, &info)
                    guard s == UMFPACK_OK else { return s }
                    defer { umfpack_di_free_symbolic(&symbolic) }
                    return umfpack_di_numeric(p.baseAddress, i.baseAddress, x.baseAddress, symbolic, &numeric, nil, &info)
                }
            }
        }
        guard status == UMFPACK_OK, let numeric else {
            if numeric != nil { umfpack_di_free_numeric(&numeric) }
            if status == UMFPACK_WARNING_singular_matrix { throw .singular(pivot: 0) }
            throw .noConvergence(routine: "UMFPACK umfpack_di_numeric", info: Int(status))
        }
        (self.n, self.starts, self.columns, self.values, self.numeric) = (n, starts, columns, values, numeric)
    }

    deinit {
        var pointer: UnsafeMutableRawPointer? = numeric
        umfpack_di_free_numeric(&pointer)
    }

    /// x with A·x = b (or Aᵀ·x = b with `transposed`).
    public func solve(_ b: [Double], transposed: Bool = false) throws(LinearAlgebraError) -> [Double] {
        guard b.count == n else { throw .shapeMismatch("a \(n)×\(n) system cannot take a right-hand side of \(b.count) values") }
        guard b.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "solve") }
        var x = [Double](repeating: 0, count: n)
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        // The arrays describe Aᵀ: solving "Aᵀ of them" solves A.
        let status = starts.withUnsafeBufferPointer { p in
            columns.withUnsafeBufferPointer { i in
                values.withUnsafeBufferPointer { v in
                    umfpack_di_solve(transposed ? UMFPACK_A : UMFPACK_At, p.baseAddress, i.baseAddress, v.baseAddress, &x, b, numeric, nil, &info)
                }
            }
        }
        guard status == UMFPACK_OK else {
            if status == UMFPACK_WARNING_singular_matrix { throw .singular(pivot: 0) }
            throw .noConvergence(routine: "UMFPACK umfpack_di_solve", info: Int(status))
        }
        return x
    }
}

extension SparseMatrix {
    /// x with A·x = b, by UMFPACK's sparse LU.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try SparseLU(self).solve(b)
    }
}
