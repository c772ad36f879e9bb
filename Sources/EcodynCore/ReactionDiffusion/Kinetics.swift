import CEcodynKernels
import ComplexModule
import RealModule

/// A two-species reaction–diffusion model: its reaction term f(u, v; p), its Jacobian and
/// ∂f/∂p at any state, its steady states and its diffusion coefficients. The grid code runs any
/// of them through the fused C kernel (``KineticsKernel``); analysis uses the Jacobian.
///
/// A new kinetics is one file: a type with these members, listed in ``KineticsRegistry`` (the
/// spec layer then reads its `[model]`, analyses, sweeps and runs it). Its parameters are named
/// by ``parameterOrder``, the last two being the diffusion coefficients of u and v.
public protocol Kinetics: ParameterizedModel {
    /// The `kind` in specs and reports ("brusselator").
    static var kind: String { get }
    /// The parameters' names in order; the last two are the diffusion coefficients of u and v.
    static var parameterOrder: [String] { get }
    /// The kinetics with these values, in the order of ``parameterOrder``; throws naming a value
    /// the model does not accept.
    init(parameters: [Double]) throws(ParameterError)
    /// The homogeneous steady state grids start from.
    var homogeneousState: SpeciesValues { get }
    /// Every homogeneous steady state, `homogeneousState` first.
    var steadyStates: [SpeciesValues] { get }
    /// The reaction Jacobian ∂(f, g)/∂(u, v) at any state.
    func jacobian(atU u: Double, v: Double) -> Matrix
    /// ∂(f, g)/∂p of the reaction at (u, v) for parameter `k` of ``ParameterizedModel/parameterNames``
    /// (zero for diffusion coefficients, which only the grid's Laplacian sees).
    func reactionDerivative(atU u: Double, v: Double, parameter k: Int) -> SpeciesValues
    /// The reaction as the C kernel computes it.
    var kernel: KineticsKernel { get }
    /// The reaction term at (u, v) (for tests and analysis; grids use the kernel).
    func reaction(_ u: Double, _ v: Double) -> SpeciesValues
    /// The classification of the homogeneous state without diffusion.
    var classification: EquilibriumClass { get }
    /// The largest real part of the eigenvalues at the homogeneous state, without diffusion.
    var maxReal: Double { get }
    /// Closed forms of this model beyond the generic linear analysis (the Brusselator's Hopf and
    /// Turing thresholds), by name: reported by `analyze` and offered as sweep metrics.
    var closedForms: [ClosedForm] { get }
}

/// A closed-form quantity of a model, by name (the Brusselator's `hopf_b`).
public struct ClosedForm: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) { (self.name, self.value) = (name, value) }
}

/// How the C kernel computes a kinetics: one of its own fused cases, or the general cubic
/// polynomial (``cubic(f:g:)``), which serves every kinetics without a case of its own.
public struct KineticsKernel: Sendable, Equatable {
    public var kind: ek_kinetics_kind
    public var parameters: [Double]

    public init(kind: ek_kinetics_kind, parameters: [Double]) { (self.kind, self.parameters) = (kind, parameters) }

    /// f and g as polynomials of degree ≤ 3: ten coefficients each, of 1, u, v, u², uv, v², u³,
    /// u²v, uv², v³.
    public static func cubic(f: [Double], g: [Double]) -> KineticsKernel {
        precondition(f.count == 10 && g.count == 10, "a cubic kinetics has ten coefficients per species")
        return KineticsKernel(kind: EK_CUBIC, parameters: f + g)
    }
}

