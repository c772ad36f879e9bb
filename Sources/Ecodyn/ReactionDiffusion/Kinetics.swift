import CEcodynKernels

/// A two-species reaction–diffusion model: its reaction term, its Jacobian at the homogeneous
/// steady state, and its diffusion coefficients. The grid code runs any of them through the
/// fused C kernel; analysis uses the Jacobian.
public protocol Kinetics: Sendable {
    /// The name in specs and reports.
    var name: String { get }
    /// Diffusion coefficients of u and v.
    var diffusion: (u: Double, v: Double) { get }
    /// The homogeneous steady state.
    var homogeneousState: (u: Double, v: Double) { get }
    /// The reaction Jacobian at the homogeneous steady state.
    var jacobian: Matrix { get }
    /// The C kernel's kinetics and its two parameters.
    var kernel: (kind: ek_kinetics_kind, parameters: (Double, Double)) { get }
    /// The reaction term at (u, v) (for tests and analysis; grids use the kernel).
    func reaction(_ u: Double, _ v: Double) -> (Double, Double)
}

extension Kinetics {
    /// The growth rate of a mode with Laplacian eigenvalue −μ (μ = k² on the continuum): the largest
    /// real part of the eigenvalues of J − μ·diag(D_u, D_v), from the 2×2 closed form.
    public func growthRate(laplacianEigenvalue mu: Double) -> Double {
        let j = jacobian
        let (p, q, r, s) = (j[0, 0] - diffusion.u * mu, j[0, 1], j[1, 0], j[1, 1] - diffusion.v * mu)
        let t = p + s, det = p * s - q * r, disc = t * t - 4 * det
        return disc >= 0 ? (t + disc.squareRoot()) / 2 : t / 2
    }
}

extension Brusselator: Kinetics {
    public var name: String { "brusselator" }
    public var diffusion: (u: Double, v: Double) { (m1, m2) }
    public var homogeneousState: (u: Double, v: Double) { (steadyState.x, steadyState.y) }
    public var kernel: (kind: ek_kinetics_kind, parameters: (Double, Double)) { (EK_BRUSSELATOR, (a, b)) }
    public func reaction(_ u: Double, _ v: Double) -> (Double, Double) {
        let u2v = u * u * v
        return (a - (b + 1) * u + u2v, b * u - u2v)
    }
}

/// Gray–Scott kinetics: `u' = −uv² + F(1 − u)`, `v' = uv² − (F + k)v`; homogeneous state (1, 0).
public struct GrayScott: Kinetics, Equatable {
    public let feed: Double, kill: Double, du: Double, dv: Double

    public init(feed: Double, kill: Double, du: Double, dv: Double) throws(SpecError) {
        for (key, x) in [("F", feed), ("k", kill)] where !(x >= 0 && x.isFinite) { throw SpecError(key: "model.\(key)", "must be ≥ 0, got \(x)") }
        guard du >= 0, dv >= 0 else { throw SpecError(key: "model.diffusion", "diffusion coefficients must be ≥ 0") }
        (self.feed, self.kill, self.du, self.dv) = (feed, kill, du, dv)
    }

    public var name: String { "gray-scott" }
    public var diffusion: (u: Double, v: Double) { (du, dv) }
    public var homogeneousState: (u: Double, v: Double) { (1, 0) }
    public var jacobian: Matrix {
        var j = Matrix(rows: 2, columns: 2)   // at (1, 0): ∂f/∂u = −v² − F, ∂f/∂v = −2uv, ∂g/∂u = v², ∂g/∂v = 2uv − (F + k)
        (j[0, 0], j[0, 1], j[1, 0], j[1, 1]) = (-feed, 0, 0, -(feed + kill))
        return j
    }
    public var kernel: (kind: ek_kinetics_kind, parameters: (Double, Double)) { (EK_GRAY_SCOTT, (feed, kill)) }
    public func reaction(_ u: Double, _ v: Double) -> (Double, Double) {
        let uv2 = u * v * v
        return (-uv2 + feed * (1 - u), uv2 - (feed + kill) * v)
    }
}

/// Schnakenberg kinetics: `u' = a − u + u²v`, `v' = b − u²v`; homogeneous state (a + b, b/(a + b)²).
public struct Schnakenberg: Kinetics, Equatable {
    public let a: Double, b: Double, du: Double, dv: Double

    public init(a: Double, b: Double, du: Double, dv: Double) throws(SpecError) {
        for (key, x) in [("a", a), ("b", b)] where !(x >= 0 && x.isFinite) { throw SpecError(key: "model.\(key)", "must be ≥ 0, got \(x)") }
        guard a + b > 0 else { throw SpecError(key: "model.b", "a + b must be > 0") }
        guard du >= 0, dv >= 0 else { throw SpecError(key: "model.diffusion", "diffusion coefficients must be ≥ 0") }
        (self.a, self.b, self.du, self.dv) = (a, b, du, dv)
    }

    public var name: String { "schnakenberg" }
    public var diffusion: (u: Double, v: Double) { (du, dv) }
    public var homogeneousState: (u: Double, v: Double) { (a + b, b / ((a + b) * (a + b))) }
    public var jacobian: Matrix {
        let (u, v) = homogeneousState
        var j = Matrix(rows: 2, columns: 2)
        (j[0, 0], j[0, 1], j[1, 0], j[1, 1]) = (-1 + 2 * u * v, u * u, -2 * u * v, -u * u)
        return j
    }
    public var kernel: (kind: ek_kinetics_kind, parameters: (Double, Double)) { (EK_SCHNAKENBERG, (a, b)) }
    public func reaction(_ u: Double, _ v: Double) -> (Double, Double) {
        let u2v = u * u * v
        return (a - u + u2v, b - u2v)
    }
}
