import CEcodynKernels
import ComplexModule
import RealModule
import Foundation

/// The Brusselator in dimensionless form (MODELS.md §2):
///
///     ∂x/∂τ = a − (b + 1)x + x²y + m₁∇²x
///     ∂y/∂τ = bx − x²y + m₂∇²y
///
/// from the reaction scheme A → X, B + X → Y + D, 2X + Y → 3X, X → E with
/// `a = A·k₁·√(k₃/k₄³)`, `b = k₂B/k₄`, `m₁ = M₁/k₄`, `m₂ = M₂/k₄`.
///
/// ```swift
/// let model = try Brusselator(a: 2, b: 3, m1: 1, m2: 8)
/// model.hopfB      // 1 + a² = 5
/// model.turingB    // (1 + a√(m₁/m₂))² ≈ 2.91
/// ```
public struct Brusselator: Sendable, Equatable {
    public let a: Double, b: Double
    /// Diffusion coefficients of x and y.
    public let m1: Double, m2: Double

    public init(a: Double, b: Double, m1: Double = 0, m2: Double = 0) throws(ParameterError) {
        guard a > 0, a.isFinite else { throw ParameterError("a", "must be > 0, got \(a)") }
        guard b >= 0, b.isFinite else { throw ParameterError("b", "must be ≥ 0, got \(b)") }
        guard m1 >= 0, m2 >= 0, m1.isFinite, m2.isFinite else {
            throw ParameterError("diffusion", "diffusion coefficients must be ≥ 0, got [\(m1), \(m2)]")
        }
        (self.a, self.b, self.m1, self.m2) = (a, b, m1, m2)
    }

    /// The dimensionless model of the raw rate constants: `a = A·k₁·√(k₃/k₄³)`, `b = k₂B/k₄`,
    /// `m₁ = M₁/k₄`, `m₂ = M₂/k₄`. (The source paper prints the scale of a as √(k₁²k₃/k₄²); the
    /// exponent of k₄ must be 3 for the cubic term to lose its coefficient.)
    public init(k1: Double, k2: Double, k3: Double, k4: Double, A: Double, B: Double, M1: Double = 0, M2: Double = 0) throws(ParameterError) {
        for (key, v) in [("k1", k1), ("k2", k2), ("k3", k3), ("k4", k4), ("A", A), ("B", B)] where !(v > 0 && v.isFinite) {
            throw ParameterError(key, "must be > 0, got \(v)")
        }
        try self.init(a: A * k1 * (k3 / (k4 * k4 * k4)).squareRoot(), b: k2 * B / k4, m1: M1 / k4, m2: M2 / k4)
    }

    /// The reaction Jacobian at the steady state, [[b − 1, a²], [−b, −a²]].
    public var jacobian: Matrix {
        var j = Matrix(rows: 2, columns: 2)
        (j[0, 0], j[0, 1], j[1, 0], j[1, 1]) = (b - 1, a * a, -b, -a * a)
        return j
    }

    /// ϖ = b − 1 − a², the trace of the Jacobian.
    public var trace: Double { b - 1 - a * a }

    /// The eigenvalues λ = (ϖ ± √(ϖ² − 4a²))/2 of the characteristic equation λ² − ϖλ + a² = 0,
    /// the larger real part (or the positive imaginary part) first.
    public var eigenvalues: [Complex<Double>] {
        let w = trace, disc = w * w - 4 * a * a
        if disc >= 0 {
            let root = disc.squareRoot()
            // The larger root directly, the smaller from the product a² (no cancellation).
            let big = w >= 0 ? (w + root) / 2 : (w - root) / 2
            let small = big == 0 ? 0 : a * a / big
            return [Complex(max(big, small), 0), Complex(min(big, small), 0)]
        }
        return [Complex(w / 2, (-disc).squareRoot() / 2), Complex(w / 2, -(-disc).squareRoot() / 2)]
    }

    /// The largest real part of the eigenvalues.
    public var maxReal: Double { eigenvalues[0].real }

