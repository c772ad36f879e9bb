import CEcodynKernels

/// A two-species reaction–diffusion model: its reaction term, its Jacobian at the homogeneous
/// steady state, and its diffusion coefficients. The grid code runs any of them through the
/// fused C kernel; analysis uses the Jacobian.
public protocol Kinetics: ParameterizedModel {
    /// The name in specs and reports.
    var name: String { get }
    /// Diffusion coefficients of u and v.
    var diffusion: (u: Double, v: Double) { get }
    /// The homogeneous steady state grids start from.
    var homogeneousState: (u: Double, v: Double) { get }
    /// Every homogeneous steady state, `homogeneousState` first.
    var steadyStates: [(u: Double, v: Double)] { get }
    /// The reaction Jacobian at the homogeneous steady state.
    var jacobian: Matrix { get }
    /// The reaction Jacobian ∂(f, g)/∂(u, v) at any state.
    func jacobian(atU u: Double, v: Double) -> Matrix
    /// ∂(f, g)/∂p of the reaction at (u, v) for parameter `k` of ``ParameterizedModel/parameterNames``
    /// (zero for diffusion coefficients, which only the grid's Laplacian sees).
    func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> (Double, Double)
    /// The C kernel's kinetics and its two parameters.
    var kernel: (kind: ek_kinetics_kind, parameters: (Double, Double)) { get }
    /// The reaction term at (u, v) (for tests and analysis; grids use the kernel).
    func reaction(_ u: Double, _ v: Double) -> (Double, Double)
}

extension Kinetics {
    public var steadyStates: [(u: Double, v: Double)] { [homogeneousState] }
    public var jacobian: Matrix { jacobian(atU: homogeneousState.u, v: homogeneousState.v) }

    /// A 2×2 matrix from its rows.
    func matrix(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Matrix {
        var j = Matrix(rows: 2, columns: 2)
        (j[0, 0], j[0, 1], j[1, 0], j[1, 1]) = (a, b, c, d)
        return j
    }

    /// The growth rate of a mode with Laplacian eigenvalue −μ (μ = k² on the continuum) about the
    /// steady state `state` (default the homogeneous one): the largest real part of the
    /// eigenvalues of J − μ·diag(D_u, D_v), from the 2×2 closed form.
    public func growthRate(laplacianEigenvalue mu: Double, at state: (u: Double, v: Double)? = nil) -> Double {
        let j = state.map { jacobian(atU: $0.u, v: $0.v) } ?? jacobian
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
    public func jacobian(atU u: Double, v: Double) -> Matrix { matrix(-(b + 1) + 2 * u * v, u * u, b - 2 * u * v, -u * u) }
    public var parameterNames: [String] { ["a", "b", "m1", "m2"] }
    public var parameters: [Double] { [a, b, m1, m2] }
    public func with(parameters p: [Double]) throws(ParameterError) -> Brusselator {
        guard p.count == 4 else { throw ParameterError("parameters", "expected 4 values (a, b, m1, m2), got \(p.count)") }
        return try Brusselator(a: p[0], b: p[1], m1: p[2], m2: p[3])
    }
    public func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> (Double, Double) {
        [(1, 0), (-u, u), (0, 0), (0, 0)][k]
    }
    public func reaction(_ u: Double, _ v: Double) -> (Double, Double) {
        let u2v = u * u * v
        return (a - (b + 1) * u + u2v, b * u - u2v)
    }
}

/// Gray–Scott kinetics: `u' = −uv² + F(1 − u)`, `v' = uv² − (F + k)v`; homogeneous state (1, 0),
/// and where F ≥ 4(F + k)² the pair v = (F ± √(F² − 4F(F + k)²))/(2(F + k)), u = (F + k)/v
/// (from uv = F + k and (F + k)v² − Fv + F(F + k) = 0).
public struct GrayScott: Kinetics, Equatable {
    public let feed: Double, kill: Double, du: Double, dv: Double

    public init(feed: Double, kill: Double, du: Double, dv: Double) throws(ParameterError) {
        for (key, x) in [("F", feed), ("k", kill)] where !(x >= 0 && x.isFinite) { throw ParameterError(key, "must be ≥ 0, got \(x)") }
        guard du >= 0, dv >= 0 else { throw ParameterError("diffusion", "diffusion coefficients must be ≥ 0") }
        (self.feed, self.kill, self.du, self.dv) = (feed, kill, du, dv)
    }

    public var name: String { "gray-scott" }
    public var diffusion: (u: Double, v: Double) { (du, dv) }
    public var homogeneousState: (u: Double, v: Double) { (1, 0) }
    public var steadyStates: [(u: Double, v: Double)] {
        let s = feed + kill, disc = feed * feed - 4 * feed * s * s
        guard s > 0, disc >= 0 else { return [homogeneousState] }
        let roots = disc == 0 ? [feed / (2 * s)] : [(feed + disc.squareRoot()) / (2 * s), (feed - disc.squareRoot()) / (2 * s)]
        return [homogeneousState] + roots.filter { $0 > 0 }.map { (s / $0, $0) }
    }
    public func jacobian(atU u: Double, v: Double) -> Matrix { matrix(-v * v - feed, -2 * u * v, v * v, 2 * u * v - (feed + kill)) }
    public var parameterNames: [String] { ["F", "k", "Du", "Dv"] }
    public var parameters: [Double] { [feed, kill, du, dv] }
    public func with(parameters p: [Double]) throws(ParameterError) -> GrayScott {
        guard p.count == 4 else { throw ParameterError("parameters", "expected 4 values (F, k, Du, Dv), got \(p.count)") }
        return try GrayScott(feed: p[0], kill: p[1], du: p[2], dv: p[3])
    }
    public func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> (Double, Double) {
        [(1 - u, -v), (0, -v), (0, 0), (0, 0)][k]
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

    public init(a: Double, b: Double, du: Double, dv: Double) throws(ParameterError) {
        for (key, x) in [("a", a), ("b", b)] where !(x >= 0 && x.isFinite) { throw ParameterError(key, "must be ≥ 0, got \(x)") }
        guard a + b > 0 else { throw ParameterError("b", "a + b must be > 0") }
        guard du >= 0, dv >= 0 else { throw ParameterError("diffusion", "diffusion coefficients must be ≥ 0") }
        (self.a, self.b, self.du, self.dv) = (a, b, du, dv)
    }

    public var name: String { "schnakenberg" }
    public var diffusion: (u: Double, v: Double) { (du, dv) }
    public var homogeneousState: (u: Double, v: Double) { (a + b, b / ((a + b) * (a + b))) }
    public func jacobian(atU u: Double, v: Double) -> Matrix { matrix(-1 + 2 * u * v, u * u, -2 * u * v, -u * u) }
    public var parameterNames: [String] { ["a", "b", "Du", "Dv"] }
    public var parameters: [Double] { [a, b, du, dv] }
    public func with(parameters p: [Double]) throws(ParameterError) -> Schnakenberg {
        guard p.count == 4 else { throw ParameterError("parameters", "expected 4 values (a, b, Du, Dv), got \(p.count)") }
        return try Schnakenberg(a: p[0], b: p[1], du: p[2], dv: p[3])
    }
    public func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> (Double, Double) {
        [(1, 0), (0, 1), (0, 0), (0, 0)][k]
    }
    public var kernel: (kind: ek_kinetics_kind, parameters: (Double, Double)) { (EK_SCHNAKENBERG, (a, b)) }
    public func reaction(_ u: Double, _ v: Double) -> (Double, Double) {
        let u2v = u * u * v
        return (a - u + u2v, b - u2v)
    }
}
