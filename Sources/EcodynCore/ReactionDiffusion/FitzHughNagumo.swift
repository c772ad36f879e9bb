import Foundation

/// FitzHugh–Nagumo kinetics in the pattern-forming form (MODELS.md §2):
///
///     u' = u − u³ − v,   v' = ε(u − a₁v − a₀)
///
/// Steady states: v = (u − a₀)/a₁ with u a real root of u³ + (1/a₁ − 1)u − a₀/a₁ = 0 (for
/// a₁ = 0, u = a₀). The grid runs it through the kernel's general cubic polynomial.
///
/// ```swift
/// let fhn = try FitzHughNagumo(epsilon: 1, a0: 0, a1: 0.5, du: 1, dv: 40)
/// fhn.steadyStates.count   // 1: u³ + u = 0 has the one root u = 0
/// ```
public struct FitzHughNagumo: Kinetics, Equatable {
    public let epsilon: Double, a0: Double, a1: Double, du: Double, dv: Double

    public init(epsilon: Double, a0: Double, a1: Double, du: Double, dv: Double) throws(ParameterError) {
        guard epsilon > 0, epsilon.isFinite else { throw ParameterError("epsilon", "must be > 0, got \(epsilon)") }
        for (key, x) in [("a0", a0), ("a1", a1)] where !x.isFinite { throw ParameterError(key, "must be finite, got \(x)") }
        guard du >= 0, dv >= 0, du.isFinite, dv.isFinite else { throw ParameterError("diffusion", "diffusion coefficients must be finite and ≥ 0, got [\(du), \(dv)]") }
        (self.epsilon, self.a0, self.a1, self.du, self.dv) = (epsilon, a0, a1, du, dv)
    }

    public static let kind = "fitzhugh-nagumo"
    public static let parameterOrder = ["epsilon", "a0", "a1", "Du", "Dv"]
    public init(parameters p: [Double]) throws(ParameterError) {
        try Self.checkCount(p)
        try self.init(epsilon: p[0], a0: p[1], a1: p[2], du: p[3], dv: p[4])
    }
    public var parameters: [Double] { [epsilon, a0, a1, du, dv] }

    /// The steady states by increasing u; ``homogeneousState`` is the first stable one (else the first).
    public var steadyStates: [SpeciesValues] {
        guard a1 != 0 else { return [SpeciesValues(u: a0, v: a0 - a0 * a0 * a0)] }
        let roots = Self.realRoots(p: 1 / a1 - 1, q: -a0 / a1)
        let states = roots.map { SpeciesValues(u: $0, v: ($0 - a0) / a1) }
        let stable = states.filter { s in
            let j = jacobian(atU: s.u, v: s.v)
            return j[0, 0] + j[1, 1] < 0 && j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0] > 0
        }
        guard let rest = stable.first else { return states }
        return [rest] + states.filter { $0 != rest }
    }
    public var homogeneousState: SpeciesValues { steadyStates[0] }

    public func jacobian(atU u: Double, v: Double) -> Matrix { matrix(1 - 3 * u * u, -1, epsilon, -epsilon * a1) }
    public func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> SpeciesValues {
        [SpeciesValues(u: 0, v: u - a1 * v - a0), SpeciesValues(u: 0, v: -epsilon), SpeciesValues(u: 0, v: -epsilon * v),
         SpeciesValues(u: 0, v: 0), SpeciesValues(u: 0, v: 0)][k]
    }
    public var kernel: KineticsKernel {
        .cubic(f: [0, 1, -1, 0, 0, 0, -1, 0, 0, 0], g: [-epsilon * a0, epsilon, -epsilon * a1, 0, 0, 0, 0, 0, 0, 0])
    }
    public func reaction(_ u: Double, _ v: Double) -> SpeciesValues { SpeciesValues(u: u - u * u * u - v, v: epsilon * (u - a1 * v - a0)) }

    /// The real roots of t³ + pt + q = 0, ascending: three by the trigonometric form when the
    /// discriminant −(4p³ + 27q²) is ≥ 0 (a double root once), else Cardano's one; each
    /// polished by two Newton steps.
    static func realRoots(p: Double, q: Double) -> [Double] {
        var roots: [Double]
        let disc = -(4 * p * p * p + 27 * q * q)
        if p < 0, disc >= 0 {
            let r = 2 * (-p / 3).squareRoot(), phi = acos(max(-1, min(1, 3 * q / (p * r))))
            roots = (0..<3).map { r * cos(phi / 3 - 2 * Double.pi * Double($0) / 3) }
        } else {
            let s = (q * q / 4 + p * p * p / 27).squareRoot()
            roots = [cbrt(-q / 2 + s) + cbrt(-q / 2 - s)]
        }
        roots = roots.map { t in
            var t = t
            for _ in 0..<2 {
                let d = 3 * t * t + p
                if d != 0 { t -= (t * t * t + p * t + q) / d }
            }
            return t
        }.sorted()
        var distinct = [Double]()
        for t in roots where distinct.last.map({ abs($0 - t) > 1e-9 * max(1, abs(t)) }) ?? true { distinct.append(t) }
        return distinct
    }
}