    /// The classification without diffusion, by the closed form: ϖ < 0 stable, ϖ > 0 unstable,
    /// ϖ = 0 the Hopf point; focus when ϖ² < 4a², node otherwise.
    public var classification: EquilibriumClass { Self.classify(a: a, b: b) }

    /// The classification of the homogeneous state for (a, b), without building a model.
    @inlinable
    public static func classify(a: Double, b: Double) -> EquilibriumClass {
        let a2 = a * a, w = b - 1 - a2
        let tau = EquilibriumClass.relativeTolerance * max(1, a2, abs(w))
        if abs(w) <= tau { return .nonHyperbolic }
        let focus = w * w < 4 * a2
        return w < 0 ? (focus ? .stableFocus : .stableNode) : (focus ? .unstableFocus : .unstableNode)
    }

    /// The stability map over a grid: the classification of (a[i], b[j]) at index i·b.count + j,
    /// rows of a spread over `threads` threads.
    public static func stabilityMap(a: [Double], b: [Double], threads: Int = ParallelLoop.availableThreads) -> [EquilibriumClass] {
        var map = [EquilibriumClass](repeating: .nonHyperbolic, count: a.count * b.count)
        map.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedBox(buffer.baseAddress!)
            b.withUnsafeBufferPointer { bs in
                let bp = UncheckedBox(bs.baseAddress!)
                ParallelLoop.run(a.count, threads: threads) { i in
                    let row = out.value + i * b.count
                    for j in 0..<b.count { row[j] = classify(a: a[i], b: bp.value[j]) }
                }
            }
        }
        return map
    }

    /// The Hopf bifurcation point b_H = 1 + a², with onset frequency a.
    public var hopfB: Double { 1 + a * a }

    /// The Turing threshold b_T = (1 + a√(m₁/m₂))² (needs m₂ > 0).
    public var turingB: Double { m2 > 0 ? pow(1 + a * (m1 / m2).squareRoot(), 2) : .infinity }

    /// The critical wavenumber at onset: k_c² = a/√(m₁m₂).
    public var criticalWavenumber: Double { m1 > 0 && m2 > 0 ? (a / (m1 * m2).squareRoot()).squareRoot() : .nan }

    /// Whether some wavenumber grows while the homogeneous state is stable without diffusion
    /// (diffusion-driven instability, on the continuum of wavenumbers).
    public var turingUnstable: Bool { trace < 0 && m2 > 0 && b > turingB }
}

extension Brusselator: Kinetics {
    public static let kind = "brusselator"
    public static let parameterOrder = ["a", "b", "m1", "m2"]
    public init(parameters p: [Double]) throws(ParameterError) {
        try Self.checkCount(p)
        try self.init(a: p[0], b: p[1], m1: p[2], m2: p[3])
    }
    public var parameters: [Double] { [a, b, m1, m2] }
    public var diffusion: SpeciesValues { SpeciesValues(u: m1, v: m2) }
    public var homogeneousState: SpeciesValues { SpeciesValues(u: a, v: b / a) }
    public var kernel: KineticsKernel { KineticsKernel(kind: EK_BRUSSELATOR, parameters: [a, b]) }
    public func jacobian(atU u: Double, v: Double) -> Matrix { matrix(-(b + 1) + 2 * u * v, u * u, b - 2 * u * v, -u * u) }
    public func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> SpeciesValues {
        [SpeciesValues(u: 1, v: 0), SpeciesValues(u: -u, v: u), SpeciesValues(u: 0, v: 0), SpeciesValues(u: 0, v: 0)][k]
    }
    public func reaction(_ u: Double, _ v: Double) -> SpeciesValues {
        let u2v = u * u * v
        return SpeciesValues(u: a - (b + 1) * u + u2v, v: b * u - u2v)
    }
    public var closedForms: [ClosedForm] {
        [ClosedForm("hopf_b", hopfB), ClosedForm("turing_b", turingB), ClosedForm("critical_wavenumber", criticalWavenumber)]
    }
}
