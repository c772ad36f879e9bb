import CEcodynKernels

/// The right-hand side of a community, `f(X) = (g − a ⊙ (δX)) ⊙ X`, for one state: the
/// interaction product δX (``InteractionOperator``: BLAS `dgemv` for a dense δ, the C CSR kernel
/// for a sparse one) written into the output, so nothing is allocated, then the fused C SIMD
/// kernel `ek_glv_rate` for the element-wise part, in place; for a dense δ with n ≤
/// ``DenseInteraction/smallLimit`` the C SIMD kernel `ek_glv_field` does both in one pass over
/// δ's columns.
public struct CommunityField: VectorField, Sendable {
    public let dimension: Int
    let interaction: any InteractionOperator
    /// δ column-major, for the small-community kernel (empty otherwise).
    let deltaColumns: [Double]
    let deltaDiagonal: [Double]
    let g: [Double]
    let a: [Double]

    /// The field of `community`.
    public init(_ community: Community) {
        self.init(interaction: community.interactions.product, growth: community.g, selfLimitation: community.a)
    }

    /// A field over a product shared without copying (by ensemble members).
    init(interaction: any InteractionOperator, growth: [Double], selfLimitation: [Double]) {
        (dimension, self.interaction, g, a) = (growth.count, interaction, growth, selfLimitation)
        deltaDiagonal = interaction.diagonal
        let n = growth.count
        if let dense = interaction as? DenseInteraction, n <= DenseInteraction.smallLimit {
            deltaColumns = (0..<(n * n)).map { dense.rows[($0 % n) * n + $0 / n] }
        } else {
            deltaColumns = []
        }
    }

    public func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        guard dimension > 0 else { return }
        if !deltaColumns.isEmpty {
            deltaColumns.withUnsafeBufferPointer { d in
                g.withUnsafeBufferPointer { gp in
                    a.withUnsafeBufferPointer { ap in ek_glv_field(dimension, d.baseAddress, gp.baseAddress, ap.baseAddress, x, dx) }
                }
            }
            return
        }
        g.withUnsafeBufferPointer { gp in
            a.withUnsafeBufferPointer { ap in
                let (g, a) = (gp.baseAddress!, ap.baseAddress!)
                interaction.multiply(x, into: dx) { r in
                    ek_glv_rate(r.count, g + r.lowerBound, a + r.lowerBound, dx + r.lowerBound, x + r.lowerBound, dx + r.lowerBound)
                }
            }
        }
    }
}

/// J·v = (g − a ⊙ δx) ⊙ v − a ⊙ x ⊙ (δv), with δx the linearization: one product with δ;
/// J_ii = g_i − a_i(δx)_i − a_i x_i δ_ii.
extension CommunityField: JacobianField {
    public var linearizationSize: Int { dimension }

    public func linearize(_ t: Double, _ x: UnsafePointer<Double>, into cache: UnsafeMutablePointer<Double>) {
        interaction.multiply(x, into: cache)
    }

    public func jacobianProduct(_ t: Double, _ x: UnsafePointer<Double>, cache: UnsafePointer<Double>,
                                _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        interaction.multiply(v, into: out)
        for i in 0..<dimension { out[i] = (g[i] - a[i] * cache[i]) * v[i] - a[i] * x[i] * out[i] }
    }

    public func jacobianDiagonal(_ t: Double, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        interaction.multiply(x, into: out)
        for i in 0..<dimension { out[i] = g[i] - a[i] * out[i] - a[i] * x[i] * deltaDiagonal[i] }
    }
}