extension Kinetics {
    /// The name in specs and reports: ``kind``.
    public var name: String { Self.kind }
    public var parameterNames: [String] { Self.parameterOrder }
    public func with(parameters values: [Double]) throws(ParameterError) -> Self { try Self(parameters: values) }
    /// Diffusion coefficients of u and v: the last two parameters.
    public var diffusion: SpeciesValues { let p = parameters; return SpeciesValues(u: p[p.count - 2], v: p[p.count - 1]) }
    public var steadyStates: [SpeciesValues] { [homogeneousState] }
    /// The reaction Jacobian at the homogeneous steady state.
    public var jacobian: Matrix { jacobian(atU: homogeneousState.u, v: homogeneousState.v) }
    public var closedForms: [ClosedForm] { [] }
    public var classification: EquilibriumClass { EquilibriumClass(eigenvalues: eigenvalues(atU: homogeneousState.u, v: homogeneousState.v)) }
    public var maxReal: Double { eigenvalues(atU: homogeneousState.u, v: homogeneousState.v).map(\.real).max()! }

    /// The two eigenvalues of the reaction Jacobian at (u, v), from the closed form
    /// λ = (τ ± √(τ² − 4Δ))/2 (the smaller real root as Δ/λ₁, without cancellation).
    public func eigenvalues(atU u: Double, v: Double) -> [Complex<Double>] {
        let j = jacobian(atU: u, v: v)
        let t = j[0, 0] + j[1, 1], det = j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0], disc = t * t - 4 * det
        guard disc >= 0 else { return [Complex(t / 2, (-disc).squareRoot() / 2), Complex(t / 2, -(-disc).squareRoot() / 2)] }
        let big = t >= 0 ? (t + disc.squareRoot()) / 2 : (t - disc.squareRoot()) / 2
        let small = big == 0 ? 0 : det / big
        return [Complex(max(big, small), 0), Complex(min(big, small), 0)]
    }

    /// Checks that `values` has one value per name of ``parameterOrder`` (for ``init(parameters:)``).
    public static func checkCount(_ values: [Double]) throws(ParameterError) {
        guard values.count == parameterOrder.count else {
            throw ParameterError("parameters", "expected \(parameterOrder.count) values (\(parameterOrder.joined(separator: ", "))), got \(values.count)")
        }
    }

    /// A 2×2 matrix from its rows.
    func matrix(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Matrix {
        var j = Matrix(rows: 2, columns: 2)
        (j[0, 0], j[0, 1], j[1, 0], j[1, 1]) = (a, b, c, d)
        return j
    }

    /// The growth rate of a mode with Laplacian eigenvalue −μ (μ = k² on the continuum) about the
    /// steady state `state` (default the homogeneous one): the largest real part of the
    /// eigenvalues of J − μ·diag(D_u, D_v), from the 2×2 closed form.
    public func growthRate(laplacianEigenvalue mu: Double, at state: SpeciesValues? = nil) -> Double {
        growthRates(at: state)(mu)
    }

    /// The growth rate as a function of μ, with the Jacobian and the diffusion read once (for
    /// the millions of modes of a large grid).
    func growthRates(at state: SpeciesValues? = nil) -> (Double) -> Double {
        let j = state.map { jacobian(atU: $0.u, v: $0.v) } ?? jacobian
        let (fu, fv, gu, gv, du, dv) = (j[0, 0], j[0, 1], j[1, 0], j[1, 1], diffusion.u, diffusion.v)
        return { mu in
            let (p, s) = (fu - du * mu, gv - dv * mu)
            let t = p + s, det = p * s - fv * gu, disc = t * t - 4 * det
            return disc >= 0 ? (t + disc.squareRoot()) / 2 : t / 2
        }
    }

    /// Whether the homogeneous state is Turing unstable on the continuum of wavenumbers: stable
    /// without diffusion (tr J < 0, det J > 0) while det(J − k²D) < 0 for some k, that is
    /// D_v f_u + D_u g_v > 2√(D_u D_v det J) (Murray, Mathematical Biology II, §2.3).
    public var turingUnstable: Bool {
        let j = jacobian, (du, dv) = (diffusion.u, diffusion.v)
        let (fu, gv) = (j[0, 0], j[1, 1]), det = fu * gv - j[0, 1] * j[1, 0]
        guard fu + gv < 0, det > 0 else { return false }
        return dv * fu + du * gv > 2 * (du * dv * det).squareRoot()
    }
}
