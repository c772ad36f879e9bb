import CLAPACKE

/// Eigenvalues (ascending) and, optionally, orthonormal eigenvectors of a symmetric matrix.
public struct SymmetricEigenDecomposition: Sendable {
    /// The eigenvalues in ascending order.
    public var values: [Double]
    /// Column k is the unit eigenvector of `values[k]` (present when asked for).
    public var vectors: Matrix?
}

/// Eigenvalues of real symmetric matrices of one order through LAPACK `dsyevd`
/// (divide and conquer). Only the lower triangle is read. The workspace is queried once, when
/// the solver is made. A solver is not thread-safe: give each thread its own.
///
/// ```swift
/// let solver = SymmetricEigenSolver(order: 2)
/// try solver.decomposition(of: Matrix([[2, 1], [1, 2]])).values   // [1, 3]
/// ```
public final class SymmetricEigenSolver {
    /// The order n of the matrices this solver takes.
    public let order: Int
    private let computesVectors: Bool
    private var scratch: [Double]
    private var values: [Double]
    private var work: [Double]
    private var integerWork: [Int32]

    /// A solver for n×n symmetric matrices; `vectors` also computes eigenvectors.
    public init(order: Int, vectors: Bool = false) {
        precondition(order >= 0, "order must be non-negative")
        self.order = order
        computesVectors = vectors
        scratch = [Double](repeating: 0, count: order * order)
        values = [Double](repeating: 0, count: order)
        work = [0]
        integerWork = [0]
        if order > 0 {
            var optimal = 0.0
            var optimalIntegers: Int32 = 0
            _ = run(&optimal, -1, &optimalIntegers, -1)
            work = [Double](repeating: 0, count: max(1, Int(optimal)))
            integerWork = [Int32](repeating: 0, count: max(1, Int(optimalIntegers)))
        }
    }

    private func run(_ w: UnsafeMutablePointer<Double>, _ lw: Int, _ iw: UnsafeMutablePointer<Int32>, _ liw: Int) -> Int32 {
        let n = Int32(order)
        return LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: computesVectors ? "V" : "N")),
                                   CChar(UInt8(ascii: "L")), n, &scratch, max(n, 1), &values,
                                   w, Int32(lw), iw, Int32(liw))
    }

    /// The eigenvalues of `matrix` in ascending order, with eigenvectors if the solver computes them.
    public func decomposition(of matrix: Matrix) throws(LinearAlgebraError) -> SymmetricEigenDecomposition {
        guard matrix.rows == order, matrix.columns == order else {
            throw .shapeMismatch("this eigensolver takes \(order)×\(order) matrices, got \(matrix.rows)×\(matrix.columns)")
        }
        guard matrix.elements.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "symmetric eigenvalues") }
        guard order > 0 else { return SymmetricEigenDecomposition(values: [], vectors: computesVectors ? matrix : nil) }
        scratch.withUnsafeMutableBufferPointer { s in
            matrix.elements.withUnsafeBufferPointer { s.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        let (lw, liw) = (work.count, integerWork.count)
        let info = work.withUnsafeMutableBufferPointer { w in
            integerWork.withUnsafeMutableBufferPointer { iw in run(w.baseAddress!, lw, iw.baseAddress!, liw) }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd")
        let vectors = computesVectors ? try Matrix(rows: order, columns: order, columnMajor: scratch) : nil
        return SymmetricEigenDecomposition(values: values, vectors: vectors)
    }
}

extension Matrix {
    /// The eigenvalues of a symmetric matrix in ascending order (LAPACK `dsyevd`; reads the lower triangle).
    public func symmetricEigenvalues() throws(LinearAlgebraError) -> [Double] {
        guard isSquare else { throw .shapeMismatch("eigenvalues need a square matrix, got \(rows)×\(columns)") }
        return try SymmetricEigenSolver(order: rows).decomposition(of: self).values
    }
}
