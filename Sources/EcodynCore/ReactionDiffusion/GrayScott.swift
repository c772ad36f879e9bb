import CEcodynKernels

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

    public static let kind = "gray-scott"
    public static let parameterOrder = ["F", "k", "Du", "Dv"]
    public init(parameters p: [Double]) throws(ParameterError) {
        try Self.checkCount(p)
        try self.init(feed: p[0], kill: p[1], du: p[2], dv: p[3])
    }
    public var parameters: [Double] { [feed, kill, du, dv] }
    public var homogeneousState: SpeciesValues { SpeciesValues(u: 1, v: 0) }
    public var steadyStates: [SpeciesValues] {
        let s = feed + kill, disc = feed * feed - 4 * feed * s * s
        guard s > 0, disc >= 0 else { return [homogeneousState] }
        let roots = disc == 0 ? [feed / (2 * s)] : [(feed + disc.squareRoot()) / (2 * s), (feed - disc.squareRoot()) / (2 * s)]
        return [homogeneousState] + roots.filter { $0 > 0 }.map { SpeciesValues(u: s / $0, v: $0) }
    }
    public func jacobian(atU u: Double, v: Double) -> Matrix { matrix(-v * v - feed, -2 * u * v, v * v, 2 * u * v - (feed + kill)) }
    public func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> SpeciesValues {
        [SpeciesValues(u: 1 - u, v: -v), SpeciesValues(u: 0, v: -v), SpeciesValues(u: 0, v: 0), SpeciesValues(u: 0, v: 0)][k]
    }
    public var kernel: KineticsKernel { KineticsKernel(kind: EK_GRAY_SCOTT, parameters: [feed, kill]) }
    public func reaction(_ u: Double, _ v: Double) -> SpeciesValues {
        let uv2 = u * v * v
        return SpeciesValues(u: -uv2 + feed * (1 - u), v: uv2 - (feed + kill) * v)
    }
}
