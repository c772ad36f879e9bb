import CEcodynKernels

/// Schnakenberg kinetics: `u' = a − u + u²v`, `v' = b − u²v`; homogeneous state (a + b, b/(a + b)²).
public struct Schnakenberg: Kinetics, Equatable {
    public let a: Double, b: Double, du: Double, dv: Double

    public init(a: Double, b: Double, du: Double, dv: Double) throws(ParameterError) {
        for (key, x) in [("a", a), ("b", b)] where !(x >= 0 && x.isFinite) { throw ParameterError(key, "must be ≥ 0, got \(x)") }
        guard a + b > 0 else { throw ParameterError("b", "a + b must be > 0") }
        guard du >= 0, dv >= 0 else { throw ParameterError("diffusion", "diffusion coefficients must be ≥ 0") }
        (self.a, self.b, self.du, self.dv) = (a, b, du, dv)
    }

    public static let kind = "schnakenberg"
    public static let parameterOrder = ["a", "b", "Du", "Dv"]
    public init(parameters p: [Double]) throws(ParameterError) {
        try Self.checkCount(p)
        try self.init(a: p[0], b: p[1], du: p[2], dv: p[3])
    }
    public var parameters: [Double] { [a, b, du, dv] }
    public var homogeneousState: SpeciesValues { SpeciesValues(u: a + b, v: b / ((a + b) * (a + b))) }
    public func jacobian(atU u: Double, v: Double) -> Matrix { matrix(-1 + 2 * u * v, u * u, -2 * u * v, -u * u) }
    public func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> SpeciesValues {
        [SpeciesValues(u: 1, v: 0), SpeciesValues(u: 0, v: 1), SpeciesValues(u: 0, v: 0), SpeciesValues(u: 0, v: 0)][k]
    }
    public var kernel: KineticsKernel { KineticsKernel(kind: EK_SCHNAKENBERG, parameters: [a, b]) }
    public func reaction(_ u: Double, _ v: Double) -> SpeciesValues {
        let u2v = u * u * v
        return SpeciesValues(u: a - u + u2v, v: b - u2v)
    }
}
