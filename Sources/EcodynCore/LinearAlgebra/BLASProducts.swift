import COpenBLAS

/// Whether an operand of a product enters as it is or transposed.
public enum Transpose: Sendable {
    case none, transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

extension Matrix {
    /// `y = alpha · op(A) · x + beta · y` through CBLAS `dgemv`, in place.
    public func multiply(
        _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>,
        transpose: Transpose = .none, alpha: Double = 1, beta: Double = 0
    ) {
        let (outCount, inCount) = transpose == .none ? (rows, columns) : (columns, rows)
        precondition(x.count == inCount && y.count == outCount, "gemv: operand lengths do not fit \(rows)×\(columns)")
        guard outCount > 0 else { return }
        elements.withUnsafeBufferPointer { a in
            cblas_dgemv(CblasColMajor, transpose.cblas, Int32(rows), Int32(columns), alpha,
                        a.baseAddress, Int32(max(rows, 1)), x.baseAddress, 1, beta, y.baseAddress, 1)
        }
    }

    /// The product `A · x` (CBLAS `dgemv`).
    public func multiplied(by x: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard x.count == columns else {
            throw .shapeMismatch("a \(rows)×\(columns) matrix cannot multiply a vector of length \(x.count)")
        }
        var y = [Double](repeating: 0, count: rows)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in multiply(xp, into: yp) }
        }
        return y
    }

    /// `C = alpha · op(A) · op(B) + beta · C` through CBLAS `dgemm`, in place.
    public static func multiply(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix,
        transposeA transA: Transpose = .none, transposeB transB: Transpose = .none,
        alpha: Double = 1, beta: Double = 0
    ) throws(LinearAlgebraError) {
        let (m, k) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kb, n) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        guard k == kb, c.rows == m, c.columns == n else {
            throw .shapeMismatch("gemm: op(A) is \(m)×\(k), op(B) is \(kb)×\(n), C is \(c.rows)×\(c.columns)")
        }
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in c.elements.indices { c.elements[i] *= beta }
            return
        }
        a.elements.withUnsafeBufferPointer { ap in
            b.elements.withUnsafeBufferPointer { bp in
                c.elements.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(CblasColMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k),
                                alpha, ap.baseAddress, Int32(max(a.rows, 1)), bp.baseAddress,
                                Int32(max(b.rows, 1)), beta, cp.baseAddress, Int32(max(c.rows, 1)))
                }
            }
        }
    }

    /// The product `A · B` (CBLAS `dgemm`).
    public func multiplied(by b: Matrix) throws(LinearAlgebraError) -> Matrix {
        var c = Matrix(rows: rows, columns: b.columns)
        try Matrix.multiply(self, b, into: &c)
        return c
    }
}
