import CLAPACKE
import ComplexModule
import RealModule

/// Eigenvalues and right eigenvectors of a square matrix.
public struct EigenDecomposition: Sendable {
    /// The eigenvalues, in LAPACK's order (complex pairs adjacent, positive imaginary part first).
    public var values: [Complex<Double>]
    /// `vectors[k]` is a right eigenvector of `values[k]`, of unit Euclidean norm.
    public var vectors: [[Complex<Double>]]
}

/// Eigenvalues of general (non-symmetric) square matrices of one order through LAPACK `dgeev`.
///
/// The workspace is queried once, when the solver is made, and reused by every call, so a
/// sweep that analyses many matrices of one size allocates nothing per matrix. A solver is
/// not thread-safe: give each thread its own.
///
/// ```swift
/// let solver = GeneralEigenSolver(order: 2)
/// let rotation = try Matrix([[0, -1], [1, 0]])
/// try solver.eigenvalues(of: rotation)   // [0 + 1i, 0 - 1i]
/// ```
public final class GeneralEigenSolver {
    /// The order n of the matrices this solver takes.
    public let order: Int
    private let computesVectors: Bool
    private var scratch: [Double]
    private var realParts: [Double]
    private var imaginaryParts: [Double]
    private var rightVectors: [Double]
    private var work: [Double]

    /// A solver for n×n matrices; `vectors` also computes right eigenvectors.
    public init(order: Int, vectors: Bool = false) {
        precondition(order >= 0, "order must be non-negative")
        self.order = order
        computesVectors = vectors
        scratch = [Double](repeating: 0, count: order * order)
        realParts = [Double](repeating: 0, count: order)
        imaginaryParts = [Double](repeating: 0, count: order)
        rightVectors = [Double](repeating: 0, count: vectors ? order * order : 1)
        work = [0]
        if order > 0 {
            var optimal = 0.0
            _ = run(workspace: &optimal, count: -1)
            work = [Double](repeating: 0, count: max(1, Int(optimal)))
        }
    }

    private func run(workspace: UnsafeMutablePointer<Double>, count: Int) -> Int32 {
        let n = Int32(order)
        let jobvr = CChar(UInt8(ascii: computesVectors ? "V" : "N"))
        return LAPACKE_dgeev_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), jobvr, n, &scratch, max(n, 1),
                                  &realParts, &imaginaryParts, nil, 1, &rightVectors,
                                  computesVectors ? max(n, 1) : 1, workspace, Int32(count))
    }

    private func factor(_ matrix: Matrix) throws(LinearAlgebraError) {
        guard matrix.rows == order, matrix.columns == order else {
            throw .shapeMismatch("this eigensolver takes \(order)×\(order) matrices, got \(matrix.rows)×\(matrix.columns)")
        }
        guard matrix.elements.allSatisfy(\.isFinite) else { throw .nonFinite(operation: "eigenvalues") }
        guard order > 0 else { return }
        scratch.withUnsafeMutableBufferPointer { s in
            matrix.elements.withUnsafeBufferPointer { s.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        let count = work.count
        let info = work.withUnsafeMutableBufferPointer { run(workspace: $0.baseAddress!, count: count) }
        try LinearAlgebraError.check(info, routine: "dgeev")
    }

    /// The eigenvalues of `matrix`.
    public func eigenvalues(of matrix: Matrix) throws(LinearAlgebraError) -> [Complex<Double>] {
        try factor(matrix)
        return (0..<order).map { Complex(realParts[$0], imaginaryParts[$0]) }
    }

    /// The largest real part of the eigenvalues of `matrix`, without building the list.
    public func maxRealPart(of matrix: Matrix) throws(LinearAlgebraError) -> Double {
        try factor(matrix)
        return realParts.max() ?? -.infinity
    }

    /// Eigenvalues and right eigenvectors; the solver must have been made with `vectors: true`.
    public func decomposition(of matrix: Matrix) throws(LinearAlgebraError) -> EigenDecomposition {
        precondition(computesVectors, "make the solver with vectors: true to get eigenvectors")
        try factor(matrix)
        let n = order
        var vectors = [[Complex<Double>]]()
        vectors.reserveCapacity(n)
        var k = 0
        while k < n {
            let column = { (j: Int) in Array(self.rightVectors[(j * n)..<((j + 1) * n)]) }
            if imaginaryParts[k] == 0 {
                vectors.append(column(k).map { Complex($0, 0) })
                k += 1
            } else {
                // A conjugate pair: columns k and k+1 hold the real and imaginary parts.
                let re = column(k), im = column(k + 1)
                vectors.append(zip(re, im).map { Complex($0, $1) })
                vectors.append(zip(re, im).map { Complex($0, -$1) })
                k += 2
            }
        }
        let values = (0..<n).map { Complex(realParts[$0], imaginaryParts[$0]) }
        return EigenDecomposition(values: values, vectors: vectors)
    }
}

extension Matrix {
    /// The eigenvalues of a square matrix (LAPACK `dgeev`, eigenvalues only).
    public func eigenvalues() throws(LinearAlgebraError) -> [Complex<Double>] {
        guard isSquare else { throw .shapeMismatch("eigenvalues need a square matrix, got \(rows)×\(columns)") }
        return try GeneralEigenSolver(order: rows).eigenvalues(of: self)
    }

    /// Eigenvalues with right eigenvectors (LAPACK `dgeev`).
    public func eigenDecomposition() throws(LinearAlgebraError) -> EigenDecomposition {
        guard isSquare else { throw .shapeMismatch("eigenvectors need a square matrix, got \(rows)×\(columns)") }
        return try GeneralEigenSolver(order: rows, vectors: true).decomposition(of: self)
    }
}
