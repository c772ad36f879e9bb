import CEcodynKernels
import COpenBLAS

/// The right-hand side of a community, `f(X) = (g − a ⊙ (δX)) ⊙ X`, for one state: CBLAS
/// `dgemv` for δX (written into the output, so nothing is allocated), then the fused C SIMD
/// kernel `ek_glv_rate` for the element-wise part, in place.
public struct CommunityField: VectorField, Sendable {
    public let dimension: Int
    let delta: [Double]   // column-major n×n
    let g: [Double]
    let a: [Double]

    /// The field of `community`.
    public init(_ community: Community) {
        self.init(n: community.n, delta: community.delta.elements, growth: community.g, selfLimitation: community.a)
    }

    init(n: Int, delta: [Double], growth: [Double], selfLimitation: [Double]) {
        (dimension, self.delta, g, a) = (n, delta, growth, selfLimitation)
    }

    public func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        let n = Int32(dimension)
        guard n > 0 else { return }
        delta.withUnsafeBufferPointer { d in
            cblas_dgemv(CblasColMajor, CblasNoTrans, n, n, 1, d.baseAddress, n, x, 1, 0, dx, 1)
        }
        g.withUnsafeBufferPointer { gp in
            a.withUnsafeBufferPointer { ap in ek_glv_rate(dimension, gp.baseAddress, ap.baseAddress, dx, x, dx) }
        }
    }
}
