import CEcodynKernels
import COpenBLAS

/// The right-hand side of a community, `f(X) = (g − a ⊙ (δX)) ⊙ X`, for one state: CBLAS
/// `dgemv` for δX (written into the output, so nothing is allocated), then the fused C SIMD
/// kernel `ek_glv_rate` for the element-wise part, in place; for n ≤ ``smallLimit`` the C SIMD
/// kernel `ek_glv_field` does both in one pass over δ's columns.
///
/// δ is kept row by row (δᵀ in column-major order) and multiplied with the transposed dgemv,
/// whose dot-product form OpenBLAS runs about 1.5× faster with two threads than the
/// column form (64 µs against 95 µs for n = 1000 here; see docs/benchmarks.md).
public struct CommunityField: VectorField, Sendable {
    public let dimension: Int
    let deltaRows: [Double]   // δ row-major: δᵀ column-major
    /// δ column-major, for the small-community kernel (empty above ``smallLimit``).
    let deltaColumns: [Double]
    let g: [Double]
    let a: [Double]

    /// The field of `community`.
    public init(_ community: Community) {
        self.init(delta: community.delta, growth: community.g, selfLimitation: community.a)
    }

    init(delta: Matrix, growth: [Double], selfLimitation: [Double]) {
        self.init(deltaRows: delta.transposed.elements, growth: growth, selfLimitation: selfLimitation)
    }

    /// A field over δ given row by row (δᵀ column-major), shared without copying by ensemble members.
    init(deltaRows: [Double], growth: [Double], selfLimitation: [Double]) {
        (dimension, self.deltaRows, g, a) = (growth.count, deltaRows, growth, selfLimitation)
        let n = growth.count
        deltaColumns = n <= Self.smallLimit ? (0..<(n * n)).map { deltaRows[($0 % n) * n + $0 / n] } : []
    }

    /// Below this size the product is a plain loop: a BLAS call costs more than the arithmetic.
    static let smallLimit = 24

    public func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        guard dimension > 0 else { return }
        if dimension <= Self.smallLimit {
            deltaColumns.withUnsafeBufferPointer { d in
                g.withUnsafeBufferPointer { gp in
                    a.withUnsafeBufferPointer { ap in ek_glv_field(dimension, d.baseAddress, gp.baseAddress, ap.baseAddress, x, dx) }
                }
            }
            return
        }
        multiplyDelta(x, into: dx)
        g.withUnsafeBufferPointer { gp in
            a.withUnsafeBufferPointer { ap in ek_glv_rate(dimension, gp.baseAddress, ap.baseAddress, dx, x, dx) }
        }
    }
}

/// J·v = (g − a ⊙ δx) ⊙ v − a ⊙ x ⊙ (δv), with δx the linearization: one product with δ;
/// J_ii = g_i − a_i(δx)_i − a_i x_i δ_ii.
extension CommunityField: JacobianField {
    public var linearizationSize: Int { dimension }

    public func linearize(_ t: Double, _ x: UnsafePointer<Double>, into cache: UnsafeMutablePointer<Double>) {
        multiplyDelta(x, into: cache)
    }

    public func jacobianProduct(_ t: Double, _ x: UnsafePointer<Double>, cache: UnsafePointer<Double>,
                                _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        multiplyDelta(v, into: out)
        for i in 0..<dimension { out[i] = (g[i] - a[i] * cache[i]) * v[i] - a[i] * x[i] * out[i] }
    }

    public func jacobianDiagonal(_ t: Double, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        multiplyDelta(x, into: out)
        let n = dimension
        for i in 0..<n { out[i] = g[i] - a[i] * out[i] - a[i] * x[i] * deltaRows[i * n + i] }
    }

    /// out = δ·v (a plain loop for small communities, the transposed `dgemv` otherwise).
    func multiplyDelta(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let n = dimension
        guard n > 0 else { return }
        deltaRows.withUnsafeBufferPointer { d in
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
}
