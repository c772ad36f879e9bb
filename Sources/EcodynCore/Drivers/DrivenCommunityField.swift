import CEcodynKernels
import COpenBLAS

/// A parameter of a model and the driver that sets it over time: `K[0]`, `r` (every member's
/// r), `delta[0][1]`.
public struct ParameterDriver: Sendable {
    /// The parameter's name in the model's ``ParameterizedModel/parameterNames``, or a whole
    /// vector's base name (`r`, `mu`, `K`) for all its elements.
    public var parameter: String
    public var driver: Driver

    public init(_ parameter: String, _ driver: Driver) { (self.parameter, self.driver) = (parameter, driver) }
}

/// A community whose parameters follow drivers: at each evaluation the driven r_i, μ_i, K_i and
/// δ_ij take their values at t, then f = (g − a ⊙ δX) ⊙ X as in ``CommunityField``. Each run makes
/// its own (the parameters it holds change as it evaluates); an evaluation allocates nothing.
public final class DrivenCommunityField: VectorField {
    public let dimension: Int
    /// r, μ, K (n each) and δ row by row (a sparse δ's stored entries), as the community's parameter vector.
    private let values: UnsafeMutablePointer<Double>
    /// A sparse δ's entries, whose values are those in `values`.
    private let sparsePattern: SparseMatrix?
    private let g: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>
    private let drives: [(index: Int, path: DriverPath)]

    /// The field of `community` with `drivers` prepared over [0, tEnd]; throws naming a
    /// parameter the community does not have, a malformed driver, or one that would take r or K
    /// to ≤ 0 or μ below 0 within the run.
    public init(_ community: Community, drivers: [ParameterDriver], until tEnd: Double) throws(ParameterError) {
        let n = community.n
        dimension = n
        var drives = [(index: Int, path: DriverPath)]()
        for d in drivers {
            let path: DriverPath
            do { path = try d.driver.path(until: tEnd) } catch { throw ParameterError(d.parameter, "\(error.parameter): \(error.message)") }
            let indices = ["r", "mu", "K"].contains(d.parameter)
                ? (0..<n).map { ["r": 0, "mu": n, "K": 2 * n][d.parameter]! + $0 } : [try community.checkedIndex(d.parameter)]
            let block = indices[0] < 3 * n ? indices[0] / n : 3
            if block == 0 || block == 2, path.range.lowerBound <= 0 {
                throw ParameterError(d.parameter, "the driver takes it to \(path.range.lowerBound) within the run; \(block == 0 ? "r" : "K") must stay > 0")
            }
            if block == 1, path.range.lowerBound < 0 { throw ParameterError(d.parameter, "the driver takes it to \(path.range.lowerBound) within the run; mu must stay ≥ 0") }
            drives += indices.map { ($0, path) }
        }
        self.drives = drives
        if case .sparse(let s) = community.interactions { sparsePattern = s } else { sparsePattern = nil }
        let p = community.parameters
        values = .allocate(capacity: p.count)
        values.initialize(from: p, count: p.count)
        g = .allocate(capacity: max(n, 1))
        a = .allocate(capacity: max(n, 1))
        for i in 0..<n { (g[i], a[i]) = (p[i] - p[n + i], p[i] / p[2 * n + i]) }
    }

    deinit {
        values.deallocate()
        g.deallocate()
        a.deallocate()
    }

    /// The break points of all the drivers inside (0, tEnd), ascending.
    public var breakPoints: [Double] { Array(Set(drives.flatMap(\.path.breakPoints))).sorted() }

    public func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        let n = dimension
        guard n > 0 else { return }
        for (k, path) in drives {
            values[k] = path.value(at: t)
            if k < 3 * n {
                let i = k % n
                (g[i], a[i]) = (values[i] - values[n + i], values[i] / values[2 * n + i])
            }
        }
        if let sparsePattern {
            sparsePattern.multiply(x, into: dx, values: values + 3 * n) { _ in }
        } else {   // δ row by row is δᵀ column-major: the transposed dgemv gives δx.
            cblas_dgemv(CblasColMajor, CblasTrans, Int32(n), Int32(n), 1, values + 3 * n, Int32(n), x, 1, 0, dx, 1)
        }
        ek_glv_rate(n, g, a, dx, x, dx)
    }
}
