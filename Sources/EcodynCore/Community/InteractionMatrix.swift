import COpenBLAS

/// A community's interaction matrix δ, stored dense (n² numbers), dense in float32 (half the
/// memory, products in float64), or sparse (CSR: the stored entries only, for large communities
/// where each member meets a few others).
public enum InteractionMatrix: Sendable, Equatable {
    case dense(Matrix)
    case single(SinglePrecisionMatrix)
    case sparse(SparseMatrix)

    /// n: the number of rows (and columns).
    public var size: Int {
        switch self {
        case .dense(let m): return m.rows
        case .single(let m): return m.size
        case .sparse(let s): return s.rows
        }
    }

    /// The entries a product reads: n² dense, the stored ones sparse.
    public var storedEntries: Int {
        if case .sparse(let s) = self { return s.nonzeroCount }
        return size * size
    }

    /// Whether δ is stored sparse.
    public var isSparse: Bool { if case .sparse = self { true } else { false } }

    /// δ_ij.
    public subscript(i: Int, j: Int) -> Double {
        switch self {
        case .dense(let m): return m[i, j]
        case .single(let m): return m[i, j]
        case .sparse(let s): return s[i, j]
        }
    }

    /// δ as a dense float64 matrix: the stored one, or an n×n copy of a single-precision or sparse δ.
    public var dense: Matrix {
        switch self {
        case .dense(let m): return m
        case .single(let m): return m.dense
        case .sparse(let s): return s.dense
        }
    }

    /// δ_ii for every member.
    public var diagonal: [Double] {
        switch self {
        case .dense(let m): return (0..<m.rows).map { m[$0, $0] }
        case .single(let m): return m.diagonal
        case .sparse(let s): return s.diagonal
        }
    }

    /// The operator the community's field multiplies with.
    var product: any InteractionOperator {
        switch self {
        case .dense(let m): return DenseInteraction(rows: m.transposed.elements, size: m.rows)
        case .single(let m): return m
        case .sparse(let s): return s
        }
    }
}

/// The product y = δ·v at the heart of a community's field and its Jacobian products, whatever
/// δ's storage: ``DenseInteraction`` (BLAS), ``SinglePrecisionMatrix`` (float32 entries, the C
/// kernel) or ``SparseMatrix`` (the C CSR kernel).
public protocol InteractionOperator: Sendable {
    /// n: the length of v and y.
    var size: Int { get }
    /// y = δ·v; `v` and `y` must not overlap.
    func multiply(_ v: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>)
    /// y = δ·v, then `finishing` on blocks of rows whose products are done (all at once, or
    /// block by block on the threads that computed them).
    func multiply(_ v: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, finishing: (Range<Int>) -> Void)
    /// δ_ii for every member.
    var diagonal: [Double] { get }
}

extension InteractionOperator {
    public func multiply(_ v: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, finishing: (Range<Int>) -> Void) {
        multiply(v, into: y)
        finishing(0..<size)
    }
}

extension SparseMatrix: InteractionOperator {
    public var size: Int { rows }
}

/// A dense δ kept row by row (δᵀ in column-major order), multiplied with the transposed dgemv,
/// whose dot-product form OpenBLAS runs about 1.5× faster with two threads than the column
/// form (64 µs against 95 µs for n = 1000; docs/benchmarks.md); a plain loop below
/// ``smallLimit``, where a BLAS call costs more than its arithmetic.
public struct DenseInteraction: InteractionOperator {
    /// δ row-major.
    let rows: [Double]
    public let size: Int

    /// δ given row by row (n² values), shared without copying by ensemble members.
    init(rows: [Double], size: Int) { (self.rows, self.size) = (rows, size) }

    static let smallLimit = 24

    public func multiply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let n = size
        guard n > 0 else { return }
        rows.withUnsafeBufferPointer { d in
            if n <= Self.smallLimit {
                for i in 0..<n {
                    var s = 0.0
                    for j in 0..<n { s += d[i * n + j] * v[j] }
                    out[i] = s
                }
            } else {
                cblas_dgemv(CblasColMajor, CblasTrans, Int32(n), Int32(n), 1, d.baseAddress, Int32(n), v, 1, 0, out, 1)
            }
        }
    }

    public var diagonal: [Double] { (0..<size).map { rows[$0 * size + $0] } }
}
